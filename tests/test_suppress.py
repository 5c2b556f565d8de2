"""Suppressions: directives in HTML and Markdown comments, a record's etiket_ignore field, per-file
ignores by glob; directives in plain text are reported, not honoured; stale ones are reported."""

import json
from pathlib import Path

from typer.testing import CliRunner

from conftest import make_reply
from etiket import CATEGORIES, suppress
from etiket.cli import app
from etiket.lint import Linter
from etiket.readers.html import read_html
from etiket.readers.markdown import read_markdown
from etiket.reply import Directive, Reply, TextMap

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "suppress"
runner = CliRunner()


def check(name, *options):
    """(exit code, [(item, score, [(rule, line, column, text)])], stderr lines) of a JSON run."""
    path = str(FIXTURES / name)
    result = runner.invoke(app, ["check", "--format", "json", *options, path])
    report = json.loads(result.stdout)
    items = [(i["item"], i["score"], [(f["rule"], f["line"], f["column"], f["text"]) for f in i["findings"]])
             for i in report["items"]]
    notices = [line.replace(path, "FILE") for line in result.stderr.splitlines()]
    return result.exit_code, items, notices


def stale(line, how):
    return f"etiket: FILE:{line}: info: stale suppression: {how} suppresses nothing; remove it"


# --- HTML ---------------------------------------------------------------------------------------

def test_html_reader_records_directives_with_their_lines():
    with open(FIXTURES / "refund-delay-en.html", "rb") as stream:
        reply = next(read_html("refund-delay-en.html", stream))
    assert reply.directives == [
        Directive("disable", ("transparency/soon-without-time",), 9, 9, 0),
        Directive("enable", ("transparency/soon-without-time",), 12, 12, 110),
        Directive("disable-next-line", ("politeness/pushy-tone",), 14, 14, 142),
    ]
    # `at`: where the reply text goes on after the comment
    assert [reply.text[d.at:d.at + 12] for d in reply.directives] == ["Hi {{ticket.", "\n\nThe bank w", " Send us the"]
    assert "etiket" not in reply.text  # comments never reach the reply's text


def test_html_disable_enable_and_next_line_in_english():
    code, items, notices = check("refund-delay-en.html", "--no-second-opinion")
    assert items == [(None, 87.0, [
        # "will arrive soon" on line 11 is inside disable..enable; this one comes after enable
        ("transparency/soon-without-time", 13, 13, "will confirm it soon"),
        # pushy-tone on line 15 is disabled for that line only; another rule on it is not
        ("transparency/vague-timeline", 15, 21, "ASAP"),
    ])]
    assert (code, notices) == (0, [])


def test_html_category_disable_in_formal_indonesian():
    # the rules alone: the learned second opinion may overrule sarcasm here, which is not what this tests
    code, items, notices = check("balasan-formal-id.html", "--no-second-opinion")
    assert items == [(None, 87.0, [
        ("sarcasm/back-reference", 10, 6, "Seperti yang sudah kami jelaskan"),
        ("sarcasm/grudging-help", 10, 19, "sudah kami jelaskan"),
    ])]
    assert notices == []


def test_no_inline_config_ignores_every_directive():
    code, items, notices = check("balasan-formal-id.html", "--no-inline-config", "--no-second-opinion")
    assert items == [(None, 67.0, [
        ("transparency/pending-without-next-step", 7, 88, "sedang diproses"),
        ("sarcasm/back-reference", 10, 6, "Seperti yang sudah kami jelaskan"),
        ("sarcasm/grudging-help", 10, 19, "sudah kami jelaskan"),
        ("clarity/chat-abbreviation", 12, 18, "yg"),
    ])]
    assert notices == []  # ignored directives are not stale either


# --- Markdown -----------------------------------------------------------------------------------

def test_markdown_reader_records_block_and_inline_comments():
    with open(FIXTURES / "shipping-delay-en.md", "rb") as stream:
        reply = next(read_markdown("shipping-delay-en.md", stream))
    assert [(d.kind, d.names, d.line) for d in reply.directives] == [
        ("disable", ("transparency/soon-without-time", "politeness/pushy-tone"), 7),
        ("disable-next-line", ("all",), 9),
        ("disable", ("empathy",), 12),
        (None, (), 13),
    ]
    inline = reply.directives[0]
    assert reply.text[inline.at:].startswith(" Our courier will call you soon.")


def test_markdown_casual_indonesian():
    code, items, notices = check("ongkir-kak-id.md", "--no-second-opinion")
    assert items == [(None, 80.0, [
        ("transparency/vague-timeline", 9, 98, "secepatnya"),  # "yg" before it is disabled
        ("clarity/chat-abbreviation", 13, 18, "utk"),  # after enable; "secepatnya" on 13 is the next line
    ])]
    assert (code, notices) == (0, [])


