"""Load rule packs (rules/**/*.yaml) into validated Rule records.

A rule's id comes from its path inside the pack (`apology/non-apology.yaml` -> `apology/non-apology`),
so the file name and the id can never disagree. Every problem is a RuleError naming file and line.
"""

import copy
import json
import os
import re
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from pathlib import Path

import yaml

from etiket import LANGUAGES, __version__, errors, validation, vocab, yamlpos
from etiket import cache as user_cache
from etiket.checks import CHECKS
from etiket.checks.base import PLACEHOLDER
from etiket.termsyntax import compile_regex, gate, pattern_problem

# The keys every rule has; each check type adds its own (its OPTIONS), see _validator.
_SCHEMA = json.loads(resources.files("etiket").joinpath("schemas/rule.schema.json").read_text("utf-8"))
LISTS_DIR = "_lists"
# The files of a pack whose content keys its cache entry: the rules, and the files a rule names
# beside it (a learned rule's weights).
_KEYED = (".yaml", ".yml", ".json")
_RULE_NAME = re.compile(r"^[a-z][a-z0-9-]*$")


@dataclass(frozen=True)
class Rule:
    id: str
    category: str
    severity: str
    languages: tuple
    check: str
    message: dict
    suggestion: dict
    doc: dict
    examples: dict
    spec: dict = field(repr=False)
    path: str = ""
    weight: float = 1.0
    critical: bool = False
    # a second opinion's veto (checks.learned, veto_below) leaves its findings standing
    final: bool = False
    # each of its regexes -> what a text is tested on before it runs (termsyntax.gate: required
    # literals, word searches, width bound): read once when the rule loads, so a cached rule pack
    # spares a start parsing its ~420 regexes again
    gates: dict = field(default_factory=dict, repr=False, compare=False)
    # what its check reads from files beside the rule (a learned rule's weights), read when the
    # rule loads and kept in the rules cache with it (Check.files)
    files: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def channels(self):
        """The channels the rule is limited to (`when: {channel: [...]}`), or None for every channel."""
        return (self.spec.get("when") or {}).get("channel")

    def severity_in(self, channel, project=None):
        """The rule's severity in a reply: the one a project gave it (`project`: rule id -> severity; config,
        brand voice), else its own for the reply's channel (`severity_by_channel`: shorthand is a brand's register
        in a tweet, a slip in an e-mail)."""
        return (project or {}).get(self.id) or self.spec.get("severity_by_channel", {}).get(channel, self.severity)

    def text(self, part, lang):
        """A message, suggestion or doc text in `lang`, else in the rule's other language."""
        texts = getattr(self, part) if part in ("message", "suggestion") else self.doc[part]
        return texts.get(lang) or next(iter(texts.values()))


def builtin_rules_dir():
    """The rule pack shipped in the wheel, or the repository's rules/ when run from a checkout."""
    return _shipped(("rules",), "rules")


def _shipped(inside, name):
    """A folder shipped in the wheel (at `inside`, under the package), or the repository's `name`."""
    packaged = resources.files("etiket").joinpath(*inside)
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / name


# Packs shipped with etiket: a name here that is not a folder where etiket runs is the shipped pack.
# The learned second opinion runs unless turned off (`--no-second-opinion`, `second_opinion: false`).
SECOND_OPINION = "second-opinion"
SHIPPED_PACKS = (SECOND_OPINION,)


def pack_dir(name):
    """The folder of a pack as the user named it: the shipped pack for a name of SHIPPED_PACKS that
    is not a folder here, else the folder itself."""
    path = Path(name)
    if str(name) not in SHIPPED_PACKS or path.is_dir():
        return path
    return shipped_pack(str(name))


def shipped_pack(name):
    """The pack etiket ships as `name`, wherever etiket runs: a pack on by default must not become a
    folder of the same name in the user's working directory."""
    return _shipped(("packs", name), name)


