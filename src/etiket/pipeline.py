"""spaCy pipelines, one per language, with etiket's rule components.

Blank pipelines only (no trained model needed): tokenizer, opaque spans (placeholders, URLs,
handles ...) merged into one token each, sentencizer, line breaks and URLs as sentence boundaries,
a lookup lemmatizer, and the rules component. Indonesian uses a lighter tokenizer that
starts in about a second instead of five (see `_fast_indonesian`). The components run in a
`Pipeline` of etiket's own, not in spaCy's Language: the same tokenizer and steps without
spaCy's configuration system, whose registry of every language and component costs a start.
"""

import gzip
import importlib
import importlib.util
import json
import os
import re
import sys
import types
from bisect import bisect_right
from collections import OrderedDict, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from itertools import chain
from importlib import resources


def _defer_spacy_cli():
    """`import spacy` imports spacy.cli (typer's pydantic layer, weasel, jinja2, requests: about
    0.2 s of a one-draft run) for one name, `spacy.info`, which etiket never calls. Stand-ins take
    its place until something touches them, which then loads the real package."""
    found = None if "spacy" in sys.modules else importlib.util.find_spec("spacy")
    if found is None or not found.submodule_search_locations:
        return
    cli, info = types.ModuleType("spacy.cli"), types.ModuleType("spacy.cli.info")
    cli.__path__ = [os.path.join(found.submodule_search_locations[0], "cli")]  # its submodules stay importable

    def real():
        for name, stand_in in (("spacy.cli.info", info), ("spacy.cli", cli)):
            if sys.modules.get(name) is stand_in:
                del sys.modules[name]
        return importlib.import_module("spacy.cli")

    cli.__getattr__ = lambda name: getattr(real(), name)
    info.info = lambda *args, **kwargs: real().info(*args, **kwargs)
    sys.modules.update({"spacy.cli": cli, "spacy.cli.info": info})


def _defer_package_inits():
    """spaCy's package __init__ imports spacy.pipeline, whose own imports every pipe (parser, NER,
    text categorizers, entity linker, spacy.ml and numpy.random with them), none of which etiket
    runs: stand-ins for both packages (their specs, not run) let their modules be imported alone.
    The first name asked of a stand-in that it lacks runs the package's real __init__ in it."""
    if "spacy" in sys.modules:
        return
    for name in ("spacy", "spacy.pipeline"):
        sys.modules[name] = _until_asked(importlib.util.module_from_spec(importlib.util.find_spec(name)))
    from spacy.errors import setup_default_warnings

    setup_default_warnings()  # what spaCy's __init__ does first
    import spacy.util  # noqa: F401 - then its modules in an order whose circular imports resolve, as its __init__'s do
    import spacy.language  # noqa: F401


def _until_asked(module):
    def __getattr__(name):
        # a submodule is the import system's to load (`from . import util` asks the package first)
        if name.startswith("__") or importlib.util.find_spec(f"{module.__name__}.{name}") is not None:
            raise AttributeError(name)
        if module.__dict__.pop("__getattr__", None) is None:
            raise AttributeError(name)
        module.__spec__.loader.exec_module(module)
        return getattr(module, name)

    module.__getattr__ = __getattr__
    return module


_defer_spacy_cli()
_defer_package_inits()

import numpy  # noqa: E402
import spacy  # noqa: E402
import spacy.vocab  # noqa: E402
from spacy.attrs import NORM, ORTH, intify_attr, intify_attrs  # noqa: E402
from spacy.errors import Errors  # noqa: E402
from spacy.pipeline.sentencizer import Sentencizer  # noqa: E402
from spacy.tokenizer import Tokenizer  # noqa: E402
from spacy.tokens import Doc, Span, SpanGroup, Token  # noqa: E402
from spacy.vocab import create_vocab  # noqa: E402

from etiket import opaque, terms  # noqa: E402
from etiket.checks import CHECKS  # noqa: E402
from etiket.checks.base import SENTS, TEXT, Context, text_of  # noqa: E402
from etiket.terms import TermIndex  # noqa: E402

