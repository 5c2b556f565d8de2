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
        self._tokens = Matcher(nlp.vocab)
        self._regex = []

    def add(self, key, terms):
        """Register a term list (a dict with any of TERM_KINDS) under `key`."""
        if terms.get("phrases"):
            self._lower.add(key, [self._lemmatize(self._nlp.make_doc(p)) for p in terms["phrases"]])
        if terms.get("lemmas"):
            self._lemma.add(key, [self._lemmatize(self._nlp.make_doc(p)) for p in terms["lemmas"]])
        if terms.get("patterns"):
            self._tokens.add(key, [list(p) for p in terms["patterns"]])
        for regex in terms.get("regex", ()):
            self._regex.append((key, re.compile(regex, re.IGNORECASE)))

    def find(self, doc):
        """Map each key to the sorted, de-duplicated spans where its terms occur in `doc`."""
        found = defaultdict(set)
        strings = self._nlp.vocab.strings
        for matcher in (self._lower, self._lemma, self._tokens):
            if not len(matcher):
                continue
            for match_id, start, end in matcher(doc):
                found[strings[match_id]].add((start, end))
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
