"""metric: a measured value (words per sentence or per paragraph) must stay at or under `max`."""

import re

from etiket import opaque
from etiket.checks.base import Check

# A word, or an opaque span (a URL, a placeholder, a handle: masked by opaque.mask) counted as one.
_WORD = re.compile(rf"[^\W\d_][\w'’-]*|{opaque.FILLER}+")
# A paragraph ends at a blank line; each list item ("- ", "* ", "1. ") also stands on its own.
_PARAGRAPH = re.compile(r"\S(?:.|\n(?![ \t]*\n)(?![ \t]*(?:[-*•]|\d{1,2}[.)])[ \t]))*")


def sentence_words(doc):
    text = _masked(doc)
    return [(sent, len(_WORD.findall(text, sent.start_char, sent.end_char))) for sent in doc.sents]


def paragraph_words(doc):
    text, found = _masked(doc), []
    for m in _PARAGRAPH.finditer(doc.text):
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is not None:
            found.append((span, len(_WORD.findall(text, m.start(), m.end()))))
    return found


def _masked(doc):
    return opaque.mask(doc.text, doc.user_data.get(opaque.KEY))


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
