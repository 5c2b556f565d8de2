"""The syntax of rule terms, checked when a rule loads: regexes on the `regex` engine, token
patterns as spaCy's Matcher reads them.

spaCy is imported only when a token pattern is checked, so loading rules to list or explain them
(`etiket rules`, `etiket --help`) does not pay for it.
"""

import re
from functools import lru_cache

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


# Stand for "a decimal digit" and "two ASCII capitals with only capitals or apostrophes between
# them" (a case-sensitive `[A-Z]{2,}` as acronym rules write, or `[A-Z][A-Z']*[A-Z]` as shouting
# rules write for "DON'T") among required literals: private-use characters, which no literal holds
# (see _plain), added to the lowered text when the text has one (see with_marks).
DIGIT = "\ue001"
CAPITALS = "\ue002"
_ANY_DIGIT = re.compile(r"\d")
_APOSTROPHES = "'\u2019"
_CAPITAL_RUN = re.compile(f"[A-Z][A-Z{_APOSTROPHES}]*[A-Z]")


def with_marks(text):
    """The text a gate looks into: lowered, with DIGIT and CAPITALS appended when it holds them."""
    lowered = text.lower()
    lowered += DIGIT if _ANY_DIGIT.search(lowered) else ""
    return lowered + CAPITALS if _CAPITAL_RUN.search(text) else lowered


@lru_cache(maxsize=4096)  # rules share regexes through term lists: each is read once per load
def required_literals(pattern):
    """What every match of `pattern` (as compile_regex compiles it) contains, as clauses: a tuple of
    sets of lower-case strings, the strongest first; a match holds one string of EACH clause. None
    when nothing is known. Read with Python's own regex parser, which reads a `regex` V0 pattern
    alike, except POSIX classes (`[[:alpha:]]`), which leave the pattern ungated like anything it
    cannot parse."""
    tree = _parsed(pattern)
    if tree is None:
        return None
    clauses = {frozenset(s.lower() for s in clause) for clause in _sequence(list(tree))}
    kept = []
    for clause in sorted(clauses, key=lambda c: (_strength(c), sorted(c)), reverse=True):
        if not any(_implies(other, clause) for other in kept):
            kept.append(clause)
    return tuple(kept) or None


def _parsed(pattern):
    """The pattern as Python's regex parser reads it, None when it cannot (see required_literals)."""
    import re._parser as parser

    if "[:" in pattern:
        return None
    try:
        return parser.parse(pattern, re.IGNORECASE)
    except (re.error, RecursionError, OverflowError):
        return None


def _implies(stronger, clause):
    """Whether a text holding one string of `stronger` always holds one of `clause` ("refund" makes
    "fun" redundant): the weaker clause is then not worth testing."""
    return all(any(s in t for s in clause) for t in stronger)


def gate_applies(text):
    """Whether required literals can be looked for in `text.lower()`: no character in it matches
    an ASCII letter under IGNORECASE other than that letter's own cases."""
    return text.isascii() or not FOLDS_TO_ASCII.intersection(text)


def _sequence(items, cased=False):
    """The requirements of a sequence: the literal runs it holds, and each element's own; `cased`
    when it is read case-sensitively (inside `(?-i:...)`)."""
    import re._constants as c

    clauses, run = [], []
    for op, arg in items:
        if op is c.LITERAL and _plain(chr(arg)):
            run.append(chr(arg))
            continue
        if run:
            clauses.append({"".join(run)})
            run = []
        if op is not c.LITERAL:
            clauses += _element(op, arg, cased)
    if run:
        clauses.append({"".join(run)})
    if cased and _capital_run(items):
        clauses.append({CAPITALS})
    return clauses


def _capital_run(items):
    """Whether a case-sensitive sequence holds a capital, then only optional capitals or apostrophes,
    then a capital (`[A-Z][A-Z']*[A-Z]`): a match then holds what CAPITALS stands for."""
    for k, item in enumerate(items):
        if not _capitals(item):
            continue
        following = k + 1
        while following < len(items) and _filler(items[following]):
            following += 1
        if following < len(items) and _capitals(items[following]):
            return True
    return False


def _capitals(item):
    """One capital at least: a class of ASCII capitals, or a repeat of one (at least once)."""
    import re._constants as c

    op, arg = item
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        return arg[0] >= 1 and _capitals_only(list(arg[2]))
    return _capitals_only([item])


def _filler(item):
    """An optional run of capitals and apostrophes (`[A-Z']*`)."""
    import re._constants as c

    op, arg = item
    if op not in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) or arg[0] != 0:
        return False
    items = list(arg[2])
    return _capitals_only(items, extra=_APOSTROPHES)


def _element(op, arg, cased):
    import re._constants as c

    if op is c.SUBPATTERN:
        _, add, delete, items = arg
        return _sequence(list(items), (cased or bool(delete & c.SRE_FLAG_IGNORECASE)) and not add & c.SRE_FLAG_IGNORECASE)
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and arg[0] >= 1:
        if cased and arg[0] >= 2 and _capitals_only(list(arg[2])):
            return [{CAPITALS}]
        return _sequence(list(arg[2]), cased)
    if op is c.ATOMIC_GROUP:
        return _sequence(list(arg), cased)
    if op is c.IN:
        found = _one_of(arg)
        return [found] if found else []
    if op is c.BRANCH:
        # one clause: the strongest requirement of each alternative, any of which may be the one
        found = set()
        for branch in arg[1]:
            each = _sequence(list(branch), cased)
            if not each:
                return []
            found |= max(each, key=_strength)
        return [found]
    return []


