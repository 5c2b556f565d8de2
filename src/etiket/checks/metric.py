"""metric: a measured value (words per sentence or per paragraph) must stay at or under `max`."""

import re

from etiket import opaque
from etiket.checks.base import Check, sentence_chars, sentences, text_of

# A word, or an opaque span (a URL, a placeholder, a handle: masked by opaque.mask) counted as one.
_WORD = re.compile(rf"[^\W\d_][\w'’-]*|{opaque.FILLER}+")
# A paragraph ends at a blank line; each list item ("- ", "* ", "1. ") also stands on its own. A
# line's characters are taken as one run: `(?:.|\n...)*` went round its loop once per character
# (4-5 times slower); nothing follows the loop, so its greedy end, and each match, is the same.
_PARAGRAPH = re.compile(r"\S(?:[^\n]+|\n(?![ \t]*\n)(?![ \t]*(?:[-*•]|\d{1,2}[.)])[ \t]))*")


def sentence_words(doc):
    """((start, end) token offsets, words) of each sentence."""
    text = _masked(doc)
    return [(bounds, len(_WORD.findall(text, first, last))) for bounds, (first, last) in zip(sentences(doc), sentence_chars(doc))]


def paragraph_words(doc):
    """((start, end) token offsets, words) of each paragraph."""
    text, found = _masked(doc), []
    for m in _PARAGRAPH.finditer(text_of(doc)):
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is not None:
            found.append(((span.start, span.end), len(_WORD.findall(text, m.start(), m.end()))))
    return found


def _masked(doc):
    """The Doc's text with its opaque spans masked, made once for both metrics."""
    found = doc.user_data.get(_MASKED)
    if found is None:
        found = doc.user_data[_MASKED] = opaque.mask(text_of(doc), doc.user_data.get(opaque.KEY))
    return found


_MASKED = "etiket.metric.masked"


METRICS = {
    "sentence-words": sentence_words,
    "paragraph-words": paragraph_words,
}


class Metric(Check):
    OPTIONS = {
        "properties": {"metric": {"enum": list(METRICS)}, "max": {"type": "number", "minimum": 0}},
        "required": ["metric", "max"],
    }
    PLACEHOLDERS = ("value", "max")

    def __init__(self, rule, lang, indexes):
        super().__init__(rule, lang, indexes)
        self._measure = METRICS[rule.spec["metric"]]
        self._max = rule.spec["max"]

    def find(self, ctx):
        doc = ctx.doc  # a Span only for a measure over the limit: most replies have none
        over = [(doc[start:end], value) for (start, end), value in self._measure(doc) if value > self._max]
        return [(span, {"value": value, "max": self._max}) for span, value in over if self.allowed([span], ctx)]
