from etiket import scoring
from etiket.reply import Finding

CATS = ["politeness", "privacy"]


def finding(category, severity, weight=1.0, critical=False):
    return Finding(rule=f"{category}/x", category=category, severity=severity, message="m", suggestion=None,
                   text="t", start=0, end=1, weight=weight, critical=critical)


def test_nothing_found_is_100():
    assert scoring.score([], CATS) == (100.0, {"politeness": 100.0, "privacy": 100.0})


def test_deductions_by_severity_and_weight():
    overall, cats = scoring.score([finding("politeness", "warning"), finding("politeness", "info", weight=2)], CATS)
    assert cats == {"politeness": 84.0, "privacy": 100.0}
    assert overall == 84.0


def test_floor_at_zero():
    overall, cats = scoring.score([finding("privacy", "error")] * 5, CATS)
    assert cats["privacy"] == 0.0 and overall == 0.0


def test_critical_caps_overall():
    overall, cats = scoring.score([finding("privacy", "warning", critical=True)], CATS)
    assert cats["privacy"] == 90.0
    assert overall == scoring.CRITICAL_CAP
