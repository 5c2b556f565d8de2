"""The JSON report, schema 1 (see schemas/report.schema.json): a contract for other programs."""

import json

from etiket import SEVERITIES, __version__

SCHEMA = 1


def report(results):
    items = [_item(result) for result in results]
    findings = [f for result in results for f in result.findings]
    summary = {"items": len(items), "findings": len(findings)}
    summary.update({sev: sum(f.severity == sev for f in findings) for sev in SEVERITIES})
    summary["min_score"] = min((r.score for r in results), default=None)
    return {"schema": SCHEMA, "etiket": __version__, "items": items, "summary": summary}


def _item(result):
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
    return entry


def render(results, console, options=None):
    console.file.write(json.dumps(report(results), ensure_ascii=False, indent=2) + "\n")
