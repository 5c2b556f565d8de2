"""A baseline: the findings a team has accepted, so a run reports only what is new.

Each finding gets a fingerprint from what it is, not where it is: the rule id, the source path,
the collection item, the matched words and up to three words on either side of them inside
its paragraph (whitespace collapsed). Line numbers stay out, so findings keep their fingerprint when lines move or a
paragraph is re-wrapped. The same fingerprint can occur more than once; the baseline keeps the
count, and a run reports the occurrences beyond it. The file holds hashes and rule ids only,
never reply text, so it can be committed.
"""

import hashlib
import json
import os
import re
from collections import Counter
from dataclasses import replace
from importlib import resources
from pathlib import PurePath

import jsonschema

from etiket import __version__, errors, scoring
from etiket.atomic import atomic_open

SCHEMA = 1
CONTEXT_WORDS = 3  # words kept on either side of the match
_REACH = 200  # characters looked at on either side for those words
# the words are taken from the match's own paragraph, so adding a paragraph above or below it
# leaves the fingerprint alone
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_VALIDATOR = jsonschema.Draft202012Validator(
    json.loads(resources.files("etiket").joinpath("schemas/baseline.schema.json").read_text("utf-8")))


def source_key(source):
    """The source as a baseline names it: forward slashes, no `./`, and a path inside the current
    folder relative to it, so `replies/a.txt` and `$PWD/replies/a.txt` are the same file."""
    if source == "<stdin>":
        return source
    path = os.path.normpath(source)
    if os.path.isabs(path):
        relative = os.path.relpath(path)
        path = path if relative.startswith("..") else relative
    return PurePath(path).as_posix()


def fingerprint(reply, finding):
    """A stable hash of what a finding is: rule, source, item, the match and the words around it."""
    text = reply.text
    before = _PARAGRAPH_BREAK.split(text[max(0, finding.start - _REACH):finding.start])[-1].split()[-CONTEXT_WORDS:]
    after = _PARAGRAPH_BREAK.split(text[finding.end:finding.end + _REACH])[0].split()[:CONTEXT_WORDS]
    match = " ".join(text[finding.start:finding.end].split())
    parts = [finding.rule, source_key(reply.source), reply.item or "", " ".join(before), match, " ".join(after)]
    return hashlib.blake2b("\x1f".join(parts).encode("utf-8"), digest_size=16).hexdigest()


class Baseline:
    """Records every finding of a run (for --write-baseline) and lets through only the findings
    the accepted baseline does not hold (for --baseline)."""

    def __init__(self, accepted=None):
        self._accepted = accepted  # Counter of fingerprints, or None: nothing is filtered
        self._seen = Counter()
        self._recorded = {}  # fingerprint -> the entry written to the file
        self.known = 0  # findings left out because the baseline holds them

    def screen(self, result):
        """The result with only its new findings, scored on them alone (the scores and the exit
        code then say what this change did, not what the repository already had)."""
        new = []
        for finding in result.findings:
            mark = fingerprint(result.reply, finding)
            self._seen[mark] += 1
            self._record(mark, result.reply, finding)
            if self._accepted is None or self._seen[mark] > self._accepted[mark]:
                new.append(finding)
        if len(new) == len(result.findings):
            return result
        self.known += len(result.findings) - len(new)
        overall, categories = scoring.score(new, result.categories)
        return replace(result, findings=new, score=overall, categories=categories)

    def _record(self, mark, reply, finding):
        entry = self._recorded.setdefault(mark, {
            "fingerprint": mark, "rule": finding.rule, "source": source_key(reply.source),
            "item": reply.item, "count": 0})
        entry["count"] += 1

    def write(self, path):
        """Write the recorded findings, sorted, so that the file diffs well in review."""
        entries = sorted(self._recorded.values(), key=lambda e: (e["source"], e["item"] or "", e["rule"], e["fingerprint"]))
        document = {"schema": SCHEMA, "etiket": __version__, "findings": entries}
        with atomic_open(path, "w", encoding="utf-8", newline="\n") as file:
            file.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
        return sum(e["count"] for e in entries)


def load(path):
    """The accepted fingerprints and their counts; a BaselineError for a file that is missing,
    not JSON, or not a baseline."""
    try:
        with open(path, encoding="utf-8") as file:
            document = json.load(file)
    except FileNotFoundError:
        raise errors.BaselineError(path, errors.BASELINE_MISSING) from None
    except OSError as exc:
        raise errors.BaselineError(path, errors.UNREADABLE.format(reason=exc.strerror)) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise errors.BaselineError(path, errors.BASELINE_NOT_JSON.format(reason=getattr(exc, "msg", "not UTF-8"))) from None
    problem = jsonschema.exceptions.best_match(_VALIDATOR.iter_errors(document))
    if problem is not None:
        where = "/".join(str(p) for p in problem.absolute_path) or "top level"
        raise errors.BaselineError(path, errors.BASELINE_INVALID.format(where=where, reason=problem.message))
    return Counter({e["fingerprint"]: e["count"] for e in document["findings"]})
