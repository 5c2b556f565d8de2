"""The records that travel through etiket: a reply to check, and a finding about it."""

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


class RelativeMap(TextMap):
    """Positions counted in the reply's own text, when the source position cannot be known."""

    relative = True


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


@dataclass
class Reply:
    source: str
    text: str
    positions: object
    item: str | None = None
    customer: str | None = None
    lang: str | None = None
    channel: str | None = None


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


@dataclass
class Result:
    reply: Reply
    lang: str
    findings: list
    score: float
    categories: dict = field(default_factory=dict)
