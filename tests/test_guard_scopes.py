"""The `unless` scope that reads where a guard stands in the customer's message: `customer-sentence`
(a guard clears only the customer's words in its own sentence), beside `customer` (the whole message)."""

import textwrap

from etiket import rulebook
from etiket.lint import Linter

from conftest import make_reply

# what every rule here shares; each test rule adds its category, check type and terms
COMMON = "languages: [en]\nseverity: warning\ndoc: {what: {en: w}, why: {en: y}}\nmessage: {en: m}\nexamples: {}\n"

REQUIRED = COMMON + textwrap.dedent("""\
    category: apology
    check: required-unquoted
    suggestion: {en: "about {problem}"}
    need:
      en: {phrases: [sorry]}
    when:
      customer:
        en: {phrases: [charged twice, arrived broken]}
    unless:
      en:
        - phrases: [by mistake]
          within: SCOPE
    """)

def linter(tmp_path, text, name):
    path = tmp_path / name
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    return Linter(list(rulebook.load_packs([tmp_path]).values()))


def fired(check, customer, text="The second charge goes back today."):
    result = check.check(make_reply(text, lang="en", customer=customer, channel="chat"))
    return [f.rule for f in result.findings]


def test_a_customer_sentence_guard_clears_the_report_in_its_own_sentence(tmp_path):
    check = linter(tmp_path, REQUIRED.replace("SCOPE", "customer-sentence"), "apology/owed.yaml")
    assert fired(check, "I picked the lamp by mistake and it arrived broken.") == []


def test_a_customer_sentence_guard_leaves_the_report_in_another_sentence(tmp_path):
    check = linter(tmp_path, REQUIRED.replace("SCOPE", "customer-sentence"), "apology/owed.yaml")
    assert fired(check, "I picked the wrong seat by mistake. Then I was charged twice.") == ["apology/owed"]
    # the suggestion names the report left standing
    result = check.check(make_reply("Refunded.", lang="en", customer="A slip by mistake. It arrived broken.", channel="chat"))
    assert [f.suggestion for f in result.findings] == ["about arrived broken"]


def test_a_customer_guard_clears_the_whole_message(tmp_path):
    check = linter(tmp_path, REQUIRED.replace("SCOPE", "customer"), "apology/owed.yaml")
    assert fired(check, "I picked the wrong seat by mistake. Then I was charged twice.") == []
