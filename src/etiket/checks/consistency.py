"""consistency: a reply should keep to one of several alternatives (one form of address, say).

`groups` names the alternatives per language; `allow` lists combinations that may appear together
(Bapak/Ibu with Anda in a formal email). The first word of a group that breaks the combination is
the finding.
"""

from etiket.checks.base import Check


class Consistency(Check):
    OPTIONS = {
        "properties": {
            "groups": {
                "type": "object",
                "additionalProperties": False,
                "minProperties": 1,
                "properties": {lang: {"$ref": "#/$defs/term_groups"} for lang in ("en", "id", "all")},
            },
            "allow": {"type": "array", "items": {"type": "array", "minItems": 2, "items": {"type": "string"}}},
        },
        "required": ["groups"],
    }
    PER_LANGUAGE = ("groups",)
    PLACEHOLDERS = ("first",)

    @classmethod
    def problems(cls, spec, folder):
        """Besides every language's groups: each `allow` entry names groups that exist."""
        yield from super().problems(spec, folder)
        known = {name for groups in spec["groups"].values() for name in groups}
        for i, combo in enumerate(spec.get("allow", [])):
            for j, name in enumerate(combo):
                if name not in known:
                    yield ["allow", i, j], f"allow names no group {name!r} (groups: {', '.join(sorted(known))})"

    def __init__(self, rule, lang, indexes):
        super().__init__(rule, lang, indexes)
        groups = rule.spec["groups"][lang]
        self._keys = {name: self.register(f"group-{name}", terms) for name, terms in groups.items()}
        self._allowed = [set(combo) for combo in rule.spec.get("allow", [])]

    def needed_keys(self):
        return tuple(self._keys.values())  # a finding needs two groups matched

    def find(self, ctx):
        first = {}
        for name, key in self._keys.items():
            spans = self.allowed(ctx.hits.get(key, []), ctx)
            if spans:
                first[name] = spans[0]
        if len(first) < 2 or any(set(first) <= combo for combo in self._allowed):
            return []
        order = sorted(first, key=lambda name: first[name].start)
        return [(first[order[1]], {"first": first[order[0]].text})]
