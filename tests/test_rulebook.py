import subprocess
import sys
import textwrap

import pytest

from etiket import errors, rulebook, yamlpos
from etiket.checks import CHECKS
from etiket.checks.base import Check
from etiket.lint import Linter

from conftest import make_reply

VALID = textwrap.dedent("""\
    category: clarity
    severity: info
    languages: [en]
    check: existence
    doc: {what: {en: w}, why: {en: y}}
    message: {en: m}
    suggestion: {en: s}
    match:
      en:
        phrases: [foo]
    examples: {}
    """)


def load(tmp_path, text, name="clarity/some-rule.yaml"):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return rulebook.load_packs([tmp_path])


def error_of(tmp_path, text, name="clarity/some-rule.yaml"):
    with pytest.raises(errors.RuleError) as caught:
        load(tmp_path, text, name)
    return str(caught.value)


def test_valid_rule_gets_its_id_from_the_path(tmp_path):
    rules = load(tmp_path, VALID)
    assert list(rules) == ["clarity/some-rule"]
    assert rules["clarity/some-rule"].severity == "info"


def test_unknown_key_names_file_line_and_rule(tmp_path):
    message = error_of(tmp_path, VALID + "colour: red\n")
    assert message == f"invalid rule: {tmp_path / 'clarity/some-rule.yaml'}:12:1 [clarity/some-rule]: top level: unknown key 'colour'"


def test_wrong_type_points_at_the_key(tmp_path):
    message = error_of(tmp_path, VALID.replace("severity: info", "severity: 3"))
    assert message.endswith(":2:1 [clarity/some-rule]: severity: 3 is not one of ['error', 'warning', 'info']")


def test_invalid_regex(tmp_path):
    message = error_of(tmp_path, VALID.replace("phrases: [foo]", "regex: ['(unclosed']"))
    assert ":10:13 [clarity/some-rule]: invalid regex '(unclosed'" in message


def test_invalid_token_pattern(tmp_path):
    message = error_of(tmp_path, VALID.replace("phrases: [foo]", "patterns: [[{LOWR: foo}]]"))
    assert ":10:16 [clarity/some-rule]: invalid token pattern:" in message and "LOWR" in message


def test_yaml_syntax_error(tmp_path):
    message = error_of(tmp_path, "category: [clarity\n")
    assert "not valid YAML" in message and "clarity/some-rule.yaml:2:1" in message


def test_a_key_written_twice_is_refused_at_its_second_line(tmp_path):
    """YAML keeps the last of two equal keys: a second `regex:` under one language would drop the
    first list unseen, so the loader refuses it (a `<<` merge may still be overridden)."""
    message = error_of(tmp_path, VALID.replace("phrases: [foo]", "phrases: [foo]\n    phrases: [bar]"))
    assert message == (f"invalid rule: {tmp_path / 'clarity/some-rule.yaml'}:11:5 [clarity/some-rule]: "
                       "not valid YAML: found duplicate key 'phrases'")
    assert yamlpos.load("base: &b {x: 1, y: 2}\nother:\n  <<: *b\n  y: 3\n")["other"] == {"x": 1, "y": 3}


def test_category_must_match_folder(tmp_path):
    message = error_of(tmp_path, VALID, name="privacy/some-rule.yaml")
    assert message.endswith("privacy/some-rule.yaml:1:1 [privacy/some-rule]: category 'clarity' does not match the folder 'privacy'")


def test_language_without_texts(tmp_path):
    message = error_of(tmp_path, VALID.replace("languages: [en]", "languages: [en, id]"))
    assert message.endswith(":6:1 [clarity/some-rule]: message has no 'id' text, but the rule covers 'id'")
    message = error_of(tmp_path, VALID.replace("languages: [en]", "languages: [en, id]").replace("message: {en: m}", "message: {en: m, id: m}"))
    assert message.endswith(":7:1 [clarity/some-rule]: suggestion has no 'id' text, but the rule covers 'id'")


