"""CSV collections: a header row, then one record per row (a help-desk export of canned
responses). Streams row by row; each row's raw lines are kept until the row is read, so the text
cell's characters point at their line and column, quoted multi-line cells included.
"""

import csv
from functools import partial
from itertools import chain

from etiket import errors
from etiket.readers import records
from etiket.reply import OffsetMap, TextMap


class _Recorder:
    """Hands csv.reader its lines and keeps the ones of the row being read (csv gives values, not
    where they stood)."""

    def __init__(self, lines):
        self._lines, self._taken = lines, []
        self.line = 1  # where the next row starts, counted as the position maps count (by "\n")

    def __iter__(self):
        return self

    def __next__(self):
        line = next(self._lines)
        self._taken.append(line)
        return line

    def take(self):
        raw, self._taken = "".join(self._taken), []
        self.line += raw.count("\n")
        return raw


def read_csv(source, stream, options):
    """Yield a Reply, or an InputError, per row."""
    lines = records.lines(source, stream)
    first = next(lines, None)
    delimiter = _delimiter(first or "")
    recorder = _Recorder(chain([first] if first is not None else [], lines))
    rows = csv.reader(recorder, strict=True, delimiter=delimiter)
    yield from records.each_reply(source, _records(source, rows, recorder, options, delimiter), options)


def _delimiter(header):
    """The separator the header row is split by: a comma, or the semicolon Excel writes where the
    decimal mark is a comma (Indonesian settings), a tab or a bar. The header names columns, so the
    separator it holds most often is the file's."""
    counts = {mark: header.count(mark) for mark in DELIMITERS}
    best = max(DELIMITERS, key=counts.get)
    return best if counts[best] else ","


DELIMITERS = (",", ";", "\t", "|")  # on a tie the first


def _records(source, rows, recorder, options, delimiter):
    header = _header(source, rows, recorder, options)
    if header is None:
        return
    names, column = header
    number = 0
    while True:
        line = recorder.line
        try:
            row = next(rows)
        except StopIteration:
            return
        except csv.Error as exc:  # csv goes on with the next line, and so do we
            row = exc
        raw = recorder.take()
        if row:  # csv reads a blank line as no fields at all
            number += 1
            yield _record(source, names, row, raw, line, number, column, delimiter)


def _header(source, rows, recorder, options):
    """The column names and the text column's index; None for an empty file. Raises InputError
    when the header has no text column: no row can be checked then."""
    try:
        names = [name.strip() for name in next(rows, [])]
    except csv.Error as exc:
        raise errors.InputError(source, errors.BAD_CSV.format(line=1, reason=exc)) from None
    if records.undecoded(recorder.take()):
        raise errors.InputError(source, errors.NOT_UTF8.format(line=1))
    if not names:
        return None
    field = records.text_field(dict.fromkeys(names, ""), options)
    if field is None:
        missing = errors.CSV_NO_COLUMN if options.text_field else errors.CSV_NO_TEXT_COLUMN
        raise errors.InputError(source, missing.format(line=1, field=options.text_field))
    return names, names.index(field)


def _record(source, names, row, raw, line, number, column, delimiter):
    if isinstance(row, csv.Error):
        return errors.InputError(source, errors.BAD_CSV.format(line=line, reason=row))
    if records.undecoded(raw):
        return errors.InputError(source, errors.NOT_UTF8.format(line=line))
    if len(row) != len(names):
        return errors.InputError(source, errors.CSV_FIELDS.format(line=line, found=len(row), expected=len(names)))
    return dict(zip(names, row)), records.record_name(line, None), str(number), partial(_place, raw, line, column, delimiter)


def _place(raw, line, column, delimiter, text):
    """Positions of the text cell; the row's start if the cell cannot be followed."""
    cells = _cells(raw, delimiter)
    offsets = cells[column] if column < len(cells) else []
    if "".join(raw[i] for i in offsets) != text:
        offsets = []
    return OffsetMap(offsets, TextMap(raw, first_line=line))


def _cells(raw, delimiter):
    """The offset of each character of each cell of a raw row, read as csv's default (excel)
    dialect reads it with `delimiter`: a quote opens a quoted cell only as its first character,
    and "" in a quoted cell is one quote (its offset is the first quote's)."""
    cells, cell, quoted, i = [], [], False, 0
    while i < len(raw):
        c = raw[i]
        if quoted and c == '"':
            quoted = raw.startswith('""', i)
            cell += [i] if quoted else []
            i += 1 + quoted
            continue
        if c == '"' and not cell and not quoted and (i == 0 or raw[i - 1] == delimiter):
            quoted = True
        elif c == delimiter and not quoted:
            cells.append(cell)
            cell = []
        elif quoted or c not in "\r\n":
            cell.append(i)
        i += 1
    cells.append(cell)
    return cells
