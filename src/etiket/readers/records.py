"""What a record in a collection means: which field holds the reply, its id, language, customer and
channel. Every collection format (JSONL, JSON, YAML, CSV) reads its records through here, so a
record means the same in each; the format readers only parse and map positions.
"""

import io
import re

from etiket import errors
from etiket.readers.text import decode, encoding_of
from etiket.reply import OffsetMap, Reply, TextMap

TEXT_FIELDS = ("text", "draft", "body", "reply", "content")
ID_FIELDS = ("id", "name")
CHANNELS = ("email", "chat", "social")
LANGS = ("en", "id")
# Rules a record's author accepted for it: a list of rule ids or categories, or (a CSV cell) one
# text with the names separated by commas or semicolons. Out of band: never part of the reply.
IGNORE_FIELD = "etiket_ignore"
_UNDECODED = re.compile("[\udc80-\udcff]")


def lines(source, stream):
    """A line-based collection's lines as text, one at a time, line endings kept; bytes that are
    not text stay as lone surrogates, so one bad record is reported by itself (`undecoded`)."""
    head = stream.peek(4)[:4] if hasattr(stream, "peek") else b""
    number = 0
    try:
        for number, line in enumerate(io.TextIOWrapper(stream, encoding=encoding_of(head), errors="surrogateescape", newline=""), 1):
            yield line
    except UnicodeDecodeError:  # UTF-16 or -32 cut mid-character: no way on from there
        raise errors.InputError(source, errors.NOT_UTF8.format(line=number + 1)) from None


def undecoded(line):
    return _UNDECODED.search(line) is not None


def lookup(record, path):
    """The value at a dotted path (`macro.body`, `actions.0.value`), or None. A key that itself
    holds dots (a CSV header `macro.body`) is taken as it is first."""
    if isinstance(record, dict) and path in record:
        return record[path]
    value = record
    for part in path.split("."):
        if isinstance(value, dict) and part in value:
            value = value[part]
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            return None
    return value


def text_field(record, options):
    """The field that holds the reply: the one the user named, else the first of TEXT_FIELDS that
    is there; None when there is none."""
    if options.text_field:
        return options.text_field if lookup(record, options.text_field) is not None else None
    return next((f for f in TEXT_FIELDS if record.get(f) is not None), None)


def to_reply(source, record, where, item, place, options):
    """The Reply a record stands for. `record` is a mapping, or the text itself (a YAML or JSON
    mapping of name -> text); `where` names the record in errors ("record on line 4"); `item` is
    its id when the record names none; `place(text)` maps the text back into the file."""
    text = _text(source, record, where, options)
    fields = record if isinstance(record, dict) else {}
    return Reply(
        source=source,
        text=str(text),
        positions=place(text),
        item=_item(fields, options) or item,
        customer=_string(fields.get("customer")),
        lang=_lang(fields.get("lang")),
        channel=fields.get("channel") if fields.get("channel") in CHANNELS else None,
        ignore=_ignored(source, fields.get(IGNORE_FIELD), where),
    )


def record_name(line, item):
    """How an error names a record: by its line when the format tells it, else by its id."""
    return errors.RECORD_AT.format(line=line) if line else errors.RECORD_NAMED.format(item=item)


def _text(source, record, where, options):
    if isinstance(record, str):
        value, name = record, "text"
    elif isinstance(record, dict):
        name = text_field(record, options)
        if name is None:
            raise _no_text(source, record, where, options)
        value = lookup(record, name)
    else:
        raise errors.InputError(source, errors.NOT_RECORD.format(record=where, kind=kind(record)))
    if not isinstance(value, str):
        raise errors.InputError(source, errors.NOT_TEXT.format(record=where, field=name, kind=kind(value)))
    if not value.strip():
        raise errors.InputError(source, errors.EMPTY_TEXT.format(record=where, field=name))
    return value


def _no_text(source, record, where, options):
    """Why a record has no text: the named field is missing, or none of TEXT_FIELDS is there; then
    the path of its longest text, when it has one, for --text-field (a Zendesk macro keeps its body
    at actions.0.value)."""
    if options.text_field:
        return errors.NoTextError(source, errors.NO_FIELD.format(record=where, field=options.text_field))
    longest = max(_texts(record), key=lambda found: len(found[1]), default=None)
    if longest is None or len(longest[1]) < _SHORTEST_HINT:  # a title or a name is no reply
        return errors.NoTextError(source, errors.NO_TEXT_FIELD.format(record=where))
    return errors.NoTextError(source, errors.NO_TEXT_FIELD_HINT.format(record=where, path=longest[0]), longest[0])


def _texts(value, path="", depth=0):
    """(dotted path, text) of each string inside `value`, a few levels deep."""
    if isinstance(value, str) and path:
        yield path, value
    elif depth < _DEEPEST_HINT and isinstance(value, (dict, list)):
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for key, inner in items:
            yield from _texts(inner, f"{path}.{key}" if path else str(key), depth + 1)


_DEEPEST_HINT = 4
_SHORTEST_HINT = 20


