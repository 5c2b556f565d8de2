"""The JSON report, schema 1 (see schemas/report.schema.json): a contract for other programs."""

import json

from etiket import SEVERITIES, __version__

SCHEMA = 1


def item(result):
    """The report item for one checked reply (a lint Result): shared by this formatter, the Python
    API (etiket.api), `etiket serve` and `etiket mcp`, so every front end answers in one shape."""
    reply = result.reply
    return {
        "source": reply.source,
        "item": reply.item,
        "lang": result.lang,
        "score": result.score,
        "categories": result.categories,
        "findings": [_finding(f) for f in result.findings],
    }


def _finding(f):
    entry = {
        "rule": f.rule, "category": f.category, "severity": f.severity,
        "message": f.message, "suggestion": f.suggestion, "text": f.text,
        "line": f.line, "column": f.column, "end_line": f.end_line, "end_column": f.end_column,
    }
    if f.relative:
        entry["relative"] = True
    if f.fix:
        entry["fix"] = f.fix
    return entry


class JsonFormatter:
    """The report is one JSON document, written as the results come: each item is encoded and
    written when its reply is checked, the summary at the end. Only the severities and scores are
    kept meanwhile, so memory stays flat however many replies a run checks. The document is what
    `json.dumps(document, ensure_ascii=False, indent=2)` writes, byte for byte."""

    def __init__(self, console, options=None):
        self._write, self._items, self._findings, self._scores = console.file.write, 0, [], []

    def add(self, result):
        opening = (",\n" if self._items else self._head() + "[\n") + ITEM_DEPTH * INDENT
        self._write(opening + indented(item(result), ITEM_DEPTH))
        self._items += 1
        self._findings += [f.severity for f in result.findings]
        self._scores.append(result.score)

    def finish(self, summary=None):
        totals = {"items": self._items, "findings": len(self._findings)}
        totals.update({sev: self._findings.count(sev) for sev in SEVERITIES})
        totals["min_score"] = min(self._scores, default=None)
        closing = "\n" + INDENT + "]" if self._items else self._head() + "[]"
        self._write(f'{closing},\n{INDENT}"summary": {indented(totals, 1)}\n}}\n')

    @staticmethod
    def _head():
        return f'{{\n{INDENT}"schema": {SCHEMA},\n{INDENT}"etiket": {_STRING(__version__)},\n{INDENT}"items": '


INDENT = "  "
ITEM_DEPTH = 2  # an item's depth in the document: {"items": [item, ...]}
_STRING = json.encoder.encode_basestring  # the encoder json.dumps uses when ensure_ascii is False


def indented(value, depth=0):
    """`value` as json.dumps(value, ensure_ascii=False, indent=2) writes it `depth` levels deep in a
    document: the same text, written directly rather than through json's generators (twice as
    fast; the report is written by the parent of --jobs workers)."""
    parts = []
    _encode(value, depth, parts)
    return "".join(parts)


def _encode(value, depth, parts):
    write = _LEAVES.get(type(value))
    if write is not None:
        parts.append(write(value))
    elif isinstance(value, dict):
        _encode_dict(value, depth, parts)
    elif isinstance(value, (list, tuple)):
        _encode_list(value, depth, parts)
    else:
        parts.append(_leaf(value))


def _leaf(value):
    """A value of a subclass of str, int or float, as json writes it (by its base type's value)."""
    if isinstance(value, str):
        return _STRING(value)
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return _float(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _float(value):
    """As json writes a float: NaN and the infinities by the names JavaScript gives them."""
    if value != value:
        return "NaN"
    if value in (_INF, -_INF):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)


_INF = float("inf")
# How json writes a value of each plain type that holds no other values.
_LEAVES = {str: _STRING, int: int.__repr__, float: _float, bool: lambda value: "true" if value else "false",
           type(None): lambda value: "null"}


def _key(key):
    """A dictionary key as json writes it: a string, or a number or constant turned into one."""
    if isinstance(key, str):
        return _STRING(key)
    if key is None or key is True or key is False:
        return _STRING(_LEAVES[type(key)](key))
    if isinstance(key, int):
        return _STRING(int.__repr__(key))
    if isinstance(key, float):
        return _STRING(_float(key))
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")


def _encode_dict(value, depth, parts):
    if not value:
        parts.append("{}")
        return
    inner, opening = "\n" + INDENT * (depth + 1), "{"
    for key, entry in value.items():
        key = _STRING(key) if type(key) is str else _key(key)
        write = _LEAVES.get(type(entry))
        if write is not None:  # most values: written in one piece with their key
            parts.append(f"{opening}{inner}{key}: {write(entry)}")
        else:
            parts.append(f"{opening}{inner}{key}: ")
            _encode(entry, depth + 1, parts)
        opening = ","
    parts.append("\n" + INDENT * depth + "}")


def _encode_list(value, depth, parts):
    if not value:
        parts.append("[]")
        return
    inner, opening = "\n" + INDENT * (depth + 1), "["
    for entry in value:
        parts.append(opening + inner)
        _encode(entry, depth + 1, parts)
        opening = ","
    parts.append("\n" + INDENT * depth + "]")
