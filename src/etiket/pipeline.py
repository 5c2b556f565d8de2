"""spaCy pipelines, one per language, with etiket's rule components.

Blank pipelines only (no trained model needed): tokenizer, sentencizer, line breaks as sentence
boundaries, a lookup lemmatizer, and the rules component. Indonesian uses a lighter tokenizer that
starts in about a second instead of five (see `FastIndonesian`).
"""

import re
from dataclasses import dataclass

import spacy
from spacy.language import Language
from spacy.lang.id import Indonesian, IndonesianDefaults
from spacy.pipeline import Sentencizer
from spacy.tokens import Span, SpanGroup

from etiket.checks import CHECKS
from etiket.checks.base import Context
from etiket.terms import TermIndex

RULES_PIPE = "etiket_rules"
# Chat writers end sentences with an emoji instead of a full stop ("Makasih Kak 🙏 Paketnya ...").
SENTENCE_ENDS = [*Sentencizer.default_punct_chars, *"😊🙏😅😂🤣😄😁😆🙂😉😍🥰😭😢😔🙁👍👏💪✨🎉🤗😇🥲😥😩😤😡🙄😏😬🤔"]

# Abbreviations after which the sentencizer would wrongly start a new sentence.
_SPECIAL_CASES = {
    "id": ["Yth.", "Tgl.", "tgl.", "maks.", "Maks.", "min.", "Min.", "Bpk.", "Sdr.", "Sdri.", "Jl.", "No.", "hlm."],
    "en": ["approx.", "Approx.", "max.", "min.", "No.", "Ref.", "ref."],
}


def _keeps_hyphenated_words(pattern):
    return not re.search(pattern, "anak-anak")


class FastIndonesianDefaults(IndonesianDefaults):
    # spaCy's ~16k hyphenated exceptions cost ~4 s at start-up; not splitting on hyphens between
    # letters keeps reduplicated words (anak-anak) whole without them.
    tokenizer_exceptions = {k: v for k, v in IndonesianDefaults.tokenizer_exceptions.items() if "-" not in k}
    infixes = [p for p in IndonesianDefaults.infixes if _keeps_hyphenated_words(p)] + [r"(?<=[^\W\d_])/(?=[^\W\d_])"]


class FastIndonesian(Indonesian):
    Defaults = FastIndonesianDefaults


def _lookup_table(lang):
    """spacy-lookups-data's lemma table (keyed by string hash); empty if the package is missing."""
    try:
        from spacy.lookups import load_lookups

        return load_lookups(lang, ["lemma_lookup"]).get_table("lemma_lookup")
    except (ValueError, ImportError, KeyError):
        return {}


_ID_SUFFIXES = ("lah", "kah", "nya", "kan", "i")


class LookupLemmatizer:
    """Lower-cased lookup lemmas (and a plain-apostrophe NORM); for Indonesian, also di- passives and -kan/-i/-lah forms the
    table lacks (dikirimkan -> kirim), by stripping affixes until a known lemma appears."""

    def __init__(self, lang):
        self.lang = lang
        self.table = _lookup_table(lang)
        self.known = set(self.table.values())

    def lemma(self, lower):
        found = self.table.get(lower)
        if found or self.lang != "id":
            return found or lower
        return self._strip_affixes(lower) or lower

    def _strip_affixes(self, word):
        for stem in _candidates(word):
            if stem in self.known:
                return stem
            if stem in self.table:
                return self.table[stem]
        return None

    def __call__(self, doc):
        for token in doc:
            # NORM: lower case with typographic apostrophes made plain, so "that’s" matches "that's"
            norm = token.lower_.replace("’", "'")
            token.norm_ = norm
            token.lemma_ = self.lemma(norm)
        return doc


def _candidates(word):
    stems = [word[2:]] if word.startswith("di") and len(word) > 5 else []
    for base in [word] + stems:
        rest = base
        for suffix in _ID_SUFFIXES:
            if rest.endswith(suffix) and len(rest) - len(suffix) >= 3:
                rest = rest[: -len(suffix)]
                stems.append(rest)
    return [s for s in stems if s != word]


@dataclass
class Indexes:
    reply: TermIndex
    customer: TermIndex


class RuleComponent:
    """Runs every rule of one language over a Doc; findings land in doc.spans["etiket"]
    (label = rule id) with their message parameters in doc.user_data["etiket.params"]."""

    def __init__(self, nlp, name):
        self.name = name
        lemmatizer = nlp.get_pipe("etiket_lemmatizer")
        self.indexes = Indexes(reply=TermIndex(nlp, lemmatizer), customer=TermIndex(nlp, lemmatizer))
        self.checks = []

    def add_rules(self, rules, lang):
        for rule in rules:
            self.checks.append(CHECKS[rule.check](rule, lang, self.indexes))

    def __call__(self, doc):
        context = doc.user_data.get("etiket.context", {})
        customer = context.get("customer")
        ctx = Context(
            doc=doc,
            hits=self.indexes.reply.find(doc),
            customer_hits=self.indexes.customer.find(customer) if customer is not None else None,
            channel=context.get("channel"),
        )
        spans, params = [], []
        for check in self.checks:
            for span, values in check.evaluate(ctx):
                spans.append(Span(doc, span.start, span.end, label=check.rule.id))
                params.append(values)
        doc.spans["etiket"] = SpanGroup(doc, name="etiket", spans=spans)
        doc.user_data["etiket.params"] = params
        return doc


def _mark_line_breaks(doc):
    """A line break ends a sentence: greetings, sign-offs and list items stand on their own."""
    for token in doc[1:]:
        if "\n" in doc[token.i - 1].text or "\n" in doc[token.i - 1].whitespace_:
            token.is_sent_start = True
    return doc


@Language.factory("etiket_lemmatizer", default_config={"lang": "en"})
def make_lemmatizer(nlp, name, lang: str):
    return LookupLemmatizer(lang)


@Language.factory("etiket_rules")
def make_rules(nlp, name):
    return RuleComponent(nlp, name)


Language.component("etiket_line_breaks", func=_mark_line_breaks)


def blank(lang):
    """The tokenizer-only pipeline for `lang`, with etiket's special cases."""
    nlp = FastIndonesian() if lang == "id" else spacy.blank(lang)
    for case in _SPECIAL_CASES[lang]:
        nlp.tokenizer.add_special_case(case, [{"ORTH": case}])
    return nlp


def build(lang, rules):
    """A ready pipeline for `lang` running `rules` (those covering this language)."""
    nlp = blank(lang)
    nlp.add_pipe("sentencizer", config={"punct_chars": SENTENCE_ENDS})
    nlp.add_pipe("etiket_line_breaks")
    nlp.add_pipe("etiket_lemmatizer", config={"lang": lang})
    nlp.add_pipe(RULES_PIPE).add_rules([r for r in rules if lang in r.languages], lang)
    return nlp


def analyse(nlp, text, customer=None, channel=None):
    """Run the pipeline on a reply, with the customer's message as context."""
    doc = nlp.make_doc(text)
    context = {"channel": channel}
    if customer:
        context["customer"] = nlp(customer, disable=[RULES_PIPE])
    doc.user_data["etiket.context"] = context
    return nlp(doc)

