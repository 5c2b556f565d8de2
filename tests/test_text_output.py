"""The text report at 80 columns: an excerpt of a long line is cut around the match with the caret
under it, the score row wraps between cells, clean replies are quiet unless --verbose, and the run
ends with one summary line."""

import io

from rich.console import Console

from etiket.formatters import text as text_module
from etiket.formatters.text import TextFormatter, excerpt, summary_line
from etiket.reply import Finding, Reply, Result, Summary, TextMap


def _plain(text):
    console = Console(file=io.StringIO(), width=80, no_color=True, color_system=None)
    console.print(text, soft_wrap=True)
    return console.file.getvalue()


def test_a_long_line_is_cut_around_the_match_and_the_caret_stays_under_it():
    line = "word " * 30 + "Obviously you didn't read" + " more" * 30
    start = line.index("Obviously")
    shown = _plain(excerpt(line, start, start + len("Obviously you didn't read"), 80)).splitlines()
    assert all(len(row) <= 80 for row in shown)
    assert shown[0].startswith("    …") and shown[0].endswith("…")
    caret = shown[1].index("^")
    assert shown[0][caret:caret + 25] == "Obviously you didn't read"
    assert shown[1].strip() == "^" * 25


def test_a_short_line_is_shown_whole():
    assert _plain(excerpt("Hi there zonk.", 9, 13, 80)) == "    Hi there zonk.\n             ^^^^\n"


def _result(findings=(), score=100.0, categories=None):
    text = "zonk"
    reply = Reply(source="a-rather-long-folder-name/and-a-long-file-name-for-a-macro.md", text=text,
                  positions=TextMap(text))
    return Result(reply=reply, lang="id", findings=list(findings), score=score, categories=categories or {})


def _render(results, verbose=False):
    console = Console(file=io.StringIO(), width=80, no_color=True, color_system=None)
    formatter = TextFormatter(console, {"verbose": verbose})
    summary = Summary()
    for result in results:
        summary.add(result)
        formatter.add(result)
    formatter.finish(summary)
    return console.file.getvalue()


def test_clean_replies_take_no_line_unless_verbose():
    assert _render([_result(), _result()]) == "2 replies checked: no findings\n"
    verbose = _render([_result()], verbose=True).splitlines()
    assert verbose[0] == "a-rather-long-folder-name/and-a-long-file-name-for-a-macro.md (id) score 100"


def test_the_score_row_wraps_between_cells_never_inside_one():
    finding = Finding(rule="r/x", category="politeness", severity="warning", message="m", suggestion=None,
                      text="zonk", start=0, end=4, line=1, column=1)
    categories = {"politeness": 90.0, "transparency": 75.0, "apology": 75.0, "sarcasm": 90.0, "blame": 75.0,
                  "privacy": 100.0}
    rows = _render([_result([finding], score=5.0, categories=categories)]).splitlines()
    score_rows = rows[rows.index("    zonk") + 2:-2]
    assert score_rows == [
        "a-rather-long-folder-name/and-a-long-file-name-for-a-macro.md (id) score 5",
        "    polite 90  transp 75  apology 75  sarcasm 90  blame 75",
    ]


def test_summary_line_counts_severities_unreadable_and_partial():
    summary = Summary(replies=3, error=2, warning=1, info=0, unreadable=1, partial=1, lowest=20.0)
    assert summary_line(summary) == ("3 replies checked: 2 errors, 1 warning, 0 info; lowest score 20; "
                                     "1 input could not be checked; 1 checked in part")



def _report_of(text, through_rich=False, monkeypatch=None):
    """The report of one finding on `text` (the whole reply) on a colour-free console, as etiket
    writes it, or as rich itself prints each line."""
    finding = Finding(rule="r/x", category="politeness", severity="warning", message="m", suggestion="s",
                      text="zonk", start=text.index("zonk"), end=text.index("zonk") + 4, line=1, column=1)
    reply = Reply(source="a.txt", text=text, positions=TextMap(text))
    console = Console(file=io.StringIO(), width=80, no_color=True, color_system=None)
    if through_rich:
        monkeypatch.setattr(text_module, "_print", lambda console, line: console.print(line, soft_wrap=True))
    TextFormatter(console).add(Result(reply=reply, lang="en", findings=[finding], score=90.0, categories={}))
    return console.file.getvalue()


def test_plain_lines_are_the_bytes_rich_prints_tabs_expanded_as_rich_does(monkeypatch):
    texts = ("Hi there zonk.", "Hi\tthere zonk.", "emoji 😀 中文 zonk \x1b[31m")
    ours = [_report_of(text) for text in texts]
    assert ours == [_report_of(text, True, monkeypatch) for text in texts]
    assert ours[1].splitlines()[1] == "    Hi  there zonk."  # to the next stop of 8 columns