def test_markdown_inline_disable_mid_line_all_on_next_line_and_stale_reports():
    code, items, notices = check("shipping-delay-en.md")
    # the mid-line disable spares what stands before it; disable-next-line=all empties line 10
    assert items == [(None, 97.0, [("transparency/soon-without-time", 7, 59, "will arrive soon")])]
    assert notices == [
        stale(12, "disable=empathy"),
        "etiket: FILE:13: info: not an etiket directive (write etiket: disable=, enable= or disable-next-line= RULE); ignored",
    ]
    assert code == 0  # stale suppressions are info on stderr: no finding, no exit code


def test_without_directives_every_finding_is_back():
    code, items, notices = check("shipping-delay-en.md", "--no-inline-config", "--no-second-opinion")
    assert items[0][2] == [
        ("transparency/soon-without-time", 7, 59, "will arrive soon"),
        ("transparency/soon-without-time", 7, 166, "will call you soon"),
        ("politeness/pushy-tone", 10, 1, "Send us the receipt ASAP"),
        ("transparency/vague-timeline", 10, 21, "ASAP"),
    ]
    assert notices == []


# --- Plain text: not honoured, reported ---------------------------------------------------------

def test_directive_in_a_plain_text_draft_is_reported_and_not_honoured_en():
    code, items, notices = check("draft-with-directive-en.txt")
    assert items == [(None, 52.0, [
        ("transparency/soon-without-time", 3, 31, "will arrive soon"),
        ("clarity/visible-directive", 4, 1, "<!-- etiket: disable=transparency -->"),
        ("politeness/pushy-tone", 5, 1, "Send us the receipt ASAP"),
        ("transparency/vague-timeline", 5, 21, "ASAP"),
    ])]
    assert (code, notices) == (1, [])  # visible-directive is an error


def test_directive_in_a_plain_text_draft_is_reported_and_not_honoured_id():
    code, items, notices = check("draft-with-directive-id.txt")
    assert items == [(None, 65.0, [
        ("clarity/visible-directive", 3, 1, "etiket: disable-next-line=clarity/chat-abbreviation"),
        ("clarity/chat-abbreviation", 4, 7, "yg"),
    ])]


# --- Collections: etiket_ignore -----------------------------------------------------------------

def test_etiket_ignore_in_jsonl_records():
    code, items, notices = check("macros.jsonl")
    assert items == [
        ("ongkir-chat-id", 100.0, []),
        ("refund-soon-en", 90.0, [("politeness/pushy-tone", 2, 163, "Send us the receipt ASAP")]),
        ("kupon-id", 100.0, []),
        # a directive in a record's text is text the customer reads: reported, not honoured
        ("directive-en", 69.0, [
            ("transparency/soon-without-time", 4, 90, "will arrive soon"),
            ("clarity/visible-directive", 4, 108, "<!-- etiket: disable=transparency -->"),
            ("transparency/missing-follow-up", 4, 164, "Anna"),
        ]),
    ]
    assert notices == ["etiket: FILE [kupon-id]: info: stale suppression: etiket_ignore=privacy suppresses nothing; remove it"]


def test_etiket_ignore_in_yaml_records_as_a_list_or_one_name():
    code, items, notices = check("macros.yaml")
    assert items == [
        ("resi-kak", 100.0, []),
        ("dana-bapak", 97.0, [("transparency/missing-follow-up", 17, 5, "Rina")]),
        ("refund-en", 97.0, [("transparency/missing-follow-up", 28, 5, "Anna")]),
    ]
    assert notices == ["etiket: FILE [refund-en]: info: stale suppression: etiket_ignore=empathy suppresses nothing; remove it"]


def test_etiket_ignore_in_a_csv_cell_separated_by_commas_or_semicolons():
    code, items, notices = check("macros.csv")
    assert items == [
        ("resi-kak", 100.0, []),
        ("refund-en", 87.0, [("transparency/vague-timeline", 5, 69, "ASAP"), ("transparency/missing-follow-up", 8, 1, "Anna")]),
        ("refund-plain", 74.0, [
            ("transparency/soon-without-time", 11, 31, "will arrive soon"),
            ("politeness/pushy-tone", 11, 49, "Send us the receipt ASAP"),
            ("transparency/vague-timeline", 11, 69, "ASAP"),
            ("transparency/missing-follow-up", 14, 1, "Anna"),
        ]),
    ]
    assert notices == []


def test_etiket_ignore_that_is_not_names_is_an_error_for_that_record(tmp_path):
    path = tmp_path / "macros.jsonl"
    path.write_text('{"id": "a", "etiket_ignore": {"rule": "politeness"}, "text": "Halo Kak, pesanan sudah dikirim hari ini."}\n'
                    '{"id": "b", "etiket_ignore": [3], "text": "Hi Sam, your order shipped today."}\n', encoding="utf-8")
    result = runner.invoke(app, ["check", "--format", "json", str(path)])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"etiket: cannot check {path}: record on line 1: the etiket_ignore field holds a mapping, not rule ids or categories",
        f"etiket: cannot check {path}: record on line 2: the etiket_ignore field holds a number, not rule ids or categories",
    ]


