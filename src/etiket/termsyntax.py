"""The syntax of rule terms, checked when a rule loads: regexes on the `regex` engine, token
patterns as spaCy's Matcher reads them.

spaCy is imported only when a token pattern is checked, and the `regex` engine only when a rule
regex is compiled, so loading rules to list or explain them (`etiket rules`, `etiket --help`) pays
for neither.
"""

import _sre
import enum
import re
import threading
from functools import lru_cache


def compile_regex(pattern, code=None):
    """A rule regex, compiled with the `regex` engine: it can be stopped by a timeout, which
    Python's `re` cannot. `code`, what regex_code gave for the pattern, spares the engine's parser
    (written in Python: ~3 ms a rule regex, most of a run's regex cost after its first replies);
    anything unexpected in it compiles the pattern as usual."""
    import regex

    if code is not None:
        try:
            return regex._regex.compile(pattern, *code)
        except Exception:  # noqa: BLE001 - code another engine version made: compile as usual
            pass
    return regex.compile(pattern, regex.IGNORECASE | regex.V0)


def regex_code(pattern):
    """What the `regex` engine's compile hands its compiled core for `pattern` after the pattern
    itself (flags, code, groups ...): plain values, kept in the user cache by etiket.terms and given
    back to compile_regex. Compiled afresh (the engine's own cache would answer without them)."""
    import regex

    core, made = regex._regex, []

    def keeping(text, *code):
        # flags as plain ints: the cache's unpickler loads no regex classes
        made.append(tuple(int(part) if isinstance(part, enum.Flag) else part for part in code))
        return compile_core(text, *code)

    compile_core = core.compile
    with _CAPTURING:
        core.compile = keeping  # the engine calls it by this name (regex._main, _compile)
        try:
            regex.compile(pattern, regex.IGNORECASE | regex.V0, cache_pattern=False)
        finally:
            core.compile = compile_core
    return made[-1] if made else None


_CAPTURING = threading.Lock()  # regex_code lends out the engine's compile one pattern at a time


def compile_re(expression, code=None):
    """re.compile(expression), from `code` (what re_code gave) when given: Python's re parses and
    compiles a pattern in Python. `_sre.compile` takes the code as re.compile hands it over, and
    checks it; anything unexpected (another Python's re) compiles as usual."""
    if code is not None:
        try:
            return _sre.compile(expression, *code)
        except Exception:  # noqa: BLE001 - a Python whose re is made otherwise: compile as usual
            pass
    return re.compile(expression)


def re_code(expression):
    """What re.compile hands `_sre.compile` for `expression` after the pattern itself (re._compiler.compile)."""
    from re import _compiler, _parser

    parsed = _parser.parse(expression, 0)
    names = dict(parsed.state.groupdict)
    index = [None] * parsed.state.groups
    for name, number in names.items():
        index[number] = name
    code = [int(op) for op in _compiler._code(parsed, 0)]  # plain ints: the cache holds no re classes
    return parsed.state.flags, code, parsed.state.groups - 1, names, tuple(index)


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


@lru_cache(maxsize=8)  # gate reads the same regex three times, one after the other
def _parsed(pattern):
    """The pattern as Python's regex parser reads it, None when it cannot (see required_literals).
    Callers only read the tree."""
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
    return clauses + _junctions(items)


# The most strings a junction (see _junctions) is looked for as: more say too little to be worth it.
_JUNCTION_STRINGS = 64


def _junctions(items):
    """What straddles two neighbours of a sequence: an element every match of which ends with a
    literal run, then one every match of which starts with one of some strings. A URL pattern's
    `(?:[a-z0-9-]+[.])+(?:com|net|...)` holds ".com" or ".net" ..., where its elements alone
    require only "." and "com" or "net" ... (which most texts hold)."""
    import re._constants as c

    clauses = []
    for k in range(1, len(items)):
        op, arg = items[k]
        if op is c.LITERAL and _plain(chr(arg)):
            continue  # inside a literal run, which _sequence takes whole
        starts = _starts(items[k:k + 1])
        end = _ending(items, k) if starts else ""
        if end:
            clauses.append({end + start for start in starts})
    return clauses


