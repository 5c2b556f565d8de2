"""metric: a measured value (words per sentence, share of capitals, ...) must stay at or under `max`."""

import re

from etiket.checks.base import Check

_WORD = re.compile(r"[^\W\d_][\w'’-]*")
# A paragraph ends at a blank line; each list item ("- ", "* ", "1. ") also stands on its own.
_PARAGRAPH = re.compile(r"\S(?:.|\n(?![ \t]*\n)(?![ \t]*(?:[-*•]|\d{1,2}[.)])[ \t]))*")


def sentence_words(doc):
    return [(sent, len(_WORD.findall(sent.text))) for sent in doc.sents]


def paragraph_words(doc):
    found = []
    for m in _PARAGRAPH.finditer(doc.text):
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is not None:
            found.append((span, len(_WORD.findall(m.group()))))
    return found


def caps_share(doc):
    letters = [c for c in doc.text if c.isalpha()]
    if len(letters) < 20:
        return []
    share = sum(c.isupper() for c in letters) / len(letters)
    return [(doc[:], round(share, 2))]


METRICS = {
    "sentence-words": sentence_words,
    "paragraph-words": paragraph_words,
    "caps-share": caps_share,
}


class Metric(Check):
    def __init__(self, rule, lang, indexes):
        super().__init__(rule, lang, indexes)
        self._measure = METRICS[rule.spec["metric"]]
        self._max = rule.spec["max"]

    def find(self, ctx):
        over = [(span, value) for span, value in self._measure(ctx.doc) if value > self._max]
        return [(span, {"value": value, "max": self._max}) for span, value in over if self.allowed([span], ctx)]
