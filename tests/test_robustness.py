"""A run survives what users feed it: a runaway rule-pack regex is stopped at the reply's time
budget and reported, a reply too long to be one is refused in one line, and the other inputs of
the same command are still checked."""

import json
from pathlib import Path

from typer.testing import CliRunner

from etiket.cli import app

runner = CliRunner()
RUNAWAY_RULE = """\
category: clarity
severity: warning
languages: [en, id]
check: existence
doc:
  what: {en: A runaway pattern., id: Pola yang tak berujung.}
  why: {en: Test., id: Uji.}
message: {en: "“{text}” matched.", id: "“{text}” cocok."}
suggestion: {en: "Remove it.", id: "Hapus."}
match:
  en: {regex: ['(a|aa)+$']}
  id: {regex: ['(a|aa)+$']}
examples:
  en: {bad: ["aaaa"], good: ["b"]}
  id: {bad: ["aaaa"], good: ["b"]}
"""


def _pack(tmp_path):
    folder = tmp_path / "pack" / "clarity"
    folder.mkdir(parents=True)
    (folder / "runaway.yaml").write_text(RUNAWAY_RULE, encoding="utf-8")
    return str(tmp_path / "pack")


def _drafts(tmp_path, **texts):
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return [str(tmp_path / name) for name in texts]


def test_a_runaway_regex_is_stopped_and_reported_not_fatal(tmp_path):
    runaway, fine = _drafts(tmp_path, **{"runaway.txt": "a" * 40 + "b", "fine.txt": "aaaa"})
    result = runner.invoke(app, ["check", "--rules", _pack(tmp_path), "--select", "clarity/runaway",
                                 "--timeout", "0.5", "--format", "json", runaway, fine])
    assert result.exit_code == 2
    assert result.stderr == (f"etiket: {runaway}: checked in part: the pattern of clarity/runaway was stopped "
                             "after the 0.5 s budget (--timeout)\n")
    items = json.loads(result.stdout)["items"]
    assert [(Path(i["source"]).name, [f["text"] for f in i["findings"]]) for i in items] == [
        ("runaway.txt", []), ("fine.txt", ["aaaa"])]


def test_the_text_summary_counts_replies_checked_in_part(tmp_path):
    [runaway] = _drafts(tmp_path, **{"runaway.txt": "a" * 40 + "b"})
    result = runner.invoke(app, ["check", "--rules", _pack(tmp_path), "--select", "clarity/runaway",
                                 "--timeout", "0.2", runaway])
    assert result.stdout == "1 reply checked: no findings; 1 checked in part\n"


def test_a_reply_longer_than_a_reply_can_be_is_refused_in_one_line(tmp_path):
    huge, fine = _drafts(tmp_path, **{"huge.txt": "ok " * 400_000, "fine.txt": "Makanya baca dulu dong."})
    result = runner.invoke(app, ["check", "--format", "json", huge, fine])
    assert result.exit_code == 2
    assert result.stderr == (f"etiket: cannot check {huge}: has 1,200,000 characters, more than a reply can "
                             "have (1,000,000); split it into replies\n")
    assert [Path(i["source"]).name for i in json.loads(result.stdout)["items"]] == ["fine.txt"]


def test_a_sentence_of_a_long_reply_is_matched_like_a_short_one(tmp_path):
    # token patterns run per sentence: the 2,000th line is judged exactly as the same line alone
    line = "Makanya baca dulu dong."
    [long_reply] = _drafts(tmp_path, **{"long.txt": "Terima kasih.\n" * 1999 + line})
    report = json.loads(runner.invoke(app, ["check", "--format", "json", "--lang", "id", long_reply]).stdout)
    alone = json.loads(runner.invoke(app, ["check", "--format", "json", "--lang", "id", "-"], input=line).stdout)
    found = [(f["rule"], f["text"], f["column"]) for f in report["items"][0]["findings"] if f["line"] == 2000]
    assert found == [(f["rule"], f["text"], f["column"]) for f in alone["items"][0]["findings"]]
    assert found
