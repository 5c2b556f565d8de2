"""Latency of the warm mode: replies sent one at a time through one `etiket serve` process.

    python benchmarks/serve.py [drafts.jsonl ...] [--count 200]

Starts `etiket serve` once, sends each reply (its customer message and channel, no language: the
server detects it) and waits for its answer before sending the next, as an agent's tool would.
Prints the start-up time, the first reply's time, and the median, p95 and max per reply after the
first. Default drafts: data/id-real-replies.jsonl and data/en-chat-turns.jsonl, alternating, so
both languages are asked for. Record the figures in benchmarks/RESULTS.md.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from itertools import chain, zip_longest
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
DEFAULT = [DATA / "id-real-replies.jsonl", DATA / "en-chat-turns.jsonl"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", nargs="*", type=Path, default=DEFAULT)
    parser.add_argument("--count", type=int, default=200)
    args = parser.parse_args()
    requests = _requests(args.paths, args.count)

    started = time.perf_counter()
    server = subprocess.Popen([sys.executable, "-m", "etiket", "serve"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    times, cpu = [], None
    for request in requests:
        if len(times) == 1:
            cpu = _cpu_seconds(server.pid)
        sent = time.perf_counter()
        server.stdin.write(request)
        server.stdin.flush()
        line = server.stdout.readline()
        if not line:
            sys.exit(f"etiket serve ended before answering request {len(times) + 1} (exit {server.wait()})")
        answer = json.loads(line)
        times.append(time.perf_counter() - sent)
        if "error" in answer:
            sys.exit(f"request {len(times)} got an error: {answer['error']}")
    cpu = _cpu_seconds(server.pid) - cpu if cpu is not None else None
    server.stdin.close()
    code = server.wait()

    first, rest = times[0], sorted(times[1:])
    ms = lambda seconds: f"{seconds * 1000:.1f} ms"  # noqa: E731
    print(f"{len(times)} replies through one `etiket serve` (exit {code}), {time.perf_counter() - started:.1f} s in all")
    print(f"first reply (start-up, pipelines built): {first:.2f} s")
    print(f"after the first: median {ms(statistics.median(rest))}, p95 {ms(rest[int(0.95 * (len(rest) - 1))])}, max {ms(rest[-1])}")
    if cpu is not None:  # wall time waits for a CPU on a busy machine; the server's own time does not
        print(f"server CPU time after the first: {ms(cpu / len(rest))} per reply; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


def _cpu_seconds(pid):
    """User + system CPU seconds a process has used (Linux /proc), or None elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _requests(paths, count):
    """`count` request lines, taken from the files in turn (one from each, then the next one...)."""
    files = [[json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()] for path in paths]
    records = [r for r in chain.from_iterable(zip_longest(*files)) if r][:count]
    return [json.dumps({"id": r["id"], "text": r.get("draft") or r["text"], "customer": r.get("customer") or None,
                        "channel": r.get("channel")}, ensure_ascii=False).encode("utf-8") + b"\n" for r in records]


if __name__ == "__main__":
    main()
