"""SARIF 2.1.0 (the OASIS format code-scanning services read, GitHub's among them), built as plain
dictionaries: one run, the metadata of every rule that produced a result, and a result per
finding with its location, a fingerprint that survives lines moving (see baseline.py) and, for a
safe fix `etiket check --fix` would write, the replacement (code scanning offers it as a change)."""

import json
from functools import cache
from importlib.metadata import metadata
from pathlib import PurePath
from urllib.parse import quote

from etiket import __version__
from etiket.baseline import fingerprint, source_key
from etiket.formatters.lines import advice

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}
FINGERPRINT_KEY = "etiket/v1"


class SarifFormatter:
    """One SARIF log is one JSON document, written whole when the run ends; meanwhile only the
    result dictionaries are kept, never the replies."""

    def __init__(self, console, options=None):
        options = options or {}
        self._console = console
        self._rules = options.get("rules") or {}
        self._lang = options.get("message_lang") or "en"
        self._results, self._used = [], {}

    def add(self, result):
        for finding in result.findings:
            self._used.setdefault(finding.rule, finding.category)
            self._results.append(_result(result.reply, finding))

    def finish(self, summary):
        rules = [_rule(self._rules.get(rule_id), rule_id, category, self._lang)
                 for rule_id, category in sorted(self._used.items())]
        run = {
            "tool": {"driver": {"name": "etiket", "version": __version__, "semanticVersion": __version__,
                                "informationUri": home(), "rules": rules}},
            # etiket counts columns in characters, not in the UTF-16 units SARIF assumes by default
            "columnKind": "unicodeCodePoints",
            "invocations": [{"executionSuccessful": not (summary.unreadable or summary.partial)}],
            "results": self._results,
        }
        log = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
        self._console.file.write(json.dumps(log, ensure_ascii=False, indent=2) + "\n")


@cache
def home():
    """The project's home page, as pyproject.toml's [project.urls] gives it (the package metadata)."""
    urls = dict(entry.split(", ", 1) for entry in metadata("etiket").get_all("Project-URL") or [])
    return urls["Homepage"]


def _rule(rule, rule_id, category, lang):
    """A reportingDescriptor: what the rule checks, why, and what to write instead. A finding from
    a rule the run did not load (none today) still gets its id and category."""
    descriptor = {"id": rule_id, "name": rule_id.rsplit("/", 1)[-1],
                  "defaultConfiguration": {"level": LEVEL[rule.severity] if rule else "warning"},
                  "properties": {"category": category, "tags": [category]}}
    if rule is None:
        return descriptor
    what, why = rule.text("what", lang), rule.text("why", lang)
    help_text = f"{what}\n\n{why}"
    if rule.suggestion:
        help_text += f"\n\n{rule.text('suggestion', lang)}"
    help_text += f"\n\nExamples: etiket explain {rule_id}"
    descriptor.update({"shortDescription": {"text": what}, "fullDescription": {"text": why},
                       "help": {"text": help_text}})
    return descriptor


def _result(reply, finding):
    result = {
        "ruleId": finding.rule,
        "level": LEVEL[finding.severity],
        "message": {"text": advice(finding)},
        "locations": [_location(reply, finding)],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint(reply, finding)},
    }
    if finding.relative:
        # the file cannot show where these words are (a base64 mail part, say): the region is
        # given in the reply's own text instead, outside the physical location
        result["properties"] = {"positionsInReply": True, "replyRegion": _region(finding)}
    if _fixable(reply, finding):
        result["fixes"] = [{
            "description": {"text": f"Replace “{finding.text}” with “{finding.fix}”"},
            "artifactChanges": [{"artifactLocation": _artifact(reply.source), "replacements": [
                {"deletedRegion": _region(finding), "insertedContent": {"text": finding.fix}}]}],
        }]
    return result


def _fixable(reply, finding):
    """A safe fix whose words stand one to one in a file (what `etiket check --fix` would write)."""
    return (finding.fix is not None and reply.source != "<stdin>"
            and reply.positions.source_span(finding.start, finding.end) is not None)


def _location(reply, finding):
    physical = {"artifactLocation": _artifact(reply.source)}
    if not finding.relative:
        physical["region"] = _region(finding)
    location = {"physicalLocation": physical}
    if reply.item:
        location["logicalLocations"] = [{"name": reply.item, "kind": "object",
                                         "fullyQualifiedName": f"{source_key(reply.source)}[{reply.item}]"}]
    return location


def _artifact(source):
    """A URI reference for the source: a relative path stays relative (code scanning resolves it
    against the checkout); stdin has no URI, only a description."""
    if source == "<stdin>":
        return {"description": {"text": "standard input"}}
    path = PurePath(source)
    if path.is_absolute():
        return {"uri": path.as_uri()}
    return {"uri": quote(PurePath(source_key(source)).as_posix(), safe="/")}


def _region(finding):
    return {"startLine": finding.line, "startColumn": finding.column,
            "endLine": finding.end_line, "endColumn": finding.end_column}
