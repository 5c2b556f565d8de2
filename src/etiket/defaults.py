"""The shipped defaults (src/etiket/data/defaults.yaml): folder excludes, placeholder patterns.
Plain data, loaded once; the config file will override them."""

from functools import cache
from importlib import resources

import yaml


@cache
def load():
    return yaml.safe_load(resources.files("etiket").joinpath("data/defaults.yaml").read_text("utf-8"))
