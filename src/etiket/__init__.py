"""etiket: a reply-etiquette linter for customer-service drafts (Indonesian and English)."""

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
