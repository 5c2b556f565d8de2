"""JSON Lines collections: one reply per line, positions mapped back into the JSON string."""

import io
import json
import re

from etiket import errors
from etiket.readers.text import encoding_of
from etiket.reply import ColumnMap, RelativeMap, Reply

TEXT_FIELDS = ("text", "draft", "body", "reply", "content")
_UNDECODED = re.compile("[\udc80-\udcff]")
CHANNELS = ("email", "chat", "social")


def read_jsonl(source, stream, options=None):
    """Yield a Reply per record, or an InputError for a record that cannot be read. Streams line by
    line, so memory stays flat on a file of any size."""
    number = 0
    for line_no, line in enumerate(_lines(stream), start=1):
        if _UNDECODED.search(line):
            yield errors.InputError(source, errors.NOT_UTF8.format(line=line_no))
            continue
        if not line.strip():
            continue
        number += 1
        try:
            yield record_reply(source, line, line_no, number)
        except errors.InputError as exc:
            yield exc


def _lines(stream):
    """The file's lines as text, one at a time; bytes that are not text stay as lone surrogates,
    so one bad line is reported by itself."""
    head = stream.peek(4)[:4] if hasattr(stream, "peek") else b""
    lines = io.TextIOWrapper(stream, encoding=encoding_of(head), errors="surrogateescape", newline="")
    for line in lines:
        yield line.rstrip("\r\n")


def record_reply(source, line, line_no, number):
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise errors.InputError(source, errors.BAD_JSONL.format(line=line_no, reason=exc.msg)) from None
    if not isinstance(record, dict):
        raise errors.InputError(source, errors.BAD_JSONL.format(line=line_no, reason="not an object"))
    field = next((f for f in TEXT_FIELDS if isinstance(record.get(f), str)), None)
    if field is None:
        raise errors.InputError(source, errors.NO_TEXT_FIELD.format(line=line_no))
    text = record[field]
    if not text.strip():
        raise errors.InputError(source, f"record on line {line_no}: {errors.EMPTY}")
    name = record.get("id", record.get("name"))
    columns = _columns(line, field, text)
    return Reply(
        source=source,
        text=text,
        positions=ColumnMap(line_no, columns) if columns else RelativeMap(text),
        item=str(name) if name is not None else str(number),
        customer=record.get("customer") if isinstance(record.get("customer"), str) else None,
        lang=record.get("lang") if record.get("lang") in ("en", "id") else None,
        channel=record.get("channel") if record.get("channel") in CHANNELS else None,
    )


def _columns(line, field, text):
    """1-based source column of each character of the field's string value, or None."""
    for m in re.finditer(r'"%s"\s*:\s*"' % re.escape(field), line):
        try:
            value, end = json.decoder.scanstring(line, m.end())
        except ValueError:
            continue
        if value == text:
            return _raw_columns(line, m.end(), end - 1)
    return None


def _raw_columns(line, start, stop):
    columns, i = [], start
    while i < stop:
        columns.append(i + 1)
        if line[i] != "\\":
            i += 1
        elif line[i + 1] != "u":
            i += 2
        elif 0xD800 <= int(line[i + 2:i + 6], 16) < 0xDC00 and line[i + 6:i + 8] == "\\u":
            i += 12  # a surrogate pair is one character
        else:
            i += 6
    return columns
