import os

import pytest

from etiket import cache, rulebook
from etiket.lint import Linter
from etiket.reply import Reply, TextMap


@pytest.fixture(scope="session", autouse=True)
def cache_folder(tmp_path_factory):
    """The user's cache folder, for this test session only (etiket and the etiket it runs)."""
    folder = tmp_path_factory.mktemp("cache")
    os.environ[cache.ENV] = str(folder)
    return folder


@pytest.fixture(scope="session")
def builtin_rules(cache_folder):
    return rulebook.load_packs([rulebook.builtin_rules_dir()])


@pytest.fixture(scope="session")
def linter(builtin_rules):
    return Linter(list(builtin_rules.values()))


def make_reply(text, lang=None, customer=None, channel=None, source="draft.txt"):
    return Reply(source=source, text=text, positions=TextMap(text), lang=lang, customer=customer, channel=channel)
