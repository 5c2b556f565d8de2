import textwrap

import pytest

from etiket import errors, rulebook

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
    assert ":2:1 [clarity/some-rule]: severity: 3 is not one of" in message


def test_invalid_regex(tmp_path):
    message = error_of(tmp_path, VALID.replace("phrases: [foo]", "regex: ['(unclosed']"))
    assert ":10:13 [clarity/some-rule]: invalid regex '(unclosed'" in message


def test_invalid_token_pattern(tmp_path):
    message = error_of(tmp_path, VALID.replace("phrases: [foo]", "patterns: [[{LOWR: foo}]]"))
    assert ":10:16 [clarity/some-rule]: invalid token pattern:" in message and "LOWR" in message


def test_yaml_syntax_error(tmp_path):
    message = error_of(tmp_path, "category: [clarity\n")
    assert "not valid YAML" in message and "clarity/some-rule.yaml:2:1" in message


def test_category_must_match_folder(tmp_path):
    message = error_of(tmp_path, VALID, name="privacy/some-rule.yaml")
    assert "category 'clarity' does not match the folder 'privacy'" in message


def test_language_without_texts(tmp_path):
    message = error_of(tmp_path, VALID.replace("languages: [en]", "languages: [en, id]"))
    assert "message has no 'id' text, but the rule covers 'id'" in message


def test_names_must_be_kebab_case(tmp_path):
    assert "must be kebab-case" in error_of(tmp_path, VALID, name="clarity/Some_Rule.yaml")


def test_check_type_needs_its_keys(tmp_path):
    message = error_of(tmp_path, VALID.replace("check: existence", "check: metric"))
    assert "[clarity/some-rule]" in message


def test_yaml_never_executes_code(tmp_path):
    message = error_of(tmp_path, "!!python/object/apply:os.system ['echo hi']\n")
    assert "not valid YAML" in message


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


def test_broken_term_list_names_its_file(tmp_path):
    (tmp_path / "_lists").mkdir()
    (tmp_path / "_lists" / "bad.yaml").write_text("en:\n  phrasez: [x]\n", encoding="utf-8")
    message = error_of(tmp_path, VALID)
    assert f"{tmp_path / '_lists' / 'bad.yaml'}:2:3: term list: unknown key 'phrasez'" in message
