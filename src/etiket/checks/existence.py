"""existence: the rule's terms must not appear (each unguarded occurrence is a finding)."""

from etiket.checks.base import Check, merge_overlaps


class _Options:
    """Existence.OPTIONS, made when a rule is validated: naming the computed fixes imports
    etiket.fix and with it every reader, which listing cached rules (`etiket rules`) does not need."""

    def __get__(self, instance, owner):
        from etiket.fix import KINDS

        return {
            "properties": {
                "match": {"$ref": "#/$defs/terms_by_lang"},
                # safe replacements per language: matched text (any case) -> the words it stands for
                # (plain words only, so a replacement is safe inside any format a fix may write to),
                # or the name of a computed fix (fix.KINDS)
                "fix": {
                    "type": "object", "minProperties": 1, "propertyNames": {"enum": ["en", "id"]},
                    "additionalProperties": {"oneOf": [
                        {"enum": sorted(KINDS)},
                        {"type": "object", "minProperties": 1,
                         "additionalProperties": {"type": "string", "pattern": "^\\w[\\w -]*$"}},
                    ]},
                },
            },
            "required": ["match"],
        }


class Existence(Check):
    OPTIONS = _Options()
    PER_LANGUAGE = ("match",)

    def __init__(self, rule, lang, indexes):
        super().__init__(rule, lang, indexes)
        self._key = self.register("match", rule.spec["match"][lang])

    def needed_keys(self):
        return (self._key,)

    def find(self, ctx):
        hits = ctx.hits.get(self._key)
        if not hits:  # most rules, most replies: nothing to guard or merge
            return []
        return [(span, {}) for span in merge_overlaps(self.allowed(hits, ctx))]
