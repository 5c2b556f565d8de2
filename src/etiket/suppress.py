"""Suppressions: findings a team has accepted, taken out of a reply's findings before it is scored.

One place for all of them, called by the Linter, so the score and every output format see the
same findings. Three sources, none of which reaches the customer:

- per-file ignores from the configuration: a mapping {glob: [rule ids or categories]} (`by_glob`);
- a collection record's `etiket_ignore` field (Reply.ignore): those rules, for that record;
- directives in HTML and Markdown comments (Reply.directives, recorded by the readers):
  `disable=` from there to the end or to a matching `enable=`, `disable-next-line=` for the next
  line of the source file that holds reply text. `--no-inline-config` turns these off.

A name is a rule id, a category or `all`. A record's ignore or a directive's name that removed no
finding is stale, and reported so it can be deleted. A per-file ignore spans many files: a reply's
result names each one that matched it and removed nothing there (Stale.glob), and `Unused` tells,
once the run has seen every result, which suppressed nothing in any file it matched.
"""

import fnmatch
import os
from dataclasses import dataclass
from pathlib import PurePath

ALL = "all"


@dataclass(frozen=True)
class Stale:
    """A suppression that suppressed nothing, or a comment that tried to be one: `how` is what
    it said ("disable=politeness/bare-command", "etiket_ignore=privacy"); `line` where it stands,
    None for a record's field or a per-file ignore; `directive` False for a comment that opened
    with "etiket:" but was no directive."""

    how: str
    line: int | None
    directive: bool = True
    glob: tuple | None = None  # (glob, name) of a per-file ignore: stale in this file only, see Unused


def names(name, finding):
    """True when `name` names the finding's rule: its id, its category, or all."""
    return name in (ALL, finding.rule, finding.category)


def apply(reply, findings, inline=True, ignored=()):
    """(the findings left, the Stale suppressions) for one reply. `ignored` are the (glob, name)
    per-file ignores that hold for the whole reply (`by_glob`); `inline` honours the reply's directives."""
    directives = reply.directives if inline else []
    targets = [_next_line(reply, d) if d.kind == "disable-next-line" else None for d in directives]
    used = set()
    kept = []
    for finding in findings:
        hits = _whole(reply.ignore, finding, "record") + _globbed(ignored, finding)
        hits += _ranged(directives, finding) + _next_lined(directives, targets, finding)
        used.update(hits)
        if not hits:
            kept.append(finding)
    unused = [Stale(f"{glob}: {name}", None, glob=(glob, name)) for glob, name in ignored if ("glob", glob, name) not in used]
    return kept, _stale(reply, directives, used) + unused


def by_glob(source, patterns, root=None):
    """The (glob, name) pairs of the per-file ignores `patterns` ({glob: [rule ids or categories]})
    that hold for the file `source`. A glob with no "/" matches the file name in any folder (`*.html`); one with a
    "/" matches the path relative to `root` (the configuration file's folder; by default the
    current folder), where `*` also crosses folders and a leading `**/` may match none."""
    if not patterns or source == "<stdin>":
        return ()
    path = _relative(source, root)
    return tuple((glob, name) for glob, listed in patterns.items() if _matches(path, glob) for name in listed)


def _whole(listed, finding, where):
    return [(where, None, name) for name in listed if names(name, finding)]


def _globbed(ignored, finding):
    return [("glob", glob, name) for glob, name in ignored if names(name, finding)]


def _ranged(directives, finding):
    """The disable= that holds where the finding starts: the last one naming its rule that no
    enable= naming it has ended since."""
    holder = []
    for index, directive in enumerate(directives):
        if directive.at > finding.start:
            break
        named = [n for n in directive.names if names(n, finding)]
        if directive.kind == "disable" and named:
            holder = [("inline", index, name) for name in named]
        elif directive.kind == "enable" and named:
            holder = []
    return holder


def _next_lined(directives, targets, finding):
    """The disable-next-line= naming the finding's rule whose line the finding is on."""
    hits = []
    for index, (directive, target) in enumerate(zip(directives, targets)):
        if target is not None and finding.line <= target <= finding.end_line:
            hits += [("inline", index, name) for name in directive.names if names(name, finding)]
    return hits


def _next_line(reply, directive):
    """The first source line after the directive's own that holds reply text, None if none does."""
    text = reply.text
    for offset in range(directive.at, len(text)):
        if not text[offset].isspace():
            line = reply.positions.locate(offset)[0]
            if line > directive.end_line:
                return line
    return None


def _stale(reply, directives, used):
    stale = [Stale(f"etiket_ignore={name}", None) for name in reply.ignore if ("record", None, name) not in used]
    for index, directive in enumerate(directives):
        if directive.kind is None:
            stale.append(Stale("etiket:", directive.line, directive=False))
        elif directive.kind != "enable":
            stale += [Stale(f"{directive.kind}={name}", directive.line)
                      for name in directive.names if ("inline", index, name) not in used]
    return stale


class Unused:
    """The per-file ignores of a run that suppressed nothing: each (glob, name) that matched at least
    one checked file and removed no finding in any of them. A glob that matched no checked file is
    not one: the run may check only part of the repository. Nor is a name no rule of the run has
    (--select), which could not have found anything to remove. Fed every Result of the run (the
    results say what they know, so checks made in other processes count too)."""

    def __init__(self, patterns, root=None, running=None):
        self._patterns, self._root, self._running = patterns or {}, root, running
        self._matched, self._used = set(), set()

    def add(self, result):
        matched = set(by_glob(result.reply.source, self._patterns, self._root))
        unused = {stale.glob for stale in result.stale if stale.glob}
        self._matched |= matched
        self._used |= matched - unused

    def stale(self):
        """(glob, name) of each per-file ignore that suppressed nothing, in the file's order."""
        order = [(glob, name) for glob, listed in self._patterns.items() for name in listed]
        return [pair for pair in order if pair in self._matched - self._used and self._runs(pair[1])]

    def _runs(self, name):
        return self._running is None or name == ALL or name in self._running


def _relative(source, root):
    path = os.path.abspath(source)
    relative = os.path.relpath(path, root or os.getcwd())
    return PurePath(path if relative.startswith("..") else relative).as_posix()


def _matches(path, glob):
    if "/" not in glob:
        return fnmatch.fnmatchcase(PurePath(path).name, glob)
    return fnmatch.fnmatchcase(path, glob) or (glob.startswith("**/") and fnmatch.fnmatchcase(path, glob[3:]))
