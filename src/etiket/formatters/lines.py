"""One finding as plain words, shared by the formats that have no room for excerpts (text
headings, JUnit, GitHub annotations, SARIF): where it is and what to do about it."""


def where(reply, finding):
    """`source:line:column`, the collection item in brackets, and a mark when the position is
    counted in the reply's own text rather than in the file."""
    place = f"{reply.source}:{finding.line}:{finding.column}"
    item = f"[{reply.item}]" if reply.item else ""
    return place + item + (" (in reply)" if finding.relative else "")


def advice(finding):
    """The message and, when the rule has one, the suggestion after it."""
    return f"{finding.message} {finding.suggestion}" if finding.suggestion else finding.message


def line(reply, finding):
    """`where: severity rule  message suggestion`, one line."""
    return f"{where(reply, finding)}: {finding.severity} {finding.rule}  {advice(finding)}"
