"""Term lists (phrases, lemmas, token patterns, regexes) compiled once into shared matchers.

Every rule registers its term lists under a key; one pass of each matcher over a Doc then answers
all rules at once, which keeps the cost per reply flat as rules are added.
"""

import sys
import time
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path

from spacy.attrs import IDS
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Span

from etiket import cache as user_cache
from etiket import opaque, tokenmatch
from etiket.checks.base import SENTS, text_of
from etiket.termsyntax import WORD_BYTES, compile_re, compile_regex, gate, gate_applies, re_code, regex_code, with_marks

TERM_KINDS = ("phrases", "lemmas", "patterns", "regex")
WINDOW = 64  # tokens: see _windows
CHUNKS = 200_000  # chunks of text whose pieces a _Gate remembers
LINES, LINE = 50_000, 1_000  # lines of text whose literals a _Gate remembers, and the longest it remembers
PAIRS = 200_000  # pairs of lexeme entries whose patterns a TermIndex remembers
# The columns a token has values of its own for (LEMMA last: read only when a pattern tests it)
_OWN = [IDS["SENT_START"], IDS["ORTH"], IDS["NORM"], IDS["LEMMA"]]


class TermIndex:
    """All term lists of one language, matched in one pass per Doc."""

    def __init__(self, nlp, lemmatize):
        self._nlp = nlp
        self._lemmatize = lemmatize
        self._lower = PhraseMatcher(nlp.vocab, attr="NORM")
        self._lemma = PhraseMatcher(nlp.vocab, attr="LEMMA")
        # Token patterns: compiled ones (tokenmatch) are tried only where their first two tokens can match
        self._columns = {"SENT_START": 0, "IS_SPACE": 1, "LOWER": 2, "NORM": 3}  # attribute -> column of a row
        self._patterns = []
        # what the first token of a match must be, and the second (for the patterns that need one)
        self._first, self._second = _StepIndex(self._columns), _StepIndex(self._columns)
        self._needs_second = set()
        # the word tests every match of a pattern must pass after its first token, by pattern number
        # (ids of _requirements): a pattern is tried only in a Doc holding a word for each of them
        self._requires = []
        self._requirements = {}  # (column, op, value) -> its id
        self._required_by = defaultdict(set)  # (column, word hash) -> ids of the tests it passes
        # a token's sentence start, ORTH, NORM and LEMMA -> (its row of column values, what its
        # lexeme can be in a match: see _lexeme)
        self._starts = {}
        self._lexemes = {}  # a row's values after the sentence start -> what _lexeme gave for it
        self._entries = {}  # each distinct entry of _lexemes, shared by every lexeme having it
        self._pairs = {}  # ids of two entries in a row -> what can start at the first: see _pair_up
        # ... the rest (an extension attribute, fuzzy matching) run on spaCy Matchers
        self._tokens = []  # one Matcher per term list
        self._starting = defaultdict(list)  # word (hash) -> the Matchers with a pattern starting with it
        self._ungated = Matcher(nlp.vocab)  # patterns whose first token is not a plain word test
        # [[keys], the regex, its required literals (clauses, see termsyntax) or None, its
        # whole-word searches (termsyntax.word_searches) and the most word characters a text it
        # matches can hold (termsyntax.width_bound)]; the regex and its searches are sources until
        # the first reply its gate lets through compiles them: most never run in a short session
        self._regex = []
        self._regex_number = {}  # a regex's source -> its number: rules sharing a regex run it once
        self._regex_numbers = defaultdict(list)  # key -> the numbers of its regexes, in order
        self._gate = _Gate()
        self._match_keys = {}  # a phrase matcher's match id -> its key
        self._phrases = None  # a phrase term -> its NORM and LEMMA values, while terms are added: see _phrase
        self._coded = False  # every regex's engine code is in the start memory (see _code_of)

    def add(self, key, terms, gates=None):
        """Register a term list (a dict with any of TERM_KINDS) under `key`; `gates` may hold what
        its regexes are gated on (termsyntax.gate), read when the rule loaded (Rule.gates)."""
        if terms.get("phrases"):
            self._lower.add(key, [self._phrase(p)[0] for p in terms["phrases"]])
        if terms.get("lemmas"):
            self._lemma.add(key, [self._phrase(p)[1] for p in terms["lemmas"]])
        gated, ungated = [], []
        for pattern in terms.get("patterns", ()):
            first = _first_words(pattern)
            if not self._compiled(key, pattern, gated=bool(first)):
                (gated if first else ungated).append((first, list(pattern)))
        if gated:
            matcher = Matcher(self._nlp.vocab)
            matcher.add(key, [pattern for _, pattern in gated])
            for word in {w for first, _ in gated for w in first}:
                self._starting[self._nlp.vocab.strings.add(word)].append(len(self._tokens))
            self._tokens.append(matcher)
        if ungated:
            self._ungated.add(key, [pattern for _, pattern in ungated])
        for regex in terms.get("regex", ()):
            self._add_regex(key, regex, gates or {})

    def _phrase(self, text):
        """A phrase or lemma term as the PhraseMatchers keep it: the NORM and the LEMMA values of its
        tokens, as tuples (PhraseMatcher.add takes them in place of a Doc, as its unpickling does).
        Read from the user cache of this language's phrases (shared by both indexes, loaded once
        per process), else worked out from a Doc and added to it: a start then tokenizes and
        lemmatizes no phrase, and makes no lexeme for their words until a reply holds one."""
        return self._remembered().recall(text, lambda: self._forms(text))

    def _forms(self, text):
        doc = self._lemmatize(self._nlp.make_doc(text))
        values = doc.to_array(["NORM", "LEMMA"]).tolist() if len(doc) else []
        return tuple(n for n, _ in values), tuple(lemma for _, lemma in values)

    def _word_ids(self, regex):
        """tokenmatch.word_ids of a token REGEX, remembered beside the phrases (parsing the ~130
        of the rule packs took 0.01-0.02 s of a start)."""
        return self._remembered().recall(("regex", regex), lambda: tokenmatch.word_ids(regex))

    def _read_steps(self, pattern):
        """tokenmatch.read_steps of a token pattern, remembered beside the phrases under the pattern
        and the columns read before it (which number its tests' columns): reading the ~750 patterns
        of the rule packs again (their word lists hashed, ~30 of their regexes compiled) took 25-35 ms
        of a start."""
        known, key = self._remembered().known, ("steps", repr(pattern), tuple(self._columns))
        if key in known:
            steps, added = known[key]
            for attr in added:  # the columns reading the pattern adds, numbered as read_steps numbers them
                self._columns[attr] = len(self._columns)
            return steps
        before = len(self._columns)
        steps = tokenmatch.read_steps(pattern, self._columns, self._word_ids)
        return self._phrases.learn(key, (steps, tuple(self._columns)[before:]))[0]

    def _remembered(self):
        if self._phrases is None:
            self._phrases = _StartMemory.of(self._nlp.lang)
        return self._phrases

    def _add_regex(self, key, regex, gates):
        number = self._regex_number.get(regex)
        if number is not None:
            keys = self._regex[number][0]
            if key not in keys:
                keys.append(key)
                self._regex_numbers[key].append(number)
            return
        number = self._regex_number[regex] = len(self._regex)
        self._regex_numbers[key].append(number)
        clauses, searches, width = gates[regex] if regex in gates else gate(regex)
        self._gate.add(number, clauses)
        self._regex.append([[key], regex, clauses, searches, width])

    def _compiled(self, key, pattern, gated):
        """Compile a token pattern for tokenmatch and index it by its first two tokens; False if it
        needs a spaCy Matcher."""
        steps = self._read_steps(pattern)
        compiled = tokenmatch.from_steps(key, steps, self._columns, gated, self._nlp.vocab.strings)
        if compiled is None:
            return False
        number = len(self._patterns)
        self._patterns.append(compiled)
        steps, closure, final = compiled.steps, compiled.closure, len(compiled.steps)
        first = [j for j in closure[0] if j != final]  # a match is never empty
        self._first.add(number, [steps[j][0] for j in first])
        # most patterns that get past their first token fail at the second, a call to
        # tokenmatch.ends each: what the second token must pass is indexed too, unless a match can
        # end after one token or a step it can go on with has no test a lexeme answers
        then = {k for j in first for k in (closure[j] if steps[j][1] == tokenmatch.REPEAT else closure[j + 1])}
        if final not in then and all(_lexical(steps[k][0]) for k in then):
            self._second.add(number, [steps[k][0] for k in sorted(then)])
            self._needs_second.add(number)
        words = self._first.word_columns()
        needed = [tests for tests, quantifier in steps[1:] if quantifier == tokenmatch.ONE and _word_test(tests, words)]
        self._requires.append(frozenset(map(self._requirement, needed)))
        self._starts.clear()
        self._lexemes.clear()
        self._entries.clear()
        self._pairs.clear()
        return True

    def _requirement(self, tests):
        test = _word_test(tests, self._first.word_columns())
        number = self._requirements.get(test)
        if number is None:
            number = self._requirements[test] = len(self._requirements)
            column, op, value = test
            for word in [value] if op == "eq" else value:
                self._required_by[column, word].add(number)
        return number

    def _lexeme(self, row):
        """What a lexeme (`row`) can be in a match: (the keys of the one-token patterns it matches,
        the other patterns that may start at it and end there or go on with any token, those that
        may start at it but need a second token, the patterns whose second token it may be, the
        requirements it meets). Tests read the lexeme only (not the sentence start, which is the
        token's): the patterns found are the only ones worth following there."""
        found = self._lexemes.get(row[1:])
        if found is not None:
            return found
        strings = self._nlp.vocab.strings
        first = self._first.passed(row, strings)
        # a one-token pattern testing only the lexeme matches wherever the lexeme passes its tests
        single = {n for n in first if self._patterns[n].lexical}
        matched = sorted({self._patterns[n].key for n in single if self._patterns[n].checks[0](row)})
        needy = first & self._needs_second
        required_by = self._required_by
        meets = frozenset(n for column in self._first.word_columns() for n in required_by.get((column, row[column]), ()))
        entry = (tuple(matched), tuple(sorted(first - needy - single)), frozenset(needy),
                 frozenset(self._second.passed(row, strings)), meets)
        # most lexemes share one of a few entries: one object each (memory grows with the vocabulary)
        entry = self._lexemes[row[1:]] = self._entries.setdefault(entry, entry)
        return entry

    def _match_tokens(self, doc, found):
        """Token patterns. A pattern runs only inside one sentence: per sentence, with the line break
        just before it, if its first token is a word list (see _first_words), else per window of whole
        sentences, its matches kept when they stay in one sentence. Never over the whole Doc: a
        wildcard's partial matches would pile up over a long reply, and time would not stay linear."""
        if not len(doc):
            return
        rows, lexemes = self._rows(doc)
        sents = doc.user_data.get(SENTS) or _sentences(rows)  # the pipeline's, else from the rows
        sentence_of = _SentenceOf(sents)
        if self._patterns:
            self._match_compiled(rows, lexemes, sents, sentence_of, found)
        if self._tokens or len(self._ungated):
            self._match_spacy(doc, rows, sents, sentence_of, found)

    def _rows(self, doc):
        """Each token's row of column values, and what its lexeme can be in a match (_lexeme). Only
        the values a token has of its own are read from the Doc (the sentence start, ORTH, and the
        NORM and LEMMA the pipeline sets per token); the rest of the row comes from earlier replies,
        and the whole table is read only when a token is new."""
        lemma = "LEMMA" in self._columns
        keys = list(map(tuple, doc.to_array(_OWN if lemma else _OWN[:-1]).tolist()))
        starts = self._starts
        known = list(map(starts.get, keys))
        if None in known:
            full = doc.to_array(list(self._columns)).tolist()
            for i, entry in enumerate(known):
                if entry is None:
                    row = tuple(full[i])
                    known[i] = starts[keys[i]] = (row, self._lexeme(row))
        rows, lexemes = zip(*known) if known else ((), ())
        return rows, lexemes

    def _match_compiled(self, rows, lexemes, sents, sentence_of, found):
        ids = [*map(id, lexemes), None]
        pairs = list(zip(ids, ids[1:]))
        starting = list(map(self._pairs.get, pairs))
        if None in starting:
            self._pair_up(lexemes, pairs, starting)
        busy = [i for i, pair in enumerate(starting) if pair]
        if not busy:
            return
        met = set().union(*[entry[4] for entry in lexemes])  # the requirements some token meets
        requires = self._requires
        in_sentence = in_window = None
        for i in busy:
            matched, numbers = starting[i]
            for key in matched:
                found[key].add((i, i + 1))
            numbers = [number for number in numbers if requires[number] <= met]
            if numbers and in_sentence is None:
                in_sentence, in_window = _sentence_limits(rows, sents), _window_limits(sents, len(rows))
            for number in numbers:
                pattern = self._patterns[number]
                limit = in_sentence[i] if pattern.gated else in_window[i]
                for end in tokenmatch.ends(pattern, rows, i, limit):
                    if pattern.gated or _in_one_sentence(rows, sentence_of, i, end):
                        found[pattern.key].add((i, end))

    def _pair_up(self, lexemes, pairs, starting):
        """What can start at each token given its lexeme and the next one's (None for the last):
        (the keys of the one-token patterns matched there, the patterns to follow from there), or
        () when nothing can; remembered by the pair of (shared) _lexeme entries."""
        if len(self._pairs) >= PAIRS:
            self._pairs.clear()
        for i, pair in enumerate(starting):
            if pair is None:
                matched, free, needy = lexemes[i][:3]
                following = lexemes[i + 1][3] if i + 1 < len(lexemes) else ()
                numbers = (*free, *sorted(needy.intersection(following)))
                starting[i] = self._pairs[pairs[i]] = (matched, numbers) if matched or numbers else ()

    def _match_spacy(self, doc, rows, sents, sentence_of, found):
        """The patterns tokenmatch cannot read, on spaCy Matchers: a term list's patterns run only in
        sentences holding a word they can start with; the few that start with a regex or a wildcard
        run together, over windows of whole sentences."""
        for start, end in sents:
            # the line break just before a line belongs to it ("\nMbak Tari" as a signature)
            begin = start - 1 if start and rows[start - 1][1] else start
            due = {i for row in rows[begin:end] for form in row[2:4] for i in self._starting.get(form, ())}
            for i in sorted(due):
                self._collect(self._tokens[i], doc, begin, end, found)
        if len(self._ungated):
            for begin, end in _windows(sents):
                self._collect(self._ungated, doc, begin, end, found, rows, sentence_of)

    def _collect(self, matcher, doc, begin, end, found, rows=None, sentence_of=None):
        strings = self._nlp.vocab.strings
        for match_id, start, stop in matcher(doc[begin:end]):
            if sentence_of is None or _in_one_sentence(rows, sentence_of, begin + start, begin + stop):
                found[strings[match_id]].add((begin + start, begin + stop))

    def find(self, doc, deadline=None, overrun=None, lazy=False):
        """Map each key to the sorted, de-duplicated spans where its terms occur in `doc` (Hits).

        A regex still running at `deadline` (time.monotonic()) is stopped and its key added to
        `overrun`: a rule pack's runaway pattern ("(a+)+$") costs one reply its budget, not the run.
        `lazy`: a regex runs only when one of its keys is first read (most keys are a rule's
        exceptions, read only where it matched), so `overrun` is complete once the reading is done."""
        if self._phrases is not None:  # the terms are all added by now: what was learned is kept
            self._phrases.keep()
            self._phrases = None
        found = defaultdict(set)
        keys = self._match_keys
        for matcher in (self._lower, self._lemma):
            if len(matcher):
                for match_id, start, end in matcher(doc):
                    found[keys.get(match_id) or self._key_of(match_id)].add((start, end))
        self._match_tokens(doc, found)
        # Opaque spans (URLs, placeholders, handles) are masked, not dropped afterwards: a regex then
        # neither matches a word inside one nor reads one as the word it needs next to a match.
        # Same length: offsets stay valid.
        text = opaque.mask(text_of(doc).replace("’", "'"), doc.user_data.get(opaque.KEY))
        due = self._due_regexes(text)
        regexes = _Regexes(self._regex, self._code_of, self._regex_numbers, due if isinstance(due, set) else set(due),
                           doc, text, deadline, overrun, found)
        if not lazy:
            regexes.run_all()
        return Hits(doc, found, regexes)

    def _key_of(self, match_id):
        """A phrase matcher's match id as its key (the StringStore asked once per id)."""
        key = self._match_keys.get(match_id)
        if key is None:
            key = self._match_keys[match_id] = self._nlp.vocab.strings[match_id]
        return key

    def _code_of(self, key):
        """The code an engine compiles a regex from, kept in the language's start memory under `key`:
        ("regex", pattern) for a rule regex (termsyntax.regex_code), ("re", expression) for one of
        its word searches (termsyntax.re_code). The first one missing there has the codes of all
        this index's regexes and searches made and kept at once (~0.5 s once; a run of a few hundred
        replies compiles most of them anyway), so later starts never pay the engines' parsers
        (written in Python: ~3 ms a rule regex, ~1 ms a search)."""
        memory = _StartMemory.of(self._nlp.lang)
        if _memory_key(key) not in memory.known and not self._coded:
            self._coded = True
            for entry in self._regex:
                if isinstance(entry[1], str):
                    for kind, expression in [("regex", entry[1]), *(("re", search) for search in entry[3] or ())]:
                        memory.recall(_memory_key((kind, expression)), lambda k=kind, e=expression: _MAKERS[k](e))
            memory.keep()
        return memory.known.get(_memory_key(key))

    def compile_all(self):
        """Compile now the regexes find() would compile on first use (warm mode: no check waits)."""
        for entry in self._regex:
            _compile(entry, self._code_of)

    def _due_regexes(self, text):
        """The numbers of the regexes each of whose clauses has a literal in `text` (see _Gate)."""
        return self._gate.due(text, len(self._regex))


