"""The echo check type: a sentence that opens by playing the customer's words back to them, with a cue."""

import pytest
import yaml

from etiket import errors, rulebook
from etiket.lint import Linter

from conftest import make_reply

# A minimal pack: the check type alone, not the built-in rule's vocabulary.
SPEC = {
    "category": "sarcasm", "severity": "warning", "languages": ["en"], "check": "echo",
    "doc": {"what": {"en": "w"}, "why": {"en": "y"}},
    "message": {"en": "“{text}” echoes the customer."}, "suggestion": {"en": "s"},
    "opener": {"en": {"phrases": ["wow", "ah", "yes"]}},
    "cue": {"en": {"phrases": ["wow", "ah", "whole"]}},
    "skip": {"en": ["order"]}, "fragment": 4, "examples": {},
}


def rule_text(**changes):
    spec = {key: value for key, value in {**SPEC, **changes}.items() if value is not None}
    return yaml.safe_dump(spec, allow_unicode=True)


@pytest.fixture(scope="module")
def echo_linter(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pack")
    (folder / "sarcasm").mkdir()
    (folder / "sarcasm" / "echo-test.yaml").write_text(rule_text(), encoding="utf-8")
    return Linter(list(rulebook.load_packs([folder]).values()))


def found(linter, text, customer=None):
    result = linter.check(make_reply(text, lang="en", customer=customer))
    return [f.text for f in result.findings if f.rule == "sarcasm/echo-test"]


def test_a_fragment_repeating_the_customer_with_a_cue_is_found(echo_linter):
    assert found(echo_linter, "A whole month, goodness. There are 2 spaces on Saturday.",
                 "I've been on the waitlist for a month now.") == ["A whole month"]


def test_a_figure_counts_by_its_digits(echo_linter):
    assert found(echo_linter, "Wow, $120, the end of the world. It's the annual fee.",
                 "Why was I charged $120??") == ["Wow, $120"]


def test_nothing_without_the_customer_message(echo_linter):
    assert found(echo_linter, "A whole month, goodness. There are 2 spaces on Saturday.") == []


def test_no_cue_no_echo(echo_linter):
    assert found(echo_linter, "Yes, the blue one. It's back on Friday.", "Is the blue one back?") == []


def test_a_fragment_longer_than_allowed_is_an_answer(echo_linter):
    assert found(echo_linter, "Wow, the month of waiting for the class ends soon, as spaces open.",
                 "I've been on the waitlist for a month now.") == []


def test_skipped_words_and_order_numbers_are_not_echoes(echo_linter):
    assert found(echo_linter, "Ah, order 4821553, it left the depot today.", "Where is order 4821553?") == []


def test_the_check_type_needs_its_cue(tmp_path):
    (tmp_path / "sarcasm").mkdir()
    (tmp_path / "sarcasm" / "echo-test.yaml").write_text(rule_text(cue=None), encoding="utf-8")
    with pytest.raises(errors.RuleError) as caught:
        rulebook.load_packs([tmp_path])
    assert str(caught.value).endswith("[sarcasm/echo-test]: top level: 'cue' is missing")
