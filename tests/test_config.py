"""The configuration file: discovery, validation with positions, merging with the command line,
severity overrides and brand voice, folder-walk globs, extra placeholders, `etiket init` and
`etiket config`. The fixture is a shop's macro repository (tests/fixtures/config/toko)."""

import json
import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from etiket import config, defaults, rulebook
from etiket.cli import app

FIXTURE = Path(__file__).parent / "fixtures" / "config" / "toko"
runner = CliRunner()
EXCLUDES = json.dumps(defaults.load()["exclude"])


@pytest.fixture
def repo(tmp_path):
    """A copy of the shop's repository, so a test can change its configuration."""
    return Path(shutil.copytree(FIXTURE, tmp_path / "toko"))


def run(*args, input=None):
    return runner.invoke(app, list(args), input=input)


def findings(result):
    return {item["source"]: [(f["rule"], f["severity"], f["line"], f["column"]) for f in item["findings"]]
            for item in json.loads(result.stdout)["items"]}


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


CHAT = "macros/chat/pengiriman.txt"
EMAIL = "macros/email/refund.txt"
OLD = "macros/arsip/lama.txt"
KAMU = ("politeness/kamu-address", "info", 1, 24)


def test_the_file_is_found_walking_up_from_the_checked_folder(repo):
    result = run("check", "--format", "json", str(repo / "macros"))
    # casual voice: kamu is not reported; ((CUSTOMER_NAME)) is a placeholder; arsip/ is excluded
    assert findings(result) == {str(repo / CHAT): [], str(repo / EMAIL): []}
    assert result.exit_code == 0


def test_without_the_file_the_shipped_defaults_apply(repo):
    (repo / ".etiket.yaml").unlink()
    result = run("check", "--format", "json", str(repo / "macros"))
    assert findings(result) == {
        str(repo / OLD): [("blame/blame-the-customer", "error", 1, 1), ("politeness/pushy-tone", "warning", 1, 9),
                          ("sarcasm/passive-aggressive-reminder", "warning", 1, 29)],
        str(repo / CHAT): [KAMU],
        str(repo / EMAIL): [("clarity/internal-jargon", "warning", 1, 6)],
    }
    assert result.exit_code == 1


def test_the_nearest_file_wins_and_files_are_never_merged(repo):
    write(repo / "macros" / "email" / "etiket.yaml", "lang: en\n")
    result = run("check", "--format", "json", str(repo / EMAIL))
    # the shop's placeholders and severity do not reach this folder: only lang: en applies
    assert findings(result) == {str(repo / EMAIL): [("clarity/internal-jargon", "warning", 1, 6)]}
    assert config.find(repo / "macros" / "email") == repo / "macros" / "email" / "etiket.yaml"
    assert config.find(repo / "macros" / "chat") == repo / ".etiket.yaml"


def test_in_one_folder_dot_etiket_yaml_wins_then_etiket_yaml_then_pyproject(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.etiket]\nlang = "id"\n')
    assert config.find(tmp_path) == tmp_path / "pyproject.toml"
    write(tmp_path / "etiket.yaml", "lang: id\n")
    assert config.find(tmp_path) == tmp_path / "etiket.yaml"
    write(tmp_path / ".etiket.yaml", "lang: id\n")
    assert config.find(tmp_path) == tmp_path / ".etiket.yaml"


def test_pyproject_tool_etiket_is_read_and_a_pyproject_without_it_is_passed_by(repo):
    (repo / ".etiket.yaml").unlink()
    write(repo / "pyproject.toml", '[project]\nname = "toko-macros"\n\n[tool.etiket]\nbrand_voice = "formal"\n'
                                   'select = ["politeness/kamu-address"]\n')
    write(repo / "macros" / "pyproject.toml", '[project]\nname = "macros"\nversion = "1.0"\n')
    result = run("check", "--format", "json", str(repo / CHAT))
    # formal voice: kamu is a warning, not a hint
    assert findings(result) == {str(repo / CHAT): [("politeness/kamu-address", "warning", 1, 24)]}
    assert config.find(repo / "macros") == repo / "pyproject.toml"