def test_names_must_be_kebab_case(tmp_path):
    message = error_of(tmp_path, VALID, name="clarity/Some_Rule.yaml")
    assert message.endswith("Some_Rule.yaml:1:1 [clarity/Some_Rule]: rule file name 'Some_Rule' must be kebab-case")


METRIC = VALID.replace("check: existence", "check: metric").replace("match:\n  en:\n    phrases: [foo]\n", "metric: sentence-words\n")


@pytest.mark.parametrize(("text", "detail"), [
    (METRIC, "1:1 [clarity/some-rule]: top level: 'max' is missing"),
    (METRIC + "max: 30\nneed: {en: {phrases: [x]}}\n", "11:1 [clarity/some-rule]: top level: unknown key 'need'"),
    (METRIC + "max: 30\n", None),
    (VALID + "max: 3\n", "12:1 [clarity/some-rule]: top level: unknown key 'max'"),
    (VALID.replace("check: existence", "check: fuzzy"),
     "4:1 [clarity/some-rule]: check: 'fuzzy' is not one of ['existence', 'occurrence', 'required', 'metric', 'consistency', 'echo', 'required-unquoted', 'learned']"),
    (VALID.replace("check: existence\n", ""), "1:1 [clarity/some-rule]: top level: 'check' is missing"),
])
def test_check_type_needs_its_keys_and_refuses_others(tmp_path, text, detail):
    if detail is None:
        assert load(tmp_path, text)["clarity/some-rule"].spec["max"] == 30
    else:
        assert error_of(tmp_path, text) == f"invalid rule: {tmp_path / 'clarity/some-rule.yaml'}:{detail}"


@pytest.mark.parametrize(("text", "detail"), [
    (VALID.replace("message: {en: m}", "message: {en: 'Said {count} times.'}"),
     "6:11 [clarity/some-rule]: message/en: unknown placeholder {count} (existence rules fill {text})"),
    (VALID.replace("suggestion: {en: s}", "suggestion: {en: 'Cut {text} to {max} words.'}"),
     "7:14 [clarity/some-rule]: suggestion/en: unknown placeholder {max} (existence rules fill {text})"),
    (METRIC.replace("message: {en: m}", "message: {en: '{value} words; {count} too many.'}") + "max: 30\n",
     "6:11 [clarity/some-rule]: message/en: unknown placeholder {count} (metric rules fill {text}, {value}, {max})"),
])
def test_a_placeholder_the_check_type_does_not_fill_is_refused(tmp_path, text, detail):
    assert error_of(tmp_path, text) == f"invalid rule: {tmp_path / 'clarity/some-rule.yaml'}:{detail}"


def test_placeholders_a_check_type_fills_and_quoted_template_variables_load(tmp_path):
    text = METRIC.replace("message: {en: m}", "message: {en: '{value} words (max {max}) in “{text}”; write {{name}}.'}")
    rules = load(tmp_path, text + "max: 30\n")
    assert rules["clarity/some-rule"].message["en"] == "{value} words (max {max}) in “{text}”; write {{name}}."


CONSISTENCY = VALID.replace("check: existence", "check: consistency").replace(
    "match:\n  en:\n    phrases: [foo]\n",
    "groups:\n  en:\n    formal: {phrases: [sir]}\n    casual: {phrases: [mate]}\n",
)


def test_consistency_allow_must_name_groups(tmp_path):
    assert load(tmp_path, CONSISTENCY + "allow: [[formal, casual]]\n")["clarity/some-rule"].spec["allow"] == [["formal", "casual"]]
    message = error_of(tmp_path, CONSISTENCY + "allow: [[formal, casul]]\n")
    assert message == (f"invalid rule: {tmp_path / 'clarity/some-rule.yaml'}:13:18 [clarity/some-rule]: "
                       "allow names no group 'casul' (groups: casual, formal)")


