import pytest

from etiket import rulebook
from etiket.lint import Linter
from etiket.reply import Reply, TextMap


@pytest.fixture(scope="session")
def builtin_rules():
    return rulebook.load_packs([rulebook.builtin_rules_dir()])


@pytest.fixture(scope="session")
def linter(builtin_rules):
    return Linter(list(builtin_rules.values()))


def make_reply(text, lang=None, customer=None, channel=None, source="draft.txt"):
    return Reply(source=source, text=text, positions=TextMap(text), lang=lang, customer=customer, channel=channel)
