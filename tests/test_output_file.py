"""--output FILE: the same report as on stdout, written whole or not at all."""

from pathlib import Path

import pytest
from typer.testing import CliRunner

from etiket.cli import app

ROOT = Path(__file__).resolve().parents[1]
ARGS = ["check", "--rules", "tests/fixtures/rules", "--select", "testpack",
        "tests/fixtures/ci/voucher-balasan.txt", "tests/fixtures/ci/prize-macros.jsonl"]
runner = CliRunner()


@pytest.fixture(autouse=True)
def _at_root(monkeypatch):
    monkeypatch.chdir(ROOT)


@pytest.mark.parametrize("format", ["text", "json", "sarif", "github", "junit"])
def test_the_file_holds_what_stdout_would(tmp_path, format):
    target = tmp_path / f"etiket.{format}"
    target.write_text("last run's report\n", encoding="utf-8")
    written = runner.invoke(app, [*ARGS, "--format", format, "--output", str(target)])
    printed = runner.invoke(app, [*ARGS, "--format", format])
    assert written.exit_code == printed.exit_code == 0
    assert written.stdout == ""
    assert target.read_text("utf-8") == printed.stdout
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temporary file left behind


def test_a_folder_that_does_not_exist_is_one_line_and_exit_2(tmp_path):
    target = tmp_path / "reports" / "etiket.sarif"
    result = runner.invoke(app, [*ARGS, "--format", "sarif", "-o", str(target)])
    assert result.exit_code == 2
    assert result.stderr == f"etiket: usage: cannot write {target}: No such file or directory\n"
    assert not target.parent.exists()
