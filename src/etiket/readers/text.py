"""Plain-text drafts: one file (or stdin) is one reply. Also the byte decoding every reader shares.

A pasted draft may still carry the customer's message ("> " lines, "On … wrote:" history) and a
"-- " signature: those leave the reply, and the quoted message becomes its customer context.

Decoding: a byte-order mark names the encoding; else a draft is UTF-8 when its bytes are, and
otherwise comes from an older Windows tool or macro export: it is read as Windows-1252 (Latin-1's
printable characters plus the curly quotes, dashes and euro sign Windows puts in 0x80-0x9F). The
five bytes Windows-1252 leaves undefined read as their Latin-1 characters, so every byte is one
character and reading never fails: `Encoding.encode` gives back the same bytes, and `--fix`
writes a draft in the encoding it came in."""

import codecs
import re
from dataclasses import dataclass

from etiket import errors
from etiket.readers import quotes
from etiket.reply import Builder, OffsetMap, Reply, TextMap

# A byte-order mark names the encoding (Windows tools write UTF-16 with one). UTF-32 is looked
# for first: its little-endian mark starts with UTF-16's.
_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
]
# The codecs that read a BOM themselves, for readers that stream lines (records.lines).
_STREAMING = {"utf-32-le": "utf-32", "utf-32-be": "utf-32", "utf-8": "utf-8-sig", "utf-16-le": "utf-16", "utf-16-be": "utf-16"}
LEGACY = "cp1252"
_BYTEWISE = "etiket.latin1"
# Control characters no text editor writes (tab, newlines, form feed, DOS end-of-file and escape
# aside): in bytes that are not UTF-8 they mean a binary file.
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x19\x1c-\x1f]")


def _bytewise(exc):
    """Error handler: a byte Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) reads as
    its Latin-1 character, and that character writes back as the byte."""
    if isinstance(exc, UnicodeDecodeError):
        return chr(exc.object[exc.start]), exc.start + 1
    if isinstance(exc, UnicodeEncodeError) and all(ord(c) < 256 for c in exc.object[exc.start:exc.end]):
        return exc.object[exc.start:exc.end].encode("latin-1"), exc.end
    raise exc


codecs.register_error(_BYTEWISE, _bytewise)


@dataclass(frozen=True)
class Encoding:
    """How a source file's bytes became its text: a BOM kept as it was, and the codec of the rest."""

    codec: str = "utf-8"
    bom: bytes = b""

    def decode(self, data):
        return data[len(self.bom):].decode(self.codec, _BYTEWISE)

    def encode(self, text):
        """The file's bytes for `text`; a character the encoding cannot hold raises UnicodeEncodeError."""
        return self.bom + text.encode(self.codec, _BYTEWISE)


UTF8 = Encoding()


def encoding_of(head):
    """The codec that the first bytes of an input announce (one that reads the BOM), else UTF-8."""
    return next((_STREAMING[name] for bom, name in _BOMS if head.startswith(bom)), "utf-8")


def decode(source, data, declared=None):
    """Bytes -> text, or an InputError saying why the bytes are not a draft (see `read`)."""
    return read(source, data, declared)[0]


def read(source, data, declared=None):
    """(text, Encoding) of a draft's bytes: a BOM's encoding, else UTF-8, else `declared` (an HTML
    page's charset) or Windows-1252. Bytes with NULs or other control characters are binary."""
    bom, codec = next(((bom, name) for bom, name in _BOMS if data.startswith(bom)), (b"", None))
    if codec:
        try:
            return data[len(bom):].decode(codec), Encoding(codec, bom)
        except UnicodeDecodeError as exc:  # cut mid-character, or not what its BOM says
            line = data[: exc.start].count(b"\n") + 1
            raise errors.InputError(source, errors.NOT_AS_MARKED.format(encoding=codec[:6].upper(), line=line)) from None
    if b"\x00" in data[:8192]:
        raise errors.InputError(source, errors.BINARY)
    try:
        return data.decode("utf-8"), UTF8
    except UnicodeDecodeError:
        encoding = Encoding(declared or LEGACY)
    text = encoding.decode(data)
    if _CONTROLS.search(text, 0, 8192):
        raise errors.InputError(source, errors.BINARY)
    return text, encoding


def read_text(source, stream, options=None):
    text, encoding = read(source, stream.read())
    cut = quotes.split(text)
    if cut.kept == [(0, len(text))]:
        own, positions = text, TextMap(text)
    else:
        own, positions = _own_words(text, cut.kept)
    if not own.strip():
        raise errors.InputError(source, errors.EMPTY)
    yield Reply(source=source, text=own, positions=positions, customer=cut.quoted or None, encoding=encoding)


def _own_words(text, kept):
    """The kept spans of a draft, mapped back to where they stand in it."""
    builder = Builder()
    for start, end in kept:
        builder.keep(text[start:end], start)
    return builder.text(), OffsetMap(builder.offsets, TextMap(text))