if "cli" not in vars(spacy):  # what importing the real one would have set: `spacy.cli.X` works
    spacy.cli = sys.modules["spacy.cli"]

RULES_PIPE = "etiket_rules"
# spaCy's own limit on the text of one Doc (Language.max_length).
MAX_LENGTH = 1_000_000
# Customer messages whose term hits a pipeline remembers (see RuleComponent._customer_hits).
CUSTOMERS = 64
# The kind of an opaque token ("url", "mention", ...), "" for a word: patterns can test it as
# {"_": {"opaque": "mention"}} (a string default, as spaCy's Matcher reads no None).
if not Token.has_extension("opaque"):
    Token.set_extension("opaque", default="")
# Chat writers end sentences with an emoji instead of a full stop ("Makasih Kak 🙏 Paketnya ...").
SENTENCE_ENDS = [*Sentencizer.default_punct_chars, *"😊🙏😅😂🤣😄😁😆🙂😉😍🥰😭😢😔🙁👍👏💪✨🎉🤗😇🥲😥😩😤😡🙄😏😬🤔"]

# Abbreviations after which the sentencizer would wrongly start a new sentence.
_SPECIAL_CASES = {
    "id": ["Yth.", "Tgl.", "tgl.", "maks.", "Maks.", "min.", "Min.", "Bpk.", "Sdr.", "Sdri.", "Jl.", "No.", "hlm."],
    "en": ["approx.", "Approx.", "max.", "min.", "No.", "Ref.", "ref.", "mr.", "mrs.", "ms.", "dr."],
}


def _keeps_hyphenated_words(pattern):
    return not re.search(pattern, "anak-anak")


@cache
def _fast_indonesian():
    """spaCy's Indonesian defaults with a lighter tokenizer, made the first time an Indonesian reply
    needs them (spaCy's Indonesian data and the infix test below cost an English run 0.1 s)."""
    from spacy.language import BaseDefaults

    # spaCy's ~16k hyphenated exceptions cost ~4 s at start-up; not splitting on hyphens between
    # letters keeps reduplicated words (anak-anak) whole without them. The ~350 others are kept in
    # the start memory, so spaCy's module that builds all of them (~0.05 s) is not imported.
    exceptions = terms.remembered("id", ("tokenizer exceptions",), _hyphenless_exceptions)
    lex, punct, stops, syntax = _language_modules("id", ("lex_attrs", "punctuation", "stop_words", "syntax_iterators"))
    # which infixes keep them whole, remembered: compiling each of the 15 on its own took 0.03-0.05 s
    kept = terms.remembered("id", ("infixes kept",), lambda: [_keeps_hyphenated_words(p) for p in punct.TOKENIZER_INFIXES])

    class FastIndonesianDefaults(BaseDefaults):  # spacy.lang.id's IndonesianDefaults, but for the two above
        tokenizer_exceptions = exceptions
        prefixes = punct.TOKENIZER_PREFIXES
        suffixes = punct.TOKENIZER_SUFFIXES
        infixes = [p for p, keep in zip(punct.TOKENIZER_INFIXES, kept) if keep] + [r"(?<=[^\W\d_])/(?=[^\W\d_])"]
        syntax_iterators = syntax.SYNTAX_ITERATORS
        lex_attr_getters = lex.LEX_ATTRS
        stop_words = stops.STOP_WORDS

    return FastIndonesianDefaults


def _hyphenless_exceptions():
    from spacy.lang.id import IndonesianDefaults

    return {k: v for k, v in IndonesianDefaults.tokenizer_exceptions.items() if "-" not in k}


def _language_modules(lang, names):
    """spacy.lang.<lang>'s modules `names`. Unless the package is loaded already, they are run under a
    stand-in for it (its spec, not run), as the package's own __init__ imports more (Indonesian's
    builds every tokenizer exception). The stand-in and the modules leave sys.modules afterwards:
    whatever imports the package later gets all of it, made as if etiket had not been there."""
    package = f"spacy.lang.{lang}"
    names = [f"{package}.{name}" for name in names]
    if package in sys.modules:
        return [importlib.import_module(name) for name in names]
    stand_in = sys.modules[package] = importlib.util.module_from_spec(importlib.util.find_spec(package))
    try:
        return [importlib.import_module(name) for name in names]
    finally:
        if sys.modules.get(package) is stand_in:
            for name in [package, *names]:
                sys.modules.pop(name, None)