def _ignored(source, value, where):
    """The names in a record's etiket_ignore field; an InputError for a value that is none."""
    if value is None:
        return ()
    names = re.split(r"[,;]", value) if isinstance(value, str) else value
    bad = [n for n in names if not isinstance(n, str)] if isinstance(names, list) else [names]
    if bad:
        raise errors.InputError(source, errors.BAD_IGNORE.format(record=where, field=IGNORE_FIELD, kind=kind(bad[0])))
    return tuple(name.strip() for name in names if name.strip())


def _item(fields, options):
    names = (options.id_field,) if options.id_field else ID_FIELDS
    value = next((v for v in (lookup(fields, n) for n in names) if v is not None), None)
    # An id is a name or a number; anything else (a list, true/false) is not worth printing.
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return None
    return str(value).strip() or None


def _string(value):
    return str(value) if isinstance(value, str) and value.strip() else None


def _lang(value):
    """`en`, `id`, also as a locale (`id-ID`, `en_US`); anything else is left to detection."""
    if not isinstance(value, str):
        return None
    code = value.strip().lower().replace("_", "-").split("-")[0]
    return code if code in LANGS else None


def kind(value):
    """What a value is, in words, for an error message."""
    if value is None:
        return "empty"
    if isinstance(value, str):
        return "a text"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "a " + type(value).__name__


def entries(source, document, line_of, place):
    """(record, where, default item, place) for each record of a JSON or YAML document: a list of
    records (also as the one value of a mapping, as exports wrap it), or a mapping of name -> record
    or name -> text. `line_of(document, key)` is the line
    a record starts on, or None. Raises InputError when the document is neither."""
    if isinstance(document, dict) and len(document) == 1 and isinstance(next(iter(document.values())), list):
        document = next(iter(document.values()))  # an export's wrapper: {"macros": [...]}
    if isinstance(document, list):
        keys = ((n, str(n + 1)) for n in range(len(document)))
    elif isinstance(document, dict):
        keys = ((key, str(key)) for key in document)
    else:
        raise errors.InputError(source, errors.NOT_COLLECTION.format(kind=kind(document)))
    for key, item in keys:
        yield document[key], record_name(line_of(document, key), item), item, place


def each_reply(source, found, options):
    """Yield a Reply, or an InputError, for each (record, where, item, place) in `found`, which may
    hold InputErrors of its own; one bad record never stops the others. An input without a single
    record is an error of its own. Errors before the first reply are held back: when no record
    has the text field, the file is one error, not one per record (labels kept apart from their
    texts, a wrongly named --text-field)."""
    count, reading, held = 0, False, _Held(source, options)
    for entry in found:
        count += 1
        outcome = entry if isinstance(entry, errors.InputError) else _reply_or_error(source, entry, options)
        if not reading:
            if isinstance(outcome, errors.InputError):
                held.add(outcome)
                continue
            reading = True
            yield from held.each()
        yield outcome
    if not count:
        yield errors.InputError(source, errors.NO_RECORDS)
    elif not reading:
        yield from held.unread()


def _reply_or_error(source, entry, options):
    try:
        return to_reply(source, *entry, options)
    except errors.InputError as exc:
        return exc


class _Held:
    """The errors of a collection before its first reply. Past HELD of them only their number is
    kept, so memory stays flat on a file of any size."""

    HELD = 1000

    def __init__(self, source, options):
        self.source, self.options = source, options
        self.errors, self.more, self.hints, self.all_no_text = [], 0, set(), True

    def add(self, error):
        self.all_no_text = self.all_no_text and isinstance(error, errors.NoTextError)
        self.hints.add(getattr(error, "hint", None))
        if len(self.errors) < self.HELD:
            self.errors.append(error)
        else:
            self.more += 1

    def each(self):
        """Every held error: a reply came after them, or no reply came and they are told as they are."""
        yield from self.errors
        if self.more:
            yield errors.InputError(self.source, errors.MORE_UNREAD.format(count=self.more))

    def unread(self):
        """What the file's end tells: one line when every record lacks its text."""
        count = len(self.errors) + self.more
        if count < 2 or not self.all_no_text:
            return list(self.each())
        if self.options.text_field:
            return [errors.InputError(self.source, errors.NO_RECORD_FIELD.format(count=count, field=self.options.text_field))]
        if len(self.hints) == 1 and None not in self.hints:
            path = next(iter(self.hints))
            return [errors.InputError(self.source, errors.NO_RECORD_TEXT_FIELD_HINT.format(count=count, path=path))]
        return [errors.InputError(self.source, errors.NO_RECORD_TEXT_FIELD.format(count=count))]


def read_document(source, stream, options, parse, offsets, line_of):
    """The reading of a collection that is one document (JSON, YAML): `parse(source, text)` gives
    the document, `offsets(text, value)` the source offset of each character of a text in it,
    `line_of(container, key, base)` the line a record starts on (None if unknown)."""
    text = decode(source, stream.read())
    document = parse(source, text)
    base = TextMap(text)

    def place(value):
        return OffsetMap(offsets(text, value), base)

    def line(container, key):
        return line_of(container, key, base)

    yield from each_reply(source, entries(source, document, line, place), options)
