"""Term lists (phrases, lemmas, token patterns, regexes) compiled once into shared spaCy matchers.

Every rule registers its term lists under a key; one pass of each matcher over a Doc then answers
all rules at once, which keeps the cost per reply flat as rules are added.
"""

import time
from collections import defaultdict

from spacy.matcher import Matcher, PhraseMatcher

from etiket import opaque
from etiket.termsyntax import compile_regex

TERM_KINDS = ("phrases", "lemmas", "patterns", "regex")
WINDOW = 64  # tokens: see _windows


class TermIndex:
    """All term lists of one language, matched in one pass per Doc."""

    def __init__(self, nlp, lemmatize):
        self._nlp = nlp
        self._lemmatize = lemmatize
        self._lower = PhraseMatcher(nlp.vocab, attr="NORM")
        self._lemma = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self._tokens = []  # one Matcher per term list
        self._starting = defaultdict(list)  # word (hash) -> the Matchers with a pattern starting with it
        self._ungated = Matcher(nlp.vocab)  # patterns whose first token is not a plain word test
        self._regex = []

    def add(self, key, terms):
        """Register a term list (a dict with any of TERM_KINDS) under `key`."""
        if terms.get("phrases"):
            self._lower.add(key, [self._lemmatize(self._nlp.make_doc(p)) for p in terms["phrases"]])
        if terms.get("lemmas"):
            self._lemma.add(key, [self._lemmatize(self._nlp.make_doc(p)) for p in terms["lemmas"]])
        gated, ungated = [], []
        for pattern in terms.get("patterns", ()):
            first = _first_words(pattern)
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
            self._regex.append((key, compile_regex(regex)))

    def _match_tokens(self, doc, found):
        """Token patterns. A term list's patterns run only in sentences holding a word they can
        start with (a Matcher otherwise tests every pattern's first token at every token, mostly
        for nothing); the few patterns that start with a regex or a wildcard run together, over
        windows of whole sentences. Never over the whole Doc: a wildcard's partial matches would
        pile up over a long reply, and time would not stay linear."""
        forms = doc.to_array(["LOWER", "NORM"]).tolist()
        sents = [(sent.start, sent.end) for sent in doc.sents]
        sentence_of = [0] * len(doc)
        for number, (start, end) in enumerate(sents):
            sentence_of[start:end] = [number] * (end - start)
            # the line break just before a line belongs to it ("\nMbak Tari" as a signature)
            begin = start - 1 if start and doc[start - 1].is_space else start
            due = {i for token in forms[begin:end] for form in token for i in self._starting.get(form, ())}
            for i in sorted(due):
                self._collect(self._tokens[i], doc, begin, end, found)
        if len(self._ungated):
            for begin, end in _windows(sents):
                self._collect(self._ungated, doc, begin, end, found, sentence_of)

    def _collect(self, matcher, doc, begin, end, found, sentence_of=None):
        strings = self._nlp.vocab.strings
        for match_id, start, stop in matcher(doc[begin:end]):
            if sentence_of is None or _in_one_sentence(doc, sentence_of, begin + start, begin + stop):
                found[strings[match_id]].add((begin + start, begin + stop))

    def find(self, doc, deadline=None, overrun=None):
        """Map each key to the sorted, de-duplicated spans where its terms occur in `doc`.

        A regex still running at `deadline` (time.monotonic()) is stopped and its key added to
        `overrun`: a rule pack's runaway pattern ("(a+)+$") costs one reply its budget, not the run."""
        found = defaultdict(set)
        strings = self._nlp.vocab.strings
        for matcher in (self._lower, self._lemma):
            if len(matcher):
                for match_id, start, end in matcher(doc):
                    found[strings[match_id]].add((start, end))
        self._match_tokens(doc, found)
        # Opaque spans (URLs, placeholders, handles) are masked, not dropped afterwards: a regex then
        # neither matches a word inside one nor reads one as the word it needs next to a match.
        # Same length: offsets stay valid.
        text = opaque.mask(doc.text.replace("’", "'"), doc.user_data.get(opaque.KEY))
        for key, regex in self._regex:
            try:
                for m in regex.finditer(text, timeout=_remaining(deadline)):
                    span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
                    if span is not None and len(span):
                        found[key].add((span.start, span.end))
            except TimeoutError:
                if overrun is not None:
                    overrun.append(key)
        return {key: [doc[s:e] for s, e in sorted(spans)] for key, spans in found.items()}


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


def _in_one_sentence(doc, sentence_of, start, end):
    """A match stays inside one sentence; the line break just before a line belongs to that line
    ("\nMbak Tari" as a signature)."""
    if doc[start].is_space and start + 1 < end:
        start += 1
    return sentence_of[start] == sentence_of[end - 1]


def _remaining(deadline):
    return None if deadline is None else max(0.001, deadline - time.monotonic())


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