class Hits(Mapping):
    """What find() answers: each key's sorted spans, made into Spans only when a check reads them
    (most keys found in a reply are never read: a rule's exceptions are looked at where it matched)."""

    def __init__(self, doc, found, regexes=None):
        self._doc = doc
        self._found = found  # key -> set of (start, end)
        self._regexes = regexes  # the regexes not run yet (find's `lazy`)
        self._spans = {}

    def __getitem__(self, key):
        spans = self._spans.get(key)
        if spans is None:
            if self._regexes:
                self._regexes.run_for(key)
            pairs = self._found.get(key)
            if pairs is None:
                raise KeyError(key)
            doc = self._doc
            spans = self._spans[key] = [Span(doc, start, end) for start, end in sorted(pairs)]
        return spans

    def __bool__(self):
        """Whether a key may have spans: without running the pending regexes (Mapping's would run
        them all to count the keys), so `hits or {}` keeps them lazy."""
        return bool(self._found) or bool(self._regexes)

    def budget(self, deadline, overrun):
        """Run the regexes still pending within `deadline`, adding the keys of those stopped to
        `overrun`: the hits of a customer's message are read by every reply to it, each with its own
        budget."""
        if self._regexes:
            self._regexes.budget(deadline, overrun)

    def get(self, key, default=None):
        """As Mapping.get, without raising and catching a KeyError for each key not found (most)."""
        if key in self._spans:
            return self._spans[key]
        if self._regexes:
            self._regexes.run_for(key)
        return self[key] if key in self._found else default

    def __contains__(self, key):
        if self._regexes:
            self._regexes.run_for(key)
        return key in self._found

    def present(self, keys):
        """The keys of `keys` (a container) that have spans, running only those keys' pending regexes:
        the pipeline asks this for the keys its rules need before it runs them."""
        if self._regexes:
            self._regexes.run_where(keys)
        return [key for key, pairs in self._found.items() if pairs and key in keys]

    def __iter__(self):
        if self._regexes:
            self._regexes.run_all()
        return iter(self._found)

    def __len__(self):
        if self._regexes:
            self._regexes.run_all()
        return len(self._found)


