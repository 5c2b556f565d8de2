"""The records that travel through etiket: a reply to check, and a finding about it."""

import re
from array import array
from bisect import bisect_right
from dataclasses import dataclass, field


class TextMap:
    """Positions in a file that holds the reply text as is (offset -> 1-based line, column)."""

    relative = False

    def __init__(self, text, first_line=1):
        self._starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
        self._first_line = first_line

    def locate(self, offset):
        row = bisect_right(self._starts, offset) - 1
        return self._first_line + row, offset - self._starts[row] + 1

    def source_span(self, start, end):
        """Where [start, end) of the reply stands in the file's text, when the reply was copied
        there one to one (--fix edits it there); else None. From line 1, this text is the file's."""
        return (start, end) if self._first_line == 1 else None


class RelativeMap(TextMap):
    """Positions counted in the reply's own text, when the source position cannot be known."""

    relative = True

    def source_span(self, start, end):
        return None


class ColumnMap:
    """A reply that stands on one line of its source, each character at a known column
    (a JSON string with escapes, say)."""

    relative = False

    def __init__(self, line, columns):
        self._line, self._columns = line, columns

    def locate(self, offset):
        if offset < len(self._columns):
            return self._line, self._columns[offset]
        return self._line, (self._columns[-1] + 1 if self._columns else 1)

    def source_span(self, start, end):
        return None  # a JSON string's escapes: its text is not the file's


class ByteMap:
    """Positions in a file read as bytes (an e-mail): a byte offset -> 1-based line and the column
    in characters, as an editor shows the line."""

    relative = False

    def __init__(self, data):
        self._data = data
        self._starts = [0] + [i + 1 for i in range(len(data)) if data[i] == 10]

    def locate(self, offset):
        row = bisect_right(self._starts, offset) - 1
        before = self._data[self._starts[row]:offset].decode("utf-8", "replace")
        return row + 1, len(before) + 1

    def source_span(self, start, end):
        return None  # offsets in bytes of an encoded message: never edited


class OffsetMap:
    """A reply built from pieces of its source (markup dropped, entities decoded, quotes cut):
    the source offset of every character, located through the source's own map."""

    def __init__(self, offsets, base):
        self._offsets, self._base = offsets, base
        self.relative = base.relative

    def locate(self, offset):
        if not self._offsets:
            return self._base.locate(0)
        if offset < len(self._offsets):
            return self._base.locate(self._offsets[offset])
        line, column = self._base.locate(self._offsets[-1])
        return line, column + 1

    def source_span(self, start, end):
        """The stretch of the source [start, end) was copied from, when its characters are
        consecutive there (no entity or escape inside) and the source maps one to one too."""
        first, last = self._offsets[start], self._offsets[end - 1]
        if last - first != end - 1 - start:
            return None
        return self._base.source_span(first, last + 1)


class Builder:
    """Builds a reply's text piece by piece while remembering where each character came from.

    `keep` copies source text whose characters map one to one; `put` adds text that stands for a
    stretch of source as a whole (a decoded entity, a line break for a closing </p>)."""

    def __init__(self):
        self._parts = []
        self.offsets = array("q")

    def keep(self, text, start):
        self._parts.append(text)
        self.offsets.extend(range(start, start + len(text)))

    def put(self, text, at):
        self._parts.append(text)
        self.offsets.extend([at] * len(text))

    def text(self):
        return "".join(self._parts)


def through(offsets, outer):
    """Offsets of a text made from another mapped text (HTML inside an e-mail body, say)."""
    return array("q", (outer[i] if i < len(outer) else (outer[-1] + 1 if outer else 0) for i in offsets))


RANK = {"info": 1, "warning": 2, "error": 3, "never": 99}


@dataclass(frozen=True)
class Directive:
    """An etiket directive in a comment the customer never sees (HTML, Markdown): `kind` is
    disable, enable or disable-next-line (None for a comment that opens with "etiket:" but says
    nothing etiket understands); `names` are rule ids, categories or "all"; `line` and `end_line`
    the comment's lines in the source; `at` the offset in the reply text where it stands."""

    kind: str | None
    names: tuple
    line: int
    end_line: int
    at: int


# "@dana_k Thanks…", "@115712\nPlease…": a handle first, then a space or a line break
_OPENS_WITH_HANDLE = re.compile(r"\s*@\w{1,30}\s")


@dataclass
class Reply:
    source: str
    text: str
    positions: object
    item: str | None = None
    customer: str | None = None
    lang: str | None = None
    channel: str | None = None
    directives: list = field(default_factory=list)  # Directives a reader found (HTML, Markdown comments)
    ignore: tuple = ()  # rule ids or categories a collection record's etiket_ignore names
    encoding: object = None  # readers.text.Encoding the source file was read in (--fix writes it back so); None: UTF-8 or its BOM's

    @property
    def likely_channel(self):
        """The channel the reply goes to: its input's, else `social` for a reply that opens with
        the customer's @handle (a public reply says where it goes, as an e-mail does), else None."""
        if self.channel:
            return self.channel
        return "social" if _OPENS_WITH_HANDLE.match(self.text) else None


@dataclass
class Finding:
    rule: str
    category: str
    severity: str
    message: str
    suggestion: str | None
    text: str
    start: int
    end: int
    line: int = 0
    column: int = 0
    end_line: int = 0
    end_column: int = 0
    relative: bool = False
    weight: float = 1.0
    critical: bool = False
    fix: str | None = None  # the rule's safe replacement for `text` (see fix.py)


@dataclass
class Result:
    reply: Reply
    lang: str
    findings: list
    score: float
    categories: dict = field(default_factory=dict)
    overrun: list = field(default_factory=list)  # rules stopped at the time budget: checked in part
    stale: list = field(default_factory=list)  # suppress.Stale: suppressions that suppressed nothing


@dataclass
class Summary:
    """What a run did, for the last line of the output: replies, findings by severity, inputs
    that could not be read, the lowest score."""

    replies: int = 0
    error: int = 0
    warning: int = 0
    info: int = 0
    unreadable: int = 0  # inputs that could not be read or checked
    partial: int = 0  # replies checked in part (a rule stopped at the time budget)
    known: int = 0  # findings left out because the baseline holds them (--baseline)
    lowest: float | None = None

    worst: int = 0  # the highest severity RANK found

    def add(self, result):
        self.replies += 1
        self.worst = max([self.worst] + [RANK[f.severity] for f in result.findings])
        for finding in result.findings:
            setattr(self, finding.severity, getattr(self, finding.severity) + 1)
        self.lowest = result.score if self.lowest is None else min(self.lowest, result.score)

    def failing(self, fail_on, fail_under=None):
        """True when a finding is at or above `fail_on`, or a score is under `fail_under`."""
        if self.worst >= RANK[fail_on]:
            return True
        return fail_under is not None and self.lowest is not None and self.lowest < fail_under
