"""A progress line on stderr for long runs, so a big collection never shows a blank terminal.

It appears only when stderr is a terminal and the run has lasted a moment (a single draft never
flickers one), counts replies as they are checked, and disappears when the run ends. Findings
printed meanwhile scroll above it (rich redirects stdout while it is shown).
"""

import time

SHOW_AFTER = 1.0  # seconds


class Ticker:
    def __init__(self, console):
        self._console = console
        self._started = time.monotonic()
        self._progress = None
        self._task = None
        self.count = 0

    def __enter__(self):
        return self

    def tick(self, label):
        """One more reply checked; `label` names it (a path, never draft text)."""
        self.count += 1
        if self._progress is None and self._due():
            # here, not at the top: rich.progress (live display, tables, spinners) is ~0.01 s of a
            # start, and a single draft never shows the line
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self._progress = Progress(SpinnerColumn(), TextColumn("{task.completed} replies checked"),
                                      TimeElapsedColumn(), TextColumn("[dim]{task.description}"),
                                      console=self._console, transient=True)
            self._progress.start()
            self._task = self._progress.add_task("", total=None)
        if self._progress is not None:
            self._progress.update(self._task, completed=self.count, description=label)

    def _due(self):
        return self._console.is_terminal and time.monotonic() - self._started >= SHOW_AFTER

    def __exit__(self, *exc):
        if self._progress is not None:
            self._progress.stop()
        return False