class OpeningWord(Check):
    """A check type written for this test: the reply must not open with one of `words`."""

    OPTIONS = {"properties": {"words": {"type": "array", "minItems": 1, "items": {"type": "string"}}}, "required": ["words"]}
    PLACEHOLDERS = ("word",)

    def find(self, ctx):
        first = ctx.doc[0]
        return [(ctx.doc[:1], {"word": first.lower_})] if first.lower_ in self.rule.spec["words"] else []


def test_a_new_check_type_is_one_class_and_one_registry_line(tmp_path, monkeypatch):
    monkeypatch.setitem(CHECKS, "opening-word", OpeningWord)
    text = VALID.replace("check: existence", "check: opening-word").replace(
        "match:\n  en:\n    phrases: [foo]\n", "words: [so, well]\n").replace("message: {en: m}", "message: {en: 'Opens with “{word}”.'}")
    assert error_of(tmp_path, text.replace("words: [so, well]\n", "")) == (
        f"invalid rule: {tmp_path / 'clarity/some-rule.yaml'}:1:1 [clarity/some-rule]: top level: 'words' is missing")
    rules = load(tmp_path, text)
    [finding] = Linter(list(rules.values()), lang="en").check(make_reply("So your parcel is late.\n")).findings
    assert (finding.rule, finding.message, finding.text, finding.line, finding.column) == (
        "clarity/some-rule", "Opens with “so”.", "So", 1, 1)


def test_yaml_never_executes_code(tmp_path):
    message = error_of(tmp_path, "!!python/object/apply:os.system ['echo hi']\n")
    assert message.endswith("some-rule.yaml:1:1 [clarity/some-rule]: not valid YAML: could not determine a constructor for the tag "
                            "'tag:yaml.org,2002:python/object/apply:os.system'")


def test_duplicate_ids_across_packs(tmp_path):
    load(tmp_path / "a", VALID)
    (tmp_path / "b" / "clarity").mkdir(parents=True)
    (tmp_path / "b" / "clarity" / "some-rule.yaml").write_text(VALID, encoding="utf-8")
    with pytest.raises(errors.RuleError, match="rule id also defined in"):
        rulebook.load_packs([tmp_path / "a", tmp_path / "b"])


def test_builtin_rules_cover_all_categories_in_both_languages(builtin_rules):
    from etiket import CATEGORIES

    for lang in ("en", "id"):
        covered = {r.category for r in builtin_rules.values() if lang in r.languages}
        assert covered == set(CATEGORIES), f"{lang}: missing {set(CATEGORIES) - covered}"


def test_yaml_no_and_on_stay_words(tmp_path):
    rules = load(tmp_path, VALID.replace("phrases: [foo]", "patterns: [[{LOWER: {IN: [no, on, off]}}]]"))
    assert rules["clarity/some-rule"].spec["match"]["en"]["patterns"][0][0]["LOWER"]["IN"] == ["no", "on", "off"]


def test_shared_term_lists_expand_per_language(tmp_path):
    (tmp_path / "_lists").mkdir()
    (tmp_path / "_lists" / "fillers.yaml").write_text("en:\n  phrases: [bar, baz]\n", encoding="utf-8")
    rules = load(tmp_path, VALID.replace("phrases: [foo]", "phrases: [foo]\n    lists: [fillers]"))
    assert rules["clarity/some-rule"].spec["match"]["en"]["phrases"] == ["foo", "bar", "baz"]


def test_unknown_term_list_is_an_error(tmp_path):
    message = error_of(tmp_path, VALID.replace("phrases: [foo]", "lists: [nothing-here]"))
    assert ":10:13 [clarity/some-rule]: no term list named 'nothing-here'" in message


def write_lists(tmp_path, **lists):
    (tmp_path / "_lists").mkdir()
    for name, text in lists.items():
        (tmp_path / "_lists" / f"{name}.yaml").write_text(text, encoding="utf-8")


