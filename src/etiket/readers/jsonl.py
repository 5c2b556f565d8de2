"""JSON Lines collections: one record per line, positions mapped back into the JSON string."""

import json
from functools import partial

from etiket import errors
from etiket.readers import records
from etiket.readers.jsonfile import DECODER, string_offsets
from etiket.reply import ColumnMap


def read_jsonl(source, stream, options):
    """Yield a Reply per record, or an InputError for a record that cannot be read. Streams line by
    line, so memory stays flat on a file of any size."""
    yield from records.each_reply(source, _records(source, stream, options), options)


def _records(source, stream, options):
    number = 0
    for line_no, line in enumerate(records.lines(source, stream), start=1):
        line = line.rstrip("\r\n")
        if records.undecoded(line):
            yield errors.InputError(source, errors.NOT_UTF8.format(line=line_no))
        elif line.strip():
            number += 1
            yield _record(source, line, line_no, number, options)


def _record(source, line, line_no, number, options):
    """(record, name, item, place) for one line, or an InputError saying why it is no record."""
    try:
        record = _decoded(line)
    except json.JSONDecodeError as exc:
        return errors.InputError(source, errors.BAD_JSONL.format(line=line_no, reason=exc.msg))
    except RecursionError:
        return errors.InputError(source, errors.BAD_JSONL.format(line=line_no, reason="nested too deeply"))
    if not isinstance(record, dict):
        return errors.InputError(source, errors.BAD_JSONL.format(line=line_no, reason="not an object"))
    return record, records.record_name(line_no, None), str(number), partial(_Columns, line, line_no, options)


def _decoded(line):
    """The record on `line`, read by json's C parser (a few times faster than the locating decoder,
    whose offsets most replies never need); a line it refuses is read again by the locating
    decoder, so an error says what it always said."""
    try:
        return json.loads(line)
    except (json.JSONDecodeError, RecursionError):
        return DECODER.decode(line)


class _Columns:
    """A record's positions (reply.ColumnMap: each character of its text at its column on the
    line), worked out when first asked for, by reading the line again with the locating decoder:
    most replies have no finding to place."""

    relative = False

    def __init__(self, line, line_no, options, text):
        # `text` is the plain str of json's C parser; its places on the line need the Located
        # string of the locating decoder, so the record is read again in locate(), once.
        self._line, self._line_no, self._options, self._map = line, line_no, options, None

    def locate(self, offset):
        if self._map is None:
            record = DECODER.decode(self._line)
            text = records.lookup(record, records.text_field(record, self._options))
            self._map = ColumnMap(self._line_no, [at + 1 for at in string_offsets(self._line, text)])
        return self._map.locate(offset)

    def source_span(self, start, end):
        return None  # a JSON string's escapes: its text is not the file's
