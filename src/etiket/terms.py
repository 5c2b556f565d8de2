"""Term lists (phrases, lemmas, token patterns, regexes) compiled once into shared spaCy matchers.

Every rule registers its term lists under a key; one pass of each matcher over a Doc then answers
all rules at once, which keeps the cost per reply flat as rules are added.
"""

import re
from collections import defaultdict

from spacy.errors import MatchPatternError
from spacy.matcher import Matcher, PhraseMatcher
from spacy.vocab import Vocab

from etiket import opaque

TERM_KINDS = ("phrases", "lemmas", "patterns", "regex")


def pattern_problem(pattern):
    """The reason spaCy rejects a token pattern, or None when it is valid."""
    matcher = Matcher(Vocab(), validate=True)
    try:
        matcher.add("check", [list(pattern)])
    except (MatchPatternError, ValueError, TypeError, KeyError) as exc:
        return " ".join(str(exc).split())[:300]
    return None


class TermIndex:
    """All term lists of one language, matched in one pass per Doc."""

    def __init__(self, nlp, lemmatize):
        self._nlp = nlp
        self._lemmatize = lemmatize
        self._lower = PhraseMatcher(nlp.vocab, attr="NORM")
        self._lemma = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self._tokens = []  # (first words that can start a match or None, Matcher): see `find`
        self._regex = []

    def add(self, key, terms):
        """Register a term list (a dict with any of TERM_KINDS) under `key`."""
        if terms.get("phrases"):
            self._lower.add(key, [self._lemmatize(self._nlp.make_doc(p)) for p in terms["phrases"]])
        if terms.get("lemmas"):
            self._lemma.add(key, [self._lemmatize(self._nlp.make_doc(p)) for p in terms["lemmas"]])
        if terms.get("patterns"):
            matcher = Matcher(self._nlp.vocab)
            matcher.add(key, [list(p) for p in terms["patterns"]])
            first = _first_words(terms["patterns"])
            hashes = None if first is None else frozenset(self._nlp.vocab.strings.add(w) for w in first)
            self._tokens.append((hashes, matcher))
        for regex in terms.get("regex", ()):
            self._regex.append((key, re.compile(regex, re.IGNORECASE)))

    def find(self, doc):
        """Map each key to the sorted, de-duplicated spans where its terms occur in `doc`."""
        found = defaultdict(set)
        strings = self._nlp.vocab.strings
        for matcher in (self._lower, self._lemma):
            if len(matcher):
                for match_id, start, end in matcher(doc):
                    found[strings[match_id]].add((start, end))
        # Token patterns run sentence by sentence, so a wildcard never reaches into the next
        # sentence and partial matches cannot pile up over a long reply; and a term list's
        # patterns run only where one of their possible first words occurs (a Matcher otherwise
        # tests every pattern's first token at every token, most of the time spent for nothing).
        lower = doc.to_array("LOWER").tolist()
        for sent in doc.sents:
            # the line break before a line belongs to it too ("\nMbak Tari" as a signature)
            begin = sent.start - 1 if sent.start and doc[sent.start - 1].is_space else sent.start
            window = doc[begin:sent.end]
            words = set(lower[begin:sent.end])
            for first, matcher in self._tokens:
                if first is None or not first.isdisjoint(words):
                    for match_id, start, end in matcher(window):
                        found[strings[match_id]].add((begin + start, begin + end))
        # Opaque spans (URLs, placeholders, handles) are masked, not dropped afterwards: a regex then
        # neither matches a word inside one nor reads one as the word it needs next to a match.
        # Same length: offsets stay valid.
        text = opaque.mask(doc.text.replace("’", "'"), doc.user_data.get(opaque.KEY))
        for key, regex in self._regex:
            for m in regex.finditer(text):
                span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
                if span is not None and len(span):
                    found[key].add((span.start, span.end))
        return {key: [doc[s:e] for s, e in sorted(spans)] for key, spans in found.items()}


def _first_words(patterns):
    """The lower-case words any of `patterns` can start with, or None when a first token is not a
    plain word test (a wildcard, a shape, an optional token)."""
    words = set()
    for pattern in patterns:
        first = pattern[0] if pattern else {}
        value = first.get("LOWER", first.get("ORTH")) if not first.get("OP") else None
        if isinstance(value, str):
            words.add(value.lower())
        elif isinstance(value, dict) and set(value) == {"IN"}:
            words.update(str(v).lower() for v in value["IN"])
        else:
            return None
    return frozenset(words)
