"""JSON collections: a list of records, or a mapping of name -> record or name -> text.

json's own parser reads the file (its pure-Python scanner, the one that can be hooked), with every
string, object and array remembering where it stood, so a text's positions point into the file
even when it is pretty-printed over many lines. Also the decoder JSONL reads each line with.
"""

import json
from array import array
from json.decoder import JSONArray, JSONObject, scanstring
from json.scanner import py_make_scanner

from etiket import errors
from etiket.readers import records


class Located(str):
    """A JSON string that knows its literal: `start` is the offset just after the opening quote,
    `end` that of the closing quote."""

    start = end = 0


class _Object(dict):
    start = 0


class _Array(list):
    start = 0


def _string(s, idx, strict):
    value, end = scanstring(s, idx, strict)
    located = Located(value)
    located.start, located.end = idx, end - 1
    return located, end


def _object(s_and_end, *rest):
    value, end = JSONObject(s_and_end, *rest)
    located = _Object(value)
    located.start = s_and_end[1] - 1
    return located, end


def _array(s_and_end, scan_once):
    value, end = JSONArray(s_and_end, scan_once)
    located = _Array(value)
    located.start = s_and_end[1] - 1
    return located, end


class LocatingDecoder(json.JSONDecoder):
    """json.loads, with every string, object and array knowing its offset in the text."""

    def __init__(self):
        super().__init__()
        self.parse_string, self.parse_object, self.parse_array = _string, _object, _array
        self.scan_once = py_make_scanner(self)


DECODER = LocatingDecoder()


def string_offsets(s, value):
    """The offset in `s` of each character of a Located string (an escape counts as the one
    character it stands for, a surrogate-pair escape too). The runs between escapes are taken
    whole: most replies hold none, or a few line breaks."""
    offsets, i, end = array("q"), value.start, value.end
    while i < end:
        escape = s.find("\\", i, end)
        if escape < 0:
            offsets.extend(range(i, end))
            break
        offsets.extend(range(i, escape + 1))
        i = escape
        if s[i + 1] != "u":
            i += 2
        elif 0xD800 <= int(s[i + 2:i + 6], 16) < 0xDC00 and s[i + 6:i + 8] == "\\u":
            i += 12
        else:
            i += 6
    return offsets


def read_json(source, stream, options):
    """Yield a Reply, or an InputError, per record of a JSON collection."""
    yield from records.read_document(source, stream, options, _parse, string_offsets, _line_of)


def _line_of(container, key, base):
    start = getattr(container[key], "start", None)  # numbers, true, false, null do not know it
    return None if start is None else base.locate(start)[0]


def _parse(source, text):
    if not text.strip():
        raise errors.InputError(source, errors.NO_RECORDS)
    try:
        return DECODER.decode(text)
    except json.JSONDecodeError as exc:
        raise errors.InputError(source, errors.BAD_JSON.format(reason=exc.msg, line=exc.lineno, column=exc.colno)) from None
    except RecursionError:
        raise errors.InputError(source, errors.TOO_DEEP) from None