def _defaults(lang):
    """The language data spaCy's blank `lang` pipeline is made from."""
    if lang == "id":
        return _fast_indonesian()
    return _english()


@cache
def _english():
    """spacy.lang.en's EnglishDefaults, made from its modules: the package's __init__ imports its
    lemmatizer, which asks spacy.pipeline for a name, and so every pipe (see _defer_package_inits)."""
    from spacy.language import BaseDefaults

    lex, punct, stops, syntax, exceptions = _language_modules("en", ("lex_attrs", "punctuation", "stop_words", "syntax_iterators", "tokenizer_exceptions"))

    class EnglishDefaults(BaseDefaults):
        tokenizer_exceptions = exceptions.TOKENIZER_EXCEPTIONS
        infixes = punct.TOKENIZER_INFIXES
        lex_attr_getters = lex.LEX_ATTRS
        syntax_iterators = syntax.SYNTAX_ITERATORS
        stop_words = stops.STOP_WORDS

    return EnglishDefaults


def _lookup_table(lang):
    """The lookup lemma table of `lang` (word -> lemma), shipped in etiket/data: spacy-lookups-data's
    own, read directly (3× faster than through spaCy's registry, and without a 99 MB package), and
    kept unpacked in the user cache (unpickled in half the time of unzipping and parsing it)."""
    return terms.remembered(lang, ("lemma table",), lambda: _packed_table(lang))


def _packed_table(lang):
    with (resources.files("etiket") / "data" / f"{lang}_lemma_lookup.json.gz").open("rb") as packed:
        return json.loads(gzip.decompress(packed.read()))


_ID_SUFFIXES = ("lah", "kah", "nya", "kan", "i")


class LookupLemmatizer:
    """Lower-cased lookup lemmas (and a plain-apostrophe NORM); for Indonesian, also di- passives and -kan/-i/-lah forms the
    table lacks (dikirimkan -> kirim), by stripping affixes until a known lemma appears."""

    def __init__(self, lang):
        self.lang = lang
        self.table = _lookup_table(lang)
        self.known = set(self.table.values()) if lang == "id" else set()  # lemmas only _strip_affixes reads
        self._forms = {}  # LOWER hash -> [NORM hash, LEMMA hash]

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
        """NORM and LEMMA of every token but the opaque ones, which keep their neutral marker
        ("<url>"), so no term list matches them. Both come from the token's lower case alone, so
        they are worked out once per word (`forms`) and written as one array."""
        if not len(doc):
            return doc
        strings, forms, opaque_at = doc.vocab.strings, self._forms, _opaque_tokens(doc)
        lowers = doc.to_array("LOWER").tolist()
        if opaque_at:
            rows = [(doc[i].norm, doc[i].lemma) if i in opaque_at else forms.get(lower) or self._remember(lower, strings)
                    for i, lower in enumerate(lowers)]  # an opaque token's words are not remembered
        else:
            rows = [forms.get(lower) or self._remember(lower, strings) for lower in lowers]
        # one flat array of the pairs: numpy reads a flat iterator faster than a list of lists
        values = numpy.fromiter(chain.from_iterable(rows), dtype="uint64", count=2 * len(rows))
        doc.from_array(["NORM", "LEMMA"], values.reshape(-1, 2))
        return doc

    def _remember(self, lower, strings):
        found = self._forms[lower] = self._forms_of(strings[lower], strings)
        return found

    def _forms_of(self, lower, strings):
        # NORM: lower case with typographic apostrophes made plain, so "that’s" matches "that's"
        norm = lower.replace("’", "'")
        return [strings.add(norm), strings.add(self.lemma(norm))]


# Where _mark_opaque leaves the numbers of a Doc's opaque tokens (_retokenized's are found by offset).
_OPAQUE_AT = "etiket.opaque_tokens"


