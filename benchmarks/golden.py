"""A golden report: every finding etiket gives on a fixed corpus, to prove a speed-up changed none.

    python benchmarks/golden.py record [--rules DIR]   # write benchmarks/.cache/golden/<set>.jsonl
    python benchmarks/golden.py compare [--rules DIR]  # exit 1 and show the first differences if any finding moved

`--rules DIR` checks with that rule pack instead of the built-in one: a snapshot of rules/
(`git archive HEAD rules | tar -x -C /tmp/snap`) keeps rules being tuned meanwhile out of the comparison.

The corpus: every benchmarks/data/*.jsonl, and when present ../shared/data/dev-drafts.jsonl and the
real replies in ../shared/data/real-replies/. Each set is checked twice: the drafts as the reader
gives them (language from the record, or detected), and the customers' messages as replies, so
more wording passes through the matchers. One line per reply: its findings (rule, span, severity,
message, suggestion, text, fix), score, per-category scores, overrun and stale suppressions.
The golden records the rule files' content hash: rules tuned since make a difference that is not
the engine's, and `compare` says so.
"""

import argparse
import hashlib
import json
import sys
from pathlib import Path

from etiket import rulebook
from etiket.lint import Linter
from etiket.readers import ReadOptions, read_all
from etiket.reply import RelativeMap, Reply

HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[1] / "shared" / "data"
CACHE = HERE / ".cache" / "golden"


def corpus():
    """(set name, path) for every input that exists here."""
    sets = [(p.stem, p) for p in sorted((HERE / "data").glob("*.jsonl"))]
    if (SHARED / "dev-drafts.jsonl").exists():
        sets.append(("dev-drafts", SHARED / "dev-drafts.jsonl"))
    sets += [(f"real-{p.stem}", p) for p in sorted((SHARED / "real-replies").glob("*")) if p.is_file()]
    return sets


# Sets whose records keep their text under another field: the politeness requests (politeness_auc.py)
TEXT_FIELDS = {"pol16-requests": "request"}


def replies(path):
    """The drafts as `etiket check` reads them, then each customer message as a reply of its own."""
    customers = []
    options = ReadOptions(text_field=TEXT_FIELDS.get(path.stem), id_field="id" if path.stem in TEXT_FIELDS else None)
    for entry in read_all([str(path)], options=options):
        if isinstance(entry, Exception):
            raise SystemExit(f"golden: {entry}")
        yield entry
        if entry.customer:
            customers.append((entry.item, entry.customer, entry.lang))
    for item, text, lang in customers:
        yield Reply(source=f"{path.name}#customer", text=text, positions=RelativeMap(text), item=item, lang=lang)


def canonical(result):
    findings = [[f.rule, f.category, f.start, f.end, f.line, f.column, f.end_line, f.end_column, f.severity, f.message,
                 f.suggestion, f.text, f.fix] for f in result.findings]
    return json.dumps({"item": result.reply.item, "source": result.reply.source, "lang": result.lang,
                       "score": result.score, "categories": result.categories, "overrun": result.overrun,
                       "stale": [repr(s) for s in result.stale], "findings": findings},
                      ensure_ascii=False, sort_keys=True)


def rules_hash(folder):
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*.yaml")):
        digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def report(linter):
    """{set name: [one canonical line per reply]}."""
    return {name: [canonical(linter.check(reply)) for reply in replies(path)] for name, path in corpus()}


def record(lines, rules):
    CACHE.mkdir(parents=True, exist_ok=True)
    (CACHE / "rules.hash").write_text(rules_hash(rules) + "\n")
    for name, found in lines.items():
        (CACHE / f"{name}.jsonl").write_text("\n".join(found) + "\n", encoding="utf-8")
        print(f"{name}: {len(found)} replies, sha256 {_digest(found)}")


def compare(lines, rules):
    recorded, now = (CACHE / "rules.hash").read_text().strip(), rules_hash(rules)
    if recorded != now:
        print(f"golden: the rules changed since the golden was recorded ({recorded} -> {now}): re-record with these rules first")
    differ = 0
    for name, found in lines.items():
        golden = (CACHE / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
        changed = [(a, b) for a, b in zip(golden, found) if a != b]
        if len(golden) != len(found):
            changed.append((f"{len(golden)} replies", f"{len(found)} replies"))
        print(f"{name}: {len(found)} replies, {'identical' if not changed else f'{len(changed)} differ'}")
        for before, after in changed[:3]:
            print(f"  golden: {before}\n  now:    {after}")
        differ += len(changed)
    return differ


def _digest(lines):
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()[:16]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("action", choices=["record", "compare"])
    parser.add_argument("--rules", type=Path, default=rulebook.builtin_rules_dir())
    args = parser.parse_args()
    linter = Linter(list(rulebook.load_packs([args.rules]).values()))
    lines = report(linter)
    if args.action == "record":
        record(lines, args.rules)
    else:
        sys.exit(1 if compare(lines, args.rules) else 0)


if __name__ == "__main__":
    main()