def load_packs(dirs, compile_terms=True, positions=True):
    """Load every rule file under each folder; ids must be unique across packs.

    A pack's `_lists/NAME.yaml` files hold term lists that any rule (or list) can pull in with
    `lists: [NAME]`; its `_vocab/NAME.yaml` files hold word lists that token patterns and regexes
    name as `$NAME` (see etiket.vocab). `compile_terms=False` skips compiling regexes and token
    patterns (the latter needs spaCy): enough to list or explain rules, not to run them.
    `positions=False` gives the rules' specs as plain dicts and lists, without the line of each
    key and item (yamlpos): enough to check replies (only a rule's examples report their line),
    and their cache entry unpickles in a third of the time (its ~14,000 PosDicts and PosLists).
    """
    packs = [pack_dir(pack) for pack in dirs]
    for pack in packs:
        if not pack.is_dir():
            raise errors.RuleError(pack, 0, 0, "rule folder does not exist")
    name, wanted = _cache_entry(packs, compile_terms, positions)
    rules = user_cache.load(name, wanted)
    if rules is None:
        rules = _load_packs(packs, compile_terms)
        if not positions:
            rules = {rule_id: _without_positions(rule) for rule_id, rule in rules.items()}
        user_cache.store(name, wanted, rules)
    return rules


