"""Safe fixes (`etiket check --fix`, `--diff`): the replacements rules declare, written into the file
the user opened. A fix is applied only where the reply's text maps one to one onto the source
(a plain draft, a kept stretch of Markdown or HTML); what cannot be mapped exactly (an e-mail's
encoded body, a JSON string with escapes, an HTML entity) is left alone. Placeholders, code and
quoted history are not in the reply text, so no finding, and no fix, points there."""

import codecs
import difflib
from pathlib import Path

from etiket import errors
from etiket.atomic import atomic_open
from etiket.readers import STDIN

# The BOM a file starts with -> the codec of the rest, as readers.text.decode reads it
# (UTF-32 first: its little-endian BOM starts with UTF-16's).
_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
]


def fix(entries, check, stdin=None, write=True):
    """Check each reply of `entries` (readers.read_all) with `check` (Reply -> Result or
    InputError) and fix its sources: a list of (source, bytes before, bytes after) for each
    source the fixes change. Files are rewritten when `write`; stdin (`stdin`, its bytes) never.
    Inputs that cannot be read or checked are skipped: the report that follows names them."""
    edits = {}
    for entry in entries:
        result = entry if isinstance(entry, errors.InputError) else check(entry)
        if not isinstance(result, errors.InputError):
            edits.setdefault(entry.source, []).extend(_edits(result))
    changed = []
    for source, found in edits.items():
        before = stdin if source == STDIN else Path(source).read_bytes()
        after = _applied(before, found)
        if after != before:
            if write and source != STDIN:
                _write(source, after)
            changed.append((source, before, after))
    return changed


def diff(source, before, after):
    """A unified diff of what fixing `source` changes, newlines as the file has them."""
    old, new = (_decoded(data)[1].splitlines(keepends=True) for data in (before, after))
    return "".join(difflib.unified_diff(old, new, source, source))


def _edits(result):
    """(source start, source end, matched text, replacement) for each fixable finding whose
    characters come one to one from the file."""
    for finding in result.findings:
        span = result.reply.positions.source_span(finding.start, finding.end) if finding.fix else None
        if span:
            yield *span, finding.text, finding.fix


def _applied(data, edits):
    """`data` with the edits made, right to left; an edit whose stretch of the file does not hold
    the matched text (the map was not of this file's text) or that overlaps one made is skipped."""
    bom, text = _decoded(data)
    done = len(text) + 1
    for start, end, matched, replacement in sorted(set(edits), reverse=True):
        if end <= done and text[start:end] == matched:
            text = text[:start] + replacement + text[end:]
            done = start
    return bom + text.encode(_codec(bom))


def _decoded(data):
    bom = next((bom for bom, _ in _BOMS if data.startswith(bom)), b"")
    return bom, data[len(bom):].decode(_codec(bom))


def _codec(bom):
    return dict(_BOMS).get(bom, "utf-8")


def _write(source, data):
    try:
        with atomic_open(source, "wb") as file:
            file.write(data)
    except OSError as exc:
        raise errors.EtiketError(errors.CANNOT_WRITE.format(path=source, reason=exc.strerror)) from None
