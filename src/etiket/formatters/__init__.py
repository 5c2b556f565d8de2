"""Output formats: one module each, and this registry. Formatters never import spaCy.

A formatter is a class built with `(console, options)`; the CLI hands it each Result as soon as
the reply is checked (`add`) and a Summary at the end (`finish`), so output keeps up with the run.
"""

import importlib

# format -> (module, class); a run imports only its own (SARIF's reads the package metadata and
# the baseline's fingerprints, JUnit's the XML library).
_CLASSES = {
    "text": ("text", "TextFormatter"),
    "json": ("json_report", "JsonFormatter"),
    "sarif": ("sarif", "SarifFormatter"),
    "github": ("github", "GithubFormatter"),
    "junit": ("junit", "JunitFormatter"),
}


def formatter(name):
    """The formatter class of format `name`."""
    module, cls = _CLASSES[name]
    return getattr(importlib.import_module(f"etiket.formatters.{module}"), cls)