def _cache_entry(packs, compile_terms, positions=True):
    """The cache entry of these packs (one per list of folders and way of loading) and the key it
    must have been stored with: the content and place of every file of the packs, and the loader's
    own code (a new etiket version, or an edited loader in a checkout, loads the rules afresh)."""
    files = [path for pack in packs for path in _pack_files(pack, suffixes=_KEYED)]
    loader = sorted(p for p in Path(__file__).parent.rglob("*") if p.suffix in (".py", ".json"))
    parts = [__version__, str(compile_terms), str(positions)]
    parts += [f"{p}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in loader]
    for path in files:  # the path as given (Rule.path) and what it holds; the entry's name has the packs' places
        parts += [str(path), path.read_bytes()]
    way = [str(compile_terms)] + ([] if positions else ["plain"])
    places = user_cache.key(*(str(pack.resolve()) for pack in packs), *way)
    return f"rules-{places[:16]}.pickle", user_cache.key(*parts)


def _without_positions(rule):
    """`rule` with plain dicts and lists in place of yamlpos' PosDicts and PosLists (equal to it)."""
    spec = _plain_data(rule.spec)
    return replace(rule, spec=spec, examples=spec["examples"], message=_plain_data(rule.message),
                   suggestion=_plain_data(rule.suggestion), doc=_plain_data(rule.doc))


def _plain_data(node):
    if isinstance(node, dict):
        return {key: _plain_data(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_plain_data(item) for item in node]
    return node


def _load_packs(packs, compile_terms):
    vocabularies = _load_vocabularies(packs)
    lists = {}
    for pack in packs:
        for path in _pack_files(pack / LISTS_DIR):
            if path.stem in lists:
                raise errors.RuleError(path, 1, 1, f"term list {path.stem!r} also defined in {lists[path.stem][0]}")
            lists[path.stem] = (path, _load_list(path))
    terms = _resolve_lists(lists, vocabularies)
    rules = {}
    for pack in packs:
        for path in _pack_files(pack, skip=(LISTS_DIR, vocab.DIR)):
            rule = load_rule(path, pack, terms, compile_terms, vocabularies)
            if rule.id in rules:
                raise errors.RuleError(path, 1, 1, f"rule id also defined in {rules[rule.id].path}", rule.id)
            rules[rule.id] = rule
    return rules


def select(rules, names, ignored):
    """The rules named by id or category in `names` (all when empty), minus those in `ignored`."""
    known = set(rules) | {r.category for r in rules.values()}
    unknown = [n for n in names + ignored if n not in known]
    if unknown:
        raise errors.UsageError(f"unknown rule or category: {', '.join(unknown)}")
    named = lambda rule, group: rule.id in group or rule.category in group  # noqa: E731
    return [r for r in rules.values() if (not names or named(r, names)) and not named(r, ignored)]


def _pack_files(root, skip=None, suffixes=(".yaml", ".yml")):
    """Every file under `root` ending in one of `suffixes` (rule files unless told), following
    symlinked folders, in a stable order."""
    found = []
    for folder, subfolders, names in os.walk(root, followlinks=True):
        subfolders[:] = [d for d in subfolders if d not in (skip or ())]
        found += [Path(folder) / n for n in names if n.endswith(suffixes)]
    return sorted(found)


def _load_list(path):
    return _load_shared(path, validation.validator({"$defs": _SCHEMA["$defs"], "$ref": "#/$defs/terms_by_lang"}), "term list")


def _load_shared(path, validator, what):
    """A file of `_lists/` or `_vocab/`, checked against its schema."""
    data = _parse(path, None)
    problems = list(validator.iter_errors(data))
    if problems:
        problem = validation.best_match(problems)
        line, col = yamlpos.position(data, list(problem.absolute_path) + _extra_keys(problem)[:1])
        raise errors.RuleError(path, line, col, f"{what}: {_plain(problem)}")
    return data


def _load_vocabularies(packs):
    """Every `_vocab/NAME.yaml` of the packs: NAME -> group -> language (or `all`) -> words."""
    found, where = {}, {}
    for pack in packs:
        for path in _pack_files(pack / vocab.DIR):
            if path.stem in found:
                raise errors.RuleError(path, 1, 1, f"vocabulary {path.stem!r} also defined in {where[path.stem]}")
            found[path.stem], where[path.stem] = _load_shared(path, validation.validator(vocab.SCHEMA), "vocabulary"), path
            problem = vocab.fragment_problem(found[path.stem])
            if problem:
                line, col = yamlpos.position(found[path.stem], [problem[0]])
                raise errors.RuleError(path, line, col, f"vocabulary: {problem[1]}")
    return found


def _resolve_lists(lists, vocabularies=None):
    """Each list's terms (by language), with its `all` terms, vocabularies and the lists it names
    merged in; a loop is an error."""
    resolved, chain = {}, []

    def terms_of(name, fail):
        if name not in lists:
            fail(f"no term list named {name!r}")
        if name in chain:
            fail(f"term lists include each other in a loop: {' -> '.join(chain + [name])}")
        if name not in resolved:
            chain.append(name)
            path, data = lists[name]
            _merge_neutral(data, LANGUAGES)
            _expand_vocabularies(path, None, data, vocabularies or {})
            _expand_lists(path, None, data, terms_of)
            chain.pop()
            resolved[name] = data
        return resolved[name]

    for name in lists:
        terms_of(name, None)  # a name of `lists` with an empty chain: fail is never called
    return resolved


def _parse(path, rule_id):
    try:
        data = yamlpos.load(yamlpos.read_text(path, errors.RuleError))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        raise errors.RuleError(path, line, col, f"not valid YAML: {getattr(exc, 'problem', exc)}", rule_id) from None
    if not isinstance(data, dict):
        raise errors.RuleError(path, 1, 1, "the file must be a mapping of keys", rule_id)
    return data


def load_rule(path, pack, lists=None, compile_terms=True, vocabularies=None):
    """One rule file; `lists` maps the names of term lists to their (resolved) terms, `vocabularies`
    the names of vocabularies to their groups."""
    rule_id = path.relative_to(pack).with_suffix("").as_posix()
    data = _parse(path, rule_id)
    _check_schema(path, rule_id, data)

    def known_list(name, fail):
        if name not in (lists or {}):
            fail(f"no term list named {name!r}")
        return lists[name]

    _merge_neutral(data, data["languages"])
    _expand_vocabularies(path, rule_id, data, vocabularies or {})
    _expand_lists(path, rule_id, data, known_list)
    _check_meaning(path, rule_id, data, compile_terms)
    check_type = CHECKS[data["check"]]
    return Rule(
        id=rule_id,
        category=data["category"],
        severity=data["severity"],
        languages=tuple(data["languages"]),
        check=data["check"],
        message=dict(data["message"]),
        suggestion=dict(data["suggestion"]),
        doc={k: dict(v) for k, v in data["doc"].items()},
        examples=data["examples"],
        spec=data,
        path=str(path),
        weight=float(data.get("weight", 1.0)),
        critical=bool(data.get("critical", False)),
        final=bool(data.get("final", False)),
        gates={regex: gate(regex) for _, regex in _terms(data, "regex")} if compile_terms else {},
        files=check_type.files(data, Path(path).parent) if compile_terms else {},
    )


def _common_properties():
    return {**_SCHEMA["properties"], "check": {"enum": list(CHECKS)}}


@cache
def _validator(check_type):
    """rule.schema.json with the keys of `check_type` (its OPTIONS) added to the common ones."""
    options = check_type.OPTIONS
    return validation.validator({
        **_SCHEMA,
        "properties": {**_common_properties(), **options.get("properties", {})},
        "required": _SCHEMA["required"] + options.get("required", []),
    })


def _unknown_check_validator():
    """For a rule whose `check` is missing or unknown: the common keys, other keys not judged
    (which are allowed depends on the check type), and `check` one of the registered types."""
    schema = {key: value for key, value in _SCHEMA.items() if key != "additionalProperties"}
    return validation.validator({**schema, "properties": _common_properties()})


def rule_schema():
    """The whole JSON Schema of a rule file, for editors (`etiket rules schema`): the common keys,
    and each check type's keys allowed and required only when `check` names that type (if/then).
    The loader validates one type at a time instead (_validator), for errors that name the key."""
    option_keys = sorted({key for check_type in CHECKS.values() for key in check_type.OPTIONS.get("properties", {})})
    branches = []
    for name, check_type in CHECKS.items():
        own = check_type.OPTIONS.get("properties", {})
        branches.append({
            "if": {"properties": {"check": {"const": name}}, "required": ["check"]},
            "then": {
                "properties": {**own, **{key: False for key in option_keys if key not in own}},
                "required": check_type.OPTIONS.get("required", []),
            },
        })
    return {
        **_SCHEMA,
        "properties": {**_common_properties(), **{key: True for key in option_keys}},
        "allOf": branches,
    }


def _check_schema(path, rule_id, data):
    check_type = CHECKS.get(data.get("check")) if isinstance(data.get("check"), str) else None
    validator = _validator(check_type) if check_type else _unknown_check_validator()
    problems = sorted(validator.iter_errors(data), key=lambda e: (len(e.absolute_path), str(e.absolute_path)))
    if not problems:
        return
    problem = validation.best_match(problems)
    where = list(problem.absolute_path) + _extra_keys(problem)[:1]
    line, col = yamlpos.position(data, where)
    where = "/".join(str(p) for p in problem.absolute_path) or "top level"
    raise errors.RuleError(path, line, col, f"{where}: {_plain(problem)}", rule_id)


def _extra_keys(problem):
    if problem.validator != "additionalProperties":
        return []
    return [key for key in problem.instance if key not in problem.schema.get("properties", {})]


def _plain(problem):
    if problem.validator == "additionalProperties":
        return f"unknown key {', '.join(map(repr, _extra_keys(problem)))}"
    if problem.validator == "required":
        return problem.message.replace("is a required property", "is missing")
    return problem.message


def _merge_neutral(data, languages):
    """Merge each `all:` block (terms, guards or groups both languages share) into every language
    in `languages`, keeping where each item was written, so an error still names its line."""
    def walk(node):
        if isinstance(node, dict):
            if vocab.NEUTRAL in node:
                neutral = node.pop(vocab.NEUTRAL)
                for lang in languages:
                    node[lang] = _merged(node.get(lang), neutral)
            for key, value in node.items():
                if key != "examples":
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)
    walk(data)


def _merged(mine, shared):
    """`mine` plus a copy of `shared`: lists concatenated, mappings merged key by key, positions kept.
    A copy, because each language's vocabulary references are later replaced in place."""
    shared = copy.deepcopy(shared)
    if mine is None:
        return shared
    if isinstance(mine, list):
        out = yamlpos.PosList([*mine, *shared])
        out.pos = mine.pos
        out.item_pos = mine.item_pos + shared.item_pos
        return out
    for key, value in shared.items():
        mine[key] = _merged(mine.get(key), value) if isinstance(value, (dict, list)) else value
        mine.key_pos.setdefault(key, shared.key_pos[key])
    return mine


def _expand_vocabularies(path, rule_id, data, vocabularies):
    """Replace every `$NAME` / `$NAME.GROUP` in the token patterns and regexes of each term block
    by the words of that vocabulary in the block's language (etiket.vocab)."""
    def fail(where, detail):
        line, col = yamlpos.position(data, where)
        raise errors.RuleError(path, line, col, detail, rule_id)

    def walk(node, where, lang):
        if isinstance(node, dict):
            if lang:
                vocab.expand(node, where, lang, vocabularies, fail)
            for key, value in node.items():
                if key not in ("regex", "patterns"):
                    walk(value, where + [key], key if key in LANGUAGES else lang)
        elif isinstance(node, list):
            for i, item in enumerate(node):
                walk(item, where + [i], lang)
    walk({k: v for k, v in data.items() if k != "examples"}, [], None)


def _expand_lists(path, rule_id, data, terms_of):
    """Replace each `lists: [NAME]` in a term block by the terms of that list, in the block's language.

    `terms_of(name, fail)` gives a list's terms by language, or calls `fail(detail)`, which raises
    a RuleError at the name."""
    def walk(node, where, lang):
        if isinstance(node, dict):
            for i, name in enumerate(node.get("lists", []) if lang else []):
                def fail(detail, at=where + ["lists", i]):
                    line, col = yamlpos.position(data, at)
                    raise errors.RuleError(path, line, col, detail, rule_id)
                for kind, items in terms_of(name, fail).get(lang, {}).items():
                    node[kind] = list(node.get(kind, [])) + list(items)
            node.pop("lists", None)
            for key, value in node.items():
                walk(value, where + [key], key if key in LANGUAGES else lang)
        elif isinstance(node, list):
            for i, item in enumerate(node):
                walk(item, where + [i], lang)
    walk({k: v for k, v in data.items() if k != "examples"}, [], None)


def _check_meaning(path, rule_id, data, compile_terms=True):
    """What a schema cannot say: names, per-language completeness, placeholders, compilable terms."""
    def fail(where, detail):
        line, col = yamlpos.position(data, where)
        raise errors.RuleError(path, line, col, detail, rule_id)

    folder, _, name = rule_id.rpartition("/")
    if not _RULE_NAME.match(name):
        fail([], f"rule file name {name!r} must be kebab-case")
    if folder.split("/")[-1] != data["category"]:
        fail(["category"], f"category {data['category']!r} does not match the folder {folder or '.'!r}")
    for lang in data["languages"]:
        for part in ("message", "suggestion"):
            if lang not in data[part]:
                fail([part], f"{part} has no {lang!r} text, but the rule covers {lang!r}")
    check_type = CHECKS[data["check"]]
    for where, detail in check_type.problems(data, Path(path).parent):
        fail(where, detail)
    _check_placeholders(data, check_type, fail)
    if compile_terms:
        _compile_terms(data, fail)


def _check_placeholders(data, check_type, fail):
    """A placeholder the check type does not fill would reach the user as written: `{count}`."""
    filled = ("text", *check_type.PLACEHOLDERS)
    for part in ("message", "suggestion"):
        for lang, text in data[part].items():
            for unknown in [m.group() for m in PLACEHOLDER.finditer(text) if m.group(1) not in filled]:
                known = ", ".join(f"{{{name}}}" for name in filled)
                fail([part, lang], f"{part}/{lang}: unknown placeholder {unknown} ({data['check']} rules fill {known})")


def _compile_terms(data, fail):
    from regex import error as regex_error

    for where, regex in _terms(data, "regex"):
        try:
            compile_regex(regex)
        except regex_error as exc:
            fail(where, f"invalid regex {regex!r}: {exc}")
    for where, pattern in _terms(data, "patterns"):
        problem = pattern_problem(pattern)
        if problem:
            fail(where, f"invalid token pattern: {problem}")


def _terms(data, kind):
    """Yield (path, item) for every item of a `kind` term list anywhere in the rule."""
    def walk(node, where):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == kind and isinstance(value, list):
                    for i, item in enumerate(value):
                        yield where + [key, i], item
                else:
                    yield from walk(value, where + [key])
        elif isinstance(node, list):
            for i, item in enumerate(node):
                yield from walk(item, where + [i])
    yield from walk({k: v for k, v in data.items() if k != "examples"}, [])
