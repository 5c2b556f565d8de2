"""E-mail replies (.eml files, or a message piped on stdin): the body the customer reads.

The standard library parses the MIME structure and picks the text/plain part, else the HTML one
(seen as its visible text). Headers are never checked; quoted history and the signature leave the
reply, and the quoted message becomes the customer context. The stdlib gives no offsets, so this
module finds the chosen body in the raw bytes itself and decodes it keeping, for every character,
the byte it came from: findings then point at lines of the .eml as the user opened it. Where that
cannot be done (base64, a message that does not split as the parser read it), positions are given
relative to the reply instead.
"""

import codecs
import re
from array import array

from etiket import errors
from etiket.readers import quotes
from etiket.reply import ByteMap, OffsetMap, RelativeMap, Reply, through

CHANNEL = "email"
# Enough of the start of an input to see its header block (DKIM and Received lines run long).
HEAD = 65536
_FIELD = re.compile(rb"([!-9;-~]+)[ \t]*:")
# Fields every real message has one of; two header lines alone could be a draft's first words.
_MAIL_FIELDS = {
    b"from", b"to", b"subject", b"date", b"message-id", b"mime-version", b"received", b"return-path",
    b"delivered-to", b"dkim-signature", b"content-type", b"reply-to", b"x-mailer", b"in-reply-to",
}
_SOFT_BREAK_OR_BYTE = re.compile(rb"=(?:([0-9A-Fa-f]{2})|[ \t]*\r?\n)")
_CR = re.compile("\r(?=\n)")
_LINE_BREAK = re.compile(rb"\r?\n")
_BLANK_LINE = re.compile(rb"\n\r?\n")
_MAPPED = {"7bit", "8bit", "binary", "quoted-printable"}


def is_mail(head):
    """Whether bytes open with a mail header block: header fields (two or more, one of them a
    field every message has) up to the first blank line. Without a blank line in `head`, the last
    line may be cut off and is not judged."""
    block = re.split(rb"\r?\n\r?\n", head, maxsplit=1)
    lines = block[0].split(b"\n")
    if len(block) == 1:
        lines = lines[:-1]
    if lines and lines[0].startswith(b"From "):
        lines = lines[1:]  # an mbox separator line
    names = []
    for line in lines:
        field = _FIELD.match(line)
        if field:
            names.append(field.group(1).lower())
        elif line[:1] not in (b" ", b"\t"):
            return False
    return len(names) >= 2 and any(name in _MAIL_FIELDS for name in names)


def read_mail(source, stream, options=None):
    data = stream.read()
    message, part = _parse(source, data)
    body, offsets = _body(data, message, part)
    earlier, subtype = "", part.get_content_subtype()
    if subtype == "html":
        from etiket.readers import html  # here, like the mail parser: sniffing stdin needs neither

        seen = html.visible(body)
        body, offsets, earlier = seen.text, None if offsets is None else through(seen.offsets, offsets), quotes.unquote(seen.quoted)
    cut = quotes.split(body, disclaimers=True)
    text, kept = _pick(body, array("q") if offsets is None else offsets, cut.kept)
    if subtype == "plain":
        text = unwrap(text, flowed=str(part.get_param("format", "")).lower() == "flowed")
    if not text.strip():
        raise errors.InputError(source, errors.EMPTY)
    positions = RelativeMap(text) if offsets is None else OffsetMap(kept, ByteMap(data))
    customer = "\n\n".join(words for words in (earlier, cut.quoted) if words) or None
    yield Reply(source=source, text=text, positions=positions, customer=customer, channel=CHANNEL)


# A plain-text mail is wrapped at 72-78 characters by the sender's client, and the reader's client shows each
# paragraph as one: a line this long, cut where no sentence ends, goes on in the next line.
WRAPPED = 55
_LIST_ITEM = re.compile(r"\s*(?:[-*•>]|\d+[.)])\s")


def unwrap(text, flowed=False):
    """`text` with the line breaks inside a hard-wrapped paragraph turned into spaces, so that
    "please reply with your full card\nnumber" reads as the customer reads it; same length, so
    every position still maps to the same place. A break goes when its line is as long as a
    wrapped line (or, in format=flowed, ends with a space: RFC 3676's soft break), does not end a
    sentence, and the next line is text, not a list item or a blank line."""
    lines = text.split("\n")
    out = list(text)
    at = 0
    for line, following in zip(lines, lines[1:]):
        at += len(line)
        words = line.rstrip()
        soft = flowed and line.endswith(" ")
        long_enough = len(words) >= WRAPPED and not words.endswith((".", "!", "?", ":"))
        if (soft or long_enough) and following.strip() and not _LIST_ITEM.match(following):
            out[at] = " "
        at += 1  # the break itself
    return "".join(out)


def _parse(source, data):
    """The message and the part to check: text/plain, else text/html (never an attachment)."""
    if not is_mail(data[:HEAD]):
        raise errors.InputError(source, errors.NOT_MAIL)
    import email.policy

    message = email.message_from_bytes(data, policy=email.policy.default)
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        raise errors.InputError(source, errors.NO_TEXT_PART)
    return message, part


