import pytest
from conftest import make_reply

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


@pytest.mark.parametrize("text, lang, score, rules", [
    # a why-question about what the customer did: three info findings, nothing flagged
    ("Why did you cancel the order?", "en", 88.0,
     ["politeness/blunt-question", "politeness/justify-question", "politeness/request-without-courtesy"]),
    ("Kenapa pesanannya dibatalkan?", "id", 88.0,
     ["politeness/blunt-question", "politeness/justify-question", "politeness/request-without-courtesy"]),
    # a "please" does not soften a challenge: a warning, and no courtesy deduction for the please
    ("Please explain why you didn't attach the receipt.", "en", 90.0, ["politeness/challenging-question"]),
    ("Mohon dijelaskan kenapa Bapak tidak konfirmasi pesanan.", "id", 90.0, ["politeness/challenging-question"]),
    # the same request asked for what is needed, with a reason: untouched
    ("Could you tell me what the cancellation was for? Then I can suggest the right option.", "en", 100.0, []),
    ("Boleh diinfokan alasan pembatalannya, Kak? Supaya bisa kami carikan solusi yang pas.", "id", 100.0, []),
])
def test_the_politeness_score_reads_what_a_request_asks(linter, text, lang, score, rules):
    result = linter.check(make_reply(text, lang=lang))
    assert sorted(f.rule for f in result.findings) == rules
    assert result.categories["politeness"] == score
