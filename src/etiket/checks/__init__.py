"""Check types: one module each, and this registry (a new type is a new module plus one line)."""

from etiket.checks.consistency import Consistency
from etiket.checks.echo import Echo
from etiket.checks.existence import Existence
from etiket.checks.learned import Learned
from etiket.checks.metric import Metric
from etiket.checks.occurrence import Occurrence
from etiket.checks.required import Required
from etiket.checks.unquoted import RequiredUnquoted

CHECKS = {
    "existence": Existence,
    "occurrence": Occurrence,
    "required": Required,
    "metric": Metric,
    "consistency": Consistency,
    "echo": Echo,
    "required-unquoted": RequiredUnquoted,
    "learned": Learned,
}
