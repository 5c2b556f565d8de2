"""`etiket check --jobs N`: the same report, byte for byte, as one process, in input order."""

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from etiket import errors, parallel
from etiket.reply import Result

from conftest import make_reply

ROOT = Path(__file__).resolve().parents[1]
COLLECTIONS = sorted(str(p) for p in (ROOT / "tests" / "fixtures" / "collections").iterdir())
INPUTS = [*COLLECTIONS, str(ROOT / "examples")]  # both languages, 48 replies and an export that cannot be checked


def check(*args):
    done = subprocess.run([sys.executable, "-m", "etiket", "check", "--no-color", *args, *INPUTS],
                          capture_output=True, check=False)
    return done.returncode, done.stdout, done.stderr


@pytest.mark.parametrize("output", ["json", "text"])
def test_two_jobs_write_what_one_job_writes(output):
    one = check("--format", output, "--jobs", "1")
    two = check("--format", output, "--jobs", "2")
    assert two == one
    code, stdout, stderr = one
    assert code == 2  # the Zendesk export keeps its texts where no record names them: one line for the file
    assert stderr.count(b"etiket: cannot check ") == 1
    if output == "text":  # the counts are the JSON report's: rules tuned meanwhile change them alike
        totals = json.loads(check("--format", "json", "--jobs", "1")[1])["summary"]
        assert stdout.decode().splitlines()[-1] == (
            f"48 replies checked: {totals['error']} errors, {totals['warning']} warnings, {totals['info']} info; "
            f"lowest score {totals['min_score']:g}; 1 input could not be checked")


def test_jobs_0_is_one_per_core_this_process_may_use():
    assert parallel.jobs(0) == len(os.sched_getaffinity(0))
    assert parallel.jobs(3) == 3


class EchoLinter:
    """Checks nothing: a reply's Result carries its text as its language; a reply saying
    'too long' is refused as the real Linter refuses one."""

    def check(self, reply):
        if reply.text == "too long":
            raise errors.InputError(reply.source, "too long to be a reply")
        return Result(reply=reply, lang=reply.text, findings=[], score=100.0)


def test_outcomes_keep_input_order_across_chunks_and_failures(monkeypatch):
    monkeypatch.setattr(parallel, "CHUNK", 3)
    entries = [make_reply(f"reply {i}", source=f"r{i}.txt") for i in range(20)]
    entries[4] = errors.InputError("broken.eml", "not UTF-8 text (line 3)")
    entries[11] = make_reply("too long", source="dump.txt")
    outcomes = list(parallel.checked(iter(entries), EchoLinter(), 2))
    assert [type(o).__name__ for o in outcomes] == ["Result"] * 4 + ["InputError"] + ["Result"] * 6 + ["InputError"] + ["Result"] * 8
    assert [o.lang for o in outcomes if isinstance(o, Result)] == [f"reply {i}" for i in range(20) if i not in (4, 11)]
    assert all(o.reply is e for o, e in zip(outcomes, entries) if isinstance(o, Result))
    assert outcomes[4] is entries[4]
    assert str(outcomes[11]) == "cannot check dump.txt: too long to be a reply"
    assert outcomes[11].source == "dump.txt"


def test_one_job_checks_in_this_process():
    outcomes = parallel.checked([make_reply("halo")], EchoLinter(), 1)
    assert [o.lang for o in outcomes] == ["halo"]


def test_a_worker_forked_while_the_collector_is_held_off_turns_it_on():
    was_on = gc.isenabled()
    gc.disable()
    try:
        parallel._start(None)
        assert gc.isenabled() and gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        (gc.enable if was_on else gc.disable)()


class PidLinter:
    """A Result whose language is the number of the process that checked the reply."""

    def check(self, reply):
        return Result(reply=reply, lang=str(os.getpid()), findings=[], score=100.0)


@pytest.mark.skipif("fork" not in __import__("multiprocessing").get_all_start_methods(), reason="workers are forked")
def test_the_first_chunk_is_checked_before_the_workers_are_forked(monkeypatch):
    monkeypatch.setattr(parallel, "CHUNK", 3)
    here = str(os.getpid())
    checked = [r.lang for r in parallel.checked([make_reply(f"reply {i}") for i in range(9)], PidLinter(), 2)]
    assert checked[:3] == [here] * 3
    assert here not in checked[3:]
    assert [r.lang for r in parallel.checked([make_reply("only one")], PidLinter(), 2)] == [here]