def _opaque_tokens(doc):
    """The numbers of the Doc's opaque tokens (each opaque span is one token by now): as
    _mark_opaque left them, else found by their offsets."""
    spans = doc.user_data.get(opaque.KEY)
    if not spans:
        return ()
    if _OPAQUE_AT in doc.user_data:
        return doc.user_data[_OPAQUE_AT]
    starts = {span.start for span in spans}
    return {i for i, at in enumerate(doc.to_array("IDX").tolist()) if at in starts}


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
        self._always, self._by_key = [], {}  # checks run on every reply; the others by the key they need
        self._applicable = {}  # (channel, customer message or not) -> _always and _by_key less the checks that cannot apply
        self._nlp = nlp
        self._customers = OrderedDict()  # customer message -> its term hits, the latest CUSTOMERS

    def add_rules(self, rules, lang):
        for rule in rules:
            self.checks.append(CHECKS[rule.check](rule, lang, self.indexes))
        # a check that speaks only where nothing of its category flags runs after all the others
        self.checks.sort(key=lambda check: check.DEFERS)
        self._always, self._by_key, self._applicable = [], defaultdict(list), {}
        for number, check in enumerate(self.checks):
            keys = check.needed_keys()
            if keys is None:
                self._always.append(number)
            for key in keys or ():
                self._by_key[key].append(number)

    def warm(self):
        self.indexes.reply.compile_all()
        self.indexes.customer.compile_all()

    def __call__(self, doc):
        context = doc.user_data.get("etiket.context", {})
        customer = context.get("customer")
        deadline, overrun, stopped = context.get("deadline"), [], []
        ctx = Context(
            doc=doc,
            # lazy: a rule regex runs only when a check reads one of its keys, so the overruns
            # are known after the checks
            hits=self.indexes.reply.find(doc, deadline, overrun, lazy=True),
            customer_hits=self._customer_hits(customer, deadline, stopped) if customer else None,
            channel=context.get("channel"),
            customer=customer,
        )
        spans, params, found, overruled = [], [], set(), set()
        severities = context.get("severities")
        due = self._due(ctx)
        for check in due:
            if check.DEFERS:
                check.prepare(ctx)
        for check in due:  # deferring checks come last (add_rules)
            category = check.rule.category
            if check.DEFERS and category in found:
                if check.overrules(ctx):
                    overruled.add(category)
                continue
            for span, values in check.evaluate(ctx):
                spans.append(Span(doc, span.start, span.end, label=check.rule.id))
                params.append(values)
                # a deferring check adds to what flags: an info finding (a hint) does not silence it
                if check.rule.severity_in(ctx.channel, severities) != "info":
                    found.add(category)
                if not check.DEFERS:
                    ctx.fired.add(check.rule.id)
        if stopped:  # a message whose regexes ran out of time is read again for the next reply
            self._customers.pop(customer, None)
            overrun.extend(stopped)
        # the findings stay: what is dropped depends on the severity the run gives each (lint.Linter)
        doc.user_data["etiket.overruled"] = overruled
        doc.user_data["etiket.fired"] = ctx.fired
        doc.user_data["etiket.overrun"] = sorted({key.split("|")[0] for key in overrun})
        doc.spans["etiket"] = SpanGroup(doc, name="etiket", spans=spans)
        doc.user_data["etiket.params"] = params
        return doc

    def _due(self, ctx):
        """The checks that may find something given the reply's term hits, in rule order: most
        rules look for terms that most replies do not contain. A check that cannot apply to the
        reply (Check.may_apply) is left out before its terms are asked for, so their regexes do
        not run for it."""
        always, by_key = self._can_apply(ctx.channel, bool(ctx.customer))
        due = set(always)
        for key in ctx.hits.present(by_key):
            due.update(by_key[key])
        return [self.checks[number] for number in sorted(due)]

    def _can_apply(self, channel, customer):
        """_always and _by_key less the checks that cannot apply on `channel` with a customer's
        message or without (`customer`), worked out once for each."""
        found = self._applicable.get((channel, customer))
        if found is None:
            can = [check.may_apply(channel, customer) for check in self.checks]
            by_key = {key: kept for key, numbers in self._by_key.items() if (kept := [n for n in numbers if can[n]])}
            found = self._applicable[channel, customer] = ([n for n in self._always if can[n]], by_key)
        return found

    def _customer_hits(self, text, deadline, stopped):
        """The term hits in a customer's message, remembered for the next replies to the same
        message: drafts of one ticket, an editor re-checking as the agent types, `--context`. Its
        regexes run when a check reads one of their keys (most of its keys are read only where a
        rule's reply terms matched), each within the budget of the reply that reads it first; a
        regex stopped there goes to `stopped`, and the message is read anew for the next reply."""
        hits = self._customers.get(text)
        if hits is not None:
            self._customers.move_to_end(text)
        else:
            hits = self.indexes.customer.find(self._nlp(text, disable=[RULES_PIPE]), lazy=True)
            self._customers[text] = hits
            if len(self._customers) > CUSTOMERS:
                self._customers.popitem(last=False)
        hits.budget(deadline, stopped)
        return hits


