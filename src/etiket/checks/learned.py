"""learned: a category's learned second opinion (etiket.learned). Its stored weights score the whole
reply, the customer's message and the channel; at `threshold` or above (one for every language, or
one per language: `{en: 0.85, id: 0.7}`) the finding points at the
sentence whose words weighed most, and names those words; with `below`, not from that probability up
(a milder rule, info, that leaves the rest to its category's warning). It speaks only where no rule of its
category flagged anything (DEFERS: a warning or an error; an info finding is a hint and does not silence it), so
it adds what the rules miss and never repeats them; with `veto_below`, where the rules did flag something but its
score is below that, it drops their warnings and errors: a second reader who disagrees strongly.

With `stack` (a second weights file), the score that threshold and veto_below read is not the
model's alone but a logistic regression over it, the other categories' models and which rules
found something in the reply (benchmarks/train_stack.py): "sarcasm/condescension fired" can count
for more than the words alone, a curt command beside them for less."""

import json
import math
from functools import cache
from pathlib import Path

from etiket import learned
from etiket.checks.base import Check, sentence_chars, text_of

# Cues shown in a message: words, not what the features generalise (handles, links, digits).
_HIDDEN = ("@handle", "<link>", "0")


def _telling(cue):
    """A cue worth naming: two words, or one of four letters or more ("and", "ya" weigh, but say
    nothing to the writer)."""
    return not any(part in cue for part in _HIDDEN) and (" " in cue or len(cue) >= 4)


_PROBABILITY = {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1}
_FILE = {"type": "string", "pattern": r"^[\w.-]+\.json$"}


def _for_each_language(value):
    """One value for every language, or one per language: `{en: ..., id: ...}`."""
    return {"oneOf": [value, {"type": "object", "minProperties": 1, "additionalProperties": value}]}


# the options that may be given per language, and whether every language the rule covers needs one
_PER_LANGUAGE = {"threshold": True, "below": False, "veto_below": False, "stack": False, "min_words": False}


def _of(spec, key, lang):
    """The rule's `key` for `lang`: its one value, its value for `lang`, or None."""
    value = spec.get(key)
    return value.get(lang) if isinstance(value, dict) else value


class Learned(Check):
    OPTIONS = {
        "properties": {
            "weights": _FILE,
            "threshold": _for_each_language(_PROBABILITY),
            # the probability from which this rule stays silent: a milder rule of the category (info) speaks
            # from its own threshold up to the threshold of the category's warning, which speaks above it
            "below": _for_each_language(_PROBABILITY),
            # a very short reply ("Noted 😊", "H") has too few features for its score to mean anything
            "min_words": _for_each_language({"type": "integer", "minimum": 1}),
            # a reply whose words the weights mostly do not hold is in another language: not judged
            "min_known": {"type": "number", "exclusiveMinimum": 0, "maximum": 1},
            "veto_below": _for_each_language(_PROBABILITY),
            "stack": _for_each_language(_FILE),
        },
        "required": ["weights", "threshold"],
    }
    PLACEHOLDERS = ("probability", "cues")
    DEFERS = True

    @classmethod
    def problems(cls, spec, folder):
        yield from super().problems(spec, folder)
        for key, every in _PER_LANGUAGE.items():
            if isinstance(spec.get(key), dict):
                named, covered = set(spec[key]), set(spec["languages"])
                for lang in sorted((covered - named if every else set()) | (named - covered)):
                    problem = "has no" if lang in covered else "names a language the rule does not cover:"
                    yield [key], f"{key} {problem} {lang!r}"
        for lang in spec["languages"]:
            threshold, below = _of(spec, "threshold", lang), _of(spec, "below", lang)
            if isinstance(threshold, (int, float)) and isinstance(below, (int, float)) and below <= threshold:
                yield ["below"], f"below ({below}) must be above threshold ({threshold}) for {lang!r}"
        for key, name in _files(spec):
            try:
                _parsed(str(folder / name))
            except ValueError as exc:
                yield [key], str(exc)

    @classmethod
    def files(cls, spec, folder):
        # the weights file parsed (64k weights of the shipped pack: unpickled with the rules in
        # half the time json takes to read them)
        return {name: _parsed(str(folder / name)) for _, name in _files(spec)}

    def __init__(self, rule, lang, indexes):
        super().__init__(rule, lang, indexes)
        path = str(Path(rule.path).parent / rule.spec["weights"])
        self._model = _model(path, rule.files.get(rule.spec["weights"]))
        self._threshold = _of(rule.spec, "threshold", lang)
        self._below = _of(rule.spec, "below", lang)
        self._min_words = _of(rule.spec, "min_words", lang) or 1
        self._min_known = rule.spec.get("min_known", 0)
        self._veto_below = _of(rule.spec, "veto_below", lang)
        self._stack = stack_of(rule, lang)

    def prepare(self, ctx):
        self._probability(ctx)  # every learned rule's probability, for the stacks that weigh them all

    def overrules(self, ctx):
        if self._veto_below is None:
            return False
        probability = self._score(ctx)
        return probability is not None and probability < self._veto_below

    def find(self, ctx):
        doc, text = ctx.doc, text_of(ctx.doc)
        probability = self._score(ctx)
        if probability is None or probability < self._threshold or (self._below is not None and probability >= self._below):
            return []
        values = _read(ctx).values()
        (start, end), cues = self._model.heaviest(text, values, sentence_chars(doc))
        span = doc.char_span(start, end, alignment_mode="expand")
        shown = [cue for cue in cues if _telling(cue)][:3]
        params = {"probability": f"{probability:.2f}", "cues": ", ".join(f"“{cue}”" for cue in shown) or "—"}
        return [(span, params)] if span is not None and self.allowed([span], ctx) else []

    def _score(self, ctx):
        """The probability threshold and veto_below read: the model's, or with `stack` the stack's
        over every learned rule's probability and the rules that fired; None where the reply is not
        judged (_probability)."""
        probability = self._probability(ctx)
        if probability is None or self._stack is None:
            return probability
        return stacked(self._stack, self.lang, ctx.fired, ctx.doc.user_data.get(PROBABILITIES, {}))

    def _probability(self, ctx):
        """The category's probability for the reply, or None when it has too few words to judge or
        too few that the weights know (min_known)."""
        known = ctx.doc.user_data.setdefault(PROBABILITIES, {})
        if self.rule.id not in known:
            features = _read(ctx)
            if features.word_count < self._min_words or features.known_word_share() < self._min_known:
                return None
            # two rules may read one weights file (politeness/learned and politeness/learned-tone): scored once
            by_model = ctx.doc.user_data.setdefault(_BY_MODEL, {})
            if id(self._model) not in by_model:
                by_model[id(self._model)] = self._model.probability(features)
            known[self.rule.id] = by_model[id(self._model)]
        return known[self.rule.id]


