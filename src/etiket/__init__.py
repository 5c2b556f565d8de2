"""etiket: a reply-etiquette linter for customer-service drafts (Indonesian and English)."""

from typing import TYPE_CHECKING

__version__ = "0.1.0"

CATEGORIES = (
    "politeness",
    "transparency",
    "apology",
    "sarcasm",
    "clarity",
    "empathy",
    "privacy",
    "overpromise",
    "blame",
)
LANGUAGES = ("en", "id")
SEVERITIES = ("error", "warning", "info")

# The Python API (etiket.api) is loaded when first asked for, so `import etiket` and `etiket --help`
# stay fast: it loads the rules, and its checks load spaCy.
_API = ("Linter", "CheckResult", "RequestError")
if TYPE_CHECKING:
    from etiket.api import CheckResult, Linter, RequestError


def __getattr__(name):
    if name in _API:
        from etiket import api

        return getattr(api, name)
    raise AttributeError(f"module 'etiket' has no attribute {name!r}")
