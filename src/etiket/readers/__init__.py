"""Readers turn paths and stdin into Reply records. They know nothing about rules.

Each input yields Replies, or InputErrors for what cannot be read, so one bad file never stops
the others from being checked.
"""

from pathlib import Path

from etiket import errors
from etiket.readers.jsonl import read_jsonl
from etiket.readers.text import read_markdown, read_text

STDIN = "<stdin>"
READERS = {
    ".txt": read_text,
    ".md": read_markdown,
    ".jsonl": read_jsonl,
}


def read_all(paths, stdin_bytes=None):
    """Yield Reply or InputError for every input, in the order given."""
    for given in paths:
        if given == "-":
            yield from _guard(STDIN, lambda: read_text(STDIN, stdin_bytes or b""))
            continue
        path = Path(given)
        if path.is_dir():
            files = _folder_files(path)
            if not files:
                yield errors.InputError(given, errors.NO_REPLIES)
            for file in files:
                yield from _read_file(str(file), file)
        elif path.is_file():
            yield from _read_file(given, path)
        else:
            yield errors.InputError(given, errors.MISSING_PATH)


def _folder_files(folder):
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in READERS)


def _read_file(source, path):
    reader = READERS.get(path.suffix.lower(), read_text)
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield errors.InputError(source, errors.UNREADABLE.format(reason=exc.strerror))
        return
    yield from _guard(source, lambda: reader(source, data))


def _guard(source, read):
    try:
        yield from read()
    except errors.InputError as exc:
        yield exc
