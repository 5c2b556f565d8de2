"""Choose the learned rules' thresholds and vetoes on drafts the weights never saw: every setting of a
grid replayed over what the rules found in each reply and the learned scores, per category and language.

    python benchmarks/choose_thresholds.py [--pool SET ...] [--fresh SET ...] [--guards SET ...]

For each learned rule and language it prints the setting shipped and the settings that would raise F1 on
the pool by 0.01 or more, flag no guard reply more (acceptable replies the weights never saw, and the twcs
replies when ../shared is there), and gain on both parts of the pool on their own: the `--fresh` sets (by
default those no rule was ever tuned on) and the rest. Session 23 chose its thresholds and vetoes this way
(RESULTS, section 54); session 24 added s39-s41 to the pool (section 55). The replay is the pipeline's
decision, re-applied: a learned rule adds a finding where no rule of its category flagged anything (an info
finding is a hint and does not count) and its score is at the threshold or more; where rules of its category
flagged something and its score is under the
veto, their warnings and errors are dropped unless the rule is `final`. A score is the stack's where the rule
reads one; a stack is trained on this pool (train_stack.py), so its rows are in-sample here: choose a stack's
threshold with sets left out. Only labels and counts are printed, never a reply's text.
"""

import argparse
import csv
import json
import time
from dataclasses import dataclass
from pathlib import Path

from _common import FLAGGING, linter, reply
from flags import TWCS
from train_model import OUT
from train_stack import STACKED

from etiket.checks.learned import PROBABILITIES, stack_of, stacked
from etiket.pipeline import analyse

DATA = Path(__file__).resolve().parent / "data"
# The stacks' drafts, and the sets written after them (which the stacks never saw: their rows are out of sample)
POOL = tuple(name for name in STACKED if not name.startswith("acc")) + ("s39-sealed", "s40-sealed", "s41-sealed")
FRESH = tuple(f"s{n}-sealed" for n in range(33, 39))  # written blind and never read: no rule was tuned on them
GUARDS = ("acc22-replies", "acc23-replies", "acc27-replies", "acc28-replies", "acc29-replies", "acc30-replies",
          "acc31-replies", "acc32-replies", "acc33-replies", "acc34-replies", "acc35-replies",
          "en-social-replies", "en-chat-turns", "id-real-replies", "id-appstore-replies")
THRESHOLDS = (0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.93, 0.95)
VETOES = (None, 0.1, 0.2, 0.3, 0.4, 0.5)
GAIN = 0.01


@dataclass
class Judged:
    """One reply as the pipeline saw it: what its rules found, per category, and the learned scores."""

    set: str
    lang: str
    gold: frozenset
    flagged: frozenset  # categories where some rule found a warning or an error
    kept: frozenset  # ... of a `final` rule
    scores: dict  # learned rule id -> its score (None where the reply is not judged)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pool", nargs="*", default=list(POOL))
    parser.add_argument("--fresh", nargs="*", default=list(FRESH))
    parser.add_argument("--guards", nargs="*", default=list(GUARDS))
    args = parser.parse_args()
    check = linter([OUT])
    learned = [rule for rule in check.rules.values() if rule.check == "learned"]
    judged = [one for name in [*args.pool, *args.guards] for one in _judged(check, learned, name)]
    if TWCS.exists():
        judged += _judged(check, learned, "twcs")
    rest = [name for name in args.pool if name not in args.fresh]
    for rule in learned:
        for lang in rule.languages:
            _report(rule, lang, [j for j in judged if j.lang == lang], args.pool, args.fresh, rest)


def _judged(check, learned, name):
    rows = _twcs() if name == "twcs" else [json.loads(line) for line in (DATA / f"{name}.jsonl").open(encoding="utf-8")]
    out = []
    for row in rows:
        text = row.get("draft") or row.get("text")
        if not text:
            continue
        channel = reply(text, channel=row.get("channel")).likely_channel
        doc = analyse(check.pipeline(row["lang"]), text, row.get("customer"), channel, deadline=time.monotonic() + 30)
        fired = [check.rules[rule_id] for rule_id in doc.user_data["etiket.fired"]]
        flagging = [r for r in fired if r.severity_in(channel) in FLAGGING]
        probabilities = doc.user_data.get(PROBABILITIES, {})
        scores = {rule.id: _score(rule, row["lang"], doc, probabilities) for rule in learned}
        out.append(Judged(
            set=name, lang=row["lang"], gold=frozenset(row.get("violations") or ()),
            flagged=frozenset(r.category for r in flagging),
            kept=frozenset(r.category for r in flagging if r.final),
            scores=scores))
    return out


def _score(rule, lang, doc, probabilities):
    probability = probabilities.get(rule.id)
    stack = stack_of(rule, lang) if lang in rule.languages else None
    if probability is None or stack is None:
        return probability
    return stacked(stack, lang, doc.user_data["etiket.fired"], probabilities)


def _twcs():
    with TWCS.open(encoding="utf-8") as f:
        return [{"text": row["text"], "lang": "en", "channel": "social", "customer": row.get("customer") or None}
                for row in csv.DictReader(f)]


def _flags(one, rule, threshold, veto):
    """Whether the reply is flagged in the rule's category at this threshold and veto."""
    category, score = rule.category, one.scores[rule.id]
    if category in one.flagged:  # a learned rule defers to what flags, not to an info hint (pipeline)
        vetoed = veto is not None and score is not None and score < veto
        return category in one.kept or not vetoed
    return score is not None and score >= threshold


def _f1(judged, rule, threshold, veto):
    tp = fp = fn = 0
    for one in judged:
        flagged, labelled = _flags(one, rule, threshold, veto), rule.category in one.gold
        tp, fp, fn = tp + (flagged and labelled), fp + (flagged and not labelled), fn + (labelled and not flagged)
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def _report(rule, lang, judged, pool, fresh, rest):
    parts = {name: [j for j in judged if j.set in sets]
             for name, sets in (("pool", pool), ("fresh", fresh), ("rest", rest))}
    guards = [j for j in judged if j.set not in pool]

    def measured(threshold, veto):
        return {name: _f1(rows, rule, threshold, veto) for name, rows in parts.items()}, sum(
            _flags(j, rule, threshold, veto) for j in guards)

    shipped = (_setting(rule.spec, "threshold", lang), _setting(rule.spec, "veto_below", lang))
    base, base_guards = measured(*shipped)
    better = []
    for setting in ((t, v) for t in THRESHOLDS for v in VETOES):
        f1s, flagged = measured(*setting)
        gains = f1s["pool"] >= base["pool"] + GAIN and all(f1s[name] >= base[name] for name in ("fresh", "rest"))
        if gains and flagged <= base_guards:
            better.append((f1s["pool"], setting, f1s, flagged))
    stack = " (stack, in-sample)" if stack_of(rule, lang) else ""
    print(f"{rule.id} {lang}{stack}: shipped {_shown(shipped)} {_figures(base, base_guards)}")
    for _, setting, f1s, flagged in sorted(better, key=lambda b: -b[0])[:3]:
        print(f"    {_shown(setting)} {_figures(f1s, flagged)}")


def _setting(spec, key, lang):
    value = spec.get(key)
    return value.get(lang) if isinstance(value, dict) else value


def _shown(setting):
    threshold, veto = setting
    return f"threshold {threshold} veto {veto if veto is not None else '-'}"


def _figures(f1s, flagged):
    return f"F1 pool {f1s['pool']:.3f} fresh {f1s['fresh']:.3f} rest {f1s['rest']:.3f}, guards flagged {flagged}"


if __name__ == "__main__":
    main()
