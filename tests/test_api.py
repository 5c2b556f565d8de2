"""The Python API (etiket.api): one Linter built once, checks whose JSON is the report item."""

import json
import subprocess
import sys
import threading
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

import etiket
from etiket import errors
from etiket.api import CheckResult, Linter, RequestError
from etiket.cli import app

ROOT = Path(__file__).resolve().parents[1]
DRAFTS = [json.loads(line) for line in (ROOT / "tests" / "fixtures" / "agents" / "drafts.jsonl").read_text(encoding="utf-8").splitlines()]
BY_ID = {draft["id"]: draft for draft in DRAFTS}
REPORT_SCHEMA = json.loads((ROOT / "src" / "etiket" / "schemas" / "report.schema.json").read_text(encoding="utf-8"))
ITEM_SCHEMA = {"$defs": REPORT_SCHEMA["$defs"], "$ref": "#/$defs/item"}
TESTPACK = ROOT / "tests" / "fixtures" / "rules"
OTP = BY_ID["otp-kak"]["text"]


@pytest.fixture(scope="module")
def api():
    return Linter()


def check(linter, draft, **extra):
    return linter.check(draft["text"], draft.get("customer"), draft.get("lang"), draft.get("channel"), **extra)


def test_import_etiket_loads_neither_the_api_nor_spacy():
    probe = "import sys, etiket; print('etiket.api' in sys.modules, 'spacy' in sys.modules, 'etiket.lint' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False", "False"]
    assert etiket.Linter is Linter and etiket.CheckResult is CheckResult and etiket.RequestError is RequestError
    with pytest.raises(AttributeError, match="has no attribute 'Checker'"):
        etiket.Checker  # noqa: B018


def test_an_otp_request_in_casual_indonesian_is_a_critical_privacy_error(api):
    result = check(api, BY_ID["otp-kak"])
    assert isinstance(result, CheckResult)
    assert (result.source, result.item, result.lang, result.score) == ("<text>", None, "id", 20.0)  # a critical rule caps the score
    assert result.categories["privacy"] == 75.0 and result.overrun == []
    [finding] = result.findings
    assert (finding.rule, finding.severity, finding.critical, finding.text) == ("privacy/secret-request", "error", True, "kirimkan kode OTP")
    assert (finding.start, finding.end, finding.line, finding.column) == (16, 33, 1, 17)
    assert OTP[finding.start:finding.end] == finding.text


def test_offsets_and_positions_count_in_the_text_given(api):
    draft = BY_ID["card-en"]
    result = check(api, draft)
    secret = next(f for f in result.findings if f.rule == "privacy/secret-request")
    assert draft["text"][secret.start:secret.end] == secret.text == "reply with your full card number"
    assert (secret.line, secret.column, secret.end_line, secret.end_column) == (3, 50, 3, 82)
    assert draft["text"].splitlines()[secret.line - 1][secret.column - 1:secret.end_column - 1] == secret.text


def test_to_dict_is_the_report_item_and_valid_against_the_report_schema(api):
    for draft in DRAFTS:
        item = check(api, draft, item=draft["id"]).to_dict()
        jsonschema.validate(item, ITEM_SCHEMA)
        assert item["item"] == draft["id"] and item["source"] == "<text>"
    document = {"schema": 1, "etiket": etiket.__version__, "items": [check(api, d).to_dict() for d in DRAFTS],
                "summary": {"items": 5, "findings": 0, "error": 0, "warning": 0, "info": 0, "min_score": None}}
    jsonschema.validate(document, REPORT_SCHEMA)


def test_to_dict_equals_what_check_format_json_writes_for_the_same_draft(api, tmp_path):
    draft = BY_ID["refund-bapak"]
    (tmp_path / "customer.txt").write_text(draft["customer"], encoding="utf-8")
    run = CliRunner().invoke(app, ["check", "--format", "json", "--lang", "id", "--channel", "email",
                                   "--context", str(tmp_path / "customer.txt"), "-"], input=draft["text"])
    [expected] = json.loads(run.stdout)["items"]
    assert check(api, draft, source="<stdin>").to_dict() == expected
    assert json.loads(check(api, draft, source="<stdin>").to_json()) == expected


