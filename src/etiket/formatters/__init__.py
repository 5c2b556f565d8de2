"""Output formats: one module each, and this registry. Formatters never import spaCy.

A formatter is a class built with `(console, options)`; the CLI hands it each Result as soon as
the reply is checked (`add`) and a Summary at the end (`finish`), so output keeps up with the run.
"""

from etiket.formatters import github, json_report, junit, sarif, text

FORMATTERS = {
    "text": text.TextFormatter,
    "json": json_report.JsonFormatter,
    "sarif": sarif.SarifFormatter,
    "github": github.GithubFormatter,
    "junit": junit.JunitFormatter,
}
