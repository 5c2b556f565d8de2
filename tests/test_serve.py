"""`etiket serve`: JSON requests in, one report item (or error object) per line out, in order."""

import io
import json
import queue
import subprocess
import sys
import threading
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from etiket import serve
from etiket.api import Linter
from etiket.cli import app

ROOT = Path(__file__).resolve().parents[1]
DRAFTS = [json.loads(line) for line in (ROOT / "tests" / "fixtures" / "agents" / "drafts.jsonl").read_text(encoding="utf-8").splitlines()]
REPORT_SCHEMA = json.loads((ROOT / "src" / "etiket" / "schemas" / "report.schema.json").read_text(encoding="utf-8"))
ITEM_SCHEMA = {"$defs": REPORT_SCHEMA["$defs"], "$ref": "#/$defs/item"}
POSITIONS = ("line", "column", "end_line", "end_column")
REQUEST_FIELDS = ("id", "text", "customer", "lang", "channel")


@pytest.fixture(scope="module")
def api():
    return Linter()


def answers(linter, lines):
    out = io.BytesIO()
    assert serve.run(linter, io.BytesIO("".join(line + "\n" for line in lines).encode("utf-8")), out) == 0
    return [json.loads(line) for line in out.getvalue().decode("utf-8").splitlines()]


def request(record):
    return json.dumps({key: record[key] for key in REQUEST_FIELDS if key in record}, ensure_ascii=False)


def test_each_request_gets_its_report_item_in_order_and_a_bad_one_an_error_with_its_line(api):
    otp, makanya = DRAFTS[0], DRAFTS[2]
    got = answers(api, [
        request(otp),
        "",  # a blank line asks nothing
        '{"id": "broken", "text": "Halo Kak',
        '["Halo Kak"]',
        json.dumps({"id": 17, "text": ""}),
        json.dumps({"id": "no-text", "customer": "Kak, paket saya belum sampai."}),
        json.dumps({"id": ["x"], "text": makanya["text"]}),
        json.dumps({"id": "fr", "text": makanya["text"], "lang": "fr"}),
        json.dumps({"id": "wa", "text": makanya["text"], "channel": "whatsapp"}),
        json.dumps({"id": "num", "text": 12345}),
        json.dumps({"text": makanya["text"], "customer": makanya["customer"]}),
    ])
    assert got[0]["item"] == "otp-kak" and got[0]["source"] == "<stdin>"
    assert [(f["rule"], f["severity"], f["text"], f["line"], f["column"]) for f in got[0]["findings"]] == [
        ("privacy/secret-request", "error", "kirimkan kode OTP", 1, 17)]
    assert got[1:9] == [
        {"id": None, "line": 3, "error": "not a JSON object (Unterminated string starting at: column 26)"},
        {"id": None, "line": 4, "error": "a request is a JSON object, not a list"},
        {"id": 17, "line": 5, "error": "text is empty or missing: give the reply draft to check"},
        {"id": "no-text", "line": 6, "error": "text is empty or missing: give the reply draft to check"},
        {"id": None, "line": 7, "error": "id must be a string or a number, not a list"},
        {"id": "fr", "line": 8, "error": "lang must be one of auto, en, id, not 'fr'"},
        {"id": "wa", "line": 9, "error": "channel must be one of email, chat, social, not 'whatsapp'"},
        {"id": "num", "line": 10, "error": "text must be a string, not a number"},
    ]
    # no id: named by its request number, as a collection numbers its records (the blank line is none)
    assert got[9]["item"] == "10" and got[9]["lang"] == "id"
    assert [f["rule"] for f in got[9]["findings"]] == ["blame/blame-the-customer", "politeness/curt-reply", "politeness/pushy-tone",
                                                  "sarcasm/passive-aggressive-reminder"]
    for item in (got[0], got[9]):
        jsonschema.validate(item, ITEM_SCHEMA)


def test_a_line_that_is_not_utf8_is_an_error_and_the_next_is_answered(api):
    out = io.BytesIO()
    serve.run(api, io.BytesIO(b'{"id": "a", "text": "Terima kasih \xff Kak"}\n' + request(DRAFTS[0]).encode("utf-8") + b"\n"), out)
    first, second = [json.loads(line) for line in out.getvalue().splitlines()]
    assert first == {"id": None, "line": 1, "error": "not UTF-8 text"}
    assert second["item"] == "otp-kak"


