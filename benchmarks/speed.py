"""Start-up time, throughput and memory of the lint loop.

    python benchmarks/speed.py [path/to/dev-drafts.jsonl] [--repeat N]

Measures, in one process: rule loading; building each language's pipeline (the first reply in a
language pays it); replies per second per language over the dev drafts (repeated N times); peak
resident memory. Record the figures in benchmarks/RESULTS.md with the machine they came from.
"""

import argparse
import json
import resource
import time

from _common import data_path, reply

from etiket import rulebook
from etiket.lint import Linter


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("path", nargs="?")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    records = [json.loads(line) for line in data_path(args.path, "dev-drafts.jsonl").open(encoding="utf-8")]

    started = time.perf_counter()
    rules = list(rulebook.load_packs([rulebook.builtin_rules_dir()]).values())
    print(f"load {len(rules)} rules: {time.perf_counter() - started:.2f} s")
    linter = Linter(rules)
    for lang in ("en", "id"):
        started = time.perf_counter()
        linter.pipeline(lang)
        print(f"build {lang} pipeline: {time.perf_counter() - started:.2f} s")
    for lang in ("en", "id"):
        replies = [reply(r["draft"], lang=lang, customer=r["customer"], channel=r["channel"])
                   for r in records if r["lang"] == lang]
        started = time.perf_counter()
        for _ in range(args.repeat):
            for item in replies:
                linter.check(item)
        elapsed = time.perf_counter() - started
        count = len(replies) * args.repeat
        print(f"{lang}: {count} replies in {elapsed:.2f} s = {count / elapsed:,.0f} replies/s (with customer message)")
    started = time.perf_counter()
    texts = [r["draft"] for r in records] * 5
    for text in texts:
        linter.check(reply(text))
    elapsed = time.perf_counter() - started
    print(f"auto language: {len(texts)} replies in {elapsed:.2f} s = {len(texts) / elapsed:,.0f} replies/s")
    print(f"peak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
