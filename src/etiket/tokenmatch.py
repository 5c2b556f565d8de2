"""Token patterns matched only where they can start, with spaCy Matcher's results.

spaCy's Matcher tries every pattern at every token and evaluates each `IN` list through a Python
call per token: with a few hundred patterns that is most of a reply's time, although almost no
pattern gets past its first token. Here each pattern's first token is indexed by the words it
accepts; a token's attribute values (one lexeme) are looked up once per run, and give the few
patterns that can start there; each of those is then followed token by token as an automaton.

The results are the Matcher's: every (start, end) at which the token sequence matches the pattern
as a regular expression over tokens (spaCy returns all of them, not only the longest), empty
matches left out. Attributes, operators and quantifiers are read as spaCy reads them (`{n,m}` is
n required copies and m-n optional ones; `+` is one then `*`; `!` negates one token). A pattern
using anything else (an extension attribute `_`, fuzzy or set operators, parser attributes) is not
compiled here (`compile_pattern` returns None) and stays with a spaCy Matcher.
"""

import operator
import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.attrs import IDS
from spacy.strings import get_string_id

ONE, OPTIONAL, REPEAT = 1, 2, 3
# Attributes read as hashes of strings; an `IN` list on one of them is a set of hashes.
STRING_ATTRS = ("ORTH", "LOWER", "NORM", "LEMMA", "SHAPE", "PREFIX", "SUFFIX")
# Attributes a blank pipeline sets that Doc.to_array can give for every token at once.
READABLE = (*STRING_ATTRS, "SENT_START", "LENGTH", "IS_ALPHA", "IS_ASCII", "IS_DIGIT", "IS_LOWER", "IS_UPPER",
            "IS_TITLE", "IS_PUNCT", "IS_SPACE", "IS_STOP", "IS_BRACKET", "IS_QUOTE", "IS_LEFT_PUNCT",
            "IS_RIGHT_PUNCT", "IS_CURRENCY", "LIKE_NUM", "LIKE_URL", "LIKE_EMAIL")
_ALIASES = {"TEXT": "ORTH", "IS_SENT_START": "SENT_START"}
_COMPARE = {"==": operator.eq, "!=": operator.ne, ">=": operator.ge, "<=": operator.le, ">": operator.gt,
            "<": operator.lt}
# The sentence-start value spaCy compares a pattern's IS_SENT_START with: 1 is a start, -1 and 0 not.
_STARTS = 1


class Unsupported(Exception):
    """A pattern feature this module does not read as spaCy does."""


@dataclass
class Pattern:
    key: str
    steps: tuple  # (tests, quantifier): tests are (column, op, value), all must hold; plain values
    closure: tuple  # closure[j]: the steps reachable from j by skipping optional ones (j included)
    gated: bool  # whether it runs per sentence (True) or per window of sentences (see terms.py)
    checks: tuple  # per step, a function of a token's row: whether it passes the step's tests
    plain: bool  # every step is one required token: a match is a fixed run of tokens
    lexical: bool  # one token tested on its lexeme's attributes only (not the sentence start, no `!`)


def compile_pattern(key, pattern, columns, gated, strings, words_of=None):
    """A Pattern for spaCy token pattern `pattern`, or None when it uses what this module does not
    read. `columns` (attribute name -> column) grows with the attributes the pattern reads;
    `strings` is the vocabulary's StringStore (a REGEX test reads the string of a hash);
    `words_of` gives a REGEX's words as an IN test reads them (word_ids, unless a caller remembers
    them)."""
    return from_steps(key, read_steps(pattern, columns, words_of), columns, gated, strings)


def read_steps(pattern, columns, words_of=None):
    """The steps of `pattern` as Pattern.steps holds them, or None when it uses what this module does
    not read (`columns` grows as compile_pattern says, also then)."""
    try:
        return tuple(step for spec in pattern for step in _steps(spec, columns, words_of or word_ids))
    except Unsupported:
        return None


