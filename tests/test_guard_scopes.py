"""The `unless` scopes that read where a guard stands: `customer-sentence` (a guard in the customer's
message clears only the customer's words in its own sentence) and `sentence-or-next` (a guard in the
reply clears a match in its sentence or the sentence before it)."""

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

EXISTENCE = COMMON + textwrap.dedent("""\
    category: transparency
    check: existence
    suggestion: {en: s}
    match:
      en: {phrases: [in due course]}
    unless:
      en:
        - phrases: [by friday]
          within: sentence-or-next
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


def test_a_sentence_or_next_guard_clears_a_match_in_its_sentence_or_the_one_before(tmp_path):
    check = linter(tmp_path, EXISTENCE, "transparency/vague.yaml")
    assert fired(check, None, "It ships in due course, by Friday.") == []
    assert fired(check, None, "It ships in due course. You'll have it by Friday.") == []


def test_a_sentence_or_next_guard_leaves_a_match_two_sentences_away_or_after_it(tmp_path):
    check = linter(tmp_path, EXISTENCE, "transparency/vague.yaml")
    assert fired(check, None, "It ships in due course. The box is blue. You'll have it by Friday.") == ["transparency/vague"]
    assert fired(check, None, "We paid it by Friday. The rest comes in due course.") == ["transparency/vague"]
