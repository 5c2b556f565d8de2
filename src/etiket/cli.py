"""The command line: wires readers, rules, the linter and formatters together, nothing more."""

import gc
import os
import sys
from contextlib import ExitStack
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from etiket import CATEGORIES, __version__, errors, suppress


class _CoercedWhenGiven:
    """A typer option's coercion, made when the option has a value. typer (0.2x) makes each
    option's (a pydantic TypeAdapter) when it processes the option, given or not, though a missing
    value needs none: `RuntimeParam.coerce` returns None (or () for a repeated option) before using
    it. `etiket rules` gives no option a value, and making them imported pydantic for it (~0.09 s
    of its ~0.36 s); `check` makes a few instead of 22."""

    def __init__(self, descriptor, build):
        self._descriptor, self._build, self._made = descriptor, build, None

    def coerce(self, value, param, ctx):
        if value is None:
            return () if param.multiple or param.nargs == -1 else None
        if self._made is None:
            self._made = self._build(self._descriptor)
        return self._made.coerce(value, param=param, ctx=ctx)


def _coerce_when_given():
    import typer.core

    build = getattr(typer.core, "build_runtime_param", None)  # None: a typer that coerces otherwise
    if build is not None:
        typer.core.build_runtime_param = lambda descriptor: _CoercedWhenGiven(descriptor, build)


_coerce_when_given()
app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None, help="Check customer-service reply drafts for etiquette problems (Indonesian and English).")

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class Lang(str, Enum):
    auto = "auto"
    en = "en"
    id = "id"


class MessageLang(str, Enum):
    en = "en"
    id = "id"


class Format(str, Enum):
    text = "text"
    json = "json"
    sarif = "sarif"
    github = "github"
    junit = "junit"


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


class Channel(str, Enum):
    email = "email"
    chat = "chat"
    social = "social"


def _consoles(no_color):
    plain = no_color or "NO_COLOR" in os.environ
    out = Console(no_color=plain, color_system=None if plain else "auto", highlight=False)
    err = Console(stderr=True, no_color=plain, color_system=None if plain else "auto", highlight=False)
    return out, err


def _fail(err, exc):
    err.print(f"etiket: {exc}", markup=False, highlight=False, soft_wrap=True)
    raise typer.Exit(EXIT_USAGE)


def _load_rules(extra_dirs, compile_terms=True):
    """The built-in rules and the extra packs; listing or explaining them compiles no terms (no spaCy).
    Without their YAML positions (see rulebook.load_packs): only `rules test` reports a rule file's lines."""
    from etiket import rulebook  # here, like every import a command needs: --help and --version load none

    return rulebook.load_packs([rulebook.builtin_rules_dir(), *extra_dirs], compile_terms, positions=False)


def _names(values):
    return [name.strip() for value in values or [] for name in value.split(",") if name.strip()]


# Options the configuration file can set too: None means not given, so the file's value (or the
# default) stands; `etiket check` and `etiket config` take the same ones.
ConfigFile = Annotated[Path | None, typer.Option("--config", help="Configuration file to use instead of the .etiket.yaml, etiket.yaml or pyproject.toml found from the first PATH.", metavar="FILE")]
LangOption = Annotated[Lang | None, typer.Option(help="Language of the replies; auto decides per reply. [default: auto]", show_default=False)]
ChannelOption = Annotated[Channel | None, typer.Option(help="Where the replies go (collections may set it per record).")]
FailOnOption = Annotated[FailOn | None, typer.Option(help="Exit 1 when a finding is at or above this severity. [default: error]", show_default=False)]
FailUnderOption = Annotated[float | None, typer.Option(help="Exit 1 when a reply scores below this (0-100).", metavar="SCORE")]
SelectOption = Annotated[list[str] | None, typer.Option(help="Only these rule ids or categories (repeat or comma-separate).", metavar="RULE|CATEGORY")]
IgnoreOption = Annotated[list[str] | None, typer.Option(help="Skip these rule ids or categories.", metavar="RULE|CATEGORY")]
RulesOption = Annotated[list[Path] | None, typer.Option("--rules", help="Extra rule pack folder, loaded beside the built-in rules.", metavar="DIR")]
TimeoutOption = Annotated[float | None, typer.Option(help="Seconds one reply may take; a rule still running then is stopped and the reply reported as checked in part. [default: 30]", metavar="SECONDS", show_default=False)]


