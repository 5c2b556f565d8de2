import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from etiket import rulebook
from etiket.cli import app
from etiket.readers import WALKED

ROOT = Path(__file__).resolve().parents[1]
TESTPACK = str(ROOT / "tests" / "fixtures" / "rules")
REPORT_SCHEMA = json.loads((ROOT / "src" / "etiket" / "schemas" / "report.schema.json").read_text())
runner = CliRunner()


def run(*args, input=None):
    return runner.invoke(app, list(args), input=input)


def test_json_report_on_examples_matches_schema():
    result = run("check", "--format", "json", str(ROOT / "examples"))
    report = json.loads(result.stdout)
    jsonschema.validate(report, REPORT_SCHEMA)
    assert result.exit_code == 1
    # one item per walked file, one per record of a JSONL collection: no reply is dropped
    walked = [p for p in (ROOT / "examples").rglob("*") if p.suffix in WALKED]
    expected = {str(p): len(p.read_text(encoding="utf-8").splitlines()) if p.suffix == ".jsonl" else 1 for p in walked}
    assert Counter(item["source"] for item in report["items"]) == expected
    assert report["summary"]["items"] == len(report["items"])
    assert {item["lang"] for item in report["items"]} == {"en", "id"}


def test_makanya_draft_on_stdin_reports_blame_pushiness_and_sarcasm_in_indonesian():
    result = run("check", "--format", "json", "-", input="Makanya baca dulu dong, kan sudah dijelaskan di deskripsi.\n")
    assert result.exit_code == 1  # blame-the-customer is an error
    item = json.loads(result.stdout)["items"][0]
    assert item["lang"] == "id" and item["source"] == "<stdin>"
    assert [(f["rule"], f["severity"], f["text"]) for f in item["findings"]] == [
        ("blame/blame-the-customer", "error", "Makanya baca"),
        ("politeness/pushy-tone", "warning", "baca dulu dong"),
        ("sarcasm/passive-aggressive-reminder", "warning", "kan sudah dijelaskan"),
    ]
    assert item["findings"][0]["message"].startswith("“Makanya baca”")


def test_exact_json_for_a_fixed_rule():
    result = run("check", "--rules", TESTPACK, "--select", "testpack", "--format", "json", "-", input="ok\nthat is zonk.\n")
    report = json.loads(result.stdout)
    assert result.exit_code == 0  # a warning is under the default --fail-on error
    assert report["items"][0]["findings"] == [{
        "rule": "testpack/shouted-word", "category": "testpack", "severity": "warning",
        "message": "“zonk” is a test word.", "suggestion": "Remove it.", "text": "zonk",
        "line": 2, "column": 9, "end_line": 2, "end_column": 13,
    }]
    assert report["items"][0]["categories"]["testpack"] == 90.0
    assert report["items"][0]["score"] == 90.0
    assert report["summary"] == {"items": 1, "findings": 1, "error": 0, "warning": 1, "info": 0, "min_score": 90.0}


def test_text_output_golden():
    result = run("check", "--rules", TESTPACK, "--select", "testpack", "--lang", "en", "--no-color", "-", input="ok\nthat is zonk.\n")
    assert result.stdout == (
        "<stdin>:2:9: warning testpack/shouted-word  “zonk” is a test word.\n"
        "    that is zonk.\n"
        "            ^^^^\n"
        "    → Remove it.\n"
        "<stdin> (en) score 90  testpack 90\n"
        "\n"
        "1 reply checked: 0 errors, 1 warning, 0 info; lowest score 90\n"
    )


def test_a_suggestion_over_two_lines_stays_under_its_arrow():
    result = run("check", "--select", "politeness/missing-closing", "--lang", "en", "--channel", "email",
                 "--no-second-opinion", "--no-color", "-", input="Hi Dana,\n\nYour order has shipped.\n")
    assert ("    → End with a sign-off and your name, or an offer of more help: “Kind regards,\n"
            "      Maya, Customer Care”.\n") in result.stdout


@pytest.mark.parametrize(("fail_on", "code"), [("error", 0), ("warning", 1), ("info", 1), ("never", 0)])
def test_fail_on(fail_on, code):
    result = run("check", "--rules", TESTPACK, "--select", "testpack", "--fail-on", fail_on, "-", input="zonk")
    assert result.exit_code == code


def test_fail_under():
    args = ("check", "--rules", TESTPACK, "--select", "testpack", "--fail-on", "never")
    assert run(*args, "--fail-under", "95", "-", input="zonk").exit_code == 1
    assert run(*args, "--fail-under", "90", "-", input="zonk").exit_code == 0


def test_ignore_a_category_and_unknown_names():
    assert run("check", "--rules", TESTPACK, "--ignore", "testpack", "--fail-on", "warning", "-", input="zonk").exit_code == 0
    result = run("check", "--select", "no-such-thing", "-", input="hello")
    assert result.exit_code == 2
    assert "unknown rule or category: no-such-thing" in result.stderr