def _mark_line_breaks(doc):
    """A line break ends a sentence: greetings, sign-offs and list items stand on their own.
    Found from the text's line breaks, not by visiting every token: the token that holds one in
    its text or its trailing space is the last before a new sentence."""
    breaks = [m.start() for m in _NEWLINE.finditer(text_of(doc))]
    if not breaks:
        return doc
    starts, idx = doc.to_array(["SENT_START"]), doc.to_array("IDX").tolist()
    for at in breaks:
        i = bisect_right(idx, at)  # the token after the one holding the break
        if i < len(idx):
            starts[i] = 1
    doc.from_array(["SENT_START"], starts)
    return doc


_NEWLINE = re.compile("\n")


def _merge_opaque(doc, placeholders=()):
    """Each opaque span (opaque.find) becomes one token whose NORM and LEMMA are a neutral marker
    ("<url>"), so phrase lists never match inside it; the spans stay in doc.user_data[opaque.KEY].
    The Doc is made anew from its words (split at each span's ends, each span's words joined),
    which costs a fraction of spaCy's retokenizer; the retokenizer remains for a span whose ends
    fall in white space, which words cannot express."""
    spans = opaque.find(text_of(doc), placeholders)
    doc.user_data[opaque.KEY] = spans
    if not spans:
        return doc
    alone = _one_token_each(doc, spans)
    if alone is not None:  # most links and handles: the tokenizer kept each whole already
        _mark_opaque(doc, zip(alone, (span.kind for span in spans)))
        return doc
    words = _opaque_words(doc, spans)
    if words is None:
        return _retokenized(doc, spans)
    texts, spaces, merged = words
    made = Doc(doc.vocab, words=texts, spaces=spaces)
    made.user_data.update(doc.user_data)
    _mark_opaque(made, merged)
    return made


def _mark_opaque(doc, tokens):
    """Give each (token number, kind) of `tokens` its kind and its neutral NORM and LEMMA, and keep
    their numbers for the lemmatizer (_opaque_tokens)."""
    marked = set()
    for i, kind in tokens:
        token, marker = doc[i], f"<{kind}>"
        token.norm_, token.lemma_, token._.opaque = marker, marker, kind
        marked.add(i)
    doc.user_data[_OPAQUE_AT] = marked


def _one_token_each(doc, spans):
    """The token number of each span when every span is exactly one token, else None. The Doc
    then needs no new tokens: one made anew from its words would hold the same ones (the
    tokenizer's NORMs, which it would lose, are written again by the lemmatizer)."""
    bounds = doc.to_array(["IDX", "LENGTH"]).tolist()
    starts = [start for start, _ in bounds]
    numbers = []
    for span in spans:
        i = bisect_right(starts, span.start) - 1
        if i < 0 or starts[i] != span.start or starts[i] + bounds[i][1] != span.end:
            return None
        numbers.append(i)
    return numbers