def _settings(paths, config_file, **given):
    """The configuration for this run: the file (--config, else the one found from the first
    path), with the options given on the command line in place of its values."""
    from etiket import config

    given.update(select=_names(given["select"]), ignore=_names(given["ignore"]), rules=[str(p) for p in given["rules"] or []])
    return config.settings(paths, config_file, given)


@app.command()
def check(
    paths: Annotated[list[str] | None, typer.Argument(help="Files or folders to check; '-' reads stdin.", show_default=False, metavar="PATH")] = None,
    config_file: ConfigFile = None,
    lang: LangOption = None,
    format: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.text,
    context: Annotated[Path | None, typer.Option(help="File with the customer's message the draft answers.", metavar="FILE")] = None,
    channel: ChannelOption = None,
    fail_on: FailOnOption = None,
    fail_under: FailUnderOption = None,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    rules: RulesOption = None,
    second_opinion: Annotated[bool | None, typer.Option("--second-opinion/--no-second-opinion", help="Run the learned second opinion beside the rules. [default: on]", show_default=False)] = None,
    message_lang: Annotated[MessageLang | None, typer.Option(help="Language of messages (default: the reply's).")] = None,
    no_color: Annotated[bool, typer.Option("--no-color", help="Plain output without colours.")] = False,
    timeout: TimeoutOption = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Also print a score line for replies with no findings.")] = False,
    text_field: Annotated[str | None, typer.Option(metavar="PATH", help="Collection field that holds the reply, a dotted path (macro.body, actions.0.value).")] = None,
    id_field: Annotated[str | None, typer.Option(metavar="PATH", help="Collection field that names a record, a dotted path.")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the report to FILE instead of stdout (replaced whole when the run ends).", metavar="FILE")] = None,
    baseline_file: Annotated[Path | None, typer.Option("--baseline", help="Report only findings not recorded in FILE; scores and exit code count those alone.", metavar="FILE")] = None,
    write_baseline: Annotated[Path | None, typer.Option("--write-baseline", help="Record this run's findings in FILE as accepted, and exit 0.", metavar="FILE")] = None,
    no_inline_config: Annotated[bool, typer.Option("--no-inline-config", help="Ignore etiket directives in HTML and Markdown comments.")] = False,
    fix: Annotated[bool, typer.Option("--fix", help="Apply the rules' safe fixes to the files, then report what is left; with stdin, print the fixed text.")] = False,
    diff: Annotated[bool, typer.Option("--diff", help="Print a unified diff of what --fix would change, and write nothing.")] = False,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=0, help="Check in N processes, output in input order; 0: one per core (a short run stays in one).", metavar="N")] = 0,
):
    """Check reply drafts and print scored findings."""
    from etiket import parallel
    from etiket.formatters import formatter as format_class
    from etiket.lint import Linter
    from etiket.readers import ReadOptions, read_all

    out, err = _consoles(no_color)
    try:
        settings = _settings(paths, config_file, lang=lang, channel=channel, select=select, ignore=ignore, rules=rules,
                             second_opinion=second_opinion, fail_on=fail_on, fail_under=fail_under, timeout=timeout)
        picked, severities = settings.pick(_load_rules(settings.packs()))
        customer = _read_context(context) if context else None
        inputs = _inputs(paths)
        screen = _screen(baseline_file) if baseline_file or write_baseline else None
    except errors.EtiketError as exc:
        _fail(err, exc)
    linter = Linter(picked, lang=settings["lang"], message_lang=message_lang.value if message_lang else None, budget=settings["timeout"],
                    severities=severities, placeholders=settings["placeholders"], ignores=settings["per_file_ignores"],
                    ignores_root=settings.path.parent if settings.path else None, inline_config=not no_inline_config,
                    long_lived=_own_process)
    options = {"verbose": verbose, "rules": {rule.id: rule for rule in picked}, "message_lang": message_lang.value if message_lang else None,
               "fail_on": settings["fail_on"], "fail_under": settings["fail_under"]}
    reading = ReadOptions(text_field=text_field, id_field=id_field, include=tuple(settings["include"]), exclude=tuple(settings["exclude"]))
    defaults = {"customer": customer, "channel": settings["channel"]}
    entries = read_all(inputs, sys.stdin.buffer if "-" in inputs else None, reading)
    if fix or diff:
        entries, linter = _fix(inputs, reading, linter, defaults, diff, err)
    unused = suppress.Unused(settings["per_file_ignores"], settings.path.parent if settings.path else None, {n for r in picked for n in (r.id, r.category)})
    with ExitStack() as stack:
        formatter = format_class(format.value)(_report(stack, output, out, err), options)
        summary = _run(entries, linter, formatter, err, defaults, screen, parallel.jobs(jobs), unused=unused)
        formatter.finish(summary)
    _unused_ignores(err, settings, unused)
    if write_baseline:
        _write_baseline(screen, write_baseline, summary, err)
    failed = summary.failing(settings["fail_on"], settings["fail_under"])
    if summary.unreadable or summary.partial:
        raise typer.Exit(EXIT_USAGE)
    raise typer.Exit(EXIT_FINDINGS if failed else EXIT_OK)