def test_a_term_list_can_name_other_lists(tmp_path):
    write_lists(tmp_path, thanks="en:\n  phrases: [thanks]\n  lists: [gratitude]\n", gratitude="en:\n  phrases: [grateful]\n")
    rules = load(tmp_path, VALID.replace("phrases: [foo]", "lists: [thanks]"))
    assert rules["clarity/some-rule"].spec["match"]["en"]["phrases"] == ["thanks", "grateful"]
    [finding] = Linter(list(rules.values()), lang="en").check(make_reply("We are grateful.")).findings
    assert (finding.rule, finding.text) == ("clarity/some-rule", "grateful")


@pytest.mark.parametrize(("lists", "where", "detail"), [
    ({"a": "en:\n  phrases: [x]\n  lists: [b]\n", "b": "en:\n  lists: [a]\n"}, "b.yaml:2:11", "term lists include each other in a loop: a -> b -> a"),
    ({"a": "en:\n  phrases: [x]\n  lists: [a]\n"}, "a.yaml:3:11", "term lists include each other in a loop: a -> a"),
    ({"a": "en:\n  phrases: [x]\n  lists: [nope]\n"}, "a.yaml:3:11", "no term list named 'nope'"),
])
def test_term_lists_naming_a_loop_or_no_list_are_refused(tmp_path, lists, where, detail):
    write_lists(tmp_path, **lists)
    message = error_of(tmp_path, VALID.replace("phrases: [foo]", "lists: [a]"))
    assert message == f"invalid rule: {tmp_path / '_lists' / where}: {detail}"


def test_listing_rules_needs_no_spacy():
    """`etiket rules` and `etiket --help` start fast: token patterns (spaCy) are compiled only to check
    replies, and options given no value need no coercion (typer's pydantic adapters)."""
    code = ("import sys; from typer.testing import CliRunner; from etiket.cli import app; "
            "assert CliRunner().invoke(app, ['rules']).exit_code == 0; print('spacy' in sys.modules, 'pydantic' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False False"


def test_broken_term_list_names_its_file(tmp_path):
    (tmp_path / "_lists").mkdir()
    (tmp_path / "_lists" / "bad.yaml").write_text("en:\n  phrasez: [x]\n", encoding="utf-8")
    message = error_of(tmp_path, VALID)
    assert f"{tmp_path / '_lists' / 'bad.yaml'}:2:3: term list: unknown key 'phrasez'" in message


def test_listing_cached_rules_loads_no_reader(tmp_path):
    """`etiket rules` with its rules cached imports neither the fixer nor the readers it pulls in;
    validating the rules the first time still knows the computed fixes."""
    import os
    import subprocess
    import sys

    probe = ("import sys, etiket.rulebook as r; rules = r.load_packs([r.builtin_rules_dir()], compile_terms=False); "
             "print(len(rules) > 50, 'etiket.fix' in sys.modules, 'etiket.readers' in sys.modules)")
    env = {**os.environ, "ETIKET_CACHE_DIR": str(tmp_path)}
    runs = [subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, env=env).stdout
            for _ in range(2)]
    assert runs == ["True True True\n", "True False False\n"]


def test_an_echoed_guard_stands_alone(tmp_path):
    alone = VALID + "unless:\n  en:\n    - echoed: true\n"
    assert list(load(tmp_path, alone)) == ["clarity/some-rule"]
    message = error_of(tmp_path, VALID + "unless:\n  en:\n    - echoed: true\n      phrases: [bar]\n")
    assert message.endswith(":14:7 [clarity/some-rule]: unless/en/0: {'echoed': True, 'phrases': ['bar']} has too many properties")


def test_an_echoed_guard_cancels_the_words_the_customer_wrote(tmp_path):
    rules = load(tmp_path, VALID + "unless:\n  en:\n    - echoed: true\n")
    linter = Linter(list(rules.values()))
    found = [f.text for f in linter.check(make_reply("A foo and a foo", lang="en", customer="my FOO broke")).findings]
    assert found == []
    found = [f.text for f in linter.check(make_reply("A foo and a foo", lang="en", customer="it broke")).findings]
    assert found == ["foo", "foo"]
