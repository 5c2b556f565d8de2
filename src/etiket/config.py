"""The configuration file: found, checked against its schema, merged with the command line.

A project sets etiket up once, in `.etiket.yaml`, `etiket.yaml` or a `[tool.etiket]` table in
`pyproject.toml`, found by walking up from the first checked path (the working folder for stdin);
`--config PATH` names the file instead. The first file found wins and files are never merged
(yamllint's rule), so what applies is exactly what `etiket config` shows. An option given on the
command line replaces the file's value for its key. Every problem in a file is one ConfigError
naming path:line:col, raised before any reply is checked.
"""

import json
import re
import tomllib
import warnings
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import yaml

from etiket import defaults, errors, rulebook, suppress, validation, yamlpos
from etiket.atomic import atomic_open

NAMES = (".etiket.yaml", "etiket.yaml", "pyproject.toml")
STARTER_NAME = ".etiket.yaml"
DEFAULT, COMMAND_LINE = "default", "command line"
_SCHEMA = json.loads(resources.files("etiket").joinpath("schemas/config.schema.json").read_text("utf-8"))
# What applies when neither the file nor the command line sets a key; `etiket config` lists the
# keys in this order. `exclude` from a file extends the shipped globs, never replaces them: a
# project that skips its drafts/ folder still wants .git and node_modules skipped.
DEFAULTS = {
    "lang": "auto", "channel": None, "brand_voice": None, "select": [], "ignore": [], "per_file_ignores": {}, "severity": {},
    "rules": [], "second_opinion": True, "fail_on": "error", "fail_under": None, "timeout": 30.0,
    "include": [], "exclude": list(defaults.load()["exclude"]), "placeholders": [],
}
_TOOL_TABLE = re.compile(r"^\s*\[\s*tool\s*\.\s*etiket\s*\]", re.M)
_ALIGN = 40
_TOML_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


@dataclass
class Settings:
    """The merged configuration: each key's value and where it came from."""

    path: Path | None
    values: dict
    sources: dict
    locate: object  # (key path) -> (line, column) in the file

    def __getitem__(self, key):
        return self.values[key]

    def packs(self):
        """The rule folders loaded beside the built-in rules: the learned second opinion unless
        `second_opinion` is off, then the extra packs (`rules`)."""
        extra = self["rules"]
        on = self["second_opinion"] and rulebook.SECOND_OPINION not in extra
        shipped = [rulebook.shipped_pack(rulebook.SECOND_OPINION)] if on else []
        return shipped + extra

    def pick(self, loaded):
        """The rules to run, and the severity each is given where it is not its own: select and
        ignore first, then per rule the file's `severity` (rule id before category) or else the
        brand voice's; a rule set to `off` does not run at all."""
        self._check_names(loaded)
        picked = rulebook.select(loaded, self["select"], self["ignore"])
        levels = {rule.id: self._level(rule) for rule in picked}
        return ([rule for rule in picked if levels[rule.id] != "off"],
                {rule: level for rule, level in levels.items() if level not in (None, "off")})

    def _level(self, rule):
        voice = defaults.load()["brand_voice"].get(self["brand_voice"], {})
        severity = self["severity"]
        return severity.get(rule.id) or severity.get(rule.category) or voice.get(rule.id)

    def _check_names(self, loaded):
        """Names the file gives in select, ignore and severity must be rules or categories; the
        error points at the name in the file (a name from the command line is rulebook.select's)."""
        known = set(loaded) | {rule.category for rule in loaded.values()}
        named = {key: [([key, index], name) for index, name in enumerate(self[key])] for key in ("select", "ignore")}
        named["severity"] = [(["severity", name], name) for name in self["severity"]]
        named["per_file_ignores"] = [(["per_file_ignores", glob, index], name)
                                     for glob, names in self["per_file_ignores"].items() for index, name in enumerate(names)]
        for key, places in named.items():
            if self.sources[key] != str(self.path):
                continue
            for where, name in places:
                if name not in known and not (key == "per_file_ignores" and name == suppress.ALL):
                    raise errors.ConfigError(self.path, *self.locate(where), errors.CONFIG_UNKNOWN_NAME.format(key=key, name=name))


