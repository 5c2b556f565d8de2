"""Checking replies in several processes (`etiket check --jobs N`), results in input order.

The reading, the output and the progress line stay in this process; worker processes only check.
Replies go to the workers in chunks, and what comes back is the findings, never spaCy Docs (a
Doc costs more to send than to make). This process checks the first chunk itself before it forks
the workers, so they start with the pipelines of the languages met so far built and warm; each
builds any other language's once, the first time it needs it, and keeps them for the whole run.
At most a few chunks per worker are on their way at any time, so a collection of a million
replies is never held in memory, and results are handed on as soon as the reply before them is done.
"""

import gc
import os
from collections import deque
from itertools import islice

from etiket import errors

CHUNK = 32  # replies per task: pickling a chunk costs little next to checking it; output stays prompt
AHEAD = 4  # chunks on their way per worker: enough that no worker waits for the next one

_linter = None  # a worker's Linter (see _start)


def jobs(requested):
    """The number of processes for --jobs: 0 means one per core this process may run on (a
    container or `taskset` may allow fewer than the machine has)."""
    if requested:
        return requested
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def checked(entries, linter, count=1):
    """Each entry of `entries` (a Reply or an InputError) as its outcome: the Result, or an
    InputError for an input or reply that cannot be checked; in input order, as they are made."""
    if count <= 1:
        return (outcome(linter, entry) for entry in entries)
    return _pooled(entries, linter, count)


def outcome(linter, entry):
    """The Result of one reply, or the InputError it raised or is."""
    if isinstance(entry, errors.InputError):
        return entry
    try:
        return linter.check(entry)
    except errors.InputError as exc:
        return exc


def _pooled(entries, linter, count):
    from etiket import pipeline  # noqa: F401 - imported once here, inherited by every forked worker

    # multiprocessing offers "fork" wherever os.fork exists (not on Windows); it is imported only
    # once workers are needed, which a run of a chunk or less never does (~0.01 s of its start)
    forks = hasattr(os, "fork")
    entries = iter(entries)
    if forks and not (yield from _first_here(entries, linter)):
        return  # all checked here: no worker needed
    import multiprocessing

    context = multiprocessing.get_context("fork" if forks else None)
    with context.Pool(count, initializer=_start, initargs=(linter,)) as pool:
        pending = deque()
        while True:
            while len(pending) < count * AHEAD and (chunk := list(islice(entries, CHUNK))):
                pending.append((chunk, pool.apply_async(_check_chunk, ([e for e in chunk if not _failed(e)],))))
            if not pending:
                return
            chunk, done = pending.popleft()
            yield from _merged(chunk, done.get())


def _first_here(entries, linter):
    """The first chunk's outcomes, checked in this process before the workers are forked: they
    inherit the pipelines it built, the regexes it compiled and the words it learned, shared with
    this process until written, instead of each building and learning them again (the first
    replies cost a worker about twice the later ones)."""
    first = list(islice(entries, CHUNK))
    yield from (outcome(linter, entry) for entry in first)
    if gc.isenabled() and getattr(linter, "long_lived", False):  # the CLI's: all it holds stays to the end
        gc.freeze()  # what the workers inherit is not walked, nor its pages copied, by their collections
    return len(first) == CHUNK  # more may follow


def _start(linter):
    global _linter
    _linter = linter
    if not gc.isenabled():  # forked while the CLI held the collector off (cli.main): what came
        gc.freeze()  # from the parent stays out of its way, and it is on for this worker's replies
        gc.enable()


def _failed(entry):
    return isinstance(entry, errors.InputError)


def _check_chunk(replies):
    """In a worker: each reply's Result without its reply (the parent has it), or what made it
    fail, as (source, message): an InputError does not survive pickling."""
    sent = []
    for reply in replies:
        result = outcome(_linter, reply)
        if _failed(result):
            sent.append((result.source, str(result)))
        else:
            result.reply = None
            sent.append(result)
    return sent


def _merged(chunk, results):
    """The chunk's entries with each reply's result in its place; inputs that failed to read are
    passed on as they were."""
    results = iter(results)
    for entry in chunk:
        if _failed(entry):
            yield entry
            continue
        result = next(results)
        if isinstance(result, tuple):
            yield _input_error(*result)
        else:
            result.reply = entry
            yield result


def _input_error(source, message):
    error = errors.InputError(source, "")
    error.args = (message,)
    return error
