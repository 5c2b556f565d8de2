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


def test_sarcasm_and_blame_also_lower_politeness_but_count_once_overall():
    cats = ["politeness", "sarcasm", "blame"]
    overall, scores = scoring.score([finding("sarcasm", "warning"), finding("blame", "info")], cats)
    assert scores == {"politeness": 87.0, "sarcasm": 90.0, "blame": 97.0}
    assert overall == 87.0


def test_politeness_only_lowers_itself():
    cats = ["politeness", "sarcasm", "blame"]
    overall, scores = scoring.score([finding("politeness", "warning")], cats)
    assert scores == {"politeness": 90.0, "sarcasm": 100.0, "blame": 100.0}
    assert overall == 90.0


def test_a_spill_into_a_category_the_rules_do_not_define_is_dropped():
    overall, scores = scoring.score([finding("sarcasm", "error")], ["sarcasm"])
    assert scores == {"sarcasm": 75.0}
    assert overall == 75.0
