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
from etiket.termsyntax import CAPITALS, DIGIT, gate_applies, required_literals

KINDS = ("placeholder", "url", "email", "mention", "hashtag", "entity")
# Stands in for every character of an opaque span in `mask`: a private-use character is neither a
# word character, nor white space, nor punctuation, so no rule regex can match a word inside the
# span, take the span for a word, or see a sentence end in it.
FILLER = "\ue000"
# Where the pipeline leaves a Doc's opaque spans (in doc.user_data).
KEY = "etiket.opaque"


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str


@cache
def _patterns(placeholders=()):
    """(kind, one regex for its patterns, the literals one of which a text needs for it to match
    and whether they are read in the lowered text: see _needed) per kind; `placeholders` are a
    project's own (config key `placeholders`), added to the shipped placeholder patterns."""
    table = {**defaults.load()["opaque"]}
    table["placeholder"] = [*table["placeholder"], *placeholders]
    return [(kind, re.compile("|".join(f"(?:{p})" for p in table[kind])), *_needed(table[kind]))
            for kind in KINDS if table.get(kind)]


def _needed(patterns):
    """(literals one of which every match of `patterns` holds, whether one has a cased letter):
    of each pattern's required literals (termsyntax.required_literals, the rule regexes' gate) a
    clause without a gate's marks, the one with the fewest literals if it has no cased letter (a
    text is then read as it is: lowering neither makes nor changes them), else the strongest;
    literals holding another left out. (None, False) when a pattern has no such clause: the
    kind is then looked for in every text."""
    needed = set()
    for pattern in patterns:
        clauses = [clause for clause in required_literals(pattern) or () if not any(map(_marked, clause))]
        caseless = [clause for clause in clauses if all(literal.lower() == literal.upper() for literal in clause)]
        if not clauses:
            return None, False
        needed |= min(caseless, key=len) if caseless else clauses[0]
    needed = [literal for literal in needed if not any(other != literal and other in literal for other in needed)]
    return tuple(sorted(needed)), any(literal.lower() != literal.upper() for literal in needed)


def _marked(literal):
    return DIGIT in literal or CAPITALS in literal


def find(text, placeholders=()):
    """The opaque spans of `text`, in order and never overlapping: where two overlap, the one that
    starts first wins, then the longer one, then the kind listed first. `placeholders`: a tuple of
    extra placeholder patterns."""
    found, lowered = [], None
    for rank, (kind, regex, needed, cased) in enumerate(_patterns(placeholders)):
        # most replies have no @, #, &, {, % or [, nor a link: a regex tried at every position
        # costs more than the look-ups (a kind's cased literals are read in the lowered text,
        # when case folding cannot take a letter of it for another: termsyntax.gate_applies)
        if cased and lowered is None:
            lowered = text.lower() if gate_applies(text) else ""
        read = lowered if cased else text
        if needed is None or not read or any(map(read.__contains__, needed)):
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

