"""How far etiket is from a second human-style reading: a labelled set's writer labels against an
independent annotator's labels of the same drafts, and etiket against each.

    python benchmarks/agreement.py SET RELABEL [--rules DIR]

SET is a labelled set (benchmarks/data/s34-sealed.jsonl); RELABEL holds {"id", "violations"} for its
drafts, written by an annotator who read only the category definitions and the drafts, never the
writer's labels nor the rules (benchmarks/data/relabel/). Micro-F1 per language, then F1 per category
and language, each time with the first set of labels as the truth. If the annotator agrees with the
writer far better than etiket does, the labels are not what holds the figures down.
"""

import argparse
import json

from _common import data_path, flagged_categories, linter, reply
from judge import f1

from etiket import CATEGORIES


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("set")
    parser.add_argument("relabel")
    parser.add_argument("--rules", action="append", default=[], metavar="DIR")
    args = parser.parse_args()
    records = _read(data_path(args.set, None))
    relabel = {r["id"]: set(r["violations"]) for r in _read(data_path(args.relabel, None))}
    check = linter(args.rules)
    writer = {r["id"]: set(r["violations"]) for r in records}
    tool = {r["id"]: flagged_categories(check.check(reply(
        r["draft"], item=r["id"], lang=r["lang"], customer=r.get("customer"), channel=r.get("channel"))))
        for r in records}
    pairs = [("annotator vs writer", writer, relabel), ("etiket vs writer", writer, tool),
             ("etiket vs annotator", relabel, tool)]
    for lang in ("en", "id"):
        ids = [r["id"] for r in records if r["lang"] == lang]
        print(f"micro-F1 ({lang}): " + "  ".join(f"{name} {_f1(ids, truth, pred):.3f}" for name, truth, pred in pairs))
    print(f"{'category':13s} " + "  ".join(f"{name:>21s}" for name, _, _ in pairs[:2]) + "   (en / id)")
    for category in CATEGORIES:
        cells = []
        for _, truth, pred in pairs[:2]:
            scores = [_f1([r["id"] for r in records if r["lang"] == lang], truth, pred, category) for lang in ("en", "id")]
            cells.append(f"{scores[0]:.2f} / {scores[1]:.2f}")
        print(f"{category:13s} " + "  ".join(f"{cell:>21s}" for cell in cells))


def _read(path):
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


def _f1(ids, truth, pred, category=None):
    """F1 of `pred` against `truth` over the records `ids`, in one category or all."""
    tp = fp = fn = 0
    for i in ids:
        gold, got = truth[i], pred[i]
        if category:
            gold, got = gold & {category}, got & {category}
        tp, fp, fn = tp + len(gold & got), fp + len(got - gold), fn + len(gold - got)
    return f1(tp, fp, fn)


if __name__ == "__main__":
    main()
