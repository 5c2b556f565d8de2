"""Shared set-up for the measurement scripts: load the built-in rules into one Linter."""

import sys
from pathlib import Path

from etiket import rulebook
from etiket.lint import Linter
from etiket.reply import RelativeMap, Reply

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
FLAGGING = ("error", "warning")


def linter(extra=()):
    return Linter(list(rulebook.load_packs([rulebook.builtin_rules_dir(), *extra]).values()))


def reply(text, source="bench", item=None, lang=None, customer=None, channel=None):
    return Reply(source=source, text=text, positions=RelativeMap(text), item=item, lang=lang,
                 customer=customer, channel=channel)


def flagged_categories(result):
    return {f.category for f in result.findings if f.severity in FLAGGING}


def data_path(arg, default):
    path = Path(arg) if arg else SHARED / "data" / default
    if not path.exists():
        sys.exit(f"no data at {path}: pass the path as the first argument")
    return path
