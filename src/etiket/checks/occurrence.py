"""occurrence: the rule's terms may appear at most `max` times; the first one past it is a finding."""

from etiket.checks.base import Check, merge_overlaps


class Occurrence(Check):
    OPTIONS = {
        "properties": {"match": {"$ref": "#/$defs/terms_by_lang"}, "max": {"type": "integer", "minimum": 0}},
        "required": ["match", "max"],
    }
    PER_LANGUAGE = ("match",)
    PLACEHOLDERS = ("count", "max")

    def __init__(self, rule, lang, indexes):
        super().__init__(rule, lang, indexes)
        self._key = self.register("match", rule.spec["match"][lang])
        self._max = int(rule.spec["max"])

    def needed_keys(self):
        return (self._key,)  # a finding needs more than `max` (at least 0) matches

    def find(self, ctx):
        spans = merge_overlaps(self.allowed(ctx.hits.get(self._key, []), ctx))
        if len(spans) <= self._max:
            return []
        return [(spans[self._max], {"count": len(spans), "max": self._max})]
