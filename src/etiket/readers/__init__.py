"""Readers turn paths and stdin into Reply records. They know nothing about rules.

A reader decides what the customer will read (markup, quoted history, headers and signatures
leave here) and keeps a position map back to the file the user opened. Each input yields Replies,
or InputErrors for what cannot be read, so one bad file or record never stops the others.

A reader is `read(source, stream, options)`: `stream` is a binary file object, and the reader
yields as it goes, so a big collection is never held in memory.
"""

import fnmatch
import importlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from etiket import defaults, errors
from etiket.readers import mail, text

STDIN = "<stdin>"
# Piped HTML: a page, or a fragment that opens with a block element ("<p>Halo Kak ...").
_HTML_PAGE = re.compile(rb"^(?:\xef\xbb\xbf)?\s*<(?:!doctype\s+html|html|body|p|div|table|ul|ol|h[1-6]|blockquote)[\s>]", re.I)


def _on_use(module, name):
    """The reader `name` of etiket.readers.`module`, imported when it first reads: a draft on stdin
    never loads the Markdown, HTML, YAML or CSV parsers (a tenth of a one-draft start)."""
    def read(source, stream, options=None):
        return getattr(importlib.import_module(f"etiket.readers.{module}"), name)(source, stream, options)

    return read


# File suffix -> reader. A new format is one module plus one line here.
READERS = {
    ".txt": text.read_text,
    ".md": _on_use("markdown", "read_markdown"),
    ".html": _on_use("html", "read_html"),
    ".htm": _on_use("html", "read_html"),
    ".jsonl": _on_use("jsonl", "read_jsonl"),
    ".csv": _on_use("csvfile", "read_csv"),
    ".yaml": _on_use("yamlfile", "read_yaml"),
    ".yml": _on_use("yamlfile", "read_yaml"),
    ".json": _on_use("jsonfile", "read_json"),
    ".eml": mail.read_mail,
}
# What a folder walk reads; other collection formats are read when named on the command line.
WALKED = {".txt", ".md", ".jsonl", ".eml", ".html", ".htm"}


@dataclass
class ReadOptions:
    text_field: str | None = None
    id_field: str | None = None
    exclude: tuple = field(default_factory=lambda: tuple(defaults.load()["exclude"]))
    include: tuple = ()  # file-name globs a folder walk reads beside the WALKED suffixes (config `include`)


def read_all(paths, stdin=None, options=None):
    """Yield Reply or InputError for every input, in the order given. `stdin` is a binary stream
    (or bytes), read only when '-' is among the paths."""
    options = options or ReadOptions()
    for given in paths:
        if given == "-":
            yield from _read_stdin(stdin, options)
            continue
        path = Path(given)
        if path.is_dir():
            files = list(walk(path, options.exclude, options.include))
            if not files:
                yield errors.InputError(given, errors.NO_REPLIES.format(suffixes=", ".join(sorted(WALKED))))
            for file in files:
                yield from _read_file(str(file), file, options)
        elif path.is_file():
            yield from _read_file(given, path, options)
        else:
            yield errors.InputError(given, errors.MISSING_PATH)


def walk(folder, exclude, include=()):
    """The readable files under `folder` (a WALKED suffix, or a name matching an `include` glob),
    sorted, skipping folders and files that match `exclude`."""
    found = []
    for root, folders, names in os.walk(folder):
        folders[:] = sorted(d for d in folders if not _matches(d, exclude))
        found += [Path(root) / n for n in names
                  if (Path(n).suffix.lower() in WALKED or _matches(n, include)) and not _matches(n, exclude)]
    return sorted(found)


def _matches(name, globs):
    return any(fnmatch.fnmatchcase(name, glob) for glob in globs)


def reader_for(path):
    return READERS.get(Path(path).suffix.lower(), text.read_text)


def _read_stdin(stream, options):
    import io

    stream = io.BytesIO(stream) if isinstance(stream, (bytes, bytearray)) else stream or io.BytesIO()
    yield from _guard(STDIN, lambda: sniff(stream)(STDIN, stream, options))


def sniff(stream):
    """The reader for piped input, told by its first lines (stdin has no file name): mail headers
    mean an e-mail (`etiket check - < reply.eml`), an HTML page (a doctype or <html>) or fragment
    (a block tag first) HTML, anything else a plain-text draft. The head is
    peeked at, not consumed, so the reader still gets the input from its first byte."""
    import io

    buffered = stream if hasattr(stream, "peek") else io.BufferedReader(stream, mail.HEAD)
    head = buffered.peek(mail.HEAD)[:mail.HEAD]
    if mail.is_mail(head):
        reader = mail.read_mail
    elif _HTML_PAGE.match(head):
        reader = READERS[".html"]
    else:
        reader = text.read_text
    return lambda source, _stream, options: reader(source, buffered, options)


def _read_file(source, path, options):
    try:
        stream = path.open("rb")
    except OSError as exc:
        yield errors.InputError(source, errors.UNREADABLE.format(reason=exc.strerror))
        return
    with stream:
        yield from _guard(source, lambda: reader_for(path)(source, stream, options))


def _guard(source, read):
    """Run a reader; what it raises becomes one InputError for its input, never a traceback."""
    try:
        yield from read()
    except errors.InputError as exc:
        yield exc
    except (OSError, ValueError, RecursionError, MemoryError) as exc:
        yield errors.InputError(source, errors.UNREADABLE.format(reason=type(exc).__name__))