class _Regexes:
    """The rule regexes due on one reply (their gates passed), each run once, when asked for."""

    def __init__(self, entries, code_of, numbers, due, doc, text, deadline, overrun, found):
        self._entries, self._code_of = entries, code_of  # TermIndex._regex and TermIndex._code_of
        self._numbers = numbers  # key -> the numbers of its regexes (TermIndex._regex_numbers)
        self._due = due  # the numbers of the regexes whose gates passed and that have not run yet
        self._doc, self._text, self._deadline, self._overrun, self._found = doc, text, deadline, overrun, found
        self._tokens = None
        self._lowered = None  # the text lowered, "" when no gate applies to it: see _has_words
        self._width = None  # how many characters of termsyntax.WORD_BYTES the text holds

    def __bool__(self):
        return bool(self._due)

    def budget(self, deadline, overrun):
        self._deadline, self._overrun = deadline, overrun

    def run_for(self, key):
        for number in self._numbers.get(key, ()):
            if number in self._due:
                self._run(number)

    def run_where(self, keys):
        """Run the due regexes that have a key in `keys`."""
        entries = self._entries
        for number in sorted(self._due):
            for key in entries[number][0]:
                if key in keys:
                    self._run(number)
                    break

    def run_all(self):
        for number in sorted(self._due):
            self._run(number)

    def _run(self, number):
        self._due.discard(number)
        entry = self._entries[number]
        keys, regex, words, width = _compile(entry, self._code_of)
        if (words and not self._has_words(words)) or (width is not None and self._wider(width)):
            return
        text, found = self._text, self._found
        try:
            for m in regex.finditer(text, timeout=_remaining(self._deadline)):
                self._tokens = self._tokens or _TokenBounds(self._doc, len(text))
                span = self._tokens.covering(m.start(), m.end())
                if span is not None:
                    for key in keys:
                        found[key].add(span)
        except TimeoutError:
            if self._overrun is not None:
                self._overrun.extend(keys)

    def _has_words(self, searches):
        """Whether the lowered text holds what each of a regex's word searches looks for (always
        when case folding could take one of its letters for another, see termsyntax)."""
        if self._lowered is None:
            self._lowered = self._text.lower() if gate_applies(self._text) else ""
        return not self._lowered or all(search.search(self._lowered) for search in searches)

    def _wider(self, width):
        """Whether the text holds more than `width` ASCII letters, digits and underscores (counted
        once per reply, and only when the text is longer than that)."""
        if len(self._text) <= width:
            return False
        if self._width is None:
            encoded = self._text.encode()
            self._width = len(encoded) - len(encoded.translate(None, WORD_BYTES))
        return self._width > width