_READ = "etiket.learned"
# each learned rule's probability in the reply (rule id -> probability), worked out once, for the stacks
PROBABILITIES = "etiket.probabilities"
# each weights file's probability in the reply (id of its Model, kept for the process in _MODELS -> probability)
_BY_MODEL = "etiket.learned.by-model"


def stack_of(rule, lang):
    """(weights, bias) of the rule's stack for `lang`, or None where it reads the model alone."""
    stack = _of(rule.spec, "stack", lang)
    parsed = (rule.files.get(stack) or _parsed(str(Path(rule.path).parent / stack))) if stack else None
    return _model_of(parsed) if parsed else None


def stack_features(lang, fired, probabilities):
    """What a stack weighs in a reply: its language, the rules that fired (ids) and every learned
    rule's probability (rule id -> probability) as log-odds. benchmarks/train_stack.py trains on
    these same features."""
    features = {f"p:{category_of(rule_id)}": logit(p) for rule_id, p in probabilities.items()}
    features.update({f"rule:{rule_id}": 1.0 for rule_id in fired})
    features[f"lang:{lang}"] = 1.0
    return features


def stacked(stack, lang, fired, probabilities):
    """A stack's score for a reply: its features (stack_features) weighed by `stack` (stack_of)."""
    weights, bias = stack
    features = stack_features(lang, fired, probabilities)
    return 1 / (1 + math.exp(-(bias + sum(weights.get(name, 0.0) * value for name, value in features.items()))))


def category_of(rule_id):
    """A rule's category from its id: the folder it sits in (rulebook holds them equal)."""
    return rule_id.split("/")[-2]


def logit(probability):
    """A probability as log-odds, kept off the infinities: what a stack weighs."""
    probability = min(max(probability, 1e-4), 1 - 1e-4)
    return math.log(probability / (1 - probability))


def _read(ctx):
    """The reply's features (learned.Read, its word count with them), read once per reply for all
    the learned rules."""
    found = ctx.doc.user_data.get(_READ)
    if found is None:
        found = ctx.doc.user_data[_READ] = learned.read(text_of(ctx.doc), ctx.customer, ctx.channel)
    return found


def _files(spec):
    """(option, file name) of each file the rule names: its weights, and its stack for each language."""
    stack = spec.get("stack")
    stacks = sorted(set(stack.values())) if isinstance(stack, dict) else [stack] if stack else []
    return [("weights", spec["weights"])] + [("stack", name) for name in stacks]


@cache
def _parsed(path):
    """A weights file (benchmarks/train_model.py writes them): {"bias": b, "weights": {feature: w}},
    parsed and checked when the rule loads (a ValueError says what is wrong)."""
    try:
        data = json.loads(Path(path).read_text("utf-8"))
        _model_of(data)  # what the model needs is there and of the right kind
        return data
    except (OSError, ValueError, KeyError, TypeError) as exc:
        detail = exc.strerror if isinstance(exc, OSError) else f"{type(exc).__name__}: {exc}"
        raise ValueError(f"weights file {Path(path).name!r} cannot be read: {detail}") from None


_MODELS = {}  # weights file -> its Model: one per process, which both languages' rules share


def _model(path, parsed=None):
    """The Model of the weights file at `path`, from `parsed` (the rule's Rule.files, which the
    rules cache brings) or else the file."""
    if path not in _MODELS:
        _MODELS[path] = learned.Model(*_model_of(parsed if parsed is not None else _parsed(path)))
    return _MODELS[path]


def _model_of(data):
    """learned.Model's arguments from a parsed weights file (its weights read, not copied)."""
    weights = data["weights"]
    return weights if isinstance(weights, dict) else dict(weights), float(data["bias"])