def _opaque_words(doc, spans):
    """(words, spaces, [(token number, kind) of each span]) of `doc` with each span one word, or
    None when a span's ends do not fall on the ends of words (white space inside a token)."""
    text, cuts = text_of(doc), sorted({at for span in spans for at in (span.start, span.end)})
    pieces = []  # (start, end, space after) of each token, split at every cut inside it
    for start, length, space in doc.to_array(["IDX", "LENGTH", "SPACY"]).tolist():
        end, at = start + length, bisect_right(cuts, start)
        while at < len(cuts) and cuts[at] < end:
            pieces.append((start, cuts[at], False))
            start, at = cuts[at], at + 1
        pieces.append((start, end, bool(space)))
    texts, spaces, merged, i = [], [], [], 0
    for span in spans:
        while i < len(pieces) and pieces[i][0] < span.start:
            texts.append(text[pieces[i][0]:pieces[i][1]])
            spaces.append(pieces[i][2])
            i += 1
        last = i
        while last < len(pieces) and pieces[last][1] < span.end:
            last += 1
        if i == len(pieces) or pieces[i][0] != span.start or last == len(pieces) or pieces[last][1] != span.end:
            return None
        merged.append((len(texts), span.kind))
        texts.append(text[span.start:span.end])
        spaces.append(pieces[last][2])
        i = last + 1
    texts += [text[a:b] for a, b, _ in pieces[i:]]
    spaces += [space for _, _, space in pieces[i:]]
    return texts, spaces, merged


def _retokenized(doc, spans):
    _split_at(doc, {at for span in spans for at in (span.start, span.end)})
    with doc.retokenize() as retokenizer:
        for span in spans:
            marker = f"<{span.kind}>"
            attrs = {"NORM": marker, "LEMMA": marker, "_": {"opaque": span.kind}}
            retokenizer.merge(doc.char_span(span.start, span.end), attrs=attrs)
    return doc


def _split_at(doc, offsets):
    """Split the tokens that an offset falls inside ("hey{%" -> "hey", "{%"), so every opaque span
    starts and ends at a token boundary."""
    starts = doc.to_array("IDX").tolist()
    cut = defaultdict(list)
    for at in sorted(offsets):
        token = doc[bisect_right(starts, at) - 1]
        if token.idx < at < token.idx + len(token):
            cut[token.i].append(at - token.idx)
    if not cut:
        return
    with doc.retokenize() as retokenizer:
        for i, points in cut.items():
            token = doc[i]
            bounds = [0, *points, len(token)]
            orths = [token.text[a:b] for a, b in zip(bounds, bounds[1:])]
            retokenizer.split(token, orths, heads=[(token, n) for n in range(len(orths))])


def _mark_opaque_breaks(doc):
    """Sentence starts a reader sees around opaque tokens: a capitalised word right after a URL or
    an e-mail address ("here: https://t.co/abc Let us know"), and the first word after the leading
    @mentions of a public reply (the address line). A dot after a URL is a token of its own
    (opaque.find leaves it out), so the sentencizer already ends the sentence there.
    The last step that moves sentence starts, so it also leaves the sentences' bounds on the Doc
    (checks.base.sentences): every later reader takes them from there."""
    spans = doc.user_data.get(opaque.KEY)
    starts = doc.to_array(["SENT_START"])
    if spans:
        for span in spans:
            after = doc.char_span(span.start, span.end).end
            if span.kind in ("url", "email") and after < len(doc) and doc[after].is_title:
                starts[after] = 1
        lead = opaque.address_line(text_of(doc), spans)
        after = doc.char_span(lead[-1].start, lead[-1].end).end if lead else 0
        if 0 < after < len(doc) and not doc[after].is_punct:
            starts[after] = 1
        doc.from_array(["SENT_START"], starts)
    begins = [0, *(numpy.flatnonzero(starts[1:] == 1) + 1).tolist()] if len(doc) else []
    doc.user_data[SENTS] = list(zip(begins, begins[1:] + [len(doc)]))
    return doc