def from_steps(key, steps, columns, gated, strings):
    """compile_pattern's Pattern for the steps read_steps gave (None when it gave None or none)."""
    if not steps:
        return None
    closure = [None] * len(steps) + [(len(steps),)]
    for j in range(len(steps) - 1, -1, -1):
        closure[j] = (j, *closure[j + 1]) if steps[j][1] != ONE else (j,)
    checks = tuple(_checker(tests, strings) for tests, _ in steps)
    plain = all(quantifier == ONE for _, quantifier in steps)
    lexical = plain and len(steps) == 1 and all(column not in (None, columns.get("SENT_START")) for column, _, _ in steps[0][0])
    return Pattern(key, tuple(steps), tuple(closure), gated, checks, plain, lexical)


def _checker(tests, strings):
    """`passes` for one step, made direct for the usual single word test (it runs at every step)."""
    if len(tests) == 1 and tests[0][1] in ("eq", "in", "ne", "not_in"):
        column, op, value = tests[0]
        return {
            "eq": lambda row: row[column] == value,
            "in": lambda row: row[column] in value,
            "ne": lambda row: row[column] != value,
            "not_in": lambda row: row[column] not in value,
        }[op]
    return lambda row: passes(tests, row, strings)


def _steps(spec, columns, words_of):
    if not isinstance(spec, dict):
        raise Unsupported
    tests, negate = [], False
    for name, value in spec.items():
        upper = name.upper()
        if upper == "OP":
            continue
        attr = _ALIASES.get(upper, upper)
        if attr not in READABLE:
            raise Unsupported
        column = columns.setdefault(attr, len(columns))
        tests += _tests(attr, column, value, words_of)
    quantifiers = _quantifiers(spec.get("OP"))
    if quantifiers == "!":
        quantifiers, negate = (ONE,), True
    tests = tuple(tests)
    if negate:
        tests = (("not", None, tests),)
    return [(tests, q) for q in quantifiers]


def _tests(attr, column, value, words_of):
    if isinstance(value, bool) or (isinstance(value, int) and attr not in STRING_ATTRS):
        if attr == "SENT_START":
            return [(column, "eq" if value else "ne", _STARTS)]
        return [(column, "eq", int(value))]
    if isinstance(value, str):
        return [(column, "eq", get_string_id(value))]
    if not isinstance(value, dict):
        raise Unsupported
    tests = []
    for op, argument in value.items():
        if op in ("IN", "NOT_IN") and isinstance(argument, list) and attr in STRING_ATTRS:
            tests.append((column, op.lower(), frozenset(get_string_id(v) for v in argument)))
        elif op == "REGEX" and isinstance(argument, str) and attr in STRING_ATTRS:
            words = words_of(argument)
            if words is None:  # compiled here for its errors; kept as its source (see _searched)
                re.compile(argument)
                tests.append((column, "regex", (argument, {})))
            else:  # the strings it matches, as an IN list: indexed and tested as one
                tests.append((column, "in", words))
        elif op in _COMPARE and attr == "LENGTH" and isinstance(argument, (int, float)):
            tests.append((column, "cmp", (op, argument)))
        else:
            raise Unsupported
    return tests


@lru_cache(maxsize=1024)  # rules share patterns through term lists, and both indexes read them
def word_ids(pattern):
    """whole_words(pattern) as the hashes an IN test compares, or None."""
    words = whole_words(pattern)
    return None if words is None else frozenset(map(get_string_id, words))


# At most this many strings are read out of a token regex (`^(a|b|c)(kan|nya)?$` gives 9)
_WORDS = 512
# What the anchors stand for while a regex's strings are read: `^` or `\\A`, `$`, `\\Z`
_START, _END, _END_STRING = "\x00", "\x01", "\x02"


def whole_words(pattern):
    """Every string `re.search(pattern, s)` finds a match in, when each of the pattern's matches
    runs from the start to the end of the string through a finite set of plain strings
    (`^(maaf(kan)?|menyesal)$`, `^(di)?baca$|^membaca$`): a string matches exactly when it is one
    of them, or one of them and a line break where `$` ends it (`$` lets one through). None
    otherwise (flags, classes of ranges, repeats, lookarounds, more than _WORDS strings)."""
    import re._constants as c
    import re._parser as parser

    if any(mark in pattern for mark in (_START, _END, _END_STRING)):
        return None
    try:
        tree = parser.parse(pattern)
    except (re.error, RecursionError, OverflowError):
        return None
    found = None if tree.state.flags & ~c.SRE_FLAG_UNICODE else _strings(list(tree))
    if not found:
        return None
    words = set()
    for string in found:
        body = string[1:-1]
        if string[:1] != _START or string[-1:] not in (_END, _END_STRING) or any(
                mark in body for mark in (_START, _END, _END_STRING)):
            return None  # a match that need not span the whole string
        words |= {body, body + "\n"} if string[-1] == _END else {body}
    return words