def test_missing_path_still_checks_the_rest(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("zonk here", encoding="utf-8")
    result = run("check", "--rules", TESTPACK, "--select", "testpack", "--format", "json", str(tmp_path / "nope.txt"), str(good))
    assert result.exit_code == 2
    assert f"cannot check {tmp_path / 'nope.txt'}: no such file or folder" in result.stderr
    assert json.loads(result.stdout)["summary"]["findings"] == 1


@pytest.mark.parametrize(("content", "message"), [
    (b"", "the draft is empty"),
    (b"  \n\t\n", "the draft is empty"),
    (b"\x00\x01binary\x00", "looks like a binary file, not text"),
    # a gzip header: no NUL in its first bytes, but control characters no text holds
    (b"\x1f\x8b\x08\x08\xe2\x9c\xa1f\x02\x03refund.txt", "looks like a binary file, not text"),
    (b"\xff\xfeH\x00i\x00\x00\xd8", "is not UTF-16 text as its byte-order mark says (line 1)"),  # cut in a surrogate pair
])
def test_bad_input_is_one_clear_line(tmp_path, content, message):
    draft = tmp_path / "draft.txt"
    draft.write_bytes(content)
    result = run("check", str(draft))
    assert result.exit_code == 2
    assert result.stderr.strip() == f"etiket: cannot check {draft}: {message}"
    assert "Traceback" not in result.stdout + result.stderr


def test_folder_without_replies(tmp_path):
    (tmp_path / "notes.csv").write_text("a,b", encoding="utf-8")
    result = run("check", str(tmp_path))
    assert result.exit_code == 2
    walked = ", ".join(sorted(WALKED))
    assert result.stderr == (
        f"etiket: cannot check {tmp_path}: folder holds no readable replies (a folder walk reads {walked} files; "
        "name a .csv, .json or .yaml collection to check it)\n"
    )


def test_broken_rule_file_names_file_and_line(tmp_path):
    pack = tmp_path / "pack" / "politeness"
    pack.mkdir(parents=True)
    (pack / "bad-rule.yaml").write_text("category: politeness\nseverity: loud\n", encoding="utf-8")
    result = run("check", "--rules", str(tmp_path / "pack"), "-", input="hello")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"etiket: invalid rule: {pack / 'bad-rule.yaml'}:")
    assert "[politeness/bad-rule]" in result.stderr


def test_rules_and_explain():
    listing = run("rules", "--rules", TESTPACK)
    assert listing.exit_code == 0
    assert "testpack/shouted-word" in listing.stdout
    explained = run("explain", "testpack/shouted-word", "--rules", TESTPACK, "--lang", "en")
    assert explained.exit_code == 0
    for part in ("What it checks: Test rule.", "Why it matters:", "✗ zonk", "✓ fine"):
        assert part in explained.stdout
    assert run("explain", "nope/nothing").exit_code == 2


def test_rule_listing_never_cuts_an_id():
    listing = run("rules").stdout.splitlines()
    rules = rulebook.load_packs([rulebook.builtin_rules_dir(), rulebook.SECOND_OPINION])
    rows = {line.split()[0]: line.split()[1:] for line in listing[1:-1]}
    assert rows == {r.id: [r.category, r.severity, *", ".join(r.languages).split(), r.check] for r in rules.values()}
    assert listing[0].split() == ["rule", "category", "severity", "languages", "check"]
    assert listing[-1] == f"{len(rules)} rules"


def test_message_lang_overrides_reply_language():
    args = ("check", "--rules", TESTPACK, "--select", "testpack", "--format", "json", "--lang", "en")
    report = json.loads(run(*args, "--message-lang", "id", "-", input="zonk").stdout)
    assert report["items"][0]["findings"][0]["message"] == "“zonk” kata uji."


def test_python_dash_m_entry_point():
    done = subprocess.run([sys.executable, "-m", "etiket", "--version"], capture_output=True, text=True, check=False)
    assert done.returncode == 0
    assert done.stdout.strip() == "etiket 0.1.0"


def test_quoted_lines_are_not_checked():
    args = ("check", "--rules", TESTPACK, "--select", "testpack", "--fail-on", "warning", "-")
    assert run(*args, input="Thanks for writing.\n> you sent zonk\n").exit_code == 0
    assert run(*args, input="Thanks for writing. zonk\n").exit_code == 1


def test_a_missing_follow_up_points_at_the_end_of_the_email(tmp_path):
    draft = tmp_path / "reply.txt"
    draft.write_text("Hi Sam,\n\nYour refund was sent today.\n\nKind regards,\nMaya\n", encoding="utf-8")
    report = json.loads(run("check", "--format", "json", "--channel", "email", "--lang", "en",
                            "--select", "transparency/missing-follow-up", str(draft)).stdout)
    [finding] = report["items"][0]["findings"]
    assert (finding["line"], finding["text"]) == (6, "Maya")


def test_a_report_format_loads_its_formatter_alone():
    probe = ("import sys; from etiket.formatters import formatter; formatter('json'); "
             "print([m for m in ('etiket.formatters.sarif', 'etiket.formatters.junit', 'etiket.baseline') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_the_collector_is_held_off_until_the_first_reply_is_checked():
    """main() turns the cyclic garbage collector off; once the first reply is checked, what is
    loaded is frozen and the collector is on again for the rest of the run."""
    probe = ("import gc, sys\nfrom etiket import cli\nseen = []\nsettle = cli._settle\n"
             "def watched():\n    seen.append(gc.isenabled())\n    settle()\n    seen.append(gc.isenabled())\n"
             "cli._settle = watched\nsys.argv = ['etiket', 'check', '--lang', 'en', '-']\n"
             "try:\n    cli.main()\nexcept SystemExit:\n    pass\n"
             "print(seen, gc.isenabled(), gc.get_freeze_count() > 0, file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", probe], input="Thanks for waiting.\n", capture_output=True, text=True, check=True)
    assert done.stderr.strip() == "[False, True] True True"