def _screen(baseline_file):
    """The baseline screen for --baseline FILE (None: --write-baseline alone, nothing recorded yet)."""
    from etiket.baseline import Baseline, load

    return Baseline(load(baseline_file) if baseline_file else None)


def _fix(inputs, reading, linter, defaults, diff, err):
    """--fix on files: (the report's inputs, the linter for the report), each input checked once
    while its fixes are written (fix.Session). --diff prints what --fix would change, and --fix on
    stdin the fixed text: both end the run there."""
    from etiket import fix
    from etiket.readers import read_all

    def check(reply):
        return _checked(linter, _defaulted(reply, defaults))

    _settle()
    stdin = sys.stdin.buffer.read() if "-" in inputs else None  # read once, fixed as a whole
    try:
        if stdin is None and not diff:
            session = fix.Session(linter, check, lambda source: read_all([source], None, reading))
            return session.entries(read_all(inputs, None, reading)), session
        changed = fix.fix(read_all(inputs, stdin, reading), check, stdin, write=not diff)
    except errors.EtiketError as exc:
        _fail(err, exc)
    if diff:
        sys.stdout.write("".join(fix.diff(*change) for change in changed))
        raise typer.Exit(EXIT_FINDINGS if changed else EXIT_OK)
    sys.stdout.buffer.write(changed[0][2] if changed else stdin)
    raise typer.Exit(EXIT_OK)


def _report(stack, output, out, err):
    """The console the report goes to: stdout, or a file (--output) that replaces FILE only when
    the run ends, so a CI step never uploads half a report."""
    from etiket.atomic import atomic_open

    if output is None:
        return out
    try:
        file = stack.enter_context(atomic_open(output, "w", encoding="utf-8"))
    except OSError as exc:
        _fail(err, errors.UsageError(errors.CANNOT_WRITE.format(path=output, reason=exc.strerror)))
    return Console(file=file, no_color=True, color_system=None, highlight=False)


def _write_baseline(screen, path, summary, err):
    """Record the run's findings as accepted and end the run: exit 0, as they are accepted now.
    A run that could not check every input would record a baseline missing their findings."""
    if summary.unreadable or summary.partial:
        inputs = summary.unreadable + summary.partial
        _fail(err, errors.UsageError(errors.BASELINE_NOT_WRITTEN.format(path=path, inputs=f"{inputs} {'input' if inputs == 1 else 'inputs'}")))
    try:
        count = screen.write(path)
    except OSError as exc:
        _fail(err, errors.UsageError(errors.CANNOT_WRITE.format(path=path, reason=exc.strerror)))
    err.print(f"etiket: {errors.BASELINE_WRITTEN.format(path=path, count=count)}", markup=False, highlight=False, soft_wrap=True)
    raise typer.Exit(EXIT_OK)


