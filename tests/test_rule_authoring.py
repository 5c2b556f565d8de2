"""What a rule pack's author gets: `etiket rules test DIR` runs the pack's examples and names each
failure by file and line; `etiket rules schema` prints the schema an editor validates rule files with."""

import copy
import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from etiket import errors, examples, rulebook, vocab, yamlpos
from etiket.cli import app

ROOT = Path(__file__).resolve().parents[1]
PACKS = Path("tests/fixtures/rulepack")  # relative, as a user types it: messages repeat it as given
runner = CliRunner()


def run(*args):
    return runner.invoke(app, list(args))


@pytest.fixture(autouse=True)
def _at_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def test_rules_test_passes_a_pack_whose_examples_hold():
    result = run("rules", "test", str(PACKS / "passing"))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "1 rule, 10 examples: all pass\n", "")


def test_rules_test_names_each_failing_example_by_file_and_line():
    result = run("rules", "test", str(PACKS / "failing"))
    path = PACKS / "failing" / "brand" / "internal-jargon.yaml"
    assert result.exit_code == 1
    assert result.stdout == (
        f"{path}:28:9 [brand/internal-jargon] bad example 2 did not raise the rule\n"
        f'{path}:32:9 [brand/internal-jargon] good example 2 raised the rule: "L2 team"\n'
        f'{path}:40:9 [brand/internal-jargon] good example 2 raised the rule: "backlog"\n'
        "1 rule, 10 examples: 3 failed\n"
    )
    lines = path.read_text(encoding="utf-8").splitlines()
    assert [lines[n - 1][8:] for n in (28, 32, 40)] == [
        '"Your ticket is in the queue."',
        '"Our L2 team has fixed it."',
        '{text: "Sudah kami cek di backlog ya, Kak.", channel: chat}',
    ]


def test_rules_test_refuses_a_good_example_that_cannot_raise_a_channel_restricted_rule(tmp_path):
    """An e-mail-only rule's good example with no channel is a chat line: it passes whatever the
    rule's terms say. One that names its channel is a deliberate test of the channel gate."""
    rule = (PACKS / "passing" / "brand" / "internal-jargon.yaml").read_text(encoding="utf-8")
    rule = rule.replace("check: existence\n", "check: existence\nwhen: {channel: [email]}\n")
    rule = rule.replace('"I\'ve escalated this to our L2 team."', '{text: "I\'ve escalated this to our L2 team.", channel: email}')
    rule = rule.replace('"Your ticket is in the backlog."', '{text: "Your ticket is in the backlog.", channel: chat}')
    (tmp_path / "brand").mkdir()
    (tmp_path / "brand" / "internal-jargon.yaml").write_text(rule, encoding="utf-8")
    result = run("rules", "test", str(tmp_path))
    path = tmp_path / "brand" / "internal-jargon.yaml"
    assert result.stdout.splitlines()[:4] == [
        f"{path}:29:9 [brand/internal-jargon] bad example 2 did not raise the rule",
        f"{path}:30:9 [brand/internal-jargon] bad example 3 did not raise the rule",
        f"{path}:32:9 [brand/internal-jargon] good example 1 cannot raise the rule, which applies only to email replies: give it a channel",
        f"{path}:33:9 [brand/internal-jargon] good example 2 cannot raise the rule, which applies only to email replies: give it a channel",
    ]


def test_rules_test_refuses_an_invalid_rule_with_exit_2():
    result = run("rules", "test", str(PACKS / "invalid"))
    path = PACKS / "invalid" / "brand" / "internal-jargon.yaml"
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"etiket: invalid rule: {path}:6:1 [brand/internal-jargon]: top level: unknown key 'max'\n"


def test_rules_test_on_a_folder_with_no_rules_is_a_usage_error(tmp_path):
    result = run("rules", "test", str(tmp_path))
    assert (result.exit_code, result.stderr) == (2, f"etiket: usage: no rule files in {tmp_path}\n")


def test_rules_test_on_the_builtin_folder_runs_what_the_suite_runs():
    """The built-in folder given by name is loaded once (no duplicate ids) and passes as in test_rule_examples.py."""
    rules = rulebook.load_packs([rulebook.builtin_rules_dir()], compile_terms=False)
    count = sum(1 for _ in examples.of(rules.values()))
    result = run("rules", "test", "rules")
    assert (result.exit_code, result.stdout) == (0, f"{len(rules)} rules, {count} examples: all pass\n")


def test_rules_lists_with_and_without_the_list_subcommand():
    pack = str(ROOT / "tests" / "fixtures" / "rules")
    bare, listed = run("rules", "--rules", pack), run("rules", "list", "--rules", pack)
    assert bare.exit_code == listed.exit_code == 0
    assert bare.stdout == listed.stdout
    assert "testpack/shouted-word" in bare.stdout.splitlines()[-2]


@pytest.fixture(scope="module")
def schema():
    result = run("rules", "schema")
    assert result.exit_code == 0
    printed = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(printed)
    return jsonschema.Draft202012Validator(printed)


def _rule_files():
    root = rulebook.builtin_rules_dir()
    shared = {rulebook.LISTS_DIR, vocab.DIR}  # term lists and vocabularies are not rules
    return sorted(p for p in root.rglob("*.yaml") if not shared & set(p.relative_to(root).parts))


@pytest.mark.parametrize("path", _rule_files(), ids=lambda p: p.stem)
def test_every_builtin_rule_validates_against_the_printed_schema(schema, path):
    problems = [problem.message for problem in schema.iter_errors(yamlpos.load(path.read_text(encoding="utf-8")))]
    assert problems == []


def _broken(edit):
    data = yamlpos.load((PACKS / "passing" / "brand" / "internal-jargon.yaml").read_text(encoding="utf-8"))
    data = copy.deepcopy(dict(data))
    edit(data)
    return data


BROKEN = {
    "existence with occurrence's max": lambda d: d.update(max=1),
    "existence without match": lambda d: d.pop("match"),
    "occurrence without max": lambda d: d.update(check="occurrence"),
    "metric with an unknown metric": lambda d: (d.pop("match"), d.update(check="metric", metric="words", max=30)),
    "consistency with match instead of groups": lambda d: d.update(check="consistency"),
    "unknown check type": lambda d: d.update(check="forbidden"),
    "unknown top-level key": lambda d: d.update(tags=["brand"]),
    "misspelt severity": lambda d: d.update(severity="warn"),
}


@pytest.mark.parametrize("edit", BROKEN.values(), ids=BROKEN.keys())
def test_a_broken_rule_fails_the_printed_schema_and_the_loader(schema, edit, tmp_path):
    data = _broken(edit)
    assert not schema.is_valid(data)
    path = tmp_path / "brand" / "internal-jargon.yaml"
    path.parent.mkdir()
    path.write_text(json.dumps(data), encoding="utf-8")  # JSON is YAML
    with pytest.raises(errors.RuleError):
        rulebook.load_rule(path, tmp_path, compile_terms=False)


def test_the_schema_allows_each_check_types_own_keys(schema):
    metric = _broken(lambda d: (d.pop("match"), d.update(check="metric", metric="sentence-words", max=30)))
    occurrence = _broken(lambda d: d.update(check="occurrence", max=2))
    assert schema.is_valid(metric) and schema.is_valid(occurrence)
