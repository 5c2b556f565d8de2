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
        """What the customer's words that made the rule apply name (named), or ""."""
        return named(self.customer_triggers(ctx))


def named(hits):
    """The problem the customer's words name: the longest hit, and for a hit of one word its clause
    ("mengelupas" names nothing; "bagian bawahnya sudah berkarat dan catnya mengelupas" does), or ""."""
    if not hits:
        return ""
    hit = max(hits, key=lambda h: (len(h.text), -h.start))
    return _clause(hit) if len(hit) == 1 else hit.text


# words that open or close a clause of the customer's report: "... baru dua minggu tapi bagian bawahnya ..."
_CLAUSE_WORDS = {"but", "because", "although", "though", "so", "yet", "tapi", "tetapi", "namun", "padahal", "karena",
                 "soalnya", "jadi", "meskipun", "walaupun", "sedangkan"}
_CLAUSE_WORDS_AT_MOST = 12


def _clause(hit):
    """The hit and the words around it up to a punctuation mark, a handle, a clause word or the end of its sentence."""
    doc, start, end = hit.doc, hit.start, hit.end
    while start > 0 and not doc[start - 1].is_sent_end and _in_clause(doc[start - 1]) and end - start < _CLAUSE_WORDS_AT_MOST:
        start -= 1
    while end < len(doc) and not doc[end - 1].is_sent_end and _in_clause(doc[end]) and end - start < _CLAUSE_WORDS_AT_MOST:
        end += 1
    clause = doc[start:end]
    # a clause holding a phone number, an address or a link quotes the customer's details back: the hit alone
    if any(t.like_email or t.like_url for t in clause) or sum(c.isdigit() for c in clause.text) >= 6:
        return hit.text
    return clause.text


def _in_clause(token):
    return any(c.isalnum() for c in token.text) and not token.text.startswith("@") and token.lower_ not in _CLAUSE_WORDS


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
