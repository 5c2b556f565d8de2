"""A rule's own examples are its tests: a bad example must raise the rule, a good one must not.

Shared by the test suite (tests/test_rule_examples.py) and `etiket rules test DIR`, so a rule pack's
author runs exactly the checks the built-in rules pass.
"""

from dataclasses import dataclass

from etiket import yamlpos
from etiket.reply import Reply, TextMap


@dataclass(frozen=True)
class Example:
    rule: object
    lang: str
    kind: str  # "bad" or "good"
    number: int  # 1-based, counted per language and kind, as written in the rule file
    text: str
    customer: str | None = None
    channel: str | None = None

    @property
    def name(self):
        """`apology/non-apology::en::bad2`: the test id, so `pytest -k non-apology` picks a rule."""
        return f"{self.rule.id}::{self.lang}::{self.kind}{self.number}"

    def where(self):
        """FILE:LINE:COL of the example in its rule file."""
        line, column = yamlpos.position(self.rule.spec, ["examples", self.lang, self.kind, self.number - 1])
        return f"{self.rule.path}:{line}:{column}"


def of(rules):
    """Every example of every rule, in file order."""
    for rule in rules:
        for lang, sets in rule.examples.items():
            for kind in ("bad", "good"):
                for number, example in enumerate(sets.get(kind, []), start=1):
                    example = {"text": example} if isinstance(example, str) else example
                    yield Example(rule, lang, kind, number, example["text"], example.get("customer"), example.get("channel"))


def failure(linter, example):
    """What is wrong with the rule on this example, or None when it behaves as the example says."""
    reply = Reply(source=example.rule.path, text=example.text, positions=TextMap(example.text),
                  lang=example.lang, customer=example.customer, channel=example.channel)
    channels = example.rule.channels
    if example.kind == "good" and channels and not example.channel and reply.likely_channel not in channels:
        # it passes whatever the rule's terms say: a test that cannot fail
        return (f"good example {example.number} cannot raise the rule, which applies only to "
                f"{' and '.join(channels)} replies: give it a channel")
    found = [f.text for f in linter.check(reply).findings if f.rule == example.rule.id]
    if example.kind == "bad" and not found:
        return f"bad example {example.number} did not raise the rule"
    if example.kind == "good" and found:
        return f"good example {example.number} raised the rule: {', '.join(map(_quoted, found))}"
    return None


def _quoted(text):
    return '"' + text.replace('"', '\\"') + '"'
