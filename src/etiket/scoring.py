"""Findings -> a 0-100 score per category and overall (100 = nothing found).

Each finding takes `points[severity] * rule weight` off its category and off the overall score.
A critical rule (asking for an OTP, an insult, ...) caps the overall score, as a QA scorecard's
auto-fail does. Pure arithmetic on the findings: the same input always gives the same scores.
"""

POINTS = {"error": 25.0, "warning": 10.0, "info": 3.0}
CRITICAL_CAP = 20.0


def deduction(finding):
    return POINTS[finding.severity] * finding.weight


def score(findings, categories):
    """(overall, {category: score}) for one reply's findings."""
    lost = {category: 0.0 for category in categories}
    for finding in findings:
        lost[finding.category] = lost.get(finding.category, 0.0) + deduction(finding)
    per_category = {category: _bounded(100.0 - points) for category, points in lost.items()}
    overall = _bounded(100.0 - sum(lost.values()))
    if any(f.critical for f in findings):
        overall = min(overall, CRITICAL_CAP)
    return overall, per_category


def _bounded(value):
    return round(max(0.0, min(100.0, value)), 1)