def _run(entries, linter, formatter, err, defaults, screen=None, jobs=1, unused=None):
    """Check each reply as it is read (in `jobs` processes) and hand its result on at once, in
    input order; a reply or input that cannot be checked is one line on stderr, and the run goes
    on. With a baseline (`screen`), every formatter and the summary see only the new findings."""
    from etiket import parallel
    from etiket.progress import Ticker
    from etiket.reply import Summary

    summary = Summary()
    entries = (entry if isinstance(entry, errors.InputError) else _defaulted(entry, defaults) for entry in entries)
    with Ticker(err) as ticker:
        for entry in parallel.checked(entries, linter, jobs):
            _settle()
            if isinstance(entry, errors.InputError):
                err.print(f"etiket: {entry}", markup=False, highlight=False, soft_wrap=True)
                summary.unreadable += 1
                continue
            _stale(err, entry, unused)
            if entry.overrun:
                err.print(f"etiket: {_where(entry.reply)}: {errors.OVERRUN.format(seconds=linter.budget, rules=', '.join(entry.overrun))}",
                          markup=False, highlight=False, soft_wrap=True)
                summary.partial += 1
            if screen:
                entry = screen.screen(entry)
                summary.known = screen.known
            summary.add(entry)
            formatter.add(entry)
            ticker.tick(entry.reply.source)
    return summary


def _defaulted(reply, defaults):
    """The reply with the run's customer message and channel where its input gave none."""
    reply.customer = reply.customer or defaults["customer"]
    reply.channel = reply.channel or defaults["channel"]
    return reply


def _where(reply):
    return reply.source + (f" [{reply.item}]" if reply.item else "")


def _stale(err, result, unused=None):
    """Suppressions that suppressed nothing, as info on stderr: the report and the scores stay
    what the rules found, in every format. Per-file ignores are told once the run is over
    (`unused`, a suppress.Unused): one can be stale in this file and not in the next."""
    if unused:
        unused.add(result)
    for stale in (stale for stale in result.stale if not stale.glob):
        where = _where(result.reply) + (f":{stale.line}" if stale.line else "")
        detail = errors.STALE.format(how=stale.how) if stale.directive else errors.NOT_DIRECTIVE
        err.print(f"etiket: {where}: {detail}", markup=False, highlight=False, soft_wrap=True)


def _unused_ignores(err, settings, unused):
    """The per-file ignores that suppressed nothing in any file they matched, as info with the
    configuration file's line."""
    for glob, name in unused.stale():
        index = settings["per_file_ignores"][glob].index(name)
        line, _ = settings.locate(["per_file_ignores", glob, index])
        detail = errors.STALE.format(how=f"per_file_ignores {glob!r}: {name}")
        err.print(f"etiket: {settings.path}:{line}: {detail}", markup=False, highlight=False, soft_wrap=True)


def _checked(linter, reply):
    try:
        return linter.check(reply)
    except errors.InputError as exc:
        return exc


def _inputs(paths):
    if paths:
        return paths
    if sys.stdin.isatty():
        raise errors.UsageError("give a file or folder to check, or pipe a draft on stdin")
    return ["-"]


def _read_context(path):
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise errors.InputError(str(path), getattr(exc, "strerror", None) or "not UTF-8 text") from None


NoColor = Annotated[bool, typer.Option("--no-color", help="Plain output without colours.")]
rules_app = typer.Typer(rich_markup_mode=None, help="List the loaded rules (the default), test a rule pack, print the rule file schema.")
app.add_typer(rules_app, name="rules")


RulesConfig = Annotated[Path | None, typer.Option("--config", help="Configuration file whose rule folders (rules:) to load, instead of the .etiket.yaml, etiket.yaml or pyproject.toml found from the working folder.", metavar="FILE")]


def _rule_folders(config_file, rules):
    """The extra rule folders `check` would load: --rules, else the configuration file's `rules`
    (--config, else the file found from the working folder)."""
    from etiket import config

    return config.settings(None, config_file, {"rules": [str(p) for p in rules or []]}).packs()


@rules_app.callback(invoke_without_command=True)
def rules_group(ctx: typer.Context, rules: RulesOption = None, config_file: RulesConfig = None, no_color: NoColor = False):
    """List the loaded rules (the default), test a rule pack, print the rule file schema."""
    if ctx.invoked_subcommand is None:
        list_rules(rules, config_file, no_color)