def _compile(entry, code_of):
    """A TermIndex regex entry's keys, regex, word searches and width bound, the regex and its
    searches compiled on first use from the code `code_of` gives (TermIndex._code_of)."""
    if isinstance(entry[1], str):
        entry[1] = compile_regex(entry[1], code_of(("regex", entry[1])))
        entry[3] = entry[3] and tuple(compile_re(search, code_of(("re", search))) for search in entry[3])
    return entry[0], entry[1], entry[3], entry[4]


_MAKERS = {"regex": regex_code, "re": re_code}


def _memory_key(key):
    """Where the start memory keeps a code: under the version of the engine that made it."""
    kind, expression = key
    if kind == "re":
        return ("re code", sys.version, expression)
    import regex

    return ("regex code", regex.__version__, expression)


class _StartMemory:
    """What one language's start would otherwise work out again, kept in the user cache under a key
    of everything it comes from (etiket's code and data files, spaCy's version): the NORM and LEMMA
    values of the phrase terms (text -> two tuples of hashes), the words of the token REGEX tests
    (("regex", pattern) -> hashes or None), the token patterns' steps (("steps", ...)), the rule
    regexes' engine code (("regex code", ...), see TermIndex._code_of), and what `remembered` is
    given (a lemma table unpacked, which tokenizer infixes to keep, the affix patterns' compiled
    code)."""

    _loaded = {}  # language -> its _StartMemory, once per process

    def __init__(self, lang):
        self.name, self.wanted = f"phrases-{lang}.pickle", _phrase_key(lang)
        self.known = user_cache.load(self.name, self.wanted) or {}
        self._new = False

    @classmethod
    def of(cls, lang):
        if lang not in cls._loaded:
            cls._loaded[lang] = cls(lang)
        return cls._loaded[lang]

    def recall(self, key, make):
        """What is kept under `key`, else what `make()` gives, kept from now on."""
        return self.known[key] if key in self.known else self.learn(key, make())

    def learn(self, text, forms):
        self.known[text] = forms
        self._new = True
        return forms

    def keep(self):
        if self._new:
            user_cache.store(self.name, self.wanted, self.known)
            self._new = False


