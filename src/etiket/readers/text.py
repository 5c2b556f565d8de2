"""Plain-text and Markdown drafts: one file (or stdin) is one reply."""

import re

from etiket import errors
from etiket.reply import Reply, TextMap

_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def decode(source, data):
    """Bytes -> text, or an InputError saying why the bytes are not a draft."""
    if b"\x00" in data[:8192]:
        raise errors.InputError(source, errors.BINARY)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise errors.InputError(source, errors.NOT_UTF8.format(line=line)) from None
    return text


def read_text(source, data):
    text = decode(source, data)
    if not text.strip():
        raise errors.InputError(source, errors.EMPTY)
    return [Reply(source=source, text=text, positions=TextMap(text))]


def read_markdown(source, data):
    """Markdown keeps its positions; HTML comments (never shown to the customer) are blanked out."""
    text = _HTML_COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), decode(source, data))
    if not text.strip():
        raise errors.InputError(source, errors.EMPTY)
    return [Reply(source=source, text=text, positions=TextMap(text))]