def _capitals_only(items, extra=""):
    """Whether `items` is one character class of ASCII capitals only ([A-Z], [A-F], [QX]), or of
    capitals and the characters of `extra`."""
    import re._constants as c

    if len(items) != 1 or items[0][0] is not c.IN:
        return False
    return all((op is c.LITERAL and (65 <= arg <= 90 or chr(arg) in extra))
               or (op is c.RANGE and 65 <= arg[0] <= arg[1] <= 90) for op, arg in items[0][1])


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


# A character next to which a whole word begins or ends, in the lowered text: anything but an ASCII
# letter, digit or underscore (a regex's \w holds more, so this only ever lets more texts through).
_NOT_WORD = "(?<![a-z0-9_])", "(?![a-z0-9_])"


@lru_cache(maxsize=4096)
def word_test(pattern):
    """Searches on the lowered text (re, compiled), each finding something in every text `pattern`
    can match, sharper than required_literals where the pattern bounds a literal or an alternation
    of literals by `\\b`, white space, an anchor or `(?!\\w)`: "is" in `\\s+(?:is|are)\\s+` is a
    whole word, which it is in a quarter of English replies, against half holding it anywhere.
    None when the pattern bounds no literal (required_literals then says all there is to say)."""
    tree = _parsed(pattern)
    return None if tree is None else tuple(re.compile(search) for search in dict.fromkeys(_bounded(list(tree)))) or None


def _bounded(items):
    """The searches for the bounded literals of a sequence every match runs through whole, and of
    the groups and repeats it must enter."""
    import re._constants as c

    searches = []
    k = 0
    while k < len(items):
        op, arg = items[k]
        if op is c.LITERAL:  # a run of plain literals, read as one element
            end = k
            while end < len(items) and items[end][0] is c.LITERAL and _plain(chr(items[end][1])):
                end += 1
            if end > k:
                run = "".join(chr(a) for _, a in items[k:end])
                # the parser reads "kecuali|kalau" as "k" then "ecuali|alau": the run goes on into them
                rest = _literals(items[end][1][1], empty=True) if end < len(items) and items[end][0] is c.BRANCH else None
                end += 1 if rest else 0
                searches += _search([run + s for s in rest or [""]], items[k - 1] if k else None,
                                    items[end] if end < len(items) else None)
                k = end
                continue
        elif op is c.BRANCH:
            searches += _search(_literals(arg[1]), items[k - 1] if k else None, items[k + 1] if k + 1 < len(items) else None)
        elif op is c.SUBPATTERN and not arg[1] and not arg[2]:
            inner = list(arg[3])
            whole = _literals(inner[0][1][1]) if len(inner) == 1 and inner[0][0] is c.BRANCH else _literals([inner])
            if whole:
                searches += _search(whole, items[k - 1] if k else None, items[k + 1] if k + 1 < len(items) else None)
            else:
                searches += _bounded(inner)
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and arg[0] >= 1:
            searches += _bounded(list(arg[2]))
        elif op is c.ATOMIC_GROUP:
            searches += _bounded(list(arg))
        k += 1
    return searches


def _literals(branches, empty=False):
    """The strings of alternatives that are each a run of plain literals (or `empty`), or None."""
    import re._constants as c

    found = []
    for branch in branches:
        branch = list(branch)
        if not (branch or empty) or not all(op is c.LITERAL and _plain(chr(arg)) for op, arg in branch):
            return None
        found.append("".join(chr(arg) for _, arg in branch).lower())
    return found


def _search(strings, before, after):
    """A search for one of `strings` with the sides its neighbours bound; none when neither does."""
    if not strings:
        return []
    left = _bounds(before, [s[0] for s in strings], behind=True)
    right = _bounds(after, [s[-1] for s in strings], behind=False)
    if not (left or right):
        return []
    words = "|".join(re.escape(s) for s in sorted({s.lower() for s in strings}, key=lambda s: (-len(s), s)))
    return [(_NOT_WORD[0] if left else "") + f"(?:{words})" + (_NOT_WORD[1] if right else "")]


def _bounds(item, edges, behind):
    """Whether `item`, next to a literal whose characters on that side are `edges`, means the
    character beyond it is no word character (or there is none)."""
    import re._constants as c

    if item is None:
        return False
    op, arg = item
    words = all(e.isascii() and (e.isalnum() or e == "_") for e in edges)
    if op is c.AT:
        ends = (c.AT_BEGINNING, c.AT_BEGINNING_STRING) if behind else (c.AT_END, c.AT_END_STRING)
        return arg in ends or (arg is c.AT_BOUNDARY and words)
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        return arg[0] >= 1 and _spaces(list(arg[2]))
    if op is c.ASSERT_NOT:
        direction, inner = arg
        inner = list(inner)
        if (direction < 0) != behind or len(inner) != 1 or inner[0][0] is not c.IN:
            return False
        members = inner[0][1]
        return (c.CATEGORY, c.CATEGORY_WORD) in members and not any(op is c.NEGATE for op, _ in members)
    return _spaces([item])


def _spaces(items):
    """One class of white space only (`\\s`, `[ \\t]`, `[\\s]`)."""
    import re._constants as c

    if len(items) != 1 or items[0][0] is not c.IN:
        return False
    return all((op is c.CATEGORY and arg is c.CATEGORY_SPACE) or (op is c.LITERAL and chr(arg) in " \t\n\r\f\v")
               for op, arg in items[0][1])