def _strings(items):
    """The strings a sequence of the regex parser's items matches, anchors written as _START, _END
    and _END_STRING; None when it is not read (see whole_words)."""
    import re._constants as c

    anchors = {c.AT_BEGINNING: _START, c.AT_BEGINNING_STRING: _START, c.AT_END: _END, c.AT_END_STRING: _END_STRING}
    found = {""}
    for op, arg in items:
        if op is c.LITERAL:
            options = {chr(arg)}
        elif op is c.AT and arg in anchors:
            options = {anchors[arg]}
        elif op is c.IN and all(kind is c.LITERAL for kind, _ in arg):
            options = {chr(value) for _, value in arg}
        elif op is c.SUBPATTERN and not arg[1] and not arg[2]:
            options = _strings(list(arg[3]))
        elif op is c.BRANCH:
            options = [_strings(list(branch)) for branch in arg[1]]
            options = None if None in options else set().union(*options)
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT) and arg[0] in (0, 1) and arg[1] == 1:
            options = _strings(list(arg[2]))
            options = None if options is None else options | ({""} if arg[0] == 0 else set())
        else:
            return None
        if options is None:
            return None
        found = {a + b for a in found for b in options}
        if len(found) > _WORDS:
            return None
    return found


def _quantifiers(op):
    """spaCy's expansion of an OP into steps; "!" for the negated single token."""
    if op is None or op == "1":
        return (ONE,)
    fixed = {"*": (REPEAT,), "+": (ONE, REPEAT), "?": (OPTIONAL,), "!": "!"}
    if op in fixed:
        return fixed[op]
    bounds = re.fullmatch(r"\{(\d*)(?:,(\d*))?\}", op or "")
    if not bounds:
        raise Unsupported
    low, high = bounds.group(1), bounds.group(2) if "," in op else bounds.group(1)
    head = (ONE,) * int(low or 0)
    tail = (OPTIONAL,) * (int(high) - int(low or 0)) if high else (REPEAT,)
    return head + tail


def passes(tests, row, strings):
    """Whether a token (its `row` of column values) passes every test."""
    for column, op, value in tests:
        if op == "eq":
            ok = row[column] == value
        elif op == "in":
            ok = row[column] in value
        elif op == "not_in":
            ok = row[column] not in value
        elif op == "ne":
            ok = row[column] != value
        elif op == "regex":
            ok = _searched(value, row[column], strings)
        elif op == "cmp":
            ok = _COMPARE[value[0]](row[column], value[1])
        else:  # "not": a negated token, `!`
            ok = not passes(value, row, strings)
        if not ok:
            return False
    return True


def _searched(regex_and_cache, value, strings):
    """A REGEX test, remembered per attribute value: spaCy runs it with `re.search` on the string.
    The regex is compiled when a test first runs (the steps are plain values a start unpickles, and
    most of their regexes never run in a short session)."""
    regex, seen = regex_and_cache
    found = seen.get(value)
    if found is None:
        found = seen[value] = bool(_regex(regex).search(strings[value]))
    return found


@lru_cache(maxsize=None)  # one per token REGEX of the rule packs (re's own cache holds 512 of any code's)
def _regex(source):
    return re.compile(source)


def ends(pattern, rows, start, limit):
    """The ends e (start < e <= limit) where rows[start:e] match `pattern`: the pattern run as an
    automaton whose states are step numbers, or as a plain run of tokens when it is one."""
    checks = pattern.checks
    if pattern.plain:
        stop = start + len(checks)
        if stop > limit:
            return ()
        for offset, check in enumerate(checks):
            if not check(rows[start + offset]):
                return ()
        return (stop,)
    steps, closure, final = pattern.steps, pattern.closure, len(checks)
    found, states = [], closure[0]
    for i in range(start, limit):
        row, following = rows[i], set()
        for j in states:
            if j != final and checks[j](row):
                following.update(closure[j] if steps[j][1] == REPEAT else closure[j + 1])
        if not following:
            break
        if final in following:
            found.append(i + 1)
        states = following
    return found
