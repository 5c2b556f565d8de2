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
    """One JSON object is one document, so it is written whole when the run ends; only the small
    per-item dictionaries are kept meanwhile, never the replies."""

    def __init__(self, console, options=None):
        self._console, self._items, self._findings, self._scores = console, [], [], []

    def add(self, result):
        self._items.append(item(result))
        self._findings += [f.severity for f in result.findings]
        self._scores.append(result.score)

    def finish(self, summary=None):
        totals = {"items": len(self._items), "findings": len(self._findings)}
        totals.update({sev: self._findings.count(sev) for sev in SEVERITIES})
        totals["min_score"] = min(self._scores, default=None)
        document = {"schema": SCHEMA, "etiket": __version__, "items": self._items, "summary": totals}
        self._console.file.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
