"""Time on one long reply grows linearly with its length (issue: 50,000 short lines took 91 s,
20,000 took 15 s: quadratic).

    python benchmarks/long_input.py [--lines 5000 20000 50000]

Builds replies of N short chat lines (Indonesian and English, fixed seed), checks each once in
one process after the pipelines are built, and prints seconds and microseconds per line. Linear
means the last column stays flat as N grows.
"""

import argparse
import random
import time

from _common import linter, reply

LINES = ["Halo Kak", "Siap, ditunggu ya.", "ok", "Thanks!", "Baik Kak, kami cek.", "Noted.",
         "Terima kasih Kak, pesanan sudah kami kirim.", "We will check it."]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, nargs="+", default=[5000, 20000, 50000])
    args = parser.parse_args()
    check = linter()
    check.budget = float("inf")  # measure the whole check, not the budget
    check.check(reply("Halo Kak", lang="id"))  # builds the pipeline outside the timing
    rng = random.Random(6)
    print(f"{'lines':>7} {'chars':>9} {'seconds':>8} {'µs/line':>8}")
    for count in args.lines:
        text = "\n".join(rng.choice(LINES) for _ in range(count))
        started = time.perf_counter()
        check.check(reply(text, lang="id"))
        took = time.perf_counter() - started
        print(f"{count:>7} {len(text):>9} {took:>8.2f} {took / count * 1e6:>8.0f}")


if __name__ == "__main__":
    main()
