"""--baseline / --write-baseline: only findings a team has not accepted are reported, and they
keep their fingerprint when lines move."""

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from etiket.baseline import Baseline, fingerprint, source_key
from etiket.cli import app
from etiket.reply import Finding, Reply, Result, TextMap

CI = Path(__file__).resolve().parent / "fixtures" / "ci"
runner = CliRunner()


def check(*args):
    return runner.invoke(app, ["check", *args])


def _findings(report):
    return [(item["source"], f["rule"], f["text"]) for item in report["items"] for f in item["findings"]]


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A repository of canned replies, checked from its root as a CI job does."""
    shutil.copytree(CI / "repo", tmp_path, dirs_exist_ok=True)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_new_bad_reply_is_all_that_is_reported(repo):
    written = check("--write-baseline", ".etiket-baseline.json", "macros")
    assert written.exit_code == 0  # today's findings are accepted, errors among them
    assert "etiket: baseline written to .etiket-baseline.json:" in written.stderr

    unchanged = check("--baseline", ".etiket-baseline.json", "--format", "json", "macros")
    assert unchanged.exit_code == 0
    assert _findings(json.loads(unchanged.stdout)) == []

    # a new reply, and an accepted one whose lines moved down under a new opening paragraph
    shutil.copy(CI / "new-bad-id.txt", repo / "macros" / "pengembalian-dana-id.txt")
    moved = repo / "macros" / "terlambat-id.txt"
    moved.write_text("Halo Kak,\n\nTerima kasih sudah menunggu.\n\n" + moved.read_text("utf-8").split("\n", 2)[2], encoding="utf-8")
    later = check("--baseline", ".etiket-baseline.json", "--format", "json", "macros")
    alone = check("--format", "json", "macros/pengembalian-dana-id.txt")
    assert later.exit_code == 1
    assert _findings(json.loads(later.stdout)) == _findings(json.loads(alone.stdout)) != []
    scored = {item["source"]: item["score"] for item in json.loads(later.stdout)["items"]}
    assert scored["macros/terlambat-id.txt"] == 100.0  # scores count the new findings only
    assert scored["macros/pengembalian-dana-id.txt"] == json.loads(alone.stdout)["items"][0]["score"]


def test_text_summary_says_how_many_were_left_out(repo):
    check("--write-baseline", "baseline.json", "macros")
    result = check("--baseline", "baseline.json", "--no-color", "macros")
    accepted = sum(e["count"] for e in json.loads((repo / "baseline.json").read_text())["findings"])
    assert result.stdout == f"3 replies checked: no findings; {accepted} known findings left out (baseline)\n"


def test_an_absolute_path_inside_the_folder_is_the_same_file(repo):
    check("--write-baseline", "baseline.json", "macros")
    assert check("--baseline", "baseline.json", str(repo / "macros")).exit_code == 0
    assert source_key(str(repo / "macros" / "a.txt")) == source_key("./macros/a.txt") == "macros/a.txt"


def test_the_file_is_sorted_and_holds_no_reply_text(repo):
    check("--write-baseline", "baseline.json", "macros")
    raw = (repo / "baseline.json").read_text("utf-8")
    document = json.loads(raw)
    assert document["schema"] == 1
    entries = document["findings"]
    assert entries == sorted(entries, key=lambda e: (e["source"], e["item"] or "", e["rule"], e["fingerprint"]))
    assert {e["source"] for e in entries} == {"macros/refund-late-en.txt", "macros/terlambat-id.txt"}
    assert set(entries[0]) == {"fingerprint", "rule", "source", "item", "count"}
    assert "baper" not in raw and "big deal" not in raw


def _reply_with(text, word="zonk", source="macros/hadiah.txt", item=None):
    findings = []
    start = text.find(word)
    while start >= 0:
        findings.append(Finding("testpack/shouted-word", "testpack", "warning", "m", None, word, start, start + len(word)))
        start = text.find(word, start + 1)
    return Result(Reply(source, text, TextMap(text), item=item), "id", findings, 100.0, {"testpack": 100.0})


def test_fingerprint_ignores_lines_and_spacing_but_not_the_words_around():
    base = _reply_with("Halo Kak,\nhadiah undian kali ini zonk ya Kak.\n")
    moved = _reply_with("Halo Kak,\n\n\nhadiah undian kali   ini\nzonk ya Kak.\n")
    other = _reply_with("Halo Kak,\nhadiah kupon kali ini zonk ya Kak.\n")
    elsewhere = _reply_with("Halo Kak,\nhadiah undian kali ini zonk ya Kak.\n", source="macros/lain.txt")
    item = _reply_with("Halo Kak,\nhadiah undian kali ini zonk ya Kak.\n", item="undian-id")
    paragraph = _reply_with("Halo Kak,\n\nTerima kasih sudah menunggu.\n \nhadiah undian kali ini zonk ya Kak.\n\nSalam")
    prints = [fingerprint(r.reply, r.findings[0]) for r in (base, moved, paragraph, other, elsewhere, item)]
    assert prints[0] == prints[1] == prints[2]
    assert len(set(prints[2:])) == 4


def test_words_of_another_paragraph_are_no_context():
    alone = _reply_with("Maaf Kak, zonk.\n")
    below = _reply_with("Halo Kak Rina,\n\nMaaf Kak, zonk.\n\nSalam, Dewi")
    joined = _reply_with("Halo Kak Rina,\nMaaf Kak, zonk.\n")
    assert fingerprint(alone.reply, alone.findings[0]) == fingerprint(below.reply, below.findings[0])
    assert fingerprint(alone.reply, alone.findings[0]) != fingerprint(joined.reply, joined.findings[0])


def test_a_repeated_finding_beyond_the_baseline_count_is_new():
    once = _reply_with("Maaf Kak, hasilnya zonk.\n\nSekali lagi: hasilnya zonk.\n")
    accepted = {fingerprint(once.reply, once.findings[0]): 1}
    screened = Baseline(Counter(accepted)).screen(once)
    assert [f.start for f in screened.findings] == [once.findings[1].start]
    assert screened.score == 90.0 and screened.categories == {"testpack": 90.0}


@pytest.mark.parametrize(("content", "detail"), [
    (None, "no such file (write one with --write-baseline)"),
    ("not json", "not JSON (Expecting value)"),
    ('{"schema": 2, "findings": []}', "not an etiket baseline: schema: 1 was expected"),
    ('{"schema": 1, "findings": [{"fingerprint": "abc", "rule": "r", "source": "s", "count": 1}]}',
     "not an etiket baseline: findings/0/fingerprint: 'abc' does not match '^[0-9a-f]{32}$'"),
])
def test_a_broken_baseline_is_one_line_and_exit_2(repo, content, detail):
    if content is not None:
        (repo / "baseline.json").write_text(content, encoding="utf-8")
    result = check("--baseline", "baseline.json", "macros")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"etiket: invalid baseline: baseline.json: {detail}\n"


def test_no_baseline_is_written_when_an_input_cannot_be_checked(repo):
    (repo / "macros" / "rusak.jsonl").write_text('{"id": "a", "text": "Halo Kak"\n', encoding="utf-8")
    result = check("--write-baseline", "baseline.json", "macros")
    assert result.exit_code == 2
    assert not (repo / "baseline.json").exists()
    assert result.stderr.splitlines()[-1] == (
        "etiket: usage: baseline not written to baseline.json: 1 input could not be checked in full, so it would miss their findings")
