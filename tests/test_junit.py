"""--format junit: one test case per reply, failed as the run would fail, counts that add up."""

import io
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from etiket.cli import app
from etiket.formatters.junit import JunitFormatter
from etiket.reply import Finding, Reply, Result, Summary, TextMap

ROOT = Path(__file__).resolve().parents[1]
TESTPACK = ["--rules", "tests/fixtures/rules", "--select", "testpack"]
FILES = ["tests/fixtures/ci/voucher-balasan.txt", "tests/fixtures/ci/prize-macros.jsonl"]
VOUCHER = "tests/fixtures/ci/voucher-balasan.txt:3:62: warning testpack/shouted-word  “zonk” kata uji. Hapus."
runner = CliRunner()


@pytest.fixture(autouse=True)
def _at_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def junit(*args):
    result = runner.invoke(app, ["check", "--format", "junit", *TESTPACK, *args, *FILES])
    return result.exit_code, ET.fromstring(result.stdout.encode("utf-8"))


def _cases(root):
    return {case.get("name"): case for case in root.iter("testcase")}


def test_failures_at_the_fail_on_severity():
    code, root = junit("--fail-on", "warning")
    assert code == 1
    suite = root.find("testsuite")
    assert suite.get("name") == "etiket"
    assert [(e.get("tests"), e.get("failures"), e.get("errors")) for e in (root, suite)] == [("4", "3", "0")] * 2
    cases = _cases(root)
    assert [(c.get("classname"), name) for name, c in cases.items()] == [
        (FILES[0], FILES[0]), (FILES[1], "mystery-box-en"), (FILES[1], "undian-id"), (FILES[1], "ongkir-id")]
    failure = cases[FILES[0]].find("failure")
    assert failure.get("message") == "1 finding at warning or above"
    assert failure.text == VOUCHER
    assert cases["mystery-box-en"].find("failure").text == (
        "tests/fixtures/ci/prize-macros.jsonl:1:189[mystery-box-en]: warning testpack/shouted-word  "
        "“zonk” is a test word. Remove it.")
    assert list(cases["ongkir-id"]) == []


def test_findings_under_fail_on_go_to_system_out():
    code, root = junit()
    assert code == 0
    assert root.find("testsuite").get("failures") == "0"
    case = _cases(root)[FILES[0]]
    assert case.find("failure") is None
    assert case.find("system-out").text == VOUCHER


def test_a_score_under_fail_under_fails_the_case():
    code, root = junit("--fail-under", "95")
    assert code == 1
    assert root.get("failures") == "3"
    failure = _cases(root)["undian-id"].find("failure")
    assert failure.get("message") == "score 90 under 95"
    assert failure.text is None
    assert _cases(root)["undian-id"].find("system-out").text.endswith("“zonk” kata uji. Hapus.")


def test_characters_xml_cannot_hold_are_replaced():
    text = "Halo Kak\x0b, zonk\x00"
    reply = Reply("draft\x01.txt", text, TextMap(text))
    finding = Finding("testpack/shouted-word", "testpack", "error", "“zonk\x00” kata uji.", None, "zonk", 11, 15,
                      line=1, column=12, end_line=1, end_column=16)
    out = io.StringIO()
    formatter = JunitFormatter(Console(file=out), {"fail_on": "error"})
    formatter.add(Result(reply, "id", [finding], 75.0, overrun=["testpack/shouted-word"]))
    formatter.finish(Summary())
    case = ET.fromstring(out.getvalue().encode("utf-8")).find("testsuite/testcase")
    assert case.get("classname") == "draft\ufffd.txt"
    assert case.find("failure").text == "draft\ufffd.txt:1:12: error testpack/shouted-word  “zonk\ufffd” kata uji."
    assert case.find("error").get("message") == "checked in part: testpack/shouted-word stopped at the time budget (--timeout)"
