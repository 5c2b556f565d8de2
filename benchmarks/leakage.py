"""Guard the dev-set figures: do rules or their examples quote the labelled dev drafts?

    python benchmarks/leakage.py [path/to/dev-drafts.jsonl] [--ngram 6]

Lists every rule example that shares a run of N words with a dev draft, and every phrase or
lemma term of 4+ words that appears verbatim in one. A figure measured on drafts the rules quote
says nothing about drafts nobody has seen.
"""

import argparse
import json
import re

from _common import data_path

from etiket import rulebook

_WORD = re.compile(r"\w+")


def ngrams(text, n):
    words = [w.lower() for w in _WORD.findall(text)]
    return {" ".join(words[i:i + n]) for i in range(len(words) - n + 1)}


def example_texts(rule):
    for sets in rule.examples.values():
        for kind in ("bad", "good"):
            for example in sets.get(kind, []):
                yield example if isinstance(example, str) else example["text"]


def long_terms(spec):
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key in ("phrases", "lemmas") and isinstance(value, list):
                yield from (v for v in value if len(v.split()) >= 4)
            elif key != "examples":
                yield from long_terms(value)
    elif isinstance(spec, list):
        for item in spec:
            yield from long_terms(item)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("path", nargs="?")
    parser.add_argument("--ngram", type=int, default=6)
    args = parser.parse_args()
    drafts = [json.loads(line) for line in data_path(args.path, "dev-drafts.jsonl").open(encoding="utf-8")]
    dev_grams = {}
    for record in drafts:
        for gram in ngrams(record["draft"], args.ngram):
            dev_grams.setdefault(gram, record["id"])
    dev_text = " ".join(" ".join(_WORD.findall(r["draft"].lower())) for r in drafts)
    found = 0
    for rule in rulebook.load_packs([rulebook.builtin_rules_dir()]).values():
        for text in example_texts(rule):
            shared = sorted(g for g in ngrams(text, args.ngram) if g in dev_grams)
            if shared:
                found += 1
                print(f"{rule.id}: example shares {shared[0]!r} with {dev_grams[shared[0]]}")
        for term in long_terms(rule.spec):
            if " ".join(_WORD.findall(term.lower())) in dev_text:
                found += 1
                print(f"{rule.id}: term {term!r} appears verbatim in the dev drafts")
    print(f"{found} overlaps ({args.ngram}-word runs in examples, 4+ word terms)")


if __name__ == "__main__":
    main()
