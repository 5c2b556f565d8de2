"""Opaque spans: template placeholders, URLs, e-mail addresses, @mentions, #hashtags, HTML entities.

Each stands for something else (a name the sending tool fills in, a link, a handle), so rules must
never read the words inside it. The patterns are data (`opaque:` in data/defaults.yaml), compiled
once into one alternation per kind. No spaCy here: the pipeline merges each span into one token,
and term matching masks the spans in the text its regexes see.
"""

import re
from dataclasses import dataclass
from functools import cache

from etiket import defaults

KINDS = ("placeholder", "url", "email", "mention", "hashtag", "entity")
# Stands in for every character of an opaque span in `mask`: a private-use character is neither a
# word character, nor white space, nor punctuation, so no rule regex can match a word inside the
# span, take the span for a word, or see a sentence end in it.
FILLER = "\ue000"
# Where the pipeline leaves a Doc's opaque spans (in doc.user_data).
KEY = "etiket.opaque"


# The character every shipped pattern of a kind matches: a text without it has no span of that
# kind, and its regex is not run (most replies have no @, # or &). Placeholders, which a project
# may add to, and URLs are always looked for.
_NEEDS = {"email": "@", "mention": "@", "hashtag": "#", "entity": "&"}


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str


@cache
def _patterns(placeholders=()):
    """One regex per kind; `placeholders` are a project's own (config key `placeholders`), added to
    the shipped placeholder patterns."""
    table = {**defaults.load()["opaque"]}
    table["placeholder"] = [*table["placeholder"], *placeholders]
    return [(kind, re.compile("|".join(f"(?:{p})" for p in table[kind]))) for kind in KINDS if table.get(kind)]


def find(text, placeholders=()):
    """The opaque spans of `text`, in order and never overlapping: where two overlap, the one that
    starts first wins, then the longer one, then the kind listed first. `placeholders`: a tuple of
    extra placeholder patterns."""
    found = []
    for rank, (kind, regex) in enumerate(_patterns(placeholders)):
        if _NEEDS.get(kind, "") in text:
            found += [(m.start(), -m.end(), rank, kind) for m in regex.finditer(text) if m.end() > m.start()]
    spans, end = [], 0
    for start, negative_end, _, kind in sorted(found):
        if start >= end:
            spans.append(Span(start, -negative_end, kind))
            end = -negative_end
    return spans


def address_line(text, spans):
    """The @mentions a public reply opens with: its address line, as "Hi Dana," is an e-mail's."""
    lead, end = [], 0
    for span in spans:
        if span.kind != "mention" or text[end:span.start].strip():
            break
        lead.append(span)
        end = span.end
    return lead


def mask(text, spans):
    """`text` with every character of each span replaced by FILLER: same length, so offsets hold.
    The address line becomes spaces and a line break instead, so a regex that looks for the start
    of a sentence (after a line break) finds it right after the handles, as the pipeline does."""
    if not spans:
        return text
    parts, last = [], 0
    lead = address_line(text, spans)
    for span in spans:
        size = span.end - span.start
        parts += [text[last:span.start], " " * (size - 1) + "\n" if span in lead else FILLER * size]
        last = span.end
    parts.append(text[last:])
    return "".join(parts)