class Pipeline:
    """A language's tokenizer and the components that run after it, in order: what spaCy's Language
    does with a blank pipeline (`nlp(text)`, `nlp.make_doc`, `nlp.get_pipe`, `nlp.pipeline`), made
    without its configuration system."""

    def __init__(self, lang, vocab, tokenizer):
        self.lang, self.vocab, self.tokenizer = lang, vocab, tokenizer
        self.pipeline = []  # (name, component)

    def add(self, name, component):
        self.pipeline.append((name, component))
        return component

    def get_pipe(self, name):
        return dict(self.pipeline)[name]

    def make_doc(self, text):
        if len(text) > MAX_LENGTH:
            raise ValueError(Errors.E088.format(length=len(text), max_length=MAX_LENGTH))
        return self.tokenizer(text)

    def __call__(self, text, disable=()):
        doc = self.make_doc(text) if isinstance(text, str) else text
        for name, component in self.pipeline:
            if name not in disable:
                doc = component(doc)
        return doc


class _LanguageDataTokenizer(Tokenizer):
    """spaCy's Tokenizer, taking its special cases as already checked: spaCy's language data
    (update_exc) checked each exception's pieces when it was made, and etiket's own are one plain
    piece each. Checking them again (that the pieces spell the string and set ORTH and NORM only,
    every attribute read through intify_attrs) took a sixth of building the English tokenizer."""

    def _validate_special_case(self, chunk, substrings):
        pass


def blank(lang):
    """The tokenizer-only pipeline for `lang`, with etiket's special cases: the vocabulary and the
    tokenizer spacy.blank(lang) makes, from the same language data."""
    defaults = _defaults(lang)
    vocab = create_vocab(lang, defaults)
    prefixes, suffixes, infixes = _affixes(lang, defaults)
    with _pieces_read_plainly():
        tokenizer = _LanguageDataTokenizer(
            vocab,
            rules=defaults.tokenizer_exceptions,
            prefix_search=prefixes.search,
            suffix_search=suffixes.search,
            infix_finditer=infixes.finditer,
            token_match=defaults.token_match,
            url_match=defaults.url_match,
        )
        for case in _SPECIAL_CASES[lang]:
            tokenizer.add_special_case(case, [{"ORTH": case}])
    return Pipeline(lang, vocab, tokenizer)


@contextmanager
def _pieces_read_plainly():
    """While the tokenizer is made: spaCy's Vocab.make_fused_token reads each piece of a special case
    through intify_attrs with its deprecated names (45 morphology features looked up three ways each,
    for every piece: over half of making the English tokenizer), though the pieces of spaCy's
    language data and etiket's own set ORTH and NORM only (see _LanguageDataTokenizer)."""
    spacy.vocab.intify_attrs = _orth_and_norm
    try:
        yield
    finally:
        spacy.vocab.intify_attrs = intify_attrs


def _orth_and_norm(attrs, strings_map=None, _do_deprecated=False):
    """spacy.attrs.intify_attrs of a piece that sets ORTH and NORM only, which has no deprecated
    names to rename or drop; any other piece goes to intify_attrs itself."""
    ints = {intify_attr(name): value for name, value in attrs.items()}
    if strings_map is None or not ints.keys() <= {ORTH, NORM}:
        return intify_attrs(attrs, strings_map=strings_map, _do_deprecated=_do_deprecated)
    return {key: strings_map.add(value) if isinstance(value, str) else value for key, value in ints.items()}


def _affixes(lang, defaults):
    """The tokenizer's prefix, suffix and infix patterns, made from the language data as
    spacy.util's compile_prefix_regex, compile_suffix_regex and compile_infix_regex make them."""
    prefixes = _prefix_expression([piece for piece in defaults.prefixes if piece.strip()])
    suffixes = "|".join(piece + "$" for piece in defaults.suffixes if piece.strip())
    infixes = "|".join(piece for piece in defaults.infixes if piece.strip())
    return [terms.compiled_re(lang, expression) for expression in (prefixes, suffixes, infixes)]