@pytest.mark.parametrize("collection", ["collection.jsonl", "social-replies.jsonl"])
def test_answers_equal_check_format_json_on_a_bundled_collection(api, collection):
    """Equal: every field of every item, but `source` (the file vs "<stdin>") and the findings'
    line and column (in the JSONL file vs in the request's text, where they point at the same text)."""
    path = ROOT / "examples" / collection
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    checked = json.loads(CliRunner().invoke(app, ["check", "--format", "json", str(path)]).stdout)["items"]
    served = answers(api, [request(record) for record in records])
    assert len(served) == len(checked) == len(records) == 8
    for record, mine, theirs in zip(records, served, checked):
        assert (mine["source"], theirs["source"]) == ("<stdin>", str(path))
        assert _without_positions(mine) == _without_positions(theirs)
        for finding in mine["findings"]:
            assert _located(record["text"], finding) == finding["text"]


def test_an_answer_equals_check_format_json_of_the_draft_on_stdin_exactly(api, tmp_path):
    draft = DRAFTS[4]  # an English e-mail over several lines
    (tmp_path / "customer.txt").write_text(draft["customer"], encoding="utf-8")
    run = CliRunner().invoke(app, ["check", "--format", "json", "--channel", "email", "--context", str(tmp_path / "customer.txt"), "-"],
                             input=draft["text"])
    [expected] = json.loads(run.stdout)["items"]
    [served] = answers(api, [json.dumps({"text": draft["text"], "customer": draft["customer"], "channel": "email"})])
    assert served == {**expected, "item": "1"}
    assert any(f["line"] == 3 for f in served["findings"])


def test_etiket_serve_answers_each_line_as_it_comes_and_ends_cleanly_at_eof():
    process = subprocess.Popen([sys.executable, "-m", "etiket", "serve"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, cwd=ROOT)
    lines = _line_reader(process.stdout)
    try:
        for draft in DRAFTS[:3]:  # the next request is sent only once the answer came: answers are flushed per line
            process.stdin.write(request(draft).encode("utf-8") + b"\n")
            process.stdin.flush()
            answer = json.loads(lines.get(timeout=120))
            assert answer["item"] == draft["id"]
        process.stdin.write(b"{oops}\n")
        process.stdin.flush()
        assert json.loads(lines.get(timeout=60)) == {"id": None, "line": 4, "error": "not a JSON object (Expecting property name enclosed in double quotes: column 2)"}
        process.stdin.close()
        assert process.wait(timeout=60) == 0
        assert process.stderr.read() == b""
    finally:
        process.kill()


def _line_reader(stream):
    """Lines of `stream` through a queue, so a test waits for one with a timeout, never forever."""
    lines = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in iter(stream.readline, b"")], daemon=True).start()
    return lines


def _without_positions(item):
    return {**{k: v for k, v in item.items() if k != "source"},
            "findings": [{k: v for k, v in f.items() if k not in POSITIONS} for f in item["findings"]]}


def _located(text, finding):
    """The text a finding's line and column point at in `text` (the request's reply)."""
    lines = text.split("\n")
    if finding["line"] == finding["end_line"]:
        return lines[finding["line"] - 1][finding["column"] - 1:finding["end_column"] - 1]
    middle = lines[finding["line"]:finding["end_line"] - 1]
    return "\n".join([lines[finding["line"] - 1][finding["column"] - 1:], *middle, lines[finding["end_line"] - 1][:finding["end_column"] - 1]])


def test_etiket_serve_reads_the_configuration_found_from_its_folder_and_takes_check_s_options(tmp_path):
    (tmp_path / ".etiket.yaml").write_text("severity:\n  privacy/secret-request: warning\n", encoding="utf-8")
    otp = request(DRAFTS[0]).encode("utf-8") + b"\n"
    found = subprocess.run([sys.executable, "-m", "etiket", "serve"], input=otp, capture_output=True, cwd=tmp_path, timeout=180)
    [finding] = json.loads(found.stdout)["findings"]
    assert (found.returncode, finding["rule"], finding["severity"]) == (0, "privacy/secret-request", "warning")
    given = subprocess.run([sys.executable, "-m", "etiket", "serve", "--config", str(tmp_path / ".etiket.yaml"), "--message-lang", "en",
                            "--ignore", "blame"], input=otp, capture_output=True, cwd=ROOT, timeout=180)
    [finding] = json.loads(given.stdout)["findings"]
    assert (finding["severity"], finding["message"]) == ("warning", "“kirimkan kode OTP” asks the customer for a secret credential.")
    bad = subprocess.run([sys.executable, "-m", "etiket", "serve", "--select", "privacy/no-such-rule"], input=otp, capture_output=True,
                         cwd=tmp_path, timeout=180)
    assert (bad.returncode, bad.stdout, bad.stderr) == (2, b"", b"etiket: usage: unknown rule or category: privacy/no-such-rule\n")
