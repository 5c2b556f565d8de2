"""The pre-commit hook, run as a user would first try it: `pre-commit try-repo <etiket> etiket --all-files`
in a throwaway repository of replies. pre-commit builds the hook's virtualenv and pip-installs this
repository into it (offline from the local index), so each run takes a while: the two run side by side."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pre_commit", reason="pre-commit is not installed (pip install '.[test]')")

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "precommit"


def _repository(path, bad):
    """A team's reply repository: clean replies, helpdesk YAML (not a reply), and maybe one bad reply."""
    shutil.copytree(FIXTURES / "clean", path)
    if bad:
        shutil.copy(FIXTURES / "bad" / "komplain-telat.txt", path / "replies")
    git = ["git", "-c", "user.name=Dewi", "-c", "user.email=dewi@example.com", "-c", "commit.gpgsign=false"]
    for command in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "Canned replies"]):
        subprocess.run(git + command, cwd=path, check=True, env=_env(path.parent))
    return path


def _env(tmp):
    """No git settings from a surrounding hook leak in; every cache pre-commit, pip and virtualenv
    keep goes under the test's temporary folder."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    env.update(TMPDIR=str(tmp), PRE_COMMIT_HOME=str(tmp / "pre-commit"), PIP_CACHE_DIR=str(tmp / "pip"),
               VIRTUALENV_OVERRIDE_APP_DATA=str(tmp / "virtualenv"), NO_COLOR="1")
    return env


def _try_repo(repo):
    """The hook at this checkout's last commit: pre-commit installs a commit, and the shadow commit
    it makes of a dirty tree would leave out files not yet added (half of someone's change)."""
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, check=True, capture_output=True, text=True).stdout.strip()
    return subprocess.Popen(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "etiket", "--ref", head, "--all-files", "--color", "never"],
        cwd=repo, env=_env(repo.parent), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    clean = _repository(tmp_path_factory.mktemp("clean") / "replies-repo", bad=False)
    bad = _repository(tmp_path_factory.mktemp("bad") / "replies-repo", bad=True)
    started = {"clean": _try_repo(clean), "bad": _try_repo(bad)}
    return {name: (process.wait(timeout=600), process.stdout.read()) for name, process in started.items()}


def test_the_hook_passes_a_clean_repository(runs):
    code, output = runs["clean"]
    assert code == 0, output
    assert _hook_line(output) == "etiket (reply etiquette).................................................Passed"


def test_the_hook_fails_on_a_bad_reply_and_names_it(runs):
    code, output = runs["bad"]
    assert code == 1, output
    assert _hook_line(output) == "etiket (reply etiquette).................................................Failed"
    assert "- exit code: 1" in output
    findings = [line for line in output.splitlines() if line.startswith("replies/")]
    assert findings == [
        "replies/komplain-telat.txt:1:1: error blame/blame-the-customer  “Makanya baca” menyalahkan pelanggan.",
        "replies/komplain-telat.txt:1:9: warning politeness/pushy-tone  “baca dulu dong” terdengar mendesak atau ketus kepada pelanggan.",
        "replies/komplain-telat.txt:1:25: warning sarcasm/passive-aggressive-reminder  “kan sudah dijelaskan” menekankan bahwa pelanggan sudah pernah diberi tahu dan terdengar menyindir.",
        "replies/komplain-telat.txt (id) score 55  polite 90  sarcasm 90  blame 75",
    ]
    # the same words in helpdesk/triggers.yaml are not read: YAML is named with `files:` when it holds replies
    assert "triggers.yaml" not in output
    assert "3 replies checked: 1 error, 2 warnings, 0 info; lowest score 55" in output


def _hook_line(output):
    return next(line for line in output.splitlines() if line.startswith("etiket (reply etiquette)"))
