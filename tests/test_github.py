"""--format github: one workflow command per finding, escaped as the Actions runner reads them."""

from pathlib import Path

import pytest
from typer.testing import CliRunner

from etiket.cli import app
from etiket.formatters.github import annotation
from etiket.reply import Finding, RelativeMap, Reply, TextMap

ROOT = Path(__file__).resolve().parents[1]
TESTPACK = ["--rules", "tests/fixtures/rules", "--select", "testpack"]
runner = CliRunner()


@pytest.fixture(autouse=True)
def _at_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def github(*args, input=None):
    return runner.invoke(app, ["check", "--format", "github", *TESTPACK, *args], input=input)


def test_github_golden():
    result = github("tests/fixtures/ci/voucher-balasan.txt", "tests/fixtures/ci/prize-macros.jsonl")
    assert result.exit_code == 0
    assert result.stdout == (
        "::warning file=tests/fixtures/ci/voucher-balasan.txt,line=3,col=62,endLine=3,endColumn=66,"
        "title=testpack/shouted-word::“zonk” kata uji. Hapus.\n"
        "::warning file=tests/fixtures/ci/prize-macros.jsonl,line=1,col=189,endLine=1,endColumn=193,"
        "title=testpack/shouted-word::[mystery-box-en] “zonk” is a test word. Remove it.\n"
        "::warning file=tests/fixtures/ci/prize-macros.jsonl,line=2,col=175,endLine=2,endColumn=179,"
        "title=testpack/shouted-word::[undian-id] “zonk” kata uji. Hapus.\n"
        "4 replies checked: 0 errors, 3 warnings, 0 info; lowest score 90\n"
    )


def test_stdin_annotation_has_no_file():
    result = github("--fail-on", "warning", "-", input="Mohon maaf Kak, hadiahnya zonk.\n")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        "::warning line=1,col=27,endLine=1,endColumn=31,title=testpack/shouted-word::“zonk” kata uji. Hapus.")


def _finding(severity, message, suggestion, relative=False):
    return Finding("clarity/jargon", "clarity", severity, message, suggestion, "SLA", 10, 13,
                   line=4, column=7, end_line=4, end_column=10, relative=relative)


def test_properties_and_message_are_escaped():
    reply = Reply("macros/refund: v2, final.txt", "text", TextMap("text"), item="refund,late")
    finding = _finding("error", "“SLA” is 100% jargon:\nexplain it.", "Say “response time”.\r")
    assert annotation(reply, finding) == (
        "::error file=macros/refund%3A v2%2C final.txt,line=4,col=7,endLine=4,endColumn=10,title=clarity/jargon"
        "::[refund,late] “SLA” is 100%25 jargon:%0Aexplain it. Say “response time”.%0D")


@pytest.mark.parametrize(("severity", "command"), [("error", "::error "), ("warning", "::warning "), ("info", "::notice ")])
def test_severity_names_the_command(severity, command):
    reply = Reply("draft.txt", "text", TextMap("text"))
    assert annotation(reply, _finding(severity, "Jargon.", None)).startswith(command)


def test_positions_in_the_reply_go_into_the_message():
    reply = Reply("mail/prize.eml", "text", RelativeMap("text"))
    assert annotation(reply, _finding("warning", "Jargon.", None, relative=True)) == (
        "::warning file=mail/prize.eml,title=clarity/jargon::Jargon. (reply line 4, column 7)")