def _body(data, message, part):
    """The part's text without CRs, and the raw byte offset of each character (None when it
    cannot be known)."""
    charset = _charset(part)
    expected = _decode(part.get_payload(decode=True) or b"", charset)[0]
    span = _locate(data, message, part)
    encoding = str(part.get("content-transfer-encoding", "7bit")).strip().lower()
    if span is None or encoding not in _MAPPED:
        return _CR.sub("", expected), None
    start, end = span
    if encoding == "quoted-printable":
        raw, sources = _unquote_printable(data, start, end)
    else:
        raw, sources = data[start:end], range(start, end)
    text, starts = _decode(raw, charset)
    if _CR.sub("", text) != _CR.sub("", expected):
        return _CR.sub("", expected), None  # the raw bytes split otherwise than the parser read them
    offsets = array("q", (sources[i] for i in starts))
    return _pick(text, offsets, _between(_CR.finditer(text), len(text)))


def _charset(part):
    """The part's charset; an unknown or missing one reads as UTF-8 (with replacement)."""
    name = part.get_content_charset() or "utf-8"
    try:
        b"-".decode(name, "replace")  # a codec that is no text encoding (base64, say) fails too
    except LookupError:
        return "utf-8"
    return name


def _locate(data, message, part):
    """The byte span of `part`'s body in the raw message, or None."""
    spans = {}
    _walk(data, 0, len(data), message, spans)
    return spans.get(id(part))


def _walk(data, start, end, entity, spans):
    """Record the body span of `entity` (raw bytes start..end) and of its parts, in the order the
    parser found them. A multipart whose raw pieces do not match its parts is not entered."""
    body = _body_start(data, start, end)
    spans[id(entity)] = (body, end)
    if entity.get_content_maintype() != "multipart" or not entity.get_boundary():
        return
    pieces = _pieces(data, body, end, entity.get_boundary())
    children = list(entity.iter_parts())
    if len(pieces) == len(children):
        for (first, last), child in zip(pieces, children):
            _walk(data, first, last, child, spans)


def _body_start(data, start, end):
    """Where the body begins: after the first blank line (at once, if the entity has no headers)."""
    blank = _LINE_BREAK.match(data, start, end)
    if blank:
        return blank.end()
    found = _BLANK_LINE.search(data, start, end)
    return found.end() if found else end


def _pieces(data, start, end, boundary):
    """The byte spans of a multipart body's parts: between "--boundary" lines, the line break
    before each delimiter belonging to the delimiter (RFC 2046), up to the closing "--boundary--"."""
    delimiter = re.compile(rb"(?:\r?\n|^)--" + re.escape(boundary.encode("utf-8", "surrogateescape")) + rb"(--)?[ \t]*(?:\r?\n|$)", re.MULTILINE)
    pieces, opened = [], None
    for found in delimiter.finditer(data, start, end):
        if opened is not None:
            pieces.append((opened, found.start()))
        if found.group(1):
            break
        opened = found.end()
    return pieces


def _unquote_printable(data, start, end):
    """Quoted-printable bytes decoded, with the raw offset of every decoded byte: "=XX" stands at
    its "=", a soft line break yields nothing."""
    out, sources, at = bytearray(), array("q"), start
    for found in _SOFT_BREAK_OR_BYTE.finditer(data, start, end):
        out += data[at:found.start()]
        sources.extend(range(at, found.start()))
        if found.group(1):
            out.append(int(found.group(1), 16))
            sources.append(found.start())
        at = found.end()
    out += data[at:end]
    sources.extend(range(at, end))
    return bytes(out), sources


def _decode(raw, charset):
    """Text of `raw` in `charset` (bad bytes replaced) and, per character, its first byte's index."""
    try:
        text = raw.decode(charset)
    except UnicodeDecodeError:
        return _decode_stepwise(raw, charset)
    if len(text) == len(raw):
        return text, range(len(raw))
    if codecs.lookup(charset).name == "utf-8":
        return text, [i for i, byte in enumerate(raw) if byte & 0xC0 != 0x80]
    return _decode_stepwise(raw, charset)


def _decode_stepwise(raw, charset):
    """Byte by byte through an incremental decoder: slower, but it knows where each character began."""
    decoder = codecs.getincrementaldecoder(charset)(errors="replace")
    parts, starts, first = [], [], 0
    for i in range(len(raw)):
        if not decoder.getstate()[0]:
            first = i
        chars = decoder.decode(raw[i:i + 1])
        parts.append(chars)
        starts += [first] * len(chars)
    tail = decoder.decode(b"", final=True)
    return "".join(parts) + tail, starts + [first] * len(tail)


def _between(matches, length):
    """The spans around `matches`."""
    spans, at = [], 0
    for found in matches:
        spans.append((at, found.start()))
        at = found.end()
    spans.append((at, length))
    return spans


def _pick(text, offsets, spans):
    """The text of `spans` and the offsets of its characters."""
    picked = array("q")
    for start, end in spans:
        picked.extend(offsets[start:end])
    return "".join(text[start:end] for start, end in spans), picked
