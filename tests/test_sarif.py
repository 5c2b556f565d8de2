"""--format sarif: valid SARIF 2.1.0 with rule metadata, locations and fingerprints."""

import io
import json
from pathlib import Path

import jsonschema
import pytest
from rich.console import Console
from typer.testing import CliRunner

from etiket.baseline import fingerprint
from etiket.cli import app
from etiket.formatters.sarif import SarifFormatter
from etiket.reply import Finding, RelativeMap, Reply, Result, Summary

ROOT = Path(__file__).resolve().parents[1]
SARIF_SCHEMA = json.loads((ROOT / "tests" / "fixtures" / "sarif" / "sarif-2.1.0.json").read_text("utf-8"))
TESTPACK = ["--rules", "tests/fixtures/rules", "--select", "testpack"]
runner = CliRunner()


@pytest.fixture(autouse=True)
def _at_root(monkeypatch):
    monkeypatch.chdir(ROOT)  # sources are reported as given: relative to the repository


def sarif(*args, input=None):
    result = runner.invoke(app, ["check", "--format", "sarif", *args], input=input)
    return result.exit_code, json.loads(result.stdout)


def test_examples_validate_against_the_sarif_schema():
    code, log = sarif("examples/")
    jsonschema.Draft202012Validator(SARIF_SCHEMA).validate(log)
    assert code == 1
    report = json.loads(runner.invoke(app, ["check", "--format", "json", "examples/"]).stdout)
    run = log["runs"][0]
    found = [f for item in report["items"] for f in item["findings"]]
    assert len(run["results"]) == len(found) > 10
    assert [r["ruleId"] for r in run["results"]] == [f["rule"] for f in found]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == sorted({f["rule"] for f in found})
    assert {r["level"] for r in run["results"]} <= {"error", "warning", "note"}
    assert run["invocations"] == [{"executionSuccessful": True}]


def test_exact_result_and_rule_for_a_file():
    code, log = sarif(*TESTPACK, "tests/fixtures/ci/voucher-balasan.txt")
    assert code == 0
    run = log["runs"][0]
    assert log["version"] == "2.1.0"
    assert run["tool"]["driver"]["name"] == "etiket"
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["tool"]["driver"]["rules"] == [{
        "id": "testpack/shouted-word", "name": "shouted-word",
        "defaultConfiguration": {"level": "warning"},
        "properties": {"category": "testpack", "tags": ["testpack"]},
        "shortDescription": {"text": "Test rule."},
        "fullDescription": {"text": "Tests need a rule that never changes."},
        "help": {"text": "Test rule.\n\nTests need a rule that never changes.\n\nRemove it.\n\nExamples: etiket explain testpack/shouted-word"},
    }]
    [result] = run["results"]
    assert {k: v for k, v in result.items() if k != "partialFingerprints"} == {
        "ruleId": "testpack/shouted-word",
        "level": "warning",
        "message": {"text": "“zonk” kata uji. Hapus."},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": "tests/fixtures/ci/voucher-balasan.txt"},
            "region": {"startLine": 3, "startColumn": 62, "endLine": 3, "endColumn": 66}}}],
    }
    assert list(result["partialFingerprints"]) == ["etiket/v1"]
    assert len(result["partialFingerprints"]["etiket/v1"]) == 32


def test_rule_metadata_follows_message_lang():
    _, log = sarif(*TESTPACK, "--message-lang", "id", "tests/fixtures/ci/voucher-balasan.txt")
    [rule] = log["runs"][0]["tool"]["driver"]["rules"]
    assert rule["shortDescription"] == {"text": "Aturan uji."}
    assert rule["fullDescription"] == {"text": "Uji butuh aturan yang tetap."}


def test_collection_records_are_logical_locations():
    _, log = sarif(*TESTPACK, "tests/fixtures/ci/prize-macros.jsonl")
    locations = [r["locations"][0] for r in log["runs"][0]["results"]]
    assert [loc["logicalLocations"] for loc in locations] == [
        [{"name": "mystery-box-en", "kind": "object", "fullyQualifiedName": "tests/fixtures/ci/prize-macros.jsonl[mystery-box-en]"}],
        [{"name": "undian-id", "kind": "object", "fullyQualifiedName": "tests/fixtures/ci/prize-macros.jsonl[undian-id]"}],
    ]
    assert [loc["physicalLocation"]["region"]["startLine"] for loc in locations] == [1, 2]
    assert [r["message"]["text"] for r in log["runs"][0]["results"]] == ["“zonk” is a test word. Remove it.", "“zonk” kata uji. Hapus."]


def test_stdin_has_a_description_instead_of_a_uri():
    _, log = sarif(*TESTPACK, "-", input="Mohon maaf Kak, hadiahnya zonk.\n")
    jsonschema.Draft202012Validator(SARIF_SCHEMA).validate(log)
    physical = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert physical == {"artifactLocation": {"description": {"text": "standard input"}},
                        "region": {"startLine": 1, "startColumn": 27, "endLine": 1, "endColumn": 31}}