def compiled_re(lang, expression):
    """re.compile(expression), from the code kept for it in `lang`'s start memory (made once): the
    tokenizer's affix patterns, whose character classes spell out every letter of Unicode, took
    0.03-0.05 s of every start to parse."""
    key = _memory_key(("re", expression))
    return compile_re(expression, remembered(lang, key, lambda: re_code(expression)))


def remembered(lang, key, make):
    """What `make()` gives, kept for `lang` under `key` (a tuple) in its _StartMemory, so under
    the same key (etiket's code and data files, spaCy's version): what a start would otherwise work
    out again from those files (a lemma table unpacked, which tokenizer infixes to keep, the affix
    patterns' compiled code). Stored in the cache by `keep`."""
    return _StartMemory.of(lang).recall(key, make)


def keep(lang):
    """Store what was learned for `lang` since it was loaded (pipeline.build calls it when built)."""
    if lang in _StartMemory._loaded:
        _StartMemory._loaded[lang].keep()


def _phrase_key(lang):
    import spacy.about  # not spacy.__version__: the package's __init__ may not have run (pipeline)

    package = Path(__file__).parent
    files = sorted(p for p in package.rglob("*") if p.suffix in (".py", ".json", ".gz") and "rules" not in p.parts)
    return user_cache.key(spacy.about.__version__, lang, *(f"{p}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in files))


class _TokenBounds:
    """Doc.char_span(start, end, alignment_mode="expand") as (start, end) token numbers, from the
    tokens' offsets read at once: a token owns its text and the whitespace after it."""

    def __init__(self, doc, chars):
        """`chars`: the length of doc.text (checks.base.text_of: spaCy joins it anew at each call)."""
        bounds = doc.to_array(["IDX", "LENGTH"]).tolist() if len(doc) else []
        self._starts = [idx for idx, _ in bounds]
        self._text_ends = [idx + length for idx, length in bounds]
        self._chars = chars

    def covering(self, start, end):
        """The tokens a match of characters [start, end) touches, None when it touches none (only
        whitespace, or nothing)."""
        if start >= self._chars or end <= 0:
            return None
        first = bisect_right(self._starts, start) - 1
        if start == self._text_ends[first]:  # the whitespace after a token is not that token
            first += 1
        last = bisect_right(self._starts, end - 1)
        return (first, last) if last > first else None


class _StepIndex:
    """The patterns a lexeme can pass one of the given steps of: steps testing a word list are
    indexed by its words, the others tested on the lexeme (its lexical tests only)."""

    def __init__(self, columns):
        self._columns = columns  # the TermIndex's: attribute -> column of a row
        self._word_columns = (0, frozenset())  # (len(columns) when read, word_columns()): see there
        self._words = defaultdict(set)  # (column, value hash) -> pattern numbers
        # the other steps' lexical tests, each distinct one once (most patterns share a few, such as
        # "not a punctuation mark"): key -> [the tests, pattern numbers]
        self._scanned = {}

    def add(self, number, steps):
        for tests in steps:
            test = _word_test(tests, self.word_columns())
            if test is None:
                lexical = _lexical(tests)
                self._scanned.setdefault(_tests_key(lexical), [lexical, set()])[1].add(number)
                continue
            column, op, value = test
            for word in [value] if op == "eq" else value:
                self._words[column, word].add(number)

    def passed(self, row, strings):
        words = self._words
        found = {n for column in self.word_columns() for n in words.get((column, row[column]), ())}
        for tests, numbers in self._scanned.values():
            if not numbers <= found and tokenmatch.passes(tests, row, strings):
                found |= numbers
        return found

    def word_columns(self):
        """The columns holding strings; read again only when a pattern added a column (it runs for
        every new lexeme)."""
        if self._word_columns[0] != len(self._columns):
            columns = frozenset(self._columns[a] for a in tokenmatch.STRING_ATTRS if a in self._columns)
            self._word_columns = (len(self._columns), columns)
        return self._word_columns[1]


class _Gate:
    """Which regexes a text may match: those each of whose clauses (termsyntax.required_literals)
    has a literal in the lowered text. Literals are found through the text's chunks (its runs
    without white space, str.split): a literal without white space lies inside one chunk, and what
    each chunk holds is remembered across texts, as most words recur. A literal with white space in
    it is looked for only in a line holding its longest chunk. What each line holds is remembered
    too: replies repeat whole lines (greetings, closings, a template's sentences). Literals that
    span lines or are white space only are looked for in the whole text."""

    def __init__(self):
        # piece (a literal without white space, or the longest chunk of one with) -> [numbers of the
        # regexes whose first clause it holds, ids of the other clauses it holds, {literal with
        # white space: (numbers, clause ids)}]
        self._pieces = {}
        self._lengths = []  # the pieces' lengths, shortest first (None: to be read again)
        self._across = {}  # literal of white space only, or holding a line break -> (numbers, clause ids)
        self._rest = {}  # number of a regex -> the ids of its clauses after the first, all of which must hold too
        self._clauses = {}  # each distinct clause after a first one -> its id
        self._ungated = []  # numbers of the regexes without required literals: they always run
        self._chunks = {}  # chunk -> (numbers, clause ids, pieces with spaced literals): see _chunk
        self._lines = {}  # line -> (numbers, clause ids): see _line
        self._line_entries = {}  # each distinct entry of _lines, shared by the lines having it

    def add(self, number, clauses):
        if not clauses:
            self._ungated.append(number)
            return
        self._lets(clauses[0], number, 0)
        if len(clauses) > 1:
            ids = [self._clauses.setdefault(clause, len(self._clauses)) for clause in clauses[1:]]
            self._rest[number] = frozenset(ids)
            for clause, id_ in zip(clauses[1:], ids):
                self._lets(clause, id_, 1)
        self._lengths = None  # read again on the first chunk looked up (not per regex added)
        self._chunks.clear()
        self._lines.clear()
        self._line_entries.clear()

    def _lets(self, clause, target, kind):
        """Each literal of `clause`, when found, adds `target` to the numbers (kind 0) or clause ids (1)."""
        for literal in clause:
            pieces = literal.split()
            if not pieces or "\n" in literal:
                self._across.setdefault(literal, ([], []))[kind].append(target)
                continue
            entry = self._pieces.setdefault(max(pieces, key=len), [[], [], {}])
            if pieces == [literal]:
                entry[kind].append(target)
            else:
                entry[2].setdefault(literal, ([], []))[kind].append(target)

    def due(self, text, count):
        """The numbers of the regexes (of `count`) that may match `text`; all of them when the text
        holds a letter that case folding could take for another (see termsyntax)."""
        if not gate_applies(text):
            return range(count)
        lowered = with_marks(text)
        lines = self._lines
        entries = [lines.get(line) or self._line(line) for line in set(lowered.split("\n"))]
        due = set().union(*[numbers for numbers, _ in entries])
        held = set().union(*[ids for _, ids in entries])
        for literal, (numbers, ids) in self._across.items():
            if literal in lowered:
                due.update(numbers)
                held.update(ids)
        rest = self._rest
        due.difference_update([number for number in rest.keys() & due if not rest[number] <= held])
        return due.union(self._ungated) if self._ungated else due

    def _line(self, line):
        """What a line holds: the literals of its chunks, and the literals with white space in it."""
        chunks = self._chunks
        entries = [chunks.get(chunk) or self._chunk(chunk) for chunk in set(line.split())]
        numbers = set().union(*[numbers for numbers, _, _ in entries])
        ids = set().union(*[ids for _, ids, _ in entries])
        for piece in {piece for _, _, pieces in entries for piece in pieces}:
            for literal, (found, held) in self._pieces[piece][2].items():
                if literal in line:
                    numbers.update(found)
                    ids.update(held)
        entry = (frozenset(numbers), frozenset(ids))
        if len(line) <= LINE:
            if len(self._lines) >= LINES:  # memory stays bounded on a long run of new lines
                self._lines.clear()
                self._line_entries.clear()
            # a few hundred distinct entries serve thousands of lines: one object each (the 7,071
            # lines of id-10k held 33 MB with an entry each, 5 MB with 646 shared)
            entry = self._lines[line] = self._line_entries.setdefault(entry, entry)
        return entry

    def _chunk(self, chunk):
        """What a chunk holds: each of its substrings as long as a piece, looked up."""
        if self._lengths is None:
            self._lengths = sorted({len(piece) for piece in self._pieces})
        size, pieces = len(chunk), self._pieces
        found = {chunk[i:i + n] for n in self._lengths if n <= size for i in range(size - n + 1)}
        found = [(piece, pieces[piece]) for piece in found if piece in pieces]
        entry = (frozenset(n for _, (numbers, _, _) in found for n in numbers),
                 frozenset(i for _, (_, ids, _) in found for i in ids),
                 tuple(piece for piece, (_, _, spaced) in found if spaced))
        if len(self._chunks) >= CHUNKS:  # memory stays bounded on a long run of new words
            self._chunks.clear()
        self._chunks[chunk] = entry
        return entry


def _windows(sents, size=WINDOW):
    """Runs of whole sentences (start, end) of about `size` tokens: a Matcher call costs about
    the same for a three-word line as for a window of them, so short lines are grouped."""
    windows, begin = [], 0
    for _, end in sents:
        if end - begin >= size:
            windows.append((begin, end))
            begin = end
    if sents and begin < sents[-1][1]:
        windows.append((begin, sents[-1][1]))
    return windows


class _SentenceOf:
    """The number of each token's sentence, worked out when a match is first tested (most replies
    have no match of a pattern that is not run per sentence)."""

    def __init__(self, sents):
        self._sents, self._numbers = sents, None

    def __getitem__(self, i):
        if self._numbers is None:
            numbers = self._numbers = [0] * (self._sents[-1][1] if self._sents else 0)
            for number, (start, end) in enumerate(self._sents):
                numbers[start:end] = [number] * (end - start)
        return self._numbers[i]


def _in_one_sentence(rows, sentence_of, start, end):
    """A match stays inside one sentence; the line break just before a line belongs to that line
    ("\nMbak Tari" as a signature). `rows` hold IS_SPACE in column 1."""
    if rows[start][1] and start + 1 < end:
        start += 1
    return sentence_of[start] == sentence_of[end - 1]


def _sentences(rows):
    """(start, end) of each sentence, as Doc.sents gives them, from the SENT_START column (0)."""
    starts = [0] + [i for i in range(1, len(rows)) if rows[i][0] == 1]
    return list(zip(starts, starts[1:] + [len(rows)]))


def _sentence_limits(rows, sents):
    """For each token, the furthest end of a match starting there in a per-sentence run: its
    sentence's end, or the next one's for the line break that opens it."""
    limits = [0] * len(rows)
    for start, end in sents:
        limits[start:end] = [end] * (end - start)
        if start and rows[start - 1][1]:
            limits[start - 1] = end
    return limits


def _window_limits(sents, length):
    limits = [0] * length
    for begin, end in _windows(sents):
        limits[begin:end] = [end] * (end - begin)
    return limits


def _remaining(deadline):
    return None if deadline is None else max(0.001, deadline - time.monotonic())


def _word_test(tests, words):
    """The first test of a step that reads a word (an ORTH, LOWER, NORM ... value or list: its column
    is one of `words`), or None."""
    return next((t for t in tests if t[1] in ("eq", "in") and t[0] in words), None)


def _tests_key(tests):
    """What identifies a step's tests (a REGEX test by its pattern, not by the answers it remembers)."""
    return tuple((column, op, value[0] if op == "regex" else _tests_key(value) if op == "not" else value)
                 for column, op, value in tests)


def _lexical(tests):
    """The tests of a step a lexeme can answer: all but the sentence start (column 0) and negations."""
    return tuple(t for t in tests if t[0] not in (0, None))


def _first_words(pattern):
    """The lower-case words (or NORM markers such as "<url>") a pattern can start with, or None
    when its first token is not a plain word test (a regex, a wildcard, an optional token)."""
    first = pattern[0] if pattern else {}
    if first.get("OP"):
        return None
    value = next((first[a] for a in ("LOWER", "ORTH", "NORM") if a in first), None)
    if isinstance(value, str):
        return {value.lower()}
    if isinstance(value, dict) and set(value) == {"IN"}:
        return {str(v).lower() for v in value["IN"]}
    return None
