"""`etiket serve`: the warm mode. One JSON request per line on stdin, one JSON answer per line on
stdout, in order, each written and flushed as soon as the reply is checked; the rules and the
pipelines stay loaded, so a reply after the first takes milliseconds, not the start-up seconds.

A request is `{"id", "text", "customer", "lang", "channel"}` (all but `text` optional; other fields
are ignored, as in a collection); its answer is the JSON report's item for it, `source` "<stdin>" and
`item` the request's id (else its request number, as a collection numbers its records). A request
that cannot be checked gets `{"id": ..., "line": N, "error": "..."}` instead, and the server goes
on. A blank line asks nothing and gets nothing. End of input ends the server with exit code 0.
"""

import gc
import json
import sys

from etiket import errors
from etiket.readers import STDIN
from etiket.readers.records import kind

FIELDS = ("text", "customer", "lang", "channel")


def run(linter, stdin=None, stdout=None):
    """Answer every request line of `stdin` (a binary stream) on `stdout` (binary); returns the exit code."""
    stdin, stdout = stdin or sys.stdin.buffer, stdout or sys.stdout.buffer
    linter.warm()
    # What is loaded now lives as long as the server: out of the collector's way, a check is never
    # held up by a full collection walking the rules and pipelines.
    gc.freeze()
    number = 0
    for line_no, raw in enumerate(stdin, start=1):
        if not raw.strip():
            continue
        number += 1
        stdout.write(json.dumps(answer(linter, raw, line_no, number), ensure_ascii=False).encode("utf-8") + b"\n")
        stdout.flush()
    return 0


def answer(linter, raw, line_no, number):
    """The report item for one request line, or the error object saying why it has none."""
    request = None
    try:
        request = _request(raw)
        item = _id(request.get("id"))
        fields = {name: request.get(name) for name in FIELDS}
        result = linter.check(**fields, source=STDIN, item=str(number) if item is None else item)
    except errors.RequestError as exc:
        given = request.get("id") if isinstance(request, dict) else None
        return {"id": given if _id_or_none(given) else None, "line": line_no, "error": str(exc)}
    if result.overrun:  # as `etiket check` says it: on stderr, the answer keeps the report's shape
        print(f"etiket: {STDIN} [{result.item}]: {errors.OVERRUN.format(seconds=linter.timeout, rules=', '.join(result.overrun))}",
              file=sys.stderr, flush=True)
    return result.to_dict()


def _request(raw):
    try:
        request = json.loads(raw.rstrip(b"\r\n").decode("utf-8"))
    except UnicodeDecodeError:
        raise errors.RequestError(errors.REQUEST_NOT_UTF8) from None
    except json.JSONDecodeError as exc:
        raise errors.RequestError(errors.REQUEST_NOT_JSON.format(reason=f"{exc.msg}: column {exc.colno}")) from None
    except RecursionError:
        raise errors.RequestError(errors.REQUEST_NOT_JSON.format(reason="nested too deeply")) from None
    if not isinstance(request, dict):
        raise errors.RequestError(errors.REQUEST_NOT_OBJECT.format(kind=kind(request)))
    return request


def _id(value):
    """The request's id as the report item's name: a string or a number, as a collection's id."""
    if not _id_or_none(value):
        raise errors.RequestError(errors.REQUEST_BAD_ID.format(kind=kind(value)))
    return None if value is None else str(value)


def _id_or_none(value):
    return value is None or (isinstance(value, (str, int, float)) and not isinstance(value, bool))
