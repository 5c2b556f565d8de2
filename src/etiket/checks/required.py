"""required: when the rule's `when` holds, one of its `need` terms must appear in the reply
(or in its first sentence, or its last two sentences). The finding points at the first or the last
sentence (`point_at`), where the missing element belongs."""

from etiket.checks.base import Check, sentence_chars, sentences, text_of


class Required(Check):
    OPTIONS = {
        "properties": {
            "need": {"$ref": "#/$defs/terms_by_lang"},
            "need_in": {"enum": ["reply", "first-sentence", "last-sentences"]},
            "point_at": {"enum": ["first-sentence", "last-sentence"]},
        },
        "required": ["need"],
    }
    PER_LANGUAGE = ("need",)
    # the customer's own words that made `when: customer` true ("charged twice"), so a suggestion can
    # name the problem they reported; empty when the rule has no customer condition
    PLACEHOLDERS = ("problem",)

    def __init__(self, rule, lang, indexes):
        super().__init__(rule, lang, indexes)
        self._key = self.register("need", rule.spec["need"][lang])
        self._region = rule.spec.get("need_in", "reply")
        at_end = self._region == "last-sentences"
        self._point_at = rule.spec.get("point_at", "last-sentence" if at_end else "first-sentence")

    def find(self, ctx):
        doc = ctx.doc
        sents = _worded(doc)
        if not sents:
            return []
        region = {"first-sentence": sents[:1], "last-sentences": sents[-2:]}.get(self._region)
        start, end = (region[0][0], region[-1][1]) if region else (0, len(ctx.doc))
        if any(h.start < end and h.end > start for h in ctx.hits.get(self._key, [])):
            return []
        params = {"problem": self._problem(ctx)}
        if self._reply_key:
            triggers = self.triggers(ctx)
            return [(triggers[0], params)] if triggers else []
        where = doc[slice(*sents[-1])] if self._point_at == "last-sentence" else _first_words(doc, sents)
        return [(span, params) for span in self.allowed([where], ctx)]

    def _problem(self, ctx):
        """The longest words of the customer's message that made the rule apply, or ""."""
        hits = self.customer_triggers(ctx)
        return max(hits, key=lambda h: (len(h.text), -h.start)).text if hits else ""


def _worded(doc):
    """The (start, end) token offsets of the sentences with more than white space in them, worked
    out once per reply for every rule of this type (most replies are read by several)."""
    found = doc.user_data.get(_WORDED)
    if found is None:
        text = text_of(doc)
        found = doc.user_data[_WORDED] = [bounds for bounds, (first, last) in zip(sentences(doc), sentence_chars(doc))
                                          if text[first:last].strip()]
    return found


_WORDED = "etiket.required.worded"


def _first_words(doc, sents):
    """The first sentence with words in it: a public reply's leading @handle is an address, and a
    finding that points at it points at nothing the writer can change."""
    for start, end in sents:
        sent = doc[start:end]
        if any(not t.is_punct and not t.is_space and not t.text.startswith("@") for t in sent):
            return sent
    return doc[slice(*sents[0])]
