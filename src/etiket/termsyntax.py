"""The syntax of rule terms, checked when a rule loads: regexes on the `regex` engine, token
patterns as spaCy's Matcher reads them.

spaCy is imported only when a token pattern is checked, so loading rules to list or explain them
(`etiket rules`, `etiket --help`) does not pay for it.
"""

import re

import regex as re_engine


def compile_regex(pattern):
    """A rule regex, compiled with the `regex` engine: it can be stopped by a timeout, which
    Python's `re` cannot."""
    return re_engine.compile(pattern, re_engine.IGNORECASE | re_engine.V0)


def pattern_problem(pattern):
    """The reason spaCy rejects a token pattern, or None when it is valid."""
    from spacy.errors import MatchPatternError
    from spacy.matcher import Matcher
    from spacy.vocab import Vocab

    matcher = Matcher(Vocab(), validate=True)
    try:
        matcher.add("check", [list(pattern)])
    except (MatchPatternError, ValueError, TypeError, KeyError) as exc:
        return " ".join(str(exc).split())[:300]
    return None


# Characters outside ASCII whose lower, upper or folded case holds an ASCII letter (ß, the dotted
# and dotless i, the long s, the Kelvin sign, ligatures ...): a case-insensitive regex may match one
# where its literal has a plain letter, so a text holding one is never gated (tests recompute it).
FOLDS_TO_ASCII = frozenset("\xdf\u0130\u0131\u0149\u017f\u01f0\u1e96\u1e97\u1e98\u1e99\u1e9a\u1e9e\u212a"
                           "\ufb00\ufb01\ufb02\ufb03\ufb04\ufb05\ufb06")


# Stands for "a decimal digit" among required literals: a private-use character, which no literal
# holds (see _plain), added to the lowered text when the text has a digit (see with_digit_mark).
DIGIT = "\ue001"
_ANY_DIGIT = re.compile(r"\d")


def with_digit_mark(lowered):
    """The lowered text a gate looks into: DIGIT appended when the text holds a decimal digit."""
    return lowered + DIGIT if _ANY_DIGIT.search(lowered) else lowered


def required_literals(pattern):
    """Lower-case strings one of which every match of `pattern` (as compile_regex compiles it)
    contains, or None when no such set is known. Read with Python's own regex parser, which reads a
    `regex` V0 pattern alike, except POSIX classes (`[[:alpha:]]`), which leave the pattern ungated
    like anything it cannot parse."""
    import re._parser as parser

    if "[:" in pattern:
        return None
    try:
        tree = parser.parse(pattern, re.IGNORECASE)
    except (re.error, RecursionError, OverflowError):
        return None
    found = _sequence(list(tree))
    return frozenset(s.lower() for s in found) if found else None


def gate_applies(text):
    """Whether required literals can be looked for in `text.lower()`: no character in it matches
    an ASCII letter under IGNORECASE other than that letter's own cases."""
    return text.isascii() or not FOLDS_TO_ASCII.intersection(text)


def _sequence(items):
    """The best requirement of a sequence: the literal runs it holds, and each element's own."""
    import re._constants as c

    options, run = [], []
    for op, arg in items:
        if op is c.LITERAL and _plain(chr(arg)):
            run.append(chr(arg))
            continue
        if run:
            options.append({"".join(run)})
            run = []
        options.append(_element(op, arg) if op is not c.LITERAL else None)
    if run:
        options.append({"".join(run)})
    options = [o for o in options if o]
    return max(options, key=_strength, default=None)


def _element(op, arg):
    import re._constants as c

    if op is c.SUBPATTERN:
        return _sequence(list(arg[-1]))
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and arg[0] >= 1:
        return _sequence(list(arg[2]))
    if op is c.ATOMIC_GROUP:
        return _sequence(list(arg))
    if op is c.IN:
        return _one_of(arg)
    if op is c.BRANCH:
        found = set()
        for branch in arg[1]:
            each = _sequence(list(branch))
            if not each:
                return None
            found |= each
        return found
    return None


def _plain(char):
    """A character a case-insensitive match finds only as itself or its ASCII case partner: ASCII,
    or a symbol, digit or punctuation mark without case (€, ₹, 🙏). Letters beyond ASCII are left
    to the engine's own case folding."""
    import unicodedata

    if char.isascii():
        return True
    return unicodedata.category(char)[0] in "SPN" and char.lower() == char == char.upper() == char.casefold()


def _one_of(items):
    """What a character class requires: one of the plain characters it lists, or a digit for its
    digits (\\d, 0-9); nothing when it holds anything else (a negation, a range of letters, \\w)."""
    import re._constants as c

    found = set()
    for op, arg in items:
        if op is c.LITERAL and _plain(chr(arg)):
            found.add(chr(arg))
        elif (op is c.CATEGORY and arg is c.CATEGORY_DIGIT) or (op is c.RANGE and "0" <= chr(arg[0]) <= chr(arg[1]) <= "9"):
            found.add(DIGIT)
        else:
            return None
    return found or None


def _strength(options):
    """A requirement is better the longer its shortest string, then the fewer its strings."""
    return (min(len(s) for s in options), -len(options))
