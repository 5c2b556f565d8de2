"""Every rule's own examples are its tests: a bad example must raise the rule, a good one must not.

Run one rule with `pytest -k non-apology`.
"""

import pytest

from etiket import examples, rulebook

RULES = rulebook.load_packs([rulebook.builtin_rules_dir()])


@pytest.mark.parametrize("example", list(examples.of(RULES.values())), ids=lambda example: example.name)
def test_example(linter, example):
    problem = examples.failure(linter, example)
    assert problem is None, f"{example.where()} [{example.rule.id}] {problem}"


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
