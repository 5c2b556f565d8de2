"""What each rule change does to every record: the flagged rules of each reply over all sets, and the
difference between two such snapshots. The check a judgement change gets before it is committed.

    python benchmarks/flags.py record DIR [--rules second-opinion]   # one DIR/<set>.json per set
    python benchmarks/flags.py diff BEFORE AFTER                       # records whose flags moved
    python benchmarks/flags.py changes BEFORE AFTER                    # by draft and category: found or false, more or fewer
    python benchmarks/flags.py summary DIR                             # micro-F1 and flagged share per set

The sets: every benchmarks/data/*.jsonl (labelled drafts and acceptable replies), and when present
../shared/data/dev-drafts.jsonl and the 505 real replies of ../shared/data/real-replies/ (as `twcs`).
A record's flags are the `category|rule` of its warnings and errors, as etiket runs by default when
`--rules second-opinion` is given. Only labels and rule ids are written, never a reply's text.
"""

import argparse
import csv
import json
from pathlib import Path

from _common import FLAGGING, SHARED, linter, reply
from judge import f1

HERE = Path(__file__).resolve().parent
TWCS = SHARED / "data" / "real-replies" / "twcs_company_replies.csv"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    record = commands.add_parser("record")
    record.add_argument("dir", type=Path)
    record.add_argument("--rules", action="append", default=[], metavar="DIR")
    diff = commands.add_parser("diff")
    diff.add_argument("before", type=Path)
    diff.add_argument("after", type=Path)
    changes = commands.add_parser("changes")
    changes.add_argument("before", type=Path)
    changes.add_argument("after", type=Path)
    summary = commands.add_parser("summary")
    summary.add_argument("dir", type=Path)
    args = parser.parse_args()
    if args.command == "record":
        write_snapshot(args.dir, linter(args.rules))
    elif args.command == "diff":
        print_diff(args.before, args.after)
    elif args.command == "changes":
        print_changes(args.before, args.after)
    else:
        print_summary(args.dir)


def write_snapshot(folder, check):
    folder.mkdir(parents=True, exist_ok=True)
    for name, records in sets():
        rows = [{"id": r["id"], "lang": r.get("lang"), "gold": r.get("violations"), "flags": flags(check, r)} for r in records]
        (folder / f"{name}.json").write_text(json.dumps(rows), encoding="utf-8")


def sets():
    """(name, records) of every set; a record has `id`, `draft` and what else its file gives."""
    paths = sorted((HERE / "data").glob("*.jsonl")) + [SHARED / "data" / "dev-drafts.jsonl"]
    for path in paths:
        if path.exists():
            records = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
            yield path.stem, [r for r in records if r.get("draft") or r.get("text")]
    if TWCS.exists():
        rows = csv.DictReader(TWCS.open(encoding="utf-8"))
        yield "twcs", [{"id": row["tweet_id"], "draft": row["text"], "lang": "en", "channel": "social",
                        "customer": row.get("customer") or None, "violations": []} for row in rows]


def flags(check, record):
    result = check.check(reply(record.get("draft") or record["text"], item=record["id"], lang=record.get("lang"),
                               customer=record.get("customer"), channel=record.get("channel")))
    return sorted({f"{f.category}|{f.rule}" for f in result.findings if f.severity in FLAGGING})


def print_diff(before, after):
    for name, key, row, now in _pairs(before, after):
        if row["flags"] != now["flags"]:
            gone, came = set(row["flags"]) - set(now["flags"]), set(now["flags"]) - set(row["flags"])
            print(f"{name} {key} labelled {row['gold']}: - {sorted(gone)} + {sorted(came)}")


def print_changes(before, after):
    """What a change did, counted as the judge counts: per draft and category, a category now flagged that its
    labels name (found +) or not (false +), or no longer flagged (found -, false -); then the totals."""
    totals = dict.fromkeys(("found +", "found -", "false +", "false -"), 0)
    for name, key, row, now in _pairs(before, after):
        gold, was, is_now = set(row["gold"] or ()), _categories(row), _categories(now)
        for category, sign in [(c, "+") for c in sorted(is_now - was)] + [(c, "-") for c in sorted(was - is_now)]:
            kind = f"{'found' if category in gold else 'false'} {sign}"
            totals[kind] += 1
            print(f"{name} {key} {kind} {category}")
    print(", ".join(f"{kind} {count}" for kind, count in totals.items()))


def _pairs(before, after):
    """(set name, record id, its row before, its row after) for every record in both snapshots."""
    for path in sorted(before.glob("*.json")):
        if (after / path.name).exists():
            old, new = _by_id(path), _by_id(after / path.name)
            yield from ((path.stem, key, row, new[key]) for key, row in old.items() if key in new)


def _categories(row):
    return {flag.split("|")[0] for flag in row["flags"]}


def _by_id(path):
    return {row["id"]: row for row in json.loads(path.read_text(encoding="utf-8"))}


def print_summary(folder):
    for path in sorted(folder.glob("*.json")):
        rows = json.loads(path.read_text(encoding="utf-8"))
        labelled = any(row["gold"] for row in rows)
        cells = [_cell(labelled, [row for row in rows if row["lang"] == lang], lang) for lang in ("en", "id")]
        print(f"{path.stem:<28}", " | ".join(cell for cell in cells if cell))


def _cell(labelled, rows, lang):
    """One language's figure: micro-F1 and clean drafts flagged, or the share flagged of acceptable replies."""
    if not rows:
        return ""
    if not labelled:
        return f"{lang} {sum(bool(row['flags']) for row in rows)}/{len(rows)} flagged"
    tp = fp = fn = 0
    for row in rows:
        found, gold = {flag.split("|")[0] for flag in row["flags"]}, set(row["gold"] or ())
        tp, fp, fn = tp + len(found & gold), fp + len(found - gold), fn + len(gold - found)
    clean = [row for row in rows if not row["gold"]]
    return f"{lang} F1 {f1(tp, fp, fn):.3f} clean {sum(bool(row['flags']) for row in clean)}/{len(clean)}"


if __name__ == "__main__":
    main()
