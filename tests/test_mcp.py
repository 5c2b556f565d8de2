"""`etiket mcp`: the MCP server's tools, in-process with the SDK's client, and once over real stdio."""

import json
import sys
from pathlib import Path

import anyio
import pytest
from mcp import Client
from mcp.client.stdio import StdioServerParameters
from typer.testing import CliRunner

from etiket import errors
from etiket.api import Linter
from etiket.cli import app
from etiket.mcp_server import build

ROOT = Path(__file__).resolve().parents[1]
DRAFTS = {d["id"]: d for d in map(json.loads, (ROOT / "tests" / "fixtures" / "agents" / "drafts.jsonl").read_text(encoding="utf-8").splitlines())}
OTP = "Halo Kak, mohon kirimkan kode OTP yang masuk ke HP Kakak ya supaya kami bisa bantu cek."
OTP_FINDING = {
    "rule": "privacy/secret-request", "category": "privacy", "severity": "error",
    "message": "“kirimkan kode OTP” meminta data rahasia pelanggan.",
    "suggestion": "Jangan pernah meminta password, PIN, OTP, CVV, atau nomor kartu lengkap. Verifikasi cukup dengan nomor pesanan atau "
                  "email terdaftar, dan arahkan perubahan kartu ke halaman yang aman.",
    "text": "kirimkan kode OTP", "start": 16, "end": 33, "line": 1, "column": 17, "critical": True, "fix": None,
}


@pytest.fixture(scope="module")
def api():
    return Linter()


def session(server, calls):
    """Run `calls(client)` against `server` in-process, with the SDK's own client; return what it returns."""
    async def main():
        async with Client(server) as client:
            return await calls(client)

    return anyio.run(main)


def structured(result):
    assert result.is_error is False, result.content
    assert json.loads(result.content[0].text) == result.structured_content  # the text form says the same
    return result.structured_content


def test_three_tools_each_with_an_input_and_an_output_schema(api):
    tools = {tool.name: tool for tool in session(build(api), lambda client: client.list_tools()).tools}
    assert sorted(tools) == ["check_reply", "explain_rule", "list_rules"]
    check = tools["check_reply"]
    assert check.input_schema["required"] == ["text"]
    assert list(check.input_schema["properties"]) == ["text", "customer", "lang", "channel"]
    assert check.input_schema["properties"]["lang"]["anyOf"][0]["enum"] == ["en", "id"]
    assert check.input_schema["properties"]["channel"]["anyOf"][0]["enum"] == ["email", "chat", "social"]
    assert set(check.output_schema["required"]) == {"lang", "score", "categories", "errors", "warnings", "findings"}
    finding = check.output_schema["$defs"]["FoundIssue"]["properties"]
    assert {"rule", "severity", "message", "suggestion", "text", "start", "end"} <= set(finding)
    assert tools["explain_rule"].input_schema["required"] == ["rule_id"]
    assert set(tools["explain_rule"].output_schema["required"]) == {"id", "category", "severity", "critical", "languages", "docs"}
    assert "required" not in tools["list_rules"].input_schema and tools["list_rules"].output_schema["required"] == ["rules"]
    for name in ("check_reply", "explain_rule"):  # no rewrite tool, and the agent is told so
        assert "etiket does not rewrite" in tools[name].description and "check_reply again" in tools[name].description


def test_check_reply_finds_an_otp_request_in_casual_indonesian(api):
    result = structured(session(build(api), lambda client: client.call_tool("check_reply", {"text": OTP})))
    assert (result["lang"], result["score"], result["errors"], result["warnings"]) == ("id", 20.0, 1, 0)
    assert result["categories"]["privacy"] == 75.0 and len(result["categories"]) == 9
    assert result["findings"] == [OTP_FINDING]
    assert OTP[16:33] == OTP_FINDING["text"]


def test_check_reply_passes_the_customer_message_and_the_channel(api):
    card, refund = DRAFTS["card-en"], DRAFTS["refund-bapak"]

    async def calls(client):
        asked = {key: card[key] for key in ("text", "customer", "channel")}
        formal = {key: refund[key] for key in ("text", "customer", "lang", "channel")}
        return await client.call_tool("check_reply", asked), await client.call_tool("check_reply", formal)

    english, formal = map(structured, session(build(api), calls))
    secret = next(f for f in english["findings"] if f["rule"] == "privacy/secret-request")
    assert (secret["start"], secret["end"], secret["line"], secret["column"]) == (60, 92, 3, 50)
    assert card["text"][secret["start"]:secret["end"]] == secret["text"] == "reply with your full card number"
    assert english["lang"] == "en" and english["errors"] == 1
    # a formal Indonesian e-mail that apologises, explains and gives a date: nothing to revise
    assert (formal["lang"], formal["errors"], formal["warnings"]) == ("id", 0, 0)


def test_explain_rule_gives_what_why_and_examples_per_language(api):
    rule = api.rules["privacy/secret-request"]
    result = structured(session(build(api), lambda client: client.call_tool("explain_rule", {"rule_id": rule.id})))
    assert (result["id"], result["category"], result["severity"], result["critical"], result["languages"]) == (
        "privacy/secret-request", "privacy", "error", True, ["en", "id"])
    [english, indonesian] = result["docs"]
    assert (english["lang"], english["what"], english["why"]) == ("en", rule.doc["what"]["en"], rule.doc["why"]["en"])
    assert indonesian["what"] == rule.doc["what"]["id"] and indonesian["suggestion"] == rule.suggestion["id"]
    first_bad = rule.examples["id"]["bad"][0]
    assert indonesian["bad"][0]["text"] == (first_bad if isinstance(first_bad, str) else first_bad["text"])
    assert len(indonesian["good"]) == len(rule.examples["id"]["good"]) > 0


