"""metric: a measured value (words per sentence or per paragraph) must stay at or under `max`."""

import re

from etiket import opaque
from etiket.checks.base import Check, sentences, text_of

# A word, or an opaque span (a URL, a placeholder, a handle: masked by opaque.mask) counted as one.
_WORD = re.compile(rf"[^\W\d_][\w'’-]*|{opaque.FILLER}+")
# A paragraph ends at a blank line; each list item ("- ", "* ", "1. ") also stands on its own.
_PARAGRAPH = re.compile(r"\S(?:.|\n(?![ \t]*\n)(?![ \t]*(?:[-*•]|\d{1,2}[.)])[ \t]))*")


def sentence_words(doc):
    text, found = _masked(doc), []
    for start, end in sentences(doc):
        sent = doc[start:end]
        found.append((sent, len(_WORD.findall(text, sent.start_char, sent.end_char))))
    return found


def paragraph_words(doc):
    text, found = _masked(doc), []
    for m in _PARAGRAPH.finditer(text_of(doc)):
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is not None:
            found.append((span, len(_WORD.findall(text, m.start(), m.end()))))
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
        over = [(span, value) for span, value in self._measure(ctx.doc) if value > self._max]
        return [(span, {"value": value, "max": self._max}) for span, value in over if self.allowed([span], ctx)]