def test_stdin_finds_the_file_from_the_working_folder(repo, monkeypatch):
    monkeypatch.chdir(repo / "macros" / "chat")
    result = run("check", "--format", "json", "-", input="Halo Kak, pesanan kamu sudah dikirim ya.\n")
    assert findings(result) == {"<stdin>": []}


def test_config_option_names_the_file_instead(repo, tmp_path):
    other = write(tmp_path / "strict.yaml", "select: [politeness/kamu-address]\nseverity:\n  politeness: error\n")
    result = run("check", "--config", str(other), "--format", "json", str(repo / CHAT))
    assert findings(result) == {str(repo / CHAT): [("politeness/kamu-address", "error", 1, 24)]}
    assert result.exit_code == 1


def test_a_missing_config_option_file_is_an_invalid_config(tmp_path):
    result = run("check", "--config", str(tmp_path / "nope.yaml"), "-", input="Hi there.\n")
    assert result.stderr == f"etiket: invalid config: {tmp_path / 'nope.yaml'}: no such file\n"
    assert result.exit_code == 2


def test_the_command_line_overrides_the_file(repo):
    write(repo / ".etiket.yaml", "lang: id\nselect: [politeness/kamu-address]\nfail_on: info\n")
    assert run("check", str(repo / CHAT)).exit_code == 1  # fail_on: info and an info finding
    assert run("check", "--fail-on", "warning", str(repo / CHAT)).exit_code == 0
    result = run("check", "--select", "clarity", "--format", "json", str(repo / EMAIL))
    assert findings(result) == {str(repo / EMAIL): [("clarity/internal-jargon", "warning", 1, 6)]}


def test_a_broken_file_is_one_line_naming_its_line_and_exit_2(repo):
    write(repo / ".etiket.yaml", "lang: id\nselect: [politeness, clarity\nfail_on: warning\n")
    result = run("check", str(repo / CHAT))
    assert result.stderr == f"etiket: invalid config: {repo / '.etiket.yaml'}:3:8: not valid YAML: did not find expected ',' or ']'\n"
    assert result.stdout == ""
    assert result.exit_code == 2


@pytest.mark.parametrize("text, where, detail", [
    ("lang: id\nfail-on: warning\n", "2:1", "unknown key 'fail-on' (known keys: lang, channel, brand_voice, select, ignore, "
     "per_file_ignores, severity, rules, second_opinion, fail_on, fail_under, timeout, include, exclude, placeholders)"),
    ("lang: id\nselect: politeness\n", "2:1", "select: 'politeness' is not of type 'array'"),
    ("severity:\n  politeness/kamu-address: loud\n", "2:3",
     "severity/politeness/kamu-address: 'loud' is not one of ['error', 'warning', 'info', 'off']"),
    ("lang: fr\n", "1:1", "lang: 'fr' is not one of ['auto', 'en', 'id']"),
    ("fail_under: -1\n", "1:1", "fail_under: -1 is less than the minimum of 0"),
    ("timeout: 0\n", "1:1", "timeout: 0 is less than or equal to the minimum of 0"),
    ("ignore:\n  - politeness/kamu-adress\n", "2:5", "ignore: unknown rule or category 'politeness/kamu-adress'"),
    ("placeholders:\n  - '\\[\\[[A-Z_]+\\]\\]'\n  - '<<(nama'\n", "3:5",
     "placeholders/1: not a regular expression (missing ), unterminated subpattern)"),
    ("- lang: id\n", "1:1", "the file must be a mapping of keys"),
], ids=["unknown-key", "wrong-type", "bad-severity", "bad-lang", "fail-under-range", "timeout-range", "unknown-rule", "bad-regex", "not-mapping"])
def test_invalid_values_name_the_key_line_and_column(repo, text, where, detail):
    write(repo / ".etiket.yaml", text)
    result = run("check", str(repo / CHAT))
    assert result.stderr == f"etiket: invalid config: {repo / '.etiket.yaml'}:{where}: {detail}\n"
    assert result.exit_code == 2


def test_pyproject_errors_name_the_line_of_the_key(tmp_path):
    write(tmp_path / "pyproject.toml", '[project]\nname = "macros"\n\n[tool.etiket]\nlang = "id"\nfail_under = 120\n')
    draft = write(tmp_path / "balasan.txt", "Halo Kak, pesanan Kakak sudah dikirim ya.\n")
    result = run("check", str(draft))
    assert result.stderr == f"etiket: invalid config: {tmp_path / 'pyproject.toml'}:6:1: fail_under: 120 is greater than the maximum of 100\n"
    assert result.exit_code == 2