def _prefix_expression(pieces):
    """spaCy's prefix pattern ("^" before each piece, all joined by "|"), written so that the regex
    engine tries it at the start of a chunk only: `^(?:piece|piece|...)`, then any alternative
    spaCy's join leaves unanchored (a piece's own top-level alternatives after its first one:
    Indonesian's `<(b|...)\\s?/>|<a([^>]+)>`). The matches are the same: at the start both try every
    alternative in spaCy's order; anywhere else only the unanchored ones can match, in the same order.
    Python's re tries spaCy's form at every position of a chunk, all ~170 alternatives each time
    when one is unanchored (~10 µs a new Indonesian chunk against ~0.7). spaCy's form itself when
    every alternative is anchored (English: each other position then fails at once, and callgrind
    counted the form above 0.5 % slower there) or when an unanchored one could not be repeated
    alone (it names a group or refers to one)."""
    plain = "|".join("^" + piece for piece in pieces)
    split = [_top_level_alternatives(piece) for piece in pieces]
    if None in split:
        return plain
    loose = [alternative for alternatives in split for alternative in alternatives[1:]]
    if not loose or any(_REFERS.search(alternative) for alternative in loose):
        return plain
    return "|".join([f"^(?:{'|'.join(pieces)})", *loose])


# A named group, a reference to a group, or a scoped verbose flag (whose comments _top_level_alternatives does not read).
_REFERS = re.compile(r"\(\?P|\\[1-9]|\(\?[a-zA-Z-]*x")


def _top_level_alternatives(piece):
    """`piece` split at its "|" outside groups and character classes, or None when its brackets do
    not close as read here (escapes, classes whose first "]" is a character)."""
    alternatives, start, depth, i = [], 0, 0, 0
    while i < len(piece):
        char = piece[i]
        if char == "\\":
            i += 1
        elif char == "[":  # a class: to its closing "]" (one first in the class, after any "^", is a character)
            i += 2 if piece[i + 1:i + 2] == "^" else 1
            i += piece[i:i + 1] == "]"
            while i < len(piece) and piece[i] != "]":
                i += 2 if piece[i] == "\\" else 1
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            alternatives.append(piece[start:i])
            start = i + 1
        i += 1
    return alternatives + [piece[start:]] if depth == 0 and i == len(piece) else None


def build(lang, rules, placeholders=()):
    """A ready pipeline for `lang` running `rules` (those covering this language); `placeholders`
    are extra template placeholder patterns (config file)."""
    nlp = blank(lang)
    extra = tuple(placeholders)
    nlp.add("etiket_opaque", lambda doc: _merge_opaque(doc, extra))
    nlp.add("sentencizer", Sentencizer(punct_chars=SENTENCE_ENDS, overwrite=False))
    nlp.add("etiket_line_breaks", _mark_line_breaks)
    nlp.add("etiket_opaque_breaks", _mark_opaque_breaks)
    nlp.add("etiket_lemmatizer", LookupLemmatizer(lang))
    nlp.add(RULES_PIPE, RuleComponent(nlp, RULES_PIPE)).add_rules([r for r in rules if lang in r.languages], lang)
    terms.keep(lang)  # what the first build worked out, for the next start
    return nlp


LINKS = ("url", "email")


def without_links(span):
    """A finding that points at a whole sentence points at its words, not at a link inside it:
    the part before the first link, else the part after the last one."""
    if not any(found.kind in LINKS for found in span.doc.user_data.get(opaque.KEY) or ()):
        return span  # no link in the reply: its tokens' kinds need not be read one by one
    links = [t.i for t in span if t._.opaque in LINKS]
    if not links or len(links) == len(span):
        return span
    doc = span.doc
    if links[0] > span.start:
        return Span(doc, span.start, links[0], label=span.label)
    return Span(doc, links[-1] + 1, span.end, label=span.label)


def analyse(nlp, text, customer=None, channel=None, deadline=None, severities=None):
    """Run the pipeline on a reply, with the customer's message as context. Rule regexes still
    running at `deadline` (time.monotonic()) are stopped; their rules are listed in
    doc.user_data["etiket.overrun"]. `severities`: the severity a project gave a rule (rule id ->
    severity), which decides, as in the report, whether its finding flags and so silences a learned rule."""
    doc = nlp.make_doc(text)
    doc.user_data[TEXT] = text  # what doc.text would join again from the tokens
    doc.user_data["etiket.context"] = {"channel": channel, "deadline": deadline, "customer": customer,
                                       "severities": severities}
    return nlp(doc)