def test_the_call_s_language_wins_over_the_linter_s_and_the_linter_s_over_detection():
    english = Linter(lang="en", message_lang="en", select=["blame"])
    draft = BY_ID["makanya-kak"]
    assert english.check(draft["text"]).lang == "en"
    result = english.check(draft["text"], lang="id")
    assert result.lang == "id"
    assert [(f.rule, f.text) for f in result.findings] == [("blame/blame-the-customer", "Makanya baca")]
    assert result.findings[0].message.startswith("“Makanya baca”") and "customer" in result.findings[0].message  # English message


def test_select_ignore_and_an_extra_rule_pack():
    linter = Linter(rules=[TESTPACK], select=["testpack"])
    result = linter.check("ok\nthat is zonk.\n")
    assert [(f.rule, f.severity, f.text, f.line, f.column) for f in result.findings] == [("testpack/shouted-word", "warning", "zonk", 2, 9)]
    assert result.categories["testpack"] == 90.0
    assert linter.rules and all(rule.startswith("testpack/") for rule in linter.rules)
    assert "privacy/secret-request" not in Linter(ignore=["privacy"]).rules


def test_the_configuration_file_is_read_as_the_cli_reads_it(tmp_path, monkeypatch):
    (tmp_path / ".etiket.yaml").write_text("lang: id\nchannel: chat\nignore: [blame]\nseverity:\n  privacy/secret-request: warning\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for linter in (Linter(config=tmp_path / ".etiket.yaml"), Linter(config=True)):
        assert (linter.lang, linter.channel) == ("id", "chat")
        assert "blame/blame-the-customer" not in linter.rules
        [finding] = linter.check(OTP).findings
        assert (finding.rule, finding.severity) == ("privacy/secret-request", "warning")
    assert Linter(config=False, lang="en").lang == "en"  # no file: the defaults and what is given
    assert Linter(config=True, lang="en").lang == "en"  # given wins over the file
    (tmp_path / ".etiket.yaml").write_text("langs: id\n", encoding="utf-8")
    with pytest.raises(errors.ConfigError, match=r"\.etiket\.yaml:1:1: unknown key 'langs'"):
        Linter(config=True)


@pytest.mark.parametrize(("call", "message"), [
    ({"text": ""}, "text is empty or missing: give the reply draft to check"),
    ({"text": "  \n\t"}, "text is empty or missing: give the reply draft to check"),
    ({"text": None}, "text is empty or missing: give the reply draft to check"),
    ({"text": 42}, "text must be a string, not a number"),
    ({"text": OTP, "customer": ["Kak"]}, "customer must be a string, not a list"),
    ({"text": OTP, "lang": "ms"}, "lang must be one of auto, en, id, not 'ms'"),
    ({"text": OTP, "channel": "whatsapp"}, "channel must be one of email, chat, social, not 'whatsapp'"),
    ({"text": "a" * 1_000_001}, "text has 1,000,001 characters, more than a reply can have (1,000,000); split it into replies"),
])
def test_a_check_that_cannot_be_made_raises_request_error(api, call, message):
    with pytest.raises(RequestError) as raised:
        api.check(**call)
    assert str(raised.value) == message
    assert isinstance(raised.value, ValueError) and isinstance(raised.value, errors.EtiketError)


def test_bad_options_are_refused_when_the_linter_is_built():
    with pytest.raises(RequestError, match="message_lang must be one of en, id, not 'fr'"):
        Linter(message_lang="fr")
    with pytest.raises(RequestError, match="timeout must be a number of seconds above 0, not 0"):
        Linter(timeout=0)
    with pytest.raises(errors.UsageError, match="unknown rule or category: privacy/no-such-rule"):
        Linter(select=["privacy/no-such-rule"])


def test_checks_from_many_threads_give_what_one_thread_gives(api):
    expected = {draft["id"]: check(api, draft).to_dict() for draft in DRAFTS}
    got, failures = {}, []

    def worker(number):
        try:
            for draft in DRAFTS[number:] + DRAFTS[:number]:
                got.setdefault(draft["id"], []).append(check(api, draft).to_dict())
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            failures.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert got == {key: [value] * 4 for key, value in expected.items()}