def _ending(items, stop):
    """The literal run every match of `items[:stop]` ends with ("" when none is known)."""
    import re._constants as c

    run = ""
    for k in range(stop - 1, -1, -1):
        op, arg = items[k]
        if op is c.LITERAL and _plain(chr(arg)):
            run = chr(arg) + run
            continue
        if run:
            return run
        if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and arg[0] >= 1:
            body = list(arg[2])
        elif op is c.SUBPATTERN:
            body = list(arg[3])
        elif op is c.ATOMIC_GROUP:
            body = list(arg)
        else:
            return ""
        return _ending(body, len(body))
    return run


def _starts(items):
    """Strings one of which every match of the sequence `items` starts with, or None when not
    known (or too many to be worth looking for)."""
    import re._constants as c

    run = ""
    for k, (op, arg) in enumerate(items):
        if op is c.LITERAL and _plain(chr(arg)):
            run += chr(arg)
            continue
        if run:
            return {run}
        if op is c.SUBPATTERN:
            found = _starts(list(arg[3]))
        elif op is c.ATOMIC_GROUP:
            found = _starts(list(arg))
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and arg[0] >= 1:
            found = _starts(list(arg[2]))
        elif op is c.BRANCH:
            branches = [_starts(list(branch)) for branch in arg[1]]
            found = None if None in branches else set().union(*branches)
        elif op is c.IN:
            found = _one_of(arg)
            found = None if found is None or DIGIT in found else found
        else:
            return None
        return found if found and len(found) <= _JUNCTION_STRINGS else None
    return {run} if run else None


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
# The first as the search writes it, just after a word's first character (see _trie).
_NOT_WORD_BEFORE, _NOT_WORD_AFTER = "(?<![a-z0-9_].)", "(?![a-z0-9_])"


def gate(pattern):
    """Everything a text is tested on before `pattern` runs on it, read in one go when its rule
    loads (and kept in the rules cache: a start then reads no regex again): (required_literals,
    word_searches, width_bound)."""
    return required_literals(pattern), word_searches(pattern), width_bound(pattern)


def word_test(pattern):
    """word_searches(pattern), compiled (Python's `re`), or None."""
    searches = word_searches(pattern)
    return None if searches is None else tuple(map(re.compile, searches))


@lru_cache(maxsize=4096)
def word_searches(pattern):
    """Searches on the lowered text (sources for Python's `re`), each finding something in every text
    `pattern` can match, sharper than required_literals where the pattern bounds a literal or an
    alternation of literals by `\\b`, white space, an anchor or `(?!\\w)`: "is" in `\\s+(?:is|are)\\s+`
    is a whole word, which it is in a quarter of English replies, against half holding it anywhere.
    None when the pattern bounds no literal (required_literals then says all there is to say)."""
    tree = _parsed(pattern)
    return None if tree is None else tuple(dict.fromkeys(_bounded(list(tree)))) or None


def _bounded(items):
    """The searches for the bounded literals of a sequence every match runs through whole, and of
    the groups and repeats it must enter."""
    import re._constants as c

    searches = []
    k = 0
    while k < len(items):
        op, arg = items[k]
        before, after = _neighbour(items, k, -1), _neighbour(items, k, 1)
        if op is c.LITERAL:  # a run of plain literals, read as one element
            end = k
            while end < len(items) and items[end][0] is c.LITERAL and _plain(chr(items[end][1])):
                end += 1
            if end > k:
                run = "".join(chr(a) for _, a in items[k:end])
                # the parser reads "kecuali|kalau" as "k" then "ecuali|alau": the run goes on into them
                if end < len(items) and items[end][0] is c.BRANCH:
                    strings, right = _heads(items[end][1][1], _neighbour(items, end, 1), run)
                    if strings is not None:
                        searches += _search(strings, _bounds(before, run[0], True), right)
                        k = end + 1
                        continue
                searches += _search([run], _bounds(before, run[0], True), _bounds(_neighbour(items, end - 1, 1), run[-1], False))
                k = end
                continue
        elif op is c.BRANCH:
            strings, right = _heads(arg[1], after)
            searches += _search(strings, strings and _bounds(before, [s[0] for s in strings], True), right)
        elif op is c.SUBPATTERN and not arg[1] and not arg[2]:
            inner = list(arg[3])
            alone = len(inner) == 1 and inner[0][0] is c.BRANCH  # read again inside, it would say less
            strings, right = _heads(inner[0][1][1] if alone else [inner], after)
            searches += _search(strings, strings and _bounds(before, [s[0] for s in strings], True), right)
            searches += [] if alone else _bounded(inner)
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and arg[0] >= 1:
            searches += _bounded(list(arg[2]))
        elif op is c.ATOMIC_GROUP:
            searches += _bounded(list(arg))
        k += 1
    return searches


