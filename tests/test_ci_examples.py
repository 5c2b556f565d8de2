"""The CI examples in examples/ci/ work as written: the etiket command of each is run on a folder of
replies and writes the report the next step picks up, a valid SARIF log for GitHub, JUnit for GitLab."""

import json
import shlex
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from etiket.cli import app
from etiket.readers import WALKED

ROOT = Path(__file__).resolve().parents[1]
CI = ROOT / "examples" / "ci"
SARIF_SCHEMA = json.loads((ROOT / "tests" / "fixtures" / "sarif" / "sarif-2.1.0.json").read_text(encoding="utf-8"))
runner = CliRunner()


@pytest.fixture
def replies_repo(tmp_path, monkeypatch):
    """A repository of replies as the examples expect it: replies/ with two clean replies and a bad one."""
    shutil.copytree(ROOT / "tests" / "fixtures" / "precommit" / "clean" / "replies", tmp_path / "replies")
    shutil.copy(ROOT / "tests" / "fixtures" / "precommit" / "bad" / "komplain-telat.txt", tmp_path / "replies")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _etiket(command):
    """Run one `etiket ...` line of an example as the CI runner would."""
    words = shlex.split(command)
    assert words[0] == "etiket"
    return runner.invoke(app, words[1:])


def test_github_workflow_uploads_the_sarif_log_its_check_step_writes(replies_repo):
    steps = yaml.safe_load((CI / "github-actions.yml").read_text(encoding="utf-8"))["jobs"]["etiket"]["steps"]
    [check] = [step["run"] for step in steps if step.get("run", "").startswith("etiket check")]
    [upload] = [step for step in steps if step.get("uses", "").startswith("github/codeql-action/upload-sarif@")]
    result = _etiket(check)
    assert result.exit_code == 1, result.stderr
    log = json.loads((replies_repo / upload["with"]["sarif_file"]).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(SARIF_SCHEMA).validate(log)
    assert [(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]) for r in log["runs"][0]["results"]] == [
        ("blame/blame-the-customer", "replies/komplain-telat.txt"),
        ("politeness/pushy-tone", "replies/komplain-telat.txt"),
        ("sarcasm/passive-aggressive-reminder", "replies/komplain-telat.txt"),
    ]
    assert upload["if"] == "${{ !cancelled() }}"  # findings are uploaded when the check step failed


def test_gitlab_job_keeps_the_junit_report_its_script_writes(replies_repo):
    job = yaml.safe_load((CI / "gitlab-ci.yml").read_text(encoding="utf-8"))["etiket"]
    [check] = [line for line in job["script"] if line.startswith("etiket check")]
    result = _etiket(check)
    assert result.exit_code == 1, result.stderr
    suite = ET.parse(replies_repo / job["artifacts"]["reports"]["junit"]).getroot()
    cases = {case.get("name"): case.find("failure") is not None for case in suite.iter("testcase")}
    assert cases == {"replies/komplain-telat.txt": True, "replies/refund-approved.md": False, "replies/resi-dikirim.txt": False}
    assert job["artifacts"]["when"] == "always"


def test_a_folder_walk_never_reads_the_ci_examples_as_replies():
    assert {path.suffix for path in CI.iterdir()} == {".yml"}
    assert ".yml" not in WALKED
