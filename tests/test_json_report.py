"""The JSON report is written by its own encoder: it must give json.dumps' text, byte for byte."""

import io
import json
from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from etiket.formatters.json_report import JsonFormatter, indented

_LEAVES = st.none() | st.booleans() | st.integers() | st.floats() | st.text()
_VALUES = st.recursive(_LEAVES, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=20)


def _nested(value, depth):
    """json.dumps' text of `value` as it stands `depth` levels deep in an indented document."""
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + "  " * depth)


@given(_VALUES, st.integers(min_value=0, max_value=3))
def test_indented_writes_what_json_dumps_writes(value, depth):
    assert indented(value, depth) == _nested(value, depth)


def test_keys_that_are_not_strings_are_written_as_json_writes_them():
    value = {1: "a", 2.5: None, True: [], None: {}, "ü\n": float("nan"), "x": [float("inf"), -float("inf")]}
    assert indented(value, 1) == _nested(value, 1)


def _finding(rule, severity):
    return SimpleNamespace(rule=rule, category="clarity", severity=severity, message="Pesan “ini”", suggestion="",
                           text="a\tb", line=1, column=2, end_line=1, end_column=5, relative=rule.endswith("2"), fix="x" if rule.endswith("1") else None)


def _result(number, findings):
    reply = SimpleNamespace(source=f"replies/{number}.jsonl", item=str(number) if number % 2 else None)
    return SimpleNamespace(reply=reply, lang="id", score=87.5 - number, categories={"clarity": 100.0, "politeness": 66.66666666666667},
                           findings=findings)


def _report(results):
    out = io.StringIO()
    formatter = JsonFormatter(SimpleNamespace(file=out))
    for result in results:
        formatter.add(result)
    formatter.finish()
    return out.getvalue()


def test_the_report_is_json_dumps_of_the_whole_document():
    from etiket import __version__
    from etiket.formatters.json_report import item

    for results in ([], [_result(1, [])], [_result(1, [_finding("a/r1", "warning"), _finding("b/r2", "error")]), _result(2, [])]):
        severities = [f.severity for r in results for f in r.findings]
        summary = {"items": len(results), "findings": len(severities), "error": severities.count("error"),
                   "warning": severities.count("warning"), "info": severities.count("info"),
                   "min_score": min((r.score for r in results), default=None)}
        document = {"schema": 1, "etiket": __version__, "items": [item(r) for r in results], "summary": summary}
        assert _report(results) == json.dumps(document, ensure_ascii=False, indent=2) + "\n"
