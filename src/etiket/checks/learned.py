"""learned: a category's learned second opinion (etiket.learned). Its stored weights score the whole
reply, the customer's message and the channel; at `threshold` or above (one for every language, or
one per language: `{en: 0.85, id: 0.7}`) the finding points at the
sentence whose words weighed most, and names those words. It speaks only where no rule of its
category found anything (DEFERS), so it adds what the rules miss and never repeats them; with
`veto_below`, where the rules did find something but its score is below that, it drops their
findings: a second reader who disagrees strongly."""

import json
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


class Learned(Check):
    OPTIONS = {
        "properties": {
            "weights": {"type": "string", "pattern": r"^[\w.-]+\.json$"},
            "threshold": {"oneOf": [_PROBABILITY, {"type": "object", "minProperties": 1,
                                                   "additionalProperties": _PROBABILITY}]},
            # a very short reply ("Noted 😊", "H") has too few features for its score to mean anything
            "min_words": {"type": "integer", "minimum": 1},
            # a reply whose words the weights mostly do not hold is in another language: not judged
            "min_known": {"type": "number", "exclusiveMinimum": 0, "maximum": 1},
            "veto_below": _PROBABILITY,
        },
        "required": ["weights", "threshold"],
    }
    PLACEHOLDERS = ("probability", "cues")
    DEFERS = True

    @classmethod
    def problems(cls, spec, folder):
        yield from super().problems(spec, folder)
        threshold = spec["threshold"]
        if isinstance(threshold, dict):
            for lang in sorted(set(spec["languages"]) ^ set(threshold)):
                covered = "has no" if lang in spec["languages"] else "names a language the rule does not cover:"
                yield ["threshold"], f"threshold {covered} {lang!r}"
        try:
            _parsed(str(folder / spec["weights"]))
        except ValueError as exc:
            yield ["weights"], str(exc)

    @classmethod
    def files(cls, spec, folder):
        # the weights file parsed (64k weights of the shipped pack: unpickled with the rules in
        # half the time json takes to read them)
        return {"weights": _parsed(str(folder / spec["weights"]))}

    def __init__(self, rule, lang, indexes):
        super().__init__(rule, lang, indexes)
        path = str(Path(rule.path).parent / rule.spec["weights"])
        self._model = _model(path, rule.files.get("weights"))
        threshold = rule.spec["threshold"]
        self._threshold = threshold[lang] if isinstance(threshold, dict) else threshold
        self._min_words = rule.spec.get("min_words", 1)
        self._min_known = rule.spec.get("min_known", 0)
        self._veto_below = rule.spec.get("veto_below")

    def overrules(self, ctx):
        if self._veto_below is None:
            return False
        probability = self._probability(ctx)
        return probability is not None and probability < self._veto_below

    def find(self, ctx):
        doc, text = ctx.doc, text_of(ctx.doc)
        probability = self._probability(ctx)
        if probability is None or probability < self._threshold:
            return []
        values = _read(ctx).values()
        (start, end), cues = self._model.heaviest(text, values, sentence_chars(doc))
        span = doc.char_span(start, end, alignment_mode="expand")
        shown = [cue for cue in cues if _telling(cue)][:3]
        params = {"probability": f"{probability:.2f}", "cues": ", ".join(f"“{cue}”" for cue in shown) or "—"}
        return [(span, params)] if span is not None and self.allowed([span], ctx) else []

    def _probability(self, ctx):
        """The category's probability for the reply, or None when it has too few words to judge or
        too few that the weights know (min_known)."""
        features = _read(ctx)
        if features.word_count < self._min_words or features.known_word_share() < self._min_known:
            return None
        return self._model.probability(features)


_READ = "etiket.learned"


def _read(ctx):
    """The reply's features (learned.Read, its word count with them), read once per reply for all
    the learned rules."""
    found = ctx.doc.user_data.get(_READ)
    if found is None:
        found = ctx.doc.user_data[_READ] = learned.read(text_of(ctx.doc), ctx.customer, ctx.channel)
    return found


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