@rules_app.command("list")
def list_rules(rules: RulesOption = None, config_file: RulesConfig = None, no_color: NoColor = False):
    """List the loaded rules: id, category, severity, languages."""
    from etiket.explain import render_rule_table

    out, err = _consoles(no_color)
    try:
        loaded = _load_rules(_rule_folders(config_file, rules), compile_terms=False)
    except errors.EtiketError as exc:
        _fail(err, exc)
    render_rule_table(out, sorted(loaded.values(), key=lambda r: (CATEGORIES.index(r.category) if r.category in CATEGORIES else 99, r.id)))


@rules_app.command("test")
def test_rules(
    packs: Annotated[list[Path], typer.Argument(help="Rule pack folders whose rules' examples to run.", metavar="DIR")],
    no_color: NoColor = False,
):
    """Run every rule's examples in DIR: each bad one must raise the rule, no good one may."""
    from etiket import examples
    from etiket.lint import Linter

    out, err = _consoles(no_color)
    try:
        tested = _pack_rules(packs)
    except errors.EtiketError as exc:
        _fail(err, exc)
    _settle()
    linter = Linter(tested)
    cases = list(examples.of(tested))
    failed = 0
    for example in cases:
        problem = examples.failure(linter, example)
        if problem:
            failed += 1
            out.print(f"{example.where()} [{example.rule.id}] {problem}", markup=False, highlight=False, soft_wrap=True)
    counts = f"{len(tested)} {'rule' if len(tested) == 1 else 'rules'}, {len(cases)} examples"
    out.print(f"{counts}: {failed} failed" if failed else f"{counts}: all pass", markup=False, highlight=False, soft_wrap=True)
    raise typer.Exit(EXIT_FINDINGS if failed else EXIT_OK)


def _pack_rules(packs):
    """The rules of `packs`, loaded (and validated) beside the built-in ones, as `check --rules` loads
    them; a pack that is the built-in folder itself is loaded once, under the name it was given."""
    from etiket import rulebook

    builtin = rulebook.builtin_rules_dir()
    beside = [] if any(_same_pack(pack, builtin) for pack in packs) else [builtin]
    loaded = rulebook.load_packs([*beside, *packs])
    folders = [rulebook.pack_dir(pack) for pack in packs]
    tested = [rule for rule in loaded.values() if any(Path(rule.path).is_relative_to(pack) for pack in folders)]
    if not tested:
        raise errors.UsageError(f"no rule files in {', '.join(map(str, packs))}")
    return tested


def _same_pack(pack, builtin):
    """True for the built-in folder itself, or the checkout's rules/ that the installed one was
    built from (the same rule files under the same names)."""
    if pack.resolve() == builtin.resolve():
        return True
    names = lambda root: sorted(p.relative_to(root) for p in root.rglob("*.yaml"))  # noqa: E731
    return pack.is_dir() and names(pack) == names(builtin)


@rules_app.command("schema")
def rule_schema():
    """Print the JSON Schema of a rule file (for editors: yaml-language-server)."""
    import json

    from etiket import rulebook

    print(json.dumps(rulebook.rule_schema(), indent=2, ensure_ascii=False))


@app.command()
def explain(
    rule_id: Annotated[str, typer.Argument(help="Rule id, e.g. apology/non-apology.")],
    lang: Annotated[MessageLang | None, typer.Option(help="Language of the explanation (default: both).")] = None,
    rules: RulesOption = None,
    config_file: RulesConfig = None,
    no_color: NoColor = False,
):
    """Show what a rule checks, why it matters, and its good and bad examples."""
    from etiket.explain import render_explanation

    out, err = _consoles(no_color)
    try:
        loaded = _load_rules(_rule_folders(config_file, rules), compile_terms=False)
        if rule_id not in loaded:
            raise errors.UsageError(f"no rule {rule_id!r}; `etiket rules` lists them")
    except errors.EtiketError as exc:
        _fail(err, exc)
    render_explanation(out, loaded[rule_id], lang.value if lang else None)


