"""Every rule's own examples are its tests: a bad example must raise the rule, a good one must not.

Run one rule with `pytest -k non-apology`.
"""

import pytest

from etiket import rulebook

from conftest import make_reply

RULES = rulebook.load_packs([rulebook.builtin_rules_dir()])


def _cases():
    for rule in RULES.values():
        for lang, sets in rule.examples.items():
            for kind in ("bad", "good"):
                for i, example in enumerate(sets.get(kind, []), start=1):
                    example = {"text": example} if isinstance(example, str) else example
                    yield pytest.param(rule.id, lang, kind, example, id=f"{rule.id}::{lang}::{kind}{i}")


@pytest.mark.parametrize(("rule_id", "lang", "kind", "example"), list(_cases()))
def test_example(linter, rule_id, lang, kind, example):
    reply = make_reply(example["text"], lang=lang, customer=example.get("customer"), channel=example.get("channel"))
    found = [f for f in linter.check(reply).findings if f.rule == rule_id]
    if kind == "good":
        assert not found, f"good example raised {rule_id}: {[f.text for f in found]}"
        return
    assert found, f"bad example did not raise {rule_id}"


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_rule_is_documented_and_exemplified(rule_id):
    """Each language a rule claims has its doc texts and at least 3 bad and 2 good examples.
    (A message or suggestion missing a language is refused by the loader: test_rulebook.py.)"""
    rule = RULES[rule_id]
    for lang in rule.languages:
        for part in ("what", "why"):
            assert rule.doc[part].get(lang), f"doc.{part} has no {lang} text"
        examples = rule.examples.get(lang, {})
        assert len(examples.get("bad", [])) >= 3, f"fewer than 3 bad {lang} examples"
        assert len(examples.get("good", [])) >= 2, f"fewer than 2 good {lang} examples"
    assert set(rule.examples) <= set(rule.languages), "examples in a language the rule does not cover"
