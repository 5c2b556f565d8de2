"""GitHub Actions workflow commands: each finding becomes an annotation on its file and line in
the run's log and the pull request (`::error file=…,line=…::message`), and the summary stays one
plain line of the log."""

from etiket.formatters.lines import advice
from etiket.formatters.text import summary_line

COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


class GithubFormatter:
    def __init__(self, console, options=None):
        self._file = console.file

    def add(self, result):
        for finding in result.findings:
            self._file.write(annotation(result.reply, finding) + "\n")

    def finish(self, summary):
        self._file.write(summary_line(summary) + "\n")


def annotation(reply, finding):
    """One workflow command. Positions counted in the reply's own text would point at the wrong
    line of the file, so they go into the message and the annotation stays on the file."""
    properties = {}
    if reply.source != "<stdin>":
        properties["file"] = reply.source
    message = advice(finding)
    if finding.relative:
        message += f" (reply line {finding.line}, column {finding.column})"
    else:
        properties.update(line=finding.line, col=finding.column, endLine=finding.end_line, endColumn=finding.end_column)
    properties["title"] = finding.rule
    if reply.item:
        message = f"[{reply.item}] {message}"
    listed = ",".join(f"{key}={_property(str(value))}" for key, value in properties.items())
    return f"::{COMMAND[finding.severity]} {listed}::{_data(message)}"


def _data(value):
    """The runner reads %, CR and LF in a message as escapes and line ends."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(value):
    """In a property, ':' and ',' would also end the value."""
    return _data(value).replace(":", "%3A").replace(",", "%2C")