def _neighbour(items, k, step):
    """The element next to items[k] on one side (step -1 or 1) that bounds it, past optional white
    space (`^[ \\t]*selamat`: either the spaces or the start of the line is next to the word)."""
    j = k + step
    while 0 <= j < len(items) and _optional_spaces(items[j]):
        j += step
    return items[j] if 0 <= j < len(items) else None


def _optional_spaces(item):
    import re._constants as c

    op, arg = item
    return op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and arg[0] == 0 and _spaces(list(arg[2]))


# At most this many strings are read out of one alternative (`apologi[sz]e[sd]?` gives 6)
_EXPANSIONS = 64


def _heads(branches, after, prefix=""):
    """(The strings every match of one of the alternatives `branches` begins with, whether the
    character after each such string is bounded), or (None, False) when an alternative can begin
    with anything else. Plain literals, classes of them, optional parts and alternatives of such are
    read (`maaf(kan|in)?` is "maaf", "maafkan" or "maafin"), up to what cannot be (`kirim\\w*`
    begins with "kirim", `selamat[ \\t]+\\w+` with "selamat" and a space); `after` is the element
    after the alternatives; `prefix` the run of literals before them, which each string begins with.
    An alternative that can be empty (or begin with what is not read) leaves None without one."""
    strings, right = [], True
    for branch in branches:
        branch = list(branch)
        head, stop = _head(branch)
        if "" in head and not prefix:
            return None, False
        head = {prefix + s for s in head}
        beyond = after if stop == len(branch) else _neighbour(branch, stop - 1, 1)
        right = right and all(s and _bounds(beyond, s[-1], False) for s in head)
        strings += head
    return strings, right


def _head(items):
    """The strings a sequence's matches begin with, read item by item while _expand can, and the
    number of items read."""
    found = {""}
    for n, item in enumerate(items):
        options = _expand(item)
        joined = {a + b for a in found for b in options} if options is not None else ()
        if not joined or len(joined) > _EXPANSIONS:
            return found, n
        found = joined
    return found, len(items)


def _expand(item):
    """The lower-case strings one element can match when it is a plain literal, a class of them, or an
    optional part or alternatives or group of such; None otherwise."""
    import re._constants as c

    op, arg = item
    if op is c.LITERAL:
        return {chr(arg).lower()} if _plain(chr(arg)) else None
    if op is c.IN:
        plain = all(kind is c.LITERAL and _plain(chr(value)) for kind, value in arg)
        return {chr(value).lower() for _, value in arg} if plain else None
    if op is c.SUBPATTERN and not arg[1] and not arg[2]:
        return _whole(list(arg[3]))
    if op is c.BRANCH:
        options = [_whole(list(branch)) for branch in arg[1]]
        return None if None in options else set().union(*options)
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and arg[1] == 1:
        options = _whole(list(arg[2]))
        return None if options is None else options | {""} if arg[0] == 0 else options
    return None


def _whole(items):
    """Every string a sequence can match, when _head reads all of it; None otherwise."""
    head, read = _head(items)
    return head if read == len(items) else None


def _search(strings, left, right):
    """A search for one of `strings`, as a word on each side that is bounded; none when neither is."""
    if not strings or not (left or right):
        return []
    strings = sorted({s.lower() for s in strings}, key=lambda s: (len(s), s))
    if not right:  # a word that begins with "maaf" is found by "maaf": "maafkan" says no more
        strings = [s for n, s in enumerate(strings) if not any(s.startswith(t) for t in strings[:n])]
    elif not left:
        strings = [s for n, s in enumerate(strings) if not any(s.endswith(t) for t in strings[:n])]
    return [_trie(strings, _NOT_WORD_BEFORE if left else "") + (_NOT_WORD_AFTER if right else "")]


