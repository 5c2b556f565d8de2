"""Precision, recall and F1 per category and language on labelled drafts, and micro-F1 per language.

    python benchmarks/judge.py [FILE ...] [--show CATEGORY] [--lang en|id] [--rules DIR]

With no FILE, the shared dev set (../shared/data/dev-drafts.jsonl); several FILEs are pooled into one
table. A category counts as flagged when a finding in it is a warning or an error (info does not
count). `--show` prints the false positives and misses of one category with the rules that fired.
"""

import argparse
import json

from _common import data_path, flagged_categories, linter, reply

from etiket import CATEGORIES


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--show")
    parser.add_argument("--lang", choices=["en", "id"])
    parser.add_argument("--rules", action="append", default=[], metavar="DIR",
                        help="an extra rule pack beside the built-in rules (e.g. second-opinion)")
    args = parser.parse_args()
    paths = [data_path(p, None) for p in args.paths] or [data_path(None, "dev-drafts.jsonl")]
    records = [json.loads(line) for path in paths for line in path.open(encoding="utf-8") if line.strip()]
    check = linter(args.rules)
    rows = []
    for record in records:
        if args.lang and record["lang"] != args.lang:
            continue
        result = check.check(reply(record["draft"], item=record["id"], lang=record["lang"],
                                   customer=record.get("customer"), channel=record.get("channel")))
        rows.append((record, result, flagged_categories(result)))
    print_table(rows)
    if args.show:
        show(rows, args.show)


def print_table(rows):
    print(f"{'category':<13}{'lang':<5}{'tp':>4}{'fp':>4}{'fn':>4}{'precision':>11}{'recall':>8}{'F1':>6}")
    worst, pooled = [], {"en": [0, 0, 0], "id": [0, 0, 0]}
    for category in CATEGORIES:
        for lang in ("en", "id"):
            tp = fp = fn = 0
            for record, _, flagged in rows:
                if record["lang"] != lang:
                    continue
                truth = category in record["violations"]
                tp += truth and category in flagged
                fp += (not truth) and category in flagged
                fn += truth and category not in flagged
            if tp + fp + fn == 0:
                continue
            pooled[lang] = [a + b for a, b in zip(pooled[lang], (tp, fp, fn))]
            precision = tp / (tp + fp) if tp + fp else 1.0
            recall = tp / (tp + fn) if tp + fn else 1.0
            ok = precision >= 0.8 and recall >= 0.6
            worst.append(ok)
            print(f"{category:<13}{lang:<5}{tp:>4}{fp:>4}{fn:>4}{precision:>11.2f}{recall:>8.2f}"
                  f"{f1(tp, fp, fn):>6.2f}{'' if ok else '  <'}")
    for lang, (tp, fp, fn) in pooled.items():
        if tp + fp + fn:
            print(f"micro-F1 ({lang}): {f1(tp, fp, fn):.3f}")
    for lang in ("en", "id"):
        clean = [flagged for record, _, flagged in rows if record["lang"] == lang and not record["violations"]]
        if clean:
            noisy = sum(bool(f) for f in clean)
            print(f"clean drafts flagged ({lang}): {noisy}/{len(clean)} = {noisy / len(clean):.1%}")
    print(f"cells meeting P>=0.8 and R>=0.6: {sum(worst)}/{len(worst)}")


def f1(tp, fp, fn):
    return 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0


def show(rows, category):
    for record, result, flagged in rows:
        truth = category in record["violations"]
        if truth == (category in flagged):
            continue
        kind = "MISS" if truth else "FALSE"
        print(f"\n{kind} {record['id']} ({record['channel']}) labels={record['violations']}")
        print(f"  customer: {record.get('customer')}")
        print(f"  draft: {record['draft']!r}")
        for f in result.findings:
            print(f"  - {f.severity} {f.rule}: {f.text!r}")


if __name__ == "__main__":
    main()