def settings(paths, config_path=None, given=None):
    """The configuration for checking `paths`: the file (`config_path`, else the first found walking
    up from the first path), then the command line's `given` values (None or [] = not given)."""
    path = Path(config_path) if config_path else find(_start(paths))
    if config_path and not path.is_file():
        raise errors.ConfigError(path, 0, 0, errors.CONFIG_MISSING)
    data, locate = load(path) if path else ({}, lambda where: (0, 0))
    values, sources = dict(DEFAULTS), dict.fromkeys(DEFAULTS, DEFAULT)
    for key, value in data.items():
        values[key] = _from_file(key, value, path)
        sources[key] = str(path) if key != "exclude" else f"{DEFAULT} + {path}"
    for key, value in _given(given or {}).items():
        values[key], sources[key] = value, COMMAND_LINE
    return Settings(path, values, sources, locate)


def _from_file(key, value, path):
    if key == "rules":  # a rule folder named in the file is relative to the file, wherever etiket runs
        return [folder if folder in rulebook.SHIPPED_PACKS and not (path.parent / folder).is_dir()
                else str(path.parent / folder) for folder in value]
    if key == "exclude":
        return DEFAULTS["exclude"] + list(value)
    return value


def _given(given):
    """The command line's values, checked against the same schema as the file's: `--fail-under
    101` is refused as `fail_under: 101` in a file is."""
    given = {key: getattr(value, "value", value) for key, value in given.items() if value is not None and value != []}
    if all(_plainly_valid(key, value) for key, value in given.items()):
        return given  # jsonschema (0.03-0.04 s to import) is not needed to say so
    for problem in _validator().iter_errors(given):
        option = "--" + str(problem.absolute_path[0]).replace("_", "-")
        raise errors.UsageError(f"{option}: {problem.message}")
    return given


def _plainly_valid(key, value):
    """Whether the schema accepts `value` for `key` at a look: a string of the key's `enum`, or a
    boolean for a boolean key (what `--lang`, `--channel`, `--fail-on` and `--no-second-opinion`
    give); anything else is left to the schema."""
    schema = _SCHEMA["properties"].get(key, {})
    if "enum" in schema:
        return isinstance(value, str) and value in schema["enum"]
    return schema.get("type") == "boolean" and isinstance(value, bool)


def _start(paths):
    """The folder discovery starts from: the first checked path's (its own for a folder)."""
    first = next((p for p in paths or [] if p != "-"), None)
    if first is None:
        return Path.cwd()
    start = Path(first).resolve()
    return start if start.is_dir() else start.parent


def find(start):
    """The first configuration file in `start` or a folder above it; a pyproject.toml counts
    only when it has a [tool.etiket] table."""
    for folder in [start, *start.parents]:
        for name in NAMES:
            candidate = folder / name
            if candidate.is_file() and (name != "pyproject.toml" or _TOOL_TABLE.search(yamlpos.read_text(candidate, errors.ConfigError))):
                return candidate
    return None


def load(path):
    """The file's keys, checked, and a function giving the (line, column) of a key path in it."""
    text = yamlpos.read_text(path, errors.ConfigError)
    data, locate = _load_toml(path, text) if path.name == "pyproject.toml" else _load_yaml(path, text)
    if not isinstance(data, dict):
        raise errors.ConfigError(path, 1, 1, errors.CONFIG_NOT_MAPPING)
    _validate(path, data, locate)
    return data, locate


def _load_yaml(path, text):
    try:
        data = yamlpos.load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        raise errors.ConfigError(path, line, column, f"not valid YAML: {getattr(exc, 'problem', exc)}") from None
    data = {} if data is None else data  # an empty file configures nothing
    return data, lambda where: yamlpos.position(data, where)


def _load_toml(path, text):
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        at = _TOML_AT.search(str(exc))
        line, column = (int(at[1]), int(at[2])) if at else (0, 0)
        raise errors.ConfigError(path, line, column, f"not valid TOML: {_TOML_AT.sub('', str(exc))}") from None
    if "etiket" not in document.get("tool", {}):
        raise errors.ConfigError(path, 0, 0, errors.CONFIG_NO_TABLE)
    return document["tool"]["etiket"], _toml_locator(text)


