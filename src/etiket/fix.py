"""Safe fixes (`etiket check --fix`, `--diff`): the replacements rules declare, written into the file
the user opened. A fix is applied only where the reply's text maps one to one onto the source
(a plain draft, a kept stretch of Markdown or HTML); what cannot be mapped exactly (an e-mail's
encoded body, a JSON string with escapes, an HTML entity) is left alone. Placeholders, code and
quoted history are not in the reply text, so no finding, and no fix, points there.

A file is written back in the encoding it was read in (readers.text.Encoding: its BOM, UTF-8 or
Windows-1252), byte for byte outside the fixed words; newlines are never touched.

Most replacements are declared word for word (`pls: please`). A rule may instead name one of
the computed KINDS, a small function of the matched text and the reply's language (`fix: {en:
group-thousands}`), for a replacement no list can spell out."""

import difflib
import re
from itertools import groupby
from pathlib import Path

from etiket import errors
from etiket.atomic import atomic_open
from etiket.readers import STDIN
from etiket.readers import text as plain

# How each language writes a thousands separator in an amount (Rp1.500.000, $1,500,000).
_THOUSANDS = {"en": ",", "id": "."}
_DIGITS = re.compile(r"\d+")


def group_thousands(text, lang):
    """The amount with its digits grouped in thousands as the language writes them ("Rp 1500000"
    -> "Rp 1.500.000" in Indonesian, "$25000" -> "$25,000" in English). A run that starts with 0
    is no amount written by hand (a code): left as it is."""
    digits = _DIGITS.search(text)
    if not digits or digits.group().startswith("0"):
        return text
    grouped = f"{int(digits.group()):,}".replace(",", _THOUSANDS[lang])
    return text[:digits.start()] + grouped + text[digits.end():]


# Computed fixes a rule can name instead of a list of replacements: name -> (matched text, lang) -> text.
KINDS = {"group-thousands": group_thousands}


def replacement(declared, lang, text):
    """The safe replacement a rule's `fix` for `lang` (a list of words, or the name of a KIND)
    gives for the matched text, capitalised like it ("Pls" -> "Please"); None when it has none."""
    if isinstance(declared, str):
        fixed = KINDS[declared](text, lang)
        return fixed if fixed != text else None
    found = {key.lower(): value for key, value in (declared or {}).items()}.get(text.lower())
    if found and text[:1].isupper() and not text.isupper():
        return found[:1].upper() + found[1:]
    return found


def fix(entries, check, stdin=None, write=True):
    """Check each reply of `entries` (readers.read_all) with `check` (Reply -> Result or
    InputError) and fix its sources: a list of (source, bytes before, bytes after, Encoding) for each
    source the fixes change. Files are rewritten when `write`; stdin (`stdin`, its bytes) never.
    Inputs that cannot be read or checked are skipped: the report that follows names them."""
    changed = []
    for source, checked in _checked_by_source(entries, check):
        change = _change(source, checked, stdin)
        if change:
            if write and source != STDIN:
                _write(source, change[2])
            changed.append(change)
    return changed


class Session:
    """`--fix` on files with one check per input: each input is checked once and its fixes are
    written; the report then gets the results of that check for every input the fixes left as it
    was. An input the fixes changed is read and checked again, because a fix can change what
    other rules find in it (a bare "Send the photo" is no longer one once "Pls" reads "Please"),
    and its positions move: only the fixed files pay for the second check.

    `check` is how --fix checks a reply (Reply -> Result or InputError), `reread(source)` reads a
    fixed file again; `entries()` gives the report's inputs, and the session stands in for the
    linter in the report: its `check(reply)` answers from the first check where there was one."""

    def __init__(self, linter, check, reread):
        self._linter, self._check, self._reread = linter, check, reread
        self._results = {}

    def __getattr__(self, name):
        if name.startswith("_"):  # not set yet (an unpickled copy): never the linter's
            raise AttributeError(name)
        return getattr(self._linter, name)  # the report asks the linter its budget, rules...

    def entries(self, entries):
        for source, checked in _checked_by_source(entries, self._check):
            change = _change(source, checked)
            if change:
                try:
                    _write(source, change[2])
                except errors.WriteError as exc:
                    yield exc  # one line, then the report of the file as it stands
                else:
                    yield from self._reread(source)
                    continue
            for entry, result in checked:
                if entry is not result:
                    self._results[id(entry)] = result
                yield entry

    def check(self, reply):
        """The result of the check --fix made of `reply`, else a check now (a re-read file)."""
        result = self._results.pop(id(reply), None)
        if isinstance(result, errors.InputError):
            raise result
        return result or self._linter.check(reply)


def diff(source, before, after, encoding=None):
    """A unified diff of what fixing `source` changes, newlines as the file has them."""
    encoding = encoding or plain.read(source, before)[1]
    old, new = (encoding.decode(data).splitlines(keepends=True) for data in (before, after))
    return "".join(difflib.unified_diff(old, new, source, source))


def _checked_by_source(entries, check):
    """(source, [(entry, Result or InputError)]) for each input in turn: a source's replies come
    one after another from the readers, and are fixed together."""
    def checked(entry):
        return entry, entry if isinstance(entry, errors.InputError) else check(entry)

    for source, group in groupby(map(checked, entries), key=lambda pair: pair[0].source):
        yield source, list(group)


def _change(source, checked, stdin=None):
    """(source, bytes before, bytes after, Encoding) when the source's fixable findings change it, else None."""
    results = [result for _, result in checked if not isinstance(result, errors.InputError)]
    found = [edit for result in results for edit in _edits(result)]
    if not found:
        return None
    before = stdin if source == STDIN else Path(source).read_bytes()
    encoding = results[0].reply.encoding or plain.read(source, before)[1]
    after = _applied(before, found, encoding)
    return (source, before, after, encoding) if after != before else None


def _edits(result):
    """(source start, source end, matched text, replacement) for each fixable finding whose
    characters come one to one from the file."""
    for finding in result.findings:
        span = result.reply.positions.source_span(finding.start, finding.end) if finding.fix else None
        if span:
            yield *span, finding.text, finding.fix


def _applied(data, edits, encoding):
    """`data` with the edits made, right to left; an edit whose stretch of the file does not hold
    the matched text (the map was not of this file's text), that overlaps one made, or whose
    words the file's encoding cannot hold is skipped."""
    text = encoding.decode(data)
    done = len(text) + 1
    for start, end, matched, fixed in sorted(set(edits), reverse=True):
        if end <= done and text[start:end] == matched and _holds(encoding, fixed):
            text = text[:start] + fixed + text[end:]
            done = start
    return encoding.encode(text)


def _holds(encoding, words):
    try:
        encoding.encode(words)
    except UnicodeEncodeError:
        return False
    return True


def _write(source, data):
    try:
        with atomic_open(source, "wb") as file:
            file.write(data)
    except OSError as exc:
        raise errors.WriteError(source, exc.strerror) from None
