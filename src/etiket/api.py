"""The Python API: etiket's checker as an object a program builds once and asks many times.

    from etiket import Linter

    linter = Linter(lang="id", ignore=["clarity"])
    result = linter.check("Halo Kak, mohon kirimkan kode OTP-nya ya.", channel="chat")
    result.score, [f.rule for f in result.findings], result.to_dict()

It runs the engine `etiket check` runs (etiket.lint) with the configuration `etiket check` reads
(etiket.config), and a result's JSON form is the report item of the JSON report, schema 1, built
by the JSON formatter's own code. `etiket serve` and `etiket mcp` are built on it.
"""

import json
import os
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from etiket import LANGUAGES, config, errors, lint, rulebook
from etiket.formatters import json_report
from etiket.readers.records import kind
from etiket.reply import Finding, Reply, TextMap

# The report item's `source` for a text given to check(): it comes from no file.
SOURCE = "<text>"
AUTO = "auto"
CHANNELS = ("email", "chat", "social")

__all__ = ["CheckResult", "Finding", "Linter", "RequestError"]
RequestError = errors.RequestError


@dataclass(frozen=True)
class CheckResult:
    """One checked reply. Each finding's `start` and `end` are character offsets into the text
    given (`reply.text`), its `line` and `column` 1-based positions in it. `overrun` names the rules
    stopped at the time budget: the reply was then checked in part."""

    reply: Reply
    lang: str
    score: float
    categories: dict[str, float]
    findings: list[Finding]
    overrun: list[str]

    @property
    def source(self) -> str:
        return self.reply.source

    @property
    def item(self) -> str | None:
        return self.reply.item

    def to_dict(self) -> dict[str, Any]:
        """The report item of the JSON report (schema 1), as `etiket check --format json` writes it."""
        return json_report.item(self)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False)


class Linter:
    """Rules loaded and pipelines built once, for many checks.

    `lang` is the replies' language (auto, en or id) when a check gives none; `channel` likewise
    (email, chat or social). `select` and `ignore` take rule ids or categories, `rules` extra rule
    pack folders, `second_opinion` False to leave out the learned second opinion, `message_lang`
    the language of messages (default: the reply's), `timeout` the seconds one reply may take.
    `config` is a configuration file (.etiket.yaml, etiket.yaml or pyproject.toml), True to find one
    walking up from the working folder as `etiket check` does on stdin, or False for none; the other
    arguments, when given, win over the file's values.

    Thread-safe: checks are serialised by a lock, as a spaCy pipeline is not meant to be shared
    by threads at once; for checks in parallel, use one Linter per process.
    """

    def __init__(self, *, lang: str | None = None, channel: str | None = None, select: Iterable[str] = (),
                 ignore: Iterable[str] = (), rules: Iterable[str | os.PathLike[str]] = (), message_lang: str | None = None,
                 timeout: float | None = None, config: str | os.PathLike[str] | bool = False,
                 second_opinion: bool | None = None):
        given = {"lang": _choice("lang", lang, (AUTO, *LANGUAGES)), "channel": _choice("channel", channel, CHANNELS),
                 "select": list(select), "ignore": list(ignore), "rules": [str(folder) for folder in rules],
                 "timeout": _timeout(timeout), "second_opinion": second_opinion}
        settings = _settings(config, given)
        picked, severities = settings.pick(rulebook.load_packs([rulebook.builtin_rules_dir(), *settings.packs()], positions=False))
        self.rules: dict[str, rulebook.Rule] = {rule.id: rule for rule in picked}
        self.lang: str = settings["lang"]
        self.channel: str | None = settings["channel"]
        self.timeout: float = settings["timeout"]
        self._engine = lint.Linter(picked, message_lang=_choice("message_lang", message_lang, LANGUAGES), budget=settings["timeout"],
                                   severities=severities, placeholders=settings["placeholders"])
        self._lock = threading.Lock()

    def warm(self, *langs: str) -> None:
        """Build the pipelines of `langs` now, so no check waits for one (default: the Linter's
        language, or both when it is auto)."""
        with self._lock:
            for lang in langs or ([self.lang] if self.lang in LANGUAGES else LANGUAGES):
                self._engine.warm(_choice("lang", lang, LANGUAGES))

    def check(self, text: str, customer: str | None = None, lang: str | None = None, channel: str | None = None,
              *, source: str = SOURCE, item: str | None = None) -> CheckResult:
        """Check one reply draft. `customer` is the customer's message it answers, `lang` its
        language (auto, en or id; default: the Linter's), `channel` where it goes (default: the
        Linter's). Raises RequestError (a ValueError) for an empty text or a bad argument."""
        reply = self._reply(text, customer, lang, channel, source, item)
        with self._lock:
            result = self._engine.check(reply)
        return CheckResult(reply, result.lang, result.score, result.categories, result.findings, result.overrun)

    def _reply(self, text, customer, lang, channel, source, item):
        if text is not None:
            _string("text", text)
        if not text or not text.strip():
            raise RequestError(errors.REQUEST_EMPTY)
        if len(text) > lint.MAX_CHARS:
            raise RequestError(errors.REQUEST_TOO_LONG.format(chars=len(text), limit=lint.MAX_CHARS))
        if customer is not None:
            _string("customer", customer)
        lang = _choice("lang", lang, (AUTO, *LANGUAGES)) or self.lang
        return Reply(source=source, text=text, positions=TextMap(text), item=item, customer=customer or None,
                     lang=None if lang == AUTO else lang, channel=_choice("channel", channel, CHANNELS) or self.channel)


def _settings(config_file, given):
    """The configuration as `etiket check` merges it: the file's values, then the given ones."""
    if config_file is True:
        return config.settings([], None, given)
    if config_file:
        return config.settings([], config_file, given)
    given = {key: value for key, value in given.items() if value is not None and value != []}
    sources = {key: config.COMMAND_LINE if key in given else config.DEFAULT for key in config.DEFAULTS}
    return config.Settings(None, {**config.DEFAULTS, **given}, sources, lambda where: (0, 0))


def _string(field, value):
    if not isinstance(value, str):
        raise RequestError(errors.REQUEST_NOT_TEXT.format(field=field, kind=kind(value)))


def _choice(field, value, choices):
    """`value` when it is None or one of `choices`; a RequestError naming them otherwise."""
    if value is not None and value not in choices:
        raise RequestError(errors.REQUEST_CHOICE.format(field=field, choices=", ".join(choices), value=value))
    return value


def _timeout(value):
    if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0):
        raise RequestError(errors.REQUEST_TIMEOUT.format(value=value))
    return value
