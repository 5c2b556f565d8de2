"""Output formats: one module each, and this registry. Formatters never import spaCy."""

from etiket.formatters import json_report, text

FORMATTERS = {
    "text": text.render,
    "json": json_report.render,
}