def test_an_unreadable_input_marks_the_run_unsuccessful(tmp_path):
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"id": "a", "text": "Halo Kak"\n', encoding="utf-8")
    result = runner.invoke(app, ["check", "--format", "sarif", str(broken)])
    assert result.exit_code == 2
    assert json.loads(result.stdout)["runs"][0]["invocations"] == [{"executionSuccessful": False}]


def test_positions_in_the_reply_stay_out_of_the_physical_location():
    text = "Hi Sam,\nthe box was a zonk.\n"
    reply = Reply("mail/prize.eml", text, RelativeMap(text))
    finding = Finding("testpack/shouted-word", "testpack", "warning", "“zonk” is a test word.", None, "zonk",
                      22, 26, line=2, column=15, end_line=2, end_column=19, relative=True)
    out = io.StringIO()
    formatter = SarifFormatter(Console(file=out), {})
    formatter.add(Result(reply, "en", [finding], 90.0))
    formatter.finish(Summary(replies=1, warning=1))
    log = json.loads(out.getvalue())
    jsonschema.Draft202012Validator(SARIF_SCHEMA).validate(log)
    [result] = log["runs"][0]["results"]
    assert result["locations"] == [{"physicalLocation": {"artifactLocation": {"uri": "mail/prize.eml"}}}]
    assert result["properties"] == {"positionsInReply": True,
                                    "replyRegion": {"startLine": 2, "startColumn": 15, "endLine": 2, "endColumn": 19}}
    assert result["message"] == {"text": "“zonk” is a test word."}
    assert result["partialFingerprints"] == {"etiket/v1": fingerprint(reply, finding)}
    # a rule the run did not load still gets a descriptor with its id
    assert log["runs"][0]["tool"]["driver"]["rules"] == [{
        "id": "testpack/shouted-word", "name": "shouted-word", "defaultConfiguration": {"level": "warning"},
        "properties": {"category": "testpack", "tags": ["testpack"]}}]


def test_paths_become_uri_references(tmp_path):
    folder = tmp_path / "canned replies"
    folder.mkdir()
    (folder / "hadiah.txt").write_text("Mohon maaf Kak, hadiahnya zonk.\n", encoding="utf-8")
    _, log = sarif(*TESTPACK, str(folder / "hadiah.txt"))
    uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == (folder / "hadiah.txt").as_uri() and "canned%20replies/hadiah.txt" in uri


def _fix(uri, line, column, end_column, old, new):
    return [{"description": {"text": f"Replace “{old}” with “{new}”"}, "artifactChanges": [{
        "artifactLocation": {"uri": uri}, "replacements": [{
            "deletedRegion": {"startLine": line, "startColumn": column, "endLine": line, "endColumn": end_column},
            "insertedContent": {"text": new}}]}]}]


def test_a_safe_fix_is_a_sarif_fix_where_it_maps_onto_the_file():
    code, log = sarif("--select", "clarity/chat-abbreviation,clarity/missing-thousand-separator",
                      "tests/fixtures/fix/refund-latin1-id.txt", "tests/fixtures/fix/refund-en.eml")
    jsonschema.Draft202012Validator(SARIF_SCHEMA).validate(log)
    results = log["runs"][0]["results"]
    latin1 = "tests/fixtures/fix/refund-latin1-id.txt"
    assert [r.get("fixes") for r in results] == [
        _fix(latin1, 3, 1, 5, "Mksh", "Terima kasih"),
        _fix(latin1, 3, 29, 39, "Rp 1500000", "Rp 1.500.000"),
        _fix(latin1, 3, 40, 43, "utk", "untuk"),
        _fix(latin1, 3, 71, 74, "sdh", "sudah"),
        # the e-mail's body is quoted-printable: its words are not the file's, so no change is offered
        None, None,
    ]
    assert [r["locations"][0]["physicalLocation"]["region"] for r in results[:4]] == [
        f[0]["artifactChanges"][0]["replacements"][0]["deletedRegion"] for f in (r["fixes"] for r in results[:4])]


def test_stdin_gets_no_fix():
    _, log = sarif("--select", "clarity/chat-abbreviation", "-", input="Mksh kak, pesanan yg kemarin sdh dikirim hari ini.\n")
    assert [("fixes" in r) for r in log["runs"][0]["results"]] == [False, False, False]


def test_information_uri_is_the_project_home_the_readme_names():
    from importlib.metadata import metadata

    _, log = sarif(*TESTPACK, "tests/fixtures/ci/voucher-balasan.txt")
    home = "https://github.com/etiket-lint/etiket"
    assert f"Homepage, {home}" in metadata("etiket").get_all("Project-URL")
    assert log["runs"][0]["tool"]["driver"]["informationUri"] == home
    assert f"    - repo: {home}\n" in (ROOT / "README.md").read_text("utf-8")
