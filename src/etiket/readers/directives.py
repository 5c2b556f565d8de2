"""etiket directives in comments the customer never sees: `<!-- etiket: disable=RULE[,RULE] -->`,
`enable=RULE`, `disable-next-line=RULE`, in HTML and Markdown. The readers only record them, with
where they stand; what they do to findings is decided in suppress.py, after the linter.

A directive in a plain-text reply is never read here: the customer would see it (the rule
clarity/visible-directive reports it instead).
"""

import re

from etiket.reply import Directive

_OPENS = re.compile(r"\s*etiket\s*:", re.I)
_DIRECTIVE = re.compile(r"\s*etiket\s*:\s*(disable-next-line|disable|enable)\s*=\s*([^\s,;]+(?:\s*[,;]\s*[^\s,;]+)*)\s*\Z", re.I)


def parse(comment):
    """(kind, names) for a comment's text, (None, ()) for one that opens with "etiket:" but is no
    directive (a typo the author should hear about), None for any other comment."""
    if not _OPENS.match(comment):
        return None
    found = _DIRECTIVE.match(comment)
    if not found:
        return None, ()
    return found.group(1).lower(), tuple(re.split(r"\s*[,;]\s*", found.group(2)))


def found(comments, positions):
    """The Directives among `comments`, (text, source start, source end, reply offset) tuples as
    an html.Layout records them; `positions` locates a source offset (a TextMap of the file)."""
    directives = []
    for text, start, end, at in comments:
        parsed = parse(text)
        if parsed is not None:
            line, end_line = positions.locate(start)[0], positions.locate(max(start, end - 1))[0]
            directives.append(Directive(parsed[0], parsed[1], line, end_line, at))
    return directives
