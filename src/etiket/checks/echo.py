"""echo: a reply sentence that opens by playing the customer's own words back to them as a remark
("A whole month, goodness.", "Wow, $120, the end of the world.", "Wah, sampai semua email dicoba
ya Kak"): a short fragment, after at most an interjection or a form of address, that repeats a word
or a figure of the customer's message, with a cue (the interjection, "whole") that makes it a
comment on what they said rather than an answer to it."""

import re

from etiket.checks.base import Check, sentences

# Every word of the customer's message, so the check can compare the reply's words with them.
_CUSTOMER_WORDS = {"patterns": [[{"IS_PUNCT": False}]]}
_DIGITS = re.compile(r"\d")
_WORD_LIST = {"type": "array", "items": {"type": "string", "minLength": 1}}


class Echo(Check):
    OPTIONS = {
        "properties": {
            # what may come before the fragment: interjections, "yes", forms of address; one of
            # them after the fragment has begun ends it ("... dicoba ya Kak")
            "opener": {"$ref": "#/$defs/terms_by_lang"},
            # what makes the fragment a remark, in the opener or the fragment itself
            "cue": {"$ref": "#/$defs/terms_by_lang"},
            # words that never count as an echo however often both sides use them
            "skip": {
                "type": "object", "additionalProperties": False,
                "properties": {"en": _WORD_LIST, "id": _WORD_LIST, "all": _WORD_LIST},
            },
            # the most words the echoed fragment may have
            "fragment": {"type": "integer", "minimum": 1, "maximum": 10},
        },
        "required": ["opener", "cue"],
    }
    PER_LANGUAGE = ("opener", "cue")

    def __init__(self, rule, lang, indexes):
        super().__init__(rule, lang, indexes)
        self._opener = self.register("opener", rule.spec["opener"][lang])
        self._cue = self.register("cue", rule.spec["cue"][lang])
        self._words = self.register("words", _CUSTOMER_WORDS, customer=True)
        self._skip = {word.lower() for word in rule.spec.get("skip", {}).get(lang, [])}
        self._longest = rule.spec.get("fragment", 5)

    def needed_keys(self):
        return (self._cue,)  # without a cue there is no remark

    def find(self, ctx):
        said = {key for span in (ctx.customer_hits or {}).get(self._words, []) for token in span
                for key in self._keys(token)}
        if not said:
            return []
        openers = _covered(ctx.hits.get(self._opener, []))
        cues = _covered(ctx.hits.get(self._cue, []))
        found = []
        for start, end in sentences(ctx.doc):
            span = self._fragment(ctx.doc, start, end, openers)
            if span is None or not any(t.i in cues for t in span):
                continue
            if any(key in said for token in span if token.i not in openers for key in self._keys(token)):
                found.append(span)
        return [(span, {}) for span in self.allowed(found, ctx)]

    def _fragment(self, doc, start, end, openers):
        """The sentence from its first word to the end of the fragment after its opener, or None when
        what follows the opener runs on past `fragment` words (an answer, not a remark)."""
        i = start
        while i < end and (_boundary(doc[i]) or doc[i]._.opaque or doc[i].i in openers):
            i += 1
        first, words = i, 0
        while i < end and not _boundary(doc[i]) and doc[i].i not in openers:
            words += 1
            i += 1
        if words == 0 or words > self._longest or i == end:
            return None  # nothing echoed, too long, or the whole sentence (no comment after it)
        lead = start
        while lead < first and (doc[lead]._.opaque or doc[lead].is_space):
            lead += 1
        return doc[lead:i]

    def _keys(self, token):
        """What a word is compared by: the digits of a figure ("3x" and "3"), else the word and its
        lemma when it is long enough to mean something and not skipped."""
        text = token.text
        if _DIGITS.search(text):
            digits = "".join(_DIGITS.findall(text))
            # a count, a year or an amount ("3x", "2024", "Rp600.000"), not an order number or a code
            return {digits} if len(digits) <= 4 or re.fullmatch(r"\D{0,3}\d{1,3}(?:[.,]\d{3})+\D{0,3}", text) else set()
        lower = text.lower()
        if len(lower) < 4 or not token.is_alpha or lower in self._skip:
            return set()
        return {lower, token.lemma_.lower()}


def _covered(spans):
    return {i for span in spans for i in range(span.start, span.end)}


def _boundary(token):
    """Punctuation, a line break or an emoji: where a fragment ends."""
    return token.is_punct or token.is_space or not any(ch.isalnum() or ch in "$£€%" for ch in token.text)