def _trie(strings, after_first=""):
    """A regex for one of `strings`, alternatives factored by their common beginnings ("kirim",
    "kirimkan" -> `kirim(?:kan|)`): Python's engine then tries a few first characters at each
    place instead of every string. `after_first` goes after the first character (a look-behind
    there costs only where a string begins, and Python skips to such places)."""
    firsts = {}
    for string in strings:
        firsts.setdefault(string[:1], []).append(string[1:])
    parts = [re.escape(first) + after_first + _trie(rests) if first else "" for first, rests in sorted(firsts.items())]
    return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts[1:] + parts[:1] if parts[0] == "" else parts) + ")"


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


# The characters width_bound counts: those a class matches only when it says so (an ASCII letter in
# either case, a digit, the underscore), as bytes for bytes.translate.
WORD_BYTES = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_"


@lru_cache(maxsize=4096)
def width_bound(pattern):
    """The most ASCII letters, digits and underscores (WORD_BYTES) a text can hold and still match
    `pattern`, when each match is the whole text (`\\A...\\Z`, or `^...$` without multi-line mode)
    and its parts bound them (`\\A\\W*(?:[^.!?\\n]{1,32}[.!?]+\\s*){3,6}\\Z`: 6 x 32); None otherwise.
    A part that cannot match one of those characters (`\\W`, `\\s`, `[.!?]`, a lookaround) counts
    none however often it repeats, so a long reply skips the pattern whatever its punctuation."""
    import re._constants as c

    tree = _parsed(pattern)
    if tree is None:
        return None
    items = list(tree)
    multiline = bool(tree.state.flags & c.SRE_FLAG_MULTILINE)
    if not (_at_edge(items, 0, multiline) and _at_edge(items, -1, multiline)):
        return None
    return _width(items)


def _at_edge(items, side, multiline):
    """Whether a sequence's matches begin at the start of the text (side 0) or end at its end (-1)."""
    import re._constants as c

    if not items:
        return False
    op, arg = items[side]
    if op is c.AT:
        edges = {0: (c.AT_BEGINNING_STRING, c.AT_BEGINNING), -1: (c.AT_END_STRING, c.AT_END)}[side]
        return arg in edges[:1 if multiline else 2]
    if op is c.BRANCH:
        return all(_at_edge(list(branch), side, multiline) for branch in arg[1])
    if op is c.SUBPATTERN:
        return _at_edge(list(arg[3]), side, multiline)
    return False


def _width(items):
    """The most WORD_BYTES characters a match of the sequence consumes, None when unbounded or unknown."""
    import re._constants as c

    total = 0
    for op, arg in items:
        if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            continue  # consumes nothing
        if op is c.LITERAL:
            total += _counted(chr(arg))
        elif op is c.IN:
            total += not _uncounted_class(arg)
        elif op in (c.NOT_LITERAL, c.ANY):
            total += 1
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            inner = _width(list(arg[2]))
            if inner is None or (inner and arg[1] is c.MAXREPEAT):
                return None
            total += inner * arg[1]
        elif op is c.SUBPATTERN:
            inner = _width(list(arg[3]))
            if inner is None:
                return None
            total += inner
        elif op is c.ATOMIC_GROUP:
            inner = _width(list(arg))
            if inner is None:
                return None
            total += inner
        elif op is c.BRANCH:
            widths = [_width(list(branch)) for branch in arg[1]]
            if None in widths:
                return None
            total += max(widths)
        else:  # a back-reference, a conditional group ...
            return None
    return total


def _counted(char):
    """Whether a literal may match a counted character: it is one (in either case), or a letter
    beyond ASCII that case folding takes for one (the Kelvin sign for "k")."""
    return char.encode() in WORD_BYTES if char.isascii() else char in FOLDS_TO_ASCII


def _uncounted_class(items):
    """Whether a class matches no counted character: white space, \\W, line breaks, literals that
    are not counted (`[.!?]`, `[\\s,;]`); a negation or a range says nothing."""
    import re._constants as c

    uncounted = (c.CATEGORY_SPACE, c.CATEGORY_NOT_WORD, c.CATEGORY_LINEBREAK, c.CATEGORY_UNI_SPACE,
                 c.CATEGORY_UNI_NOT_WORD, c.CATEGORY_UNI_LINEBREAK)
    return all((op is c.LITERAL and not _counted(chr(arg))) or (op is c.CATEGORY and arg in uncounted)
               for op, arg in items)