@pytest.mark.parametrize("args, message", [
    (["--fail-under", "101"], "--fail-under: 101.0 is greater than the maximum of 100"),
    (["--fail-under", "-5"], "--fail-under: -5.0 is less than the minimum of 0"),
    (["--timeout", "0"], "--timeout: 0.0 is less than or equal to the minimum of 0"),
])
def test_out_of_range_options_are_usage_errors(args, message):
    result = run("check", *args, "-", input="Hi Sam, your order shipped today.\n")
    assert result.stderr == f"etiket: usage: {message}\n"
    assert result.exit_code == 2


def test_options_the_schema_accepts_at_a_look_need_no_jsonschema(tmp_path, monkeypatch):
    """--lang, --channel, --fail-on and --no-second-opinion give a value of their key's enum or a
    boolean: accepted without importing jsonschema; a number is still checked by the schema."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(config, "_validator", lambda: pytest.fail("the schema was asked"))
    given = {"lang": "id", "channel": "chat", "fail_on": "warning", "second_opinion": False}
    settings = config.settings(None, None, given)
    assert [settings[key] for key in given] == ["id", "chat", "warning", False]
    assert [config._plainly_valid(key, value) for key, value in
            [("lang", "xx"), ("lang", None), ("second_opinion", 1), ("fail_under", 50.0), ("unknown", "en")]] == [False] * 5


def test_severity_override_and_off(repo):
    write(repo / ".etiket.yaml", "lang: id\nseverity:\n  politeness/kamu-address: error\n")
    result = run("check", "--format", "json", str(repo / CHAT))
    assert findings(result) == {str(repo / CHAT): [("politeness/kamu-address", "error", 1, 24)]}
    assert result.exit_code == 1
    write(repo / ".etiket.yaml", "lang: id\nseverity:\n  politeness/kamu-address: \"off\"\n  politeness: error\n")
    assert findings(run("check", "--format", "json", str(repo / CHAT))) == {str(repo / CHAT): []}


def test_a_rule_id_outranks_its_category_and_the_brand_voice(repo):
    write(repo / ".etiket.yaml", "brand_voice: casual\nseverity:\n  politeness: error\n  politeness/kamu-address: warning\n")
    result = run("check", "--format", "json", str(repo / CHAT))
    assert findings(result) == {str(repo / CHAT): [("politeness/kamu-address", "warning", 1, 24)]}


@pytest.mark.parametrize("voice, expected", [("formal", [("politeness/kamu-address", "warning", 1, 24)]),
                                             ("casual", []), ("kamu-allowed", [])])
def test_brand_voice(repo, voice, expected):
    write(repo / ".etiket.yaml", f"brand_voice: {voice}\n")
    assert findings(run("check", "--format", "json", str(repo / CHAT))) == {str(repo / CHAT): expected}


ABBREVIATED = "Halo Kak Rina,\n\nPesanan Kakak sdh kami kirim hari ini, resinya ada di email yg kami kirim tadi.\n\nSalam,\nTim Toko\n"


@pytest.mark.parametrize("voice, severity", [("null", "warning"), ("formal", "warning"), ("casual", "info"), ("kamu-allowed", "info")])
def test_a_casual_voice_abbreviates_in_an_email_too(repo, voice, severity):
    """Chat shorthand is a warning in an e-mail, but the marketplace voice writes it everywhere: info."""
    write(repo / ".etiket.yaml", f"lang: id\nchannel: email\nbrand_voice: {voice}\n")
    write(repo / "macros/email/kirim.txt", ABBREVIATED)
    found = findings(run("check", "--format", "json", str(repo / "macros/email/kirim.txt")))
    assert found == {str(repo / "macros/email/kirim.txt"): [("clarity/chat-abbreviation", severity, 3, 15),
                                                            ("clarity/chat-abbreviation", severity, 3, 61)]}


def test_brand_voices_in_the_schema_are_those_in_the_defaults():
    schema = json.loads((Path(config.__file__).parent / "schemas" / "config.schema.json").read_text())
    assert schema["properties"]["brand_voice"]["enum"] == [*defaults.load()["brand_voice"], None]


def test_exclude_extends_the_shipped_globs_and_include_adds_files(repo):
    write(repo / "macros" / ".drafts" / "wip.txt", "Makanya baca dulu dong.\n")
    write(repo / "macros" / "retur.csv", "id,text\nretur-1,\"Halo Kak, returnya sudah kami terima ya, dananya kembali dalam 3 hari kerja.\"\n")
    result = run("check", "--format", "json", str(repo / "macros"))
    assert sorted(findings(result)) == [str(repo / CHAT), str(repo / EMAIL)]  # .drafts still skipped
    write(repo / ".etiket.yaml", "exclude: [arsip, email]\ninclude: ['*.csv']\n")
    result = run("check", "--format", "json", str(repo / "macros"))
    assert sorted(findings(result)) == [str(repo / CHAT), str(repo / "macros" / "retur.csv")]


def test_extra_placeholders_are_opaque(repo, tmp_path):
    draft = write(tmp_path / "balasan.txt", "Halo Kak ((NAMA_PELANGGAN)), pesanan Kakak sudah dikirim ya.\n")
    plain = write(tmp_path / "plain.yaml", "lang: id\n")
    assert findings(run("check", "--config", str(plain), "--format", "json", str(draft))) == {
        str(draft): [("clarity/internal-jargon", "warning", 1, 12)]}
    assert findings(run("check", "--config", str(repo / ".etiket.yaml"), "--format", "json", str(draft))) == {str(draft): []}


def test_rule_folders_are_relative_to_the_file(repo, tmp_path, monkeypatch):
    shutil.copytree(Path(__file__).parent / "fixtures" / "rules", repo / "rules")
    write(repo / ".etiket.yaml", "rules: [rules]\nselect: [testpack]\n")
    draft = write(repo / "macros" / "chat" / "voucher.txt", "Mohon maaf Kak, vouchernya ternyata zonk karena kuotanya sudah habis.\n")
    monkeypatch.chdir(tmp_path)  # not the file's folder: the pack is found from the file
    result = run("check", "--format", "json", str(draft.relative_to(tmp_path)))
    assert findings(result) == {"toko/macros/chat/voucher.txt": [("testpack/shouted-word", "warning", 1, 37)]}


def test_init_writes_the_starter_and_refuses_to_overwrite(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("init")
    assert (result.exit_code, result.stdout) == (0, "wrote .etiket.yaml\n")
    assert (tmp_path / ".etiket.yaml").read_text(encoding="utf-8") == config.STARTER
    write(tmp_path / ".etiket.yaml", "lang: id\n")
    result = run("init")
    assert result.stderr == f"etiket: usage: {tmp_path / '.etiket.yaml'} exists; etiket init --force replaces it\n"
    assert result.exit_code == 2
    assert (tmp_path / ".etiket.yaml").read_text(encoding="utf-8") == "lang: id\n"
    assert run("init", "--force").exit_code == 0
    assert (tmp_path / ".etiket.yaml").read_text(encoding="utf-8") == config.STARTER
    assert [p.name for p in tmp_path.iterdir()] == [".etiket.yaml"]  # no temporary file left


def test_config_prints_the_starter_values_and_where_each_came_from(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run("init")
    result = run("config", "--fail-on", "warning")
    here = tmp_path / ".etiket.yaml"
    assert result.exit_code == 0
    assert result.stdout == (
        f"# configuration file: {here}\n"
        f'lang: "auto"          # {here}\n'
        f"channel: null         # default\n"
        f"brand_voice: null     # default\n"
        f"select: []            # {here}\n"
        f"ignore: []            # {here}\n"
        f"per_file_ignores: {{}}  # {here}\n"
        f"severity: {{}}          # {here}\n"
        f"rules: []             # {here}\n"
        f"second_opinion: true  # {here}\n"
        f'fail_on: "warning"    # command line\n'
        f"fail_under: null      # default\n"
        f"timeout: 30           # {here}\n"
        f"include: []           # {here}\n"
        f"exclude: {EXCLUDES}  # default + {here}\n"
        f"placeholders: []      # {here}\n"
    )


def test_config_of_the_shop_and_its_output_is_a_valid_config(repo, tmp_path):
    result = run("config", str(repo / CHAT))
    here = repo / ".etiket.yaml"
    lines = result.stdout.splitlines()
    assert lines[0] == f"# configuration file: {here}"
    assert lines[3] == f'brand_voice: "casual"                  # {here}'
    assert lines[7] == f'severity: {{"clarity/internal-jargon": "error"}}  # {here}'
    assert lines[-1] == f'placeholders: ["\\\\(\\\\([A-Z_]+\\\\)\\\\)"]  # {here}'
    # the lines are a configuration file: read back, every value is the same (exclude extends the defaults again)
    again = write(tmp_path / "again.yaml", result.stdout)
    first, second = yaml.safe_load(result.stdout), yaml.safe_load(run("config", "--config", str(again)).stdout)
    assert second == {**first, "exclude": defaults.load()["exclude"] + first["exclude"]}


def test_config_without_a_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("config")
    assert result.stdout.splitlines()[:2] == ["# no configuration file found", 'lang: "auto"          # default']


def test_per_file_ignores_from_the_file_are_relative_to_its_folder(repo, tmp_path, monkeypatch):
    write(repo / ".etiket.yaml", "lang: auto\nper_file_ignores:\n  \"macros/email/*.txt\": [clarity]\n  \"*.md\": [politeness]\n")
    monkeypatch.chdir(tmp_path)  # globs with a / are relative to the file's folder, not the working one
    result = run("check", "--format", "json", "toko/macros/chat", "toko/macros/email")
    assert findings(result) == {"toko/macros/chat/pengiriman.txt": [KAMU], "toko/macros/email/refund.txt": []}
    write(repo / ".etiket.yaml", "per_file_ignores:\n  \"macros/email/*.txt\": [clarity/internal-jargn]\n")
    result = run("check", "toko/macros/email")
    assert result.stderr == f"etiket: invalid config: {repo / '.etiket.yaml'}:2:26: per_file_ignores: unknown rule or category 'clarity/internal-jargn'\n"


def test_rules_and_explain_load_the_rule_folders_of_the_file(repo, tmp_path, monkeypatch):
    shutil.copytree(Path(__file__).parent / "fixtures" / "rules", repo / "rules")
    write(repo / ".etiket.yaml", "rules: [rules]\n")
    monkeypatch.chdir(repo / "macros")  # found walking up from the working folder, as check finds it
    listed = run("rules", "--no-color")
    rows = [line.split() for line in listed.stdout.splitlines()]
    assert ["testpack/shouted-word", "testpack", "warning", "en,", "id", "existence"] in rows
    builtin = len(rulebook.load_packs([rulebook.builtin_rules_dir(), rulebook.SECOND_OPINION], compile_terms=False))
    assert rows[-1] == [str(builtin + 1), "rules"]
    assert run("rules", "list", "--no-color").stdout == listed.stdout
    explained = run("explain", "testpack/shouted-word", "--lang", "en", "--no-color")
    assert (explained.exit_code, explained.stdout.splitlines()[:3]) == (
        0, ["testpack/shouted-word  (testpack, warning, existence; languages: en, id)", "", "[en]"])

    monkeypatch.chdir(tmp_path)  # no file found from here: only the built-in rules, unless --config names one
    assert run("explain", "testpack/shouted-word").exit_code == 2
    assert "testpack/shouted-word" not in run("rules", "--no-color").stdout
    named = run("explain", "--config", str(repo / ".etiket.yaml"), "testpack/shouted-word", "--lang", "en", "--no-color")
    assert named.stdout == explained.stdout
    assert run("rules", "--config", str(repo / ".etiket.yaml"), "--no-color").stdout == listed.stdout


def test_default_second_opinion_is_the_shipped_pack_wherever_etiket_runs(tmp_path, monkeypatch):
    # a folder of the same name where etiket runs is the user's, not the pack on by default
    (tmp_path / rulebook.SECOND_OPINION).mkdir()
    monkeypatch.chdir(tmp_path)
    packs = config.settings(None, None, {}).packs()
    assert packs == [rulebook.shipped_pack(rulebook.SECOND_OPINION)]
    assert packs[0].resolve() != (tmp_path / rulebook.SECOND_OPINION).resolve()
    assert (packs[0] / "apology" / "learned.yaml").is_file()
