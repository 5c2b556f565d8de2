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
    yield from records.each_reply(source, _records(source, stream), options)


def _records(source, stream):
    number = 0
    for line_no, line in enumerate(records.lines(source, stream), start=1):
        line = line.rstrip("\r\n")
        if records.undecoded(line):
            yield errors.InputError(source, errors.NOT_UTF8.format(line=line_no))
        elif line.strip():
            number += 1
            yield _record(source, line, line_no, number)


def _record(source, line, line_no, number):
    """(record, name, item, place) for one line, or an InputError saying why it is no record."""
    try:
        record = DECODER.decode(line)
    except json.JSONDecodeError as exc:
        return errors.InputError(source, errors.BAD_JSONL.format(line=line_no, reason=exc.msg))
    except RecursionError:
        return errors.InputError(source, errors.BAD_JSONL.format(line=line_no, reason="nested too deeply"))
    if not isinstance(record, dict):
        return errors.InputError(source, errors.BAD_JSONL.format(line=line_no, reason="not an object"))
    return record, records.record_name(line_no, None), str(number), partial(_place, line, line_no)


def _place(line, line_no, text):
    return ColumnMap(line_no, [offset + 1 for offset in string_offsets(line, text)])
