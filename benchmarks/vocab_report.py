"""How much vocabulary the rule pack repeats instead of sharing, counted on the rule files as written.

    python benchmarks/vocab_report.py [RULES_DIR] [--vocab PATH/TO/address.yaml]

- forms of address written out: each word of the address vocabulary (rules/_vocab/address.yaml,
  in the language of the block; the `pet` group left out: "love", "honey" are ordinary words too)
  written as an item or value of a token pattern, as a whole phrase, or as a word of a regex; the
  IN/NOT_IN lists holding two or more of them, the distinct sets among those lists (variants) and
  the files they sit in;
- terms copied from en: to id: items (a phrase, lemma, pattern or regex) written in both the `en`
  and the `id` block of the same place (match, need, unless, ...);
- terms in more than one file: distinct items written in two or more rule or term-list files.

Pass an older checkout's rules/ (e.g. `git archive COMMIT rules | tar -x -C /tmp/old`) with
`--vocab rules/_vocab/address.yaml` to count it with today's vocabulary.
"""

import argparse
import json
import re
from collections import defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
KINDS = ("phrases", "lemmas", "patterns", "regex")
LANGS = ("en", "id")
NOT_TERMS = ("examples", "doc", "message", "suggestion")
_WORD = re.compile(r"[a-z][a-z'.]*[a-z.]|[a-z]")
_REFERENCE = re.compile(r"\$[a-z][a-z0-9-]*(?:\.[a-z][a-z0-9-]*)?")  # $address.warm names words, writes none


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("rules", nargs="?", default=str(ROOT / "rules"))
    parser.add_argument("--vocab", default=str(ROOT / "rules" / "_vocab" / "address.yaml"))
    args = parser.parse_args()
    files = sorted(p for p in Path(args.rules).rglob("*.yaml") if "_vocab" not in p.parts)
    specs = {p.relative_to(args.rules).as_posix(): _terms_only(yaml.safe_load(p.read_text("utf-8"))) for p in files}
    address = _address_words(args.vocab)
    written, lists, variants, holders = _address_counts(specs, address)
    print(f"forms of address written out:      {written}")
    print(f"  pattern lists holding 2 or more: {lists} in {len(holders)} files, {len(variants)} variants")
    print(f"terms copied from en: to id::      {_copied(specs)}")
    print(f"terms in more than one file:       {_shared(specs)}")


def _terms_only(spec):
    return {k: v for k, v in spec.items() if k not in NOT_TERMS}


def _address_words(path):
    words = {lang: set() for lang in LANGS}
    for group, by_lang in yaml.safe_load(Path(path).read_text("utf-8")).items():
        if group == "pet":
            continue
        for lang, found in by_lang.items():
            for lang_of in LANGS if lang == "all" else [lang]:
                words[lang_of] |= {w.lower() for w in found}
    return words


def _blocks(node, lang=None, kind=None):
    """Yield (lang, kind, item) for every term item, with the language and kind it sits under."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _blocks(value, key if key in LANGS else lang, key if key in KINDS else kind)
    elif isinstance(node, list) and kind:
        for item in node:
            yield lang, kind, item
    elif isinstance(node, list):
        for item in node:
            yield from _blocks(item, lang, kind)


def _address_counts(specs, address):
    written, lists, variants, holders = 0, 0, set(), set()
    for name, spec in specs.items():
        for lang, kind, item in _blocks(spec):
            words = address.get(lang, set())
            if kind == "regex":
                written += sum(w in words for w in _WORD.findall(_REFERENCE.sub(" ", item.lower())))
            elif kind in ("phrases", "lemmas"):
                written += item.lower() in words
            else:
                for found in _pattern_lists(item):
                    hits = {str(w).lower() for w in found} & words
                    written += sum(str(w).lower() in words for w in found)
                    if len(hits) >= 2:
                        lists += 1
                        variants.add(frozenset(hits))
                        holders.add(name)
    return written, lists, variants, holders


def _pattern_lists(pattern):
    """Each IN/NOT_IN list of a token pattern, and each plain attribute value as a list of one."""
    for token in pattern:
        for value in token.values():
            if isinstance(value, dict):
                yield from (v for op, v in value.items() if op in ("IN", "NOT_IN"))
            elif isinstance(value, str):
                yield [value]


def _key(kind, item):
    return kind, json.dumps(item, sort_keys=True, ensure_ascii=False)


def _copied(specs):
    copied = 0
    for spec in specs.values():
        for node in _places(spec):
            # a whole reference ($closing.sign-off) names each language's own words: not a copy
            per_lang = [{_key(k, i) for _, k, i in _blocks(node[lang], lang) if not _REFERENCE.fullmatch(str(i))}
                        for lang in LANGS]
            copied += len(per_lang[0] & per_lang[1])
    return copied


def _places(node):
    """Every mapping that has both an `en` and an `id` block."""
    if isinstance(node, dict):
        if all(lang in node for lang in LANGS):
            yield node
        for value in node.values():
            yield from _places(value)
    elif isinstance(node, list):
        for item in node:
            yield from _places(item)


def _shared(specs):
    seen = defaultdict(set)
    for name, spec in specs.items():
        for _, kind, item in _blocks(spec):
            seen[_key(kind, item)].add(name)
    return sum(len(names) > 1 for names in seen.values())


if __name__ == "__main__":
    main()
