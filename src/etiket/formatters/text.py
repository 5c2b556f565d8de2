"""Human-readable output with rich: findings with the line highlighted, then a score row."""

from rich.text import Text

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
SHORT = {
    "politeness": "polite", "transparency": "transp", "apology": "apology", "sarcasm": "sarcasm",
    "clarity": "clarity", "empathy": "empathy", "privacy": "privacy", "overpromise": "promise",
    "blame": "blame",
}


def render(results, console, options=None):
    for result in results:
        for finding in result.findings:
            _finding(console, result.reply, finding)
        _scores(console, result)
    if len(results) > 1:
        _summary(console, results)


def _where(reply, finding):
    where = f"{reply.source}:{finding.line}:{finding.column}"
    item = f"[{reply.item}]" if reply.item else ""
    return where + item + (" (in reply)" if finding.relative else "")


def _finding(console, reply, finding):
    head = Text()
    head.append(_where(reply, finding), style="bold")
    head.append(": ")
    head.append(finding.severity, style=SEVERITY_STYLE[finding.severity])
    head.append(f" {finding.rule}", style="dim")
    head.append(f"  {finding.message}")
    console.print(head, soft_wrap=True)
    console.print(_context_line(reply.text, finding.start, finding.end), soft_wrap=True)
    if finding.suggestion:
        console.print(Text("    → " + finding.suggestion, style="green"), soft_wrap=True)


def _context_line(text, start, end):
    """The reply line holding the match, the matched words highlighted and underlined by carets
    (so the spot shows without colour too)."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line_end = len(text) if line_end < 0 else line_end
    stop = min(end, line_end)
    line = Text("    ")
    line.append(text[line_start:start])
    line.append(text[start:stop], style="bold reverse")
    line.append(text[stop:line_end])
    width = len(text[start:stop]) or 1
    line.append("\n    " + " " * len(text[line_start:start]) + "^" * width, style="red")
    return line


def _scores(console, result):
    row = Text()
    label = result.reply.source + (f"[{result.reply.item}]" if result.reply.item else "")
    row.append(f"{label} ({result.lang}) ", style="bold")
    row.append(f"score {result.score:g}", style=_score_style(result.score))
    for category, value in result.categories.items():
        row.append("  ")
        row.append(f"{SHORT.get(category, category)} {value:g}", style=_score_style(value))
    console.print(row, soft_wrap=True)
    console.print()


def _score_style(value):
    return "green" if value >= 90 else "yellow" if value >= 60 else "red"


def _summary(console, results):
    findings = [f for r in results for f in r.findings]
    counts = ", ".join(f"{sum(f.severity == s for f in findings)} {s}" for s in ("error", "warning", "info"))
    lowest = min(r.score for r in results)
    console.print(f"{len(results)} replies checked: {counts}; lowest score {lowest:g}", soft_wrap=True)
