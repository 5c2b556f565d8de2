"""Does the politeness score mean something beyond our own examples?

    python benchmarks/politeness_auc.py [path/to/wikipedia.annotated.csv] [--half A|B|all]
    python benchmarks/politeness_auc.py path/to/requests.jsonl      # {"id", "request", "rating"} a line

Stanford Politeness Corpus, Wikipedia half: polite = top quarter by `Normalized Score`, impolite =
bottom quarter (the paper's split, over the whole file). Prints the ROC AUC of etiket's `politeness`
category score (the chance that a random polite request scores higher than a random impolite one;
ties count half).

`--half` keeps the requests of one fixed half, split by a hash of the request's Id: rules are
developed on half A only, so half B's figure says how the score does on requests it was not tuned on.
A JSONL file of requests rated by people (a higher rating is more polite) is read the same way, so
a domain the rules were never tuned on can be measured beside Wikipedia.
"""

import argparse
import csv
import hashlib
import json

from _common import data_path, linter, reply


def roc_auc(positives, negatives):
    """Mann-Whitney U / (n1 * n0), with average ranks for ties."""
    values = sorted([(v, 1) for v in positives] + [(v, 0) for v in negatives])
    rank_sum, i = 0.0, 0
    while i < len(values):
        j = i
        while j < len(values) and values[j][0] == values[i][0]:
            j += 1
        average = (i + j + 1) / 2
        rank_sum += average * sum(label for _, label in values[i:j])
        i = j
    n1, n0 = len(positives), len(negatives)
    return (rank_sum - n1 * (n1 + 1) / 2) / (n1 * n0)


def half_of(row):
    """The request's half, "A" or "B": fixed by its Id, not by its text or its score."""
    return "AB"[hashlib.sha256(row["Id"].encode("utf-8")).digest()[0] % 2]


def read_requests(path):
    """Rows with the Stanford CSV's keys (Id, Request, Normalized Score), from its CSV or from JSONL."""
    with path.open(encoding="utf-8") as lines:
        if path.suffix != ".jsonl":
            return list(csv.DictReader(lines))
        records = [json.loads(line) for line in lines if line.strip()]
    return [{"Id": r["id"], "Request": r["request"], "Normalized Score": r["rating"]} for r in records]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("path", nargs="?")
    parser.add_argument("--half", choices=["A", "B", "all"], default="all",
                        help="score one half only (A: the half rules are tuned on; B: never tuned on)")
    parser.add_argument("--rules", action="append", default=[], metavar="DIR",
                        help="an extra rule pack beside the built-in rules (e.g. second-opinion)")
    args = parser.parse_args()
    rows = read_requests(data_path(args.path, "politeness/wikipedia.annotated.csv"))
    rows.sort(key=lambda r: float(r["Normalized Score"]))
    quarter = len(rows) // 4
    kept = lambda group: [r for r in group if args.half in ("all", half_of(r))]  # noqa: E731
    check = linter(args.rules)
    score = lambda r: check.check(reply(r["Request"], lang="en")).categories["politeness"]  # noqa: E731
    impolite = [score(r) for r in kept(rows[:quarter])]
    polite = [score(r) for r in kept(rows[-quarter:])]
    print(f"requests: {len(rows)}; half {args.half}: polite {len(polite)}, impolite {len(impolite)} (top/bottom quarter)")
    print(f"mean politeness score: polite {sum(polite) / len(polite):.1f}, impolite {sum(impolite) / len(impolite):.1f}")
    print(f"ROC AUC of the politeness score: {roc_auc(polite, impolite):.3f}")


if __name__ == "__main__":
    main()
