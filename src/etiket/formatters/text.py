"""Human-readable output with rich: each finding with its line and a caret under the match, a
score row for each reply with findings, and a one-line summary at the end."""

from rich.text import Text

from etiket.formatters.lines import where

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
SHORT = {
    "politeness": "polite", "transparency": "transp", "apology": "apology", "sarcasm": "sarcasm",
    "clarity": "clarity", "empathy": "empathy", "privacy": "privacy", "overpromise": "promise",
    "blame": "blame",
}
INDENT = "    "
ELLIPSIS = "…"


class TextFormatter:
    def __init__(self, console, options=None):
        self._console = console
        self._verbose = bool(options and options.get("verbose"))

    def add(self, result):
        if not result.findings and not self._verbose:
            return  # a clean reply takes no line of its own; the summary counts it
        for finding in result.findings:
            _finding(self._console, result.reply, finding)
        _scores(self._console, result)

    def finish(self, summary):
        _print(self._console, Text(summary_line(summary)))


def summary_line(summary):
    replies = f"{summary.replies} {'reply' if summary.replies == 1 else 'replies'} checked"
    counts = [f"{getattr(summary, s)} {s}{'s' if getattr(summary, s) != 1 and s != 'info' else ''}"
              for s in ("error", "warning", "info")]
    found = ", ".join(counts) if summary.error + summary.warning + summary.info else "no findings"
    line = f"{replies}: {found}"
    if summary.lowest is not None and summary.lowest < 100:
        line += f"; lowest score {summary.lowest:g}"
    if summary.unreadable:
        line += f"; {summary.unreadable} {'input' if summary.unreadable == 1 else 'inputs'} could not be checked"
    if summary.partial:
        line += f"; {summary.partial} checked in part"
    if summary.known:
        line += f"; {summary.known} known {'finding' if summary.known == 1 else 'findings'} left out (baseline)"
    return line


def _finding(console, reply, finding):
    head = Text()
    head.append(where(reply, finding), style="bold")
    head.append(": ")
    head.append(finding.severity, style=SEVERITY_STYLE[finding.severity])
    head.append(f" {finding.rule}", style="dim")
    head.append(f"  {finding.message}")
    if finding.fix:
        head.append(" (fixable)", style="dim")
    _print(console, head)
    _print(console, excerpt(reply.text, finding.start, finding.end, console.width))
    if finding.suggestion:
        # a suggestion's example may span lines (a sign-off and a name): they stay under the arrow
        suggestion = finding.suggestion.replace("\n", "\n" + INDENT + "  ")
        _print(console, Text(INDENT + "→ " + suggestion, style="green"))


def excerpt(text, start, end, width):
    """The reply line holding the match, highlighted and underlined by carets (so the spot shows
    without colour too); a line wider than the terminal is cut around the match, so the caret
    always stays under its words."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line_end = len(text) if line_end < 0 else line_end
    stop = min(end, line_end)
    room = max(20, width - len(INDENT) - 1)
    left, right = _window(start - line_start, stop - line_start, line_end - line_start, room)
    line = text[line_start:line_end]
    before = (ELLIPSIS if left > 0 else "") + line[left:start - line_start]
    match = line[start - line_start:min(stop - line_start, right)]
    after = line[stop - line_start:right] + (ELLIPSIS if right < len(line) else "")
    shown = Text(INDENT)
    shown.append(before)
    shown.append(match, style="bold reverse")
    shown.append(after)
    shown.append("\n" + INDENT + " " * len(before) + "^" * max(1, len(match)), style="red")
    return shown


def _window(start, stop, length, room):
    """[left, right) of a line of `length` characters to show in `room` columns around [start, stop)."""
    if length <= room:
        return 0, length
    room -= 2  # the ellipses at either end
    left = max(0, min(start - (room - (stop - start)) // 2, length - room))
    left = min(left, start)
    return left, min(length, left + room)


def _scores(console, result):
    """`source (lang) score N` and the categories that lost points (nine "100"s would hide them),
    wrapped between cells, never inside one."""
    label = result.reply.source + (f"[{result.reply.item}]" if result.reply.item else "")
    cells = [(f"score {result.score:g}", result.score)]
    cells += [(f"{SHORT.get(c, c)} {v:g}", v) for c, v in result.categories.items() if v < 100]
    row = Text(f"{label} ({result.lang}) ", style="bold")
    used = len(row)
    for i, (cell, value) in enumerate(cells):
        gap = "" if i == 0 else "  "
        if i and used + len(gap) + len(cell) > console.width:
            row.append("\n" + INDENT)
            used, gap = len(INDENT), ""
        row.append(gap)
        row.append(cell, style=_score_style(value))
        used += len(gap) + len(cell)
    _print(console, row)
    _print(console, Text())


def _print(console, text):
    """One line (or a few) as rich prints it with soft_wrap. Without colours (a pipe, a file,
    --no-color) that is the plain string, so it is written straight to the console's file: rich's
    render pass cost a third of a run over a collection with many findings. Rich expands tabs, so a
    line with a tab still goes through rich and the bytes stay the same."""
    plain = text.plain
    if console.color_system is None and "\t" not in plain:
        console.file.write(plain + "\n")
    else:
        console.print(text, soft_wrap=True)


def _score_style(value):
    return "green" if value >= 90 else "yellow" if value >= 60 else "red"