def test_list_rules_by_category_and_language(api):
    async def calls(client):
        return [await client.call_tool("list_rules", arguments) for arguments in ({}, {"category": "privacy"}, {"lang": "en", "category": "clarity"})]

    everything, privacy, english_clarity = (structured(result)["rules"] for result in session(build(api), calls))
    assert [rule["id"] for rule in everything] == sorted(api.rules)
    assert [rule["id"] for rule in privacy] == sorted(r.id for r in api.rules.values() if r.category == "privacy")
    assert [rule["id"] for rule in english_clarity] == sorted(r.id for r in api.rules.values() if r.category == "clarity" and "en" in r.languages)
    secret = next(rule for rule in privacy if rule["id"] == "privacy/secret-request")
    assert secret == {"id": "privacy/secret-request", "category": "privacy", "severity": "error", "languages": ["en", "id"],
                      "what": api.rules["privacy/secret-request"].doc["what"]["en"]}


def test_bad_calls_are_tool_errors_and_the_server_answers_the_next_one(api):
    async def calls(client):
        bad = [await client.call_tool(name, arguments) for name, arguments in [
            ("check_reply", {"text": ""}),
            ("check_reply", {"text": "   "}),
            ("check_reply", {"customer": "Kak, paket saya belum sampai."}),
            ("check_reply", {"text": OTP, "lang": "ms"}),
            ("check_reply", {"text": OTP, "channel": "whatsapp"}),
            ("explain_rule", {"rule_id": "privacy/no-such-rule"}),
            ("list_rules", {"category": "rudeness"}),
        ]]
        return bad, await client.call_tool("check_reply", {"text": OTP})

    bad, good = session(build(api), calls)
    assert [result.is_error for result in bad] == [True] * 7
    texts = [result.content[0].text for result in bad]
    assert texts[0] == texts[1] == f"Error executing tool check_reply: {errors.REQUEST_EMPTY}"
    assert "text" in texts[2] and "Field required" in texts[2]
    assert "lang" in texts[3] and "Input should be 'en' or 'id'" in texts[3]
    assert "channel" in texts[4] and "Input should be 'email', 'chat' or 'social'" in texts[4]
    assert texts[5] == "Error executing tool explain_rule: no rule 'privacy/no-such-rule'; list_rules lists them"
    assert texts[6] == ("Error executing tool list_rules: category must be one of apology, blame, clarity, empathy, overpromise, "
                        "politeness, privacy, sarcasm, transparency, not 'rudeness'")
    assert structured(good)["findings"] == [OTP_FINDING]


def test_the_server_runs_with_the_configuration_it_is_given(tmp_path):
    (tmp_path / ".etiket.yaml").write_text("ignore: [blame]\nseverity:\n  privacy: warning\n", encoding="utf-8")
    server = build(Linter(config=tmp_path / ".etiket.yaml", message_lang="en"))

    async def calls(client):
        return await client.call_tool("check_reply", {"text": OTP}), await client.call_tool("list_rules", {"category": "blame"})

    checked, blame = session(server, calls)
    [finding] = structured(checked)["findings"]
    assert (finding["rule"], finding["severity"], finding["message"]) == (
        "privacy/secret-request", "warning", "“kirimkan kode OTP” asks the customer for a secret credential.")
    assert blame.is_error and "not 'blame'" in blame.content[0].text


def test_etiket_mcp_without_the_sdk_says_how_to_install_it(monkeypatch):
    for module in ("mcp", "mcp.server", "mcp.server.mcpserver"):
        monkeypatch.setitem(sys.modules, module, None)  # import mcp... raises ImportError
    result = CliRunner().invoke(app, ["mcp"])
    assert result.exit_code == 2
    assert result.stderr == "etiket: etiket mcp needs the MCP SDK: pip install 'etiket[mcp]'\n"
    assert result.stdout == ""


def test_etiket_mcp_over_stdio_finds_the_otp_request_and_survives_an_empty_text():
    server = StdioServerParameters(command=sys.executable, args=["-m", "etiket", "mcp"], cwd=str(ROOT))

    async def main():
        with anyio.fail_after(180):
            async with Client(server) as client:
                tools = await client.list_tools()
                checked = await client.call_tool("check_reply", {"text": OTP, "channel": "chat"})
                empty = await client.call_tool("check_reply", {"text": ""})
                after = await client.call_tool("check_reply", {"text": OTP, "lang": "id"})
                return tools, checked, empty, after

    tools, checked, empty, after = anyio.run(main)
    assert sorted(tool.name for tool in tools.tools) == ["check_reply", "explain_rule", "list_rules"]
    assert all(tool.output_schema for tool in tools.tools)
    result = structured(checked)
    assert (result["lang"], result["score"], result["errors"]) == ("id", 20.0, 1)
    assert [(f["rule"], f["severity"], f["critical"], f["start"], f["end"]) for f in result["findings"]] == [
        ("privacy/secret-request", "error", True, 16, 33)]
    assert empty.is_error and empty.content[0].text == f"Error executing tool check_reply: {errors.REQUEST_EMPTY}"
    assert structured(after)["findings"] == [OTP_FINDING]
