"""Plain-text drafts: one file (or stdin) is one reply. Also the byte decoding every reader shares.

A pasted draft may still carry the customer's message ("> " lines, "On … wrote:" history) and a
"-- " signature: those leave the reply, and the quoted message becomes its customer context."""

import codecs

from etiket import errors
from etiket.readers import quotes
from etiket.reply import Builder, OffsetMap, Reply, TextMap

# A byte-order mark names the encoding (Windows tools write UTF-16 with one).
_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
]


def encoding_of(head):
    """The encoding that the first bytes of an input announce: a BOM's, else UTF-8."""
    return next((name for bom, name in _BOMS if head.startswith(bom)), "utf-8")


def decode(source, data):
    """Bytes -> text, or an InputError saying why the bytes are not a draft."""
    encoding = encoding_of(data[:4])
    if encoding == "utf-8" and b"\x00" in data[:8192]:
        raise errors.InputError(source, errors.BINARY)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise errors.InputError(source, errors.NOT_UTF8.format(line=line)) from None


def read_text(source, stream, options=None):
    text = decode(source, stream.read())
    cut = quotes.split(text)
    if cut.kept == [(0, len(text))]:
        own, positions = text, TextMap(text)
    else:
        own, positions = _own_words(text, cut.kept)
    if not own.strip():
        raise errors.InputError(source, errors.EMPTY)
    yield Reply(source=source, text=own, positions=positions, customer=cut.quoted or None)


def _own_words(text, kept):
    """The kept spans of a draft, mapped back to where they stand in it."""
    builder = Builder()
    for start, end in kept:
        builder.keep(text[start:end], start)
    return builder.text(), OffsetMap(builder.offsets, TextMap(text))