# --- Scores, report contract, per-file ignores --------------------------------------------------

def test_suppressed_findings_leave_before_scoring_and_the_categories_stay_the_nine():
    report = json.loads(runner.invoke(app, ["check", "--format", "json", "--no-second-opinion", str(FIXTURES / "ongkir-kak-id.md")]).stdout)
    item = report["items"][0]
    assert list(item["categories"]) == list(CATEGORIES)
    assert item["categories"]["clarity"] == 90.0 and item["categories"]["transparency"] == 90.0
    assert report["summary"] == {"items": 1, "findings": 2, "error": 0, "warning": 2, "info": 0, "min_score": 80.0}


def test_by_glob_matches_file_names_and_paths_under_the_root(tmp_path):
    patterns = {"*.html": ["politeness"], "macros/legacy/*.md": ["clarity/chat-abbreviation"], "**/*.txt": ["all"]}
    assert suppress.by_glob(str(tmp_path / "a" / "b.html"), patterns, tmp_path) == (("*.html", "politeness"),)
    assert suppress.by_glob(str(tmp_path / "macros" / "legacy" / "ongkir.md"), patterns, tmp_path) == (
        ("macros/legacy/*.md", "clarity/chat-abbreviation"),)
    assert suppress.by_glob(str(tmp_path / "macros" / "ongkir.md"), patterns, tmp_path) == ()
    assert suppress.by_glob(str(tmp_path / "draft.txt"), patterns, tmp_path) == (("**/*.txt", "all"),)
    assert suppress.by_glob("<stdin>", patterns, tmp_path) == ()


def test_linter_per_file_ignores_remove_findings_and_name_those_that_removed_none_here(builtin_rules, tmp_path):
    reply = make_reply("Halo Kak, paket yg Kakak pesan sudah dikirim hari ini.", lang="id",
                       source=str(tmp_path / "macros" / "resi.txt"))
    plain = Linter(list(builtin_rules.values())).check(reply)
    ignoring = Linter(list(builtin_rules.values()), ignores={"macros/*.txt": ["clarity", "privacy"]}, ignores_root=tmp_path)
    result = ignoring.check(reply)
    assert [f.rule for f in plain.findings] == ["clarity/chat-abbreviation"]
    assert (result.findings, result.score) == ([], 100.0)
    # stale in this file only: whether it is stale at all is the run's to tell (suppress.Unused)
    assert result.stale == [suppress.Stale("macros/*.txt: privacy", None, glob=("macros/*.txt", "privacy"))]


def test_per_file_ignores_that_suppress_nothing_in_any_file_are_reported_once_with_their_line(tmp_path, monkeypatch):
    (tmp_path / "macros" / "chat").mkdir(parents=True)
    (tmp_path / ".etiket.yaml").write_text(
        "per_file_ignores:\n"
        "  \"macros/chat/*.txt\": [clarity/chat-abbreviation, privacy]\n"
        "  \"*.md\": [politeness]\n"              # matches no file checked: not stale, maybe not checked
        "  \"macros/**\":\n"
        "    - transparency/vague-timeline\n"
        "    - all\n", encoding="utf-8")
    (tmp_path / "macros" / "chat" / "resi.txt").write_text("Halo Kak, paket yg Kakak pesan sudah dikirim hari ini pukul 10.00.\n", "utf-8")
    (tmp_path / "macros" / "chat" / "ongkir.txt").write_text("Halo Kak, ongkirnya sudah kami kembalikan ke saldo Kakak pukul 10.00.\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["check", "macros"])
    config = tmp_path / ".etiket.yaml"
    # chat-abbreviation (and `all`, which names it too) removed "yg" in resi.txt and nothing in
    # ongkir.txt: used, so not stale; privacy and vague-timeline removed nothing in either file
    assert result.stderr.splitlines() == [
        f"etiket: {config}:2: info: stale suppression: per_file_ignores 'macros/chat/*.txt': privacy suppresses nothing; remove it",
        f"etiket: {config}:5: info: stale suppression: per_file_ignores 'macros/**': transparency/vague-timeline suppresses nothing; remove it",
    ]
    assert result.exit_code == 0
    # a name none of the run's rules has could not have removed anything: not reported
    selected = runner.invoke(app, ["check", "--select", "clarity", "macros"])
    assert selected.stderr == ""


def test_disable_all_then_enable_one_rule(builtin_rules):
    text = "Hi Sam, send us the receipt ASAP.\nSend us the receipt ASAP."
    reply = Reply("macro.html", text, TextMap(text), lang="en", directives=[
        Directive("disable", ("all",), 1, 1, 0), Directive("enable", ("politeness/pushy-tone",), 2, 2, 34)])
    result = Linter(list(builtin_rules.values())).check(reply)
    assert [(f.rule, f.line, f.text) for f in result.findings] == [("politeness/pushy-tone", 2, "Send us the receipt ASAP")]
    assert result.stale == []
