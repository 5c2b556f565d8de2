"""The progress line: shown on a terminal once a run lasts, never when stderr is redirected,
and it names replies by their source, never by their text."""

import io

from rich.console import Console

from etiket import progress


def _console(terminal):
    return Console(file=io.StringIO(), force_terminal=terminal, width=80)


def test_a_long_run_on_a_terminal_shows_the_count_and_the_source(monkeypatch):
    monkeypatch.setattr(progress, "SHOW_AFTER", 0.0)
    console = _console(terminal=True)
    with progress.Ticker(console) as ticker:
        for _ in range(3):
            ticker.tick("macros/refund.md")
    shown = console.file.getvalue()
    assert "3 replies checked" in shown and "macros/refund.md" in shown
    assert ticker.count == 3


def test_nothing_is_shown_when_stderr_is_not_a_terminal(monkeypatch):
    monkeypatch.setattr(progress, "SHOW_AFTER", 0.0)
    console = _console(terminal=False)
    with progress.Ticker(console) as ticker:
        ticker.tick("draft.txt")
    assert console.file.getvalue() == ""


def test_a_short_run_shows_nothing():
    console = _console(terminal=True)
    with progress.Ticker(console) as ticker:
        ticker.tick("draft.txt")
    assert console.file.getvalue() == ""