@app.command("config")
def show_config(
    paths: Annotated[list[str] | None, typer.Argument(help="The paths a check would get: the configuration is found from the first.", show_default=False, metavar="PATH")] = None,
    config_file: ConfigFile = None,
    lang: LangOption = None,
    channel: ChannelOption = None,
    fail_on: FailOnOption = None,
    fail_under: FailUnderOption = None,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    rules: RulesOption = None,
    timeout: TimeoutOption = None,
    no_color: NoColor = False,
):
    """Print the configuration a check would use, and where each value came from."""
    from etiket import config

    out, err = _consoles(no_color)
    try:
        settings = _settings(paths, config_file, lang=lang, channel=channel, select=select, ignore=ignore, rules=rules,
                             fail_on=fail_on, fail_under=fail_under, timeout=timeout)
        settings.pick(_load_rules(settings.packs(), compile_terms=False))  # names a rule that exists?
    except errors.EtiketError as exc:
        _fail(err, exc)
    for line in config.describe(settings):
        out.print(line, markup=False, highlight=False, soft_wrap=True)


@app.command()
def init(
    force: Annotated[bool, typer.Option("--force", help="Replace an existing .etiket.yaml.")] = False,
    no_color: NoColor = False,
):
    """Write a commented starter .etiket.yaml in the current folder."""
    from etiket import config

    out, err = _consoles(no_color)
    try:
        target = config.write_starter(Path.cwd(), force)
    except errors.EtiketError as exc:
        _fail(err, exc)
    except OSError as exc:
        _fail(err, errors.UsageError(errors.CANNOT_WRITE.format(path=config.STARTER_NAME, reason=exc.strerror)))
    out.print(f"wrote {target.name}", markup=False, highlight=False)


# `etiket serve` and `etiket mcp`: long-running front ends on the Python API (etiket.api), built
# with the options and configuration file `etiket check` takes; their bodies live in their modules.
MessageLangOption = Annotated[MessageLang | None, typer.Option(help="Language of messages (default: the reply's).")]


@app.command()
def serve(config_file: ConfigFile = None, lang: LangOption = None, channel: ChannelOption = None, select: SelectOption = None,
          ignore: IgnoreOption = None, rules: RulesOption = None, message_lang: MessageLangOption = None, timeout: TimeoutOption = None):
    """Answer JSON requests on stdin with JSON report items on stdout, a line each, rules kept loaded.

    A request is {"id", "text", "customer", "lang", "channel"}; one that cannot be checked gets
    {"id", "line", "error"}. End of input ends the server."""
    from etiket import serve as front

    _front(front.run, locals())


@app.command()
def mcp(config_file: ConfigFile = None, lang: LangOption = None, channel: ChannelOption = None, select: SelectOption = None,
        ignore: IgnoreOption = None, rules: RulesOption = None, message_lang: MessageLangOption = None, timeout: TimeoutOption = None):
    """Run an MCP server on stdio for AI agents (pip install 'etiket[mcp]').

    Its tools: check_reply, explain_rule and list_rules."""
    from etiket import mcp_server as front

    _front(front.run, locals(), front.require)


def _front(run, options, require=None):
    """Build the API's Linter as `etiket check` would (the configuration file found from the
    working folder, or --config) and hand it to the front end, whose return is the exit code."""
    from etiket.api import Linter

    _settle()
    given = {key: getattr(value, "value", value) for key, value in options.items()}
    try:
        if require:
            require()
        linter = Linter(config=given["config_file"] or True, lang=given["lang"], channel=given["channel"], select=_names(given["select"]),
                        ignore=_names(given["ignore"]), rules=given["rules"] or [], message_lang=given["message_lang"], timeout=given["timeout"])
    except errors.EtiketError as exc:
        _fail(_consoles(True)[1], exc)
    raise typer.Exit(run(linter))


def _version(value: bool):
    if value:
        print(f"etiket {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")] = False,
):
    """etiket: reply-etiquette linter."""


# True when main() runs this process: it is etiket's own, not a test's or a host program's, so
# what it loads may be kept out of the garbage collector's way for good (see _settle).
_own_process = False


def main():
    """The console entry point. A run allocates most of what it will ever hold before its first
    reply is checked (typer, spaCy, the rules, the pipeline); the collector would walk all of it
    several times and free nothing (0.15-0.2 s of a one-draft start), so it stays off until then."""
    global _own_process
    _own_process = True
    gc.disable()
    app()


def _settle():
    """Once the first reply is checked (or before a command that checks many at once, or serves):
    what is loaded now lives as long as the process, so it is frozen out of the collector's way, and
    the collector is back on for the replies' own garbage. Does nothing unless main() held it off."""
    if _own_process and not gc.isenabled():
        gc.freeze()
        gc.enable()
