"""Quoted history and signatures in plain text: the lines the writer did not write for this reply.

A pasted or e-mailed reply often carries the customer's message along: "> " lines, an
"On … wrote:" / "Pada … menulis:" line (wrapped over two lines by some mailers), Outlook's
"-----Original Message-----" or "From: … Sent: …" / "Dari: … Dikirim: …" block. After the RFC 3676
signature delimiter "-- " come the writer's name card and disclaimers. Rules must judge only the
writer's own words (the greeting and the closing above the delimiter stay), and the quoted message
is what the reply answers, so it becomes the customer's context.
"""

import re
from dataclasses import dataclass

_QUOTE = re.compile(r"[ \t]*>")
_QUOTE_MARKS = re.compile(r"^[ \t]*(?:>[ \t]?)+")
# Attribution lines of Gmail, Apple Mail, Thunderbird, in English and Indonesian. Bounded, so a
# long line costs no more than a short one.
_ATTRIBUTION = re.compile(r"[ \t]*(?:On|Pada)\s.{0,400}?\s(?:wrote|menulis)\s*:\s*$")
_OPENS_ATTRIBUTION = re.compile(r"[ \t]*(?:On|Pada)\s")
_SEPARATOR = re.compile(
    r"[ \t]*-{2,}\s*(?:Original Message|Pesan Asli|Forwarded message|Pesan yang diteruskan)\s*-{2,}\s*$"
    r"|[ \t]*_{10,}\s*$", re.IGNORECASE)
_FIELD = re.compile(
    r"[ \t]*\*?(?:From|Sent|Date|To|Cc|Bcc|Subject|Reply-To|Dari|Dikirim|Terkirim|Tanggal|Kepada|Untuk"
    r"|Tembusan|Perihal|Subjek)\s*:\*?(?:\s|$)", re.IGNORECASE)
_SENDER = re.compile(r"[ \t]*\*?(?:From|Dari)\s*:", re.IGNORECASE)
_WHEN = re.compile(r"[ \t]*\*?(?:Sent|Date|Dikirim|Terkirim|Tanggal)\s*:", re.IGNORECASE)
# An Outlook header has a handful of fields; looking no further keeps long inputs linear.
_MOST_FIELDS = 10
_SIGNATURE = re.compile("--[ \u00a0]?[ \t]*$")
# Legal boilerplate that mail systems append without a "-- " delimiter.
_DISCLAIMER = re.compile(
    r"[ \t]*(?:(?:PERHATIAN|PENTING|NOTICE|IMPORTANT)\s*:\s*)?"
    r"(?:DISCLAIMER|CONFIDENTIALITY NOTICE|PENAFIAN|PEMBERITAHUAN KERAHASIAAN"
    r"|This (?:e-?mail|message) (?:and any|is confidential|is (?:solely |only )?intended (?:solely |only )?for"
    r"|may contain (?:confidential|privileged)|contains confidential)"
    r"|(?:E-?mail|Surel|Pesan) ini (?:dan|beserta|bersifat|hanya ditujukan|berisi informasi))", re.IGNORECASE)


@dataclass
class Split:
    kept: list  # (start, end) character spans of the writer's own text, in order
    quoted: str  # the quoted message as its writer wrote it: no ">" markers, attribution or headers


def split(text, disclaimers=False):
    """Separate the writer's own words from quoted history and the signature. `disclaimers` also
    cuts legal boilerplate paragraphs without a "-- " line (e-mail systems append them)."""
    lines = text.splitlines(keepends=True)
    starts = _starts(lines)
    bare = [line.rstrip("\r\n") for line in lines]
    dropped, history, i = [], [], 0
    while i < len(bare):
        if _QUOTE.match(bare[i]):
            dropped.append((i, i + 1))
            history.append(bare[i])
            i += 1
            continue
        attribution = _attribution(bare, i)
        if attribution and _quote_follows(bare, i + attribution):
            dropped.append((i, i + attribution))
            i += attribution
            continue
        if attribution or _header_block(bare, i):
            dropped.append((i, len(bare)))
            history += bare[i:]
            break
        if _SIGNATURE.match(bare[i]) or (disclaimers and _disclaimer(bare, i)):
            end = _next_history(bare, i + 1)
            dropped.append((i, end))
            i = end
            continue
        i += 1
    return Split(kept=_kept(starts, dropped), quoted=unquote("\n".join(history)))


def unquote(text):
    """The words of a quoted message: ">" markers, attribution lines and header blocks left out."""
    lines = [_QUOTE_MARKS.sub("", line) for line in text.splitlines()]
    words, i = [], 0
    while i < len(lines):
        skip = _attribution(lines, i) or _header_block(lines, i)
        if skip:
            i += skip
            continue
        words.append(lines[i])
        i += 1
    return "\n".join(words).strip()


def _starts(lines):
    starts, at = [], 0
    for line in lines:
        starts.append(at)
        at += len(line)
    starts.append(at)
    return starts


def _kept(starts, dropped):
    """The character spans between the dropped line ranges."""
    kept, at = [], 0
    for first, stop in dropped:
        if starts[first] > at:
            kept.append((at, starts[first]))
        at = starts[stop]
    if starts[-1] > at:
        kept.append((at, starts[-1]))
    return kept


def _attribution(lines, i):
    """How many lines (1 or 2) the "On … wrote:" line at `i` takes, or 0."""
    if not _OPENS_ATTRIBUTION.match(lines[i]):
        return 0
    if _ATTRIBUTION.match(lines[i]):
        return 1
    if i + 1 < len(lines) and lines[i + 1].strip() and _ATTRIBUTION.match(lines[i].rstrip() + " " + lines[i + 1].strip()):
        return 2
    return 0


def _quote_follows(lines, i):
    """Whether "> " lines follow (after blank lines): then only those are history, and the writer
    may answer below them."""
    while i < len(lines) and not lines[i].strip():
        i += 1
    return i < len(lines) and bool(_QUOTE.match(lines[i]))


def _header_block(lines, i):
    """How many lines an Outlook history header at `i` takes (a separator line and/or header fields
    naming a sender and a date), or 0."""
    at = i + 1 if _SEPARATOR.match(lines[i]) else i
    fields, last = at, min(len(lines), at + _MOST_FIELDS)
    while fields < last and _FIELD.match(lines[fields]):
        fields += 1
    header = lines[at:fields]
    if at > i and (fields > at or "_" not in lines[i]):
        return fields - i
    if header and _SENDER.match(header[0]) and any(_WHEN.match(line) for line in header[1:4]):
        return fields - i
    return 0


def _disclaimer(lines, i):
    """Boilerplate starting a paragraph, or right under a name card's last line (a short line that
    ends no sentence: "Customer Care | Contoso Energy"), as Outlook signatures append it."""
    if i == 0 or not _DISCLAIMER.match(lines[i]):
        return False
    above = lines[i - 1].strip()
    return not above or (len(above) <= _CARD_LINE and not above.endswith(_SENTENCE_ENDS))


_CARD_LINE = 60
_SENTENCE_ENDS = (".", ",", ":", ";", "!", "?")


def _next_history(lines, i):
    """Where quoted history starts at or after `i` (a signature ends there), else the end."""
    while i < len(lines) and not (_QUOTE.match(lines[i]) or _attribution(lines, i) or _header_block(lines, i)):
        i += 1
    return i