def _toml_locator(text):
    """tomllib keeps no positions: a key is found as the line that assigns it inside [tool.etiket]
    (a key of a sub-table, such as [tool.etiket.severity], as that table's header line)."""
    lines = text.splitlines()
    header = next((i for i, line in enumerate(lines) if _TOOL_TABLE.match(line)), None)

    def locate(where):
        if header is None or not where:
            return (header + 1, 1) if header is not None else (1, 1)
        assigns = re.compile(rf"""\s*["']?{re.escape(str(where[0]))}["']?\s*=""")
        for number in range(header + 1, len(lines)):
            if lines[number].lstrip().startswith("["):
                break
            if assigns.match(lines[number]):
                return (number + 1, len(lines[number]) - len(lines[number].lstrip()) + 1)
        return (header + 1, 1)

    return locate


@cache
def _validator():
    return validation.validator(_SCHEMA)


def _validate(path, data, locate):
    problems = list(_validator().iter_errors(data))
    if problems:
        problem = validation.best_match(problems)
        where = list(problem.absolute_path)
        unknown = [key for key in problem.instance if key not in _SCHEMA["properties"]] if problem.validator == "additionalProperties" and not where else []
        if unknown:
            detail = errors.CONFIG_UNKNOWN_KEY.format(key=unknown[0], known=", ".join(DEFAULTS))
        else:
            detail = f"{'/'.join(map(str, where))}: {problem.message}"
        raise errors.ConfigError(path, *locate(where + unknown[:1]), detail)
    for index, pattern in enumerate(data.get("placeholders", [])):
        try:
            with warnings.catch_warnings():  # a FutureWarning about [[ is Python's, not the user's problem
                warnings.simplefilter("ignore")
                re.compile(pattern)
        except re.error as exc:
            raise errors.ConfigError(path, *locate(["placeholders", index]), errors.CONFIG_BAD_PATTERN.format(index=index, reason=exc.msg)) from None


def describe(settings):
    """`etiket config`: one `key: value  # source` line per key. The values are YAML flow values,
    so the lines (less the first) are themselves a valid configuration file."""
    lines = [f"{key}: {json.dumps(settings[key], ensure_ascii=False)}" for key in DEFAULTS]
    width = max(len(line) for line in lines if len(line) <= _ALIGN)  # a long list does not push every comment out
    found = f"# configuration file: {settings.path}" if settings.path else "# no configuration file found"
    return [found] + [f"{line.ljust(width)}  # {settings.sources[key]}" for line, key in zip(lines, DEFAULTS)]


STARTER = """\
# etiket configuration. etiket uses the first .etiket.yaml, etiket.yaml or pyproject.toml with a
# [tool.etiket] table that it finds walking up from the checked path (or --config FILE); an option
# given on the command line wins over this file. `etiket config` shows what applies, and why.

# Language of the replies: auto (decided per reply), en or id.
lang: auto
# Where the replies go, unless a collection record says: email, chat or social.
# channel: email
# Indonesian brand voice: formal (Anda, Bapak/Ibu: every kamu is a warning),
# casual (Kak, with kamu) or kamu-allowed (kamu is not reported).
# brand_voice: casual

# Run only these rule ids or categories (none: all of them), and skip these.
select: []
ignore: []
# Rule ids or categories not reported in the files a glob matches (a glob with a / is relative to
# this file's folder; one without matches a file name in any folder).
per_file_ignores: {}
#   "legacy/*.html": [politeness/missing-greeting]
# Severity per rule id or category: error, warning, info, or off (the rule does not run).
severity: {}
#   clarity/chat-abbreviation: info
# Extra rule pack folders, relative to this file.
rules: []
# The learned second opinion: adds findings the rules miss, drops theirs where it disagrees strongly.
second_opinion: true

# Exit 1 when a finding is at or above fail_on (error, warning, info or never),
# or when a reply scores below fail_under (0-100).
fail_on: error
# fail_under: 80
# Seconds one reply may take before a rule still running is stopped.
timeout: 30

# File-name globs a folder walk also reads (it reads .txt .md .jsonl .eml .html .htm), and
# file or folder name globs it skips besides the shipped ones (hidden folders, node_modules, build...).
include: []
#   - "*.csv"
exclude: []
#   - archive
# Placeholders of your sending tool, as regular expressions: never read as words.
placeholders: []
#   - '\\[\\[[a-z_]+\\]\\]'
"""


def write_starter(folder, force=False):
    """Write the commented starter file into `folder`, atomically; an existing one stays unless `force`."""
    target = Path(folder) / STARTER_NAME
    if target.exists() and not force:
        raise errors.UsageError(errors.CONFIG_EXISTS.format(path=target))
    with atomic_open(target, "w", encoding="utf-8") as file:
        file.write(STARTER)
    return target
