"""What every check type shares: its declared options and placeholders, `when` preconditions and
`unless` guards."""

import re
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from functools import cached_property

# A message placeholder: `{name}`, but not a template variable such as `{{name}}` quoted in a message.
PLACEHOLDER = re.compile(r"(?<!\{)\{(\w+)\}(?!\})")
# Where the pipeline leaves a Doc's text: spaCy's doc.text joins every token's text each time it
# is asked, and the opaque spans, the metrics and the term matcher each ask.
TEXT = "etiket.text"
# Where the pipeline leaves a Doc's sentences, as (start, end) token offsets: spaCy's doc.sents
# visits every token each time it is asked, and several checks and the term matcher ask.
SENTS = "etiket.sents"
# The `unless` scopes read in the customer's message: anywhere in it, or beside the customer's words
# that made `when: customer` true (in the same sentence).
CUSTOMER_SCOPES = ("customer", "customer-sentence")
# An `unless` guard without terms: the finding's own words are in the customer's message (the account
# number or the code they wrote themselves, which they know by heart).
ECHOED = "echoed"


def text_of(doc):
    """doc.text, joined once per Doc."""
    found = doc.user_data.get(TEXT)
    if found is None:
        found = doc.user_data[TEXT] = doc.text
    return found


def sentences(doc):
    """The (start, end) token offsets of each sentence of `doc`, as doc.sents gives them; worked
    out here for a Doc that did not come through the pipeline."""
    found = doc.user_data.get(SENTS)
    if found is None:
        found = doc.user_data[SENTS] = [(sent.start, sent.end) for sent in doc.sents]
    return found


def sentence_chars(doc):
    """The (start, end) character offsets of each sentence of `doc` (its Span's start_char and
    end_char), read from the tokens' offsets at once and kept on the Doc: several checks ask, each
    of which made a Span of every sentence to read them."""
    found = doc.user_data.get(SENT_CHARS)
    if found is None:
        bounds = doc.to_array(["IDX", "LENGTH"]).tolist() if len(doc) else []
        found = doc.user_data[SENT_CHARS] = [(bounds[start][0], sum(bounds[end - 1])) for start, end in sentences(doc)]
    return found


SENT_CHARS = "etiket.sentence_chars"


@dataclass
class Context:
    """One reply being checked: its Doc, the term hits in it and in the customer's message."""

    doc: object
    hits: dict
    customer_hits: dict | None = None
    channel: str | None = None
    customer: str | None = None  # the customer's message itself, for a check that reads all of it
    triggered: dict = field(default_factory=dict)  # each check's customer_triggers, worked out once
    # the ids of the rules that found something in the reply so far, for a deferring check that
    # weighs them (a learned rule's `stack`)
    fired: set = field(default_factory=set)

    @cached_property
    def customer_squeezed(self):
        """The customer's message as an echoed guard seeks a finding in it: worked out once per reply."""
        return _squeezed(self.customer) if self.customer else ""


class Check(ABC):
    """Base of all check types; a subclass implements `find(ctx)` -> [(span, params)].

    A check type owns its options: the rule loader validates a rule's type-specific keys with the
    type's OPTIONS and `problems`, and its message placeholders with PLACEHOLDERS.
    """

    # The keys this type adds to a rule: a JSON-Schema fragment ("properties", "required") merged
    # into rule.schema.json, so a `$ref` may name that schema's $defs (terms_by_lang, ...).
    OPTIONS = {}
    # The options that hold terms per language: each needs every language the rule covers.
    PER_LANGUAGE = ()
    # The placeholders the params of `find` fill in message and suggestion; {text} always works.
    PLACEHOLDERS = ()
    # A type that speaks only where no other rule of its category flagged anything (a warning or an error) in the
    # reply; it may overrule them instead (`overrules`).
    DEFERS = False

    @classmethod
    def problems(cls, spec, folder):
        """What a schema cannot say about this type's options: yields (key path, detail).
        `folder` is the rule file's, for options that name a file beside it."""
        for lang in spec["languages"]:
            for key in cls.PER_LANGUAGE:
                if lang not in spec[key]:
                    yield [key], f"{key} has no {lang!r} terms, but the rule covers {lang!r}"

    @classmethod
    def files(cls, spec, folder):
        """What this type reads from files beside the rule (`folder` is the rule file's), read once
        when the rule loads: it is kept with the rule (Rule.files) and in the rules cache."""
        return {}

    def __init__(self, rule, lang, indexes):
        """`indexes` holds the shared term index for replies and the one for customer messages."""
        self.rule, self.lang = rule, lang
        self._indexes = indexes
        when = rule.spec.get("when", {})
        self._channels = rule.channels
        self._customer_key = self.register("customer", when.get("customer", {}).get(lang), customer=True)
        self._reply_key = self.register("reply", when.get("reply", {}).get(lang))
        self._guards = []
        for i, guard in enumerate(rule.spec.get("unless", {}).get(lang, [])):
            if guard.get("echoed"):  # no terms: it compares the finding with the customer's words
                self._guards.append((None, ECHOED, 0))
                continue
            within = guard.get("within", "overlap")
            key = self.register(f"unless{i}", guard, customer=within in CUSTOMER_SCOPES)
            self._guards.append((key, within, guard.get("window", 0)))

    def register(self, name, terms, customer=False):
        """Add a term list to a shared index under a key private to this rule; None if absent.
        Customer-message terms go to their own index, so a customer message is scanned only for them."""
        if not terms:
            return None
        key = f"{self.rule.id}|{self.lang}|{name}"
        (self._indexes.customer if customer else self._indexes.reply).add(key, terms, self.rule.gates)
        return key

    def needed_keys(self):
        """Keys of the reply index of which one at least must have hits for this check to find
        anything, or None when it may find something in any reply: the rules component runs a
        check only in replies where one of them matched."""
        return (self._reply_key,) if self._reply_key else None

    def may_apply(self, channel, customer):
        """Whether `applies` can be true for a reply on `channel` with a customer's message or
        without (`customer`, a bool): its `when` may name other channels, or the customer's words
        (which a reply without a message never has). A deferring check is kept: where its category
        found something it may overrule, whether it applies or not."""
        if self.DEFERS:
            return True
        return (not self._channels or channel in self._channels) and (not self._customer_key or customer)

    def evaluate(self, ctx):
        if not self.applies(ctx):
            return []
        return self.find(ctx)

    def overrules(self, ctx):
        """For a deferring check, reached where other rules of its category found something: True
        drops their warnings and errors in this reply."""
        return False

    def prepare(self, ctx):
        """For a deferring check, called before any deferring check decides: what it reads of the
        whole reply that the others may weigh too (a learned rule's probability)."""

    @abstractmethod
    def find(self, ctx):
        """The problems this check sees in the reply: a list of (span, message parameters)."""

    def applies(self, ctx):
        if self._channels and ctx.channel not in self._channels:
            return False
        if self._customer_key and not self.customer_triggers(ctx):
            return False
        return not self._reply_key or bool(ctx.hits.get(self._reply_key))

    def customer_triggers(self, ctx):
        """The hits in the customer's message that make `when: customer` true, less those sharing a
        sentence with a `customer-sentence` guard: "I dropped it" clears "it's broken" in the same
        sentence, not "and your refund never came" two sentences on. Asked for by `applies` and
        again by the check's message, so kept in the reply's context."""
        if not self._customer_key:
            return []
        if self._customer_key not in ctx.triggered:
            ctx.triggered[self._customer_key] = self._uncleared(ctx)
        return ctx.triggered[self._customer_key]

    def _uncleared(self, ctx):
        hits = (ctx.customer_hits or {}).get(self._customer_key) or []
        guards = [g for key, within, _ in self._guards if within == "customer-sentence"
                  for g in (ctx.customer_hits or {}).get(key, [])]
        if not hits or not guards:
            return hits
        bounds = sentences(hits[0].doc)
        cleared = {i for i, (start, end) in enumerate(bounds) for g in guards if g.start < end and g.end > start}
        return [h for h in hits
                if not any(h.start < end and h.end > start for i, (start, end) in enumerate(bounds) if i in cleared)]

    def triggers(self, ctx):
        """Spans in the reply that made a `when: reply` condition true (empty if none given)."""
        return self.allowed(ctx.hits.get(self._reply_key, []), ctx) if self._reply_key else []

    def allowed(self, spans, ctx):
        """The spans that no `unless` guard cancels."""
        return [span for span in spans if not any(self._guarded(span, g, ctx) for g in self._guards)]

    @staticmethod
    def _guarded(span, guard, ctx):
        key, within, window = guard
        if within == ECHOED:
            return bool(ctx.customer_squeezed) and _squeezed(span.text) in ctx.customer_squeezed
        if within == "customer":
            return bool((ctx.customer_hits or {}).get(key))
        if within == "customer-sentence":
            return False  # it clears the customer's words beside it instead (customer_triggers)
        hits = ctx.hits.get(key, [])
        if within == "reply":
            return bool(hits)
        if within == "sentence":
            sent = span.sent
            return any(h.start < sent.end and h.end > sent.start for h in hits)
        start, end = span.start - window, span.end + window
        return any(h.start < end and h.end > start for h in hits)


def merge_overlaps(spans):
    """Keep the first of overlapping spans, extended to cover the others, so one problem is one finding."""
    merged = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if merged and span.start < merged[-1].end:
            last = merged[-1]
            merged[-1] = last.doc[last.start:max(last.end, span.end)]
        else:
            merged.append(span)
    return merged


def _squeezed(text):
    """Lower-cased, each run of white space one space: how a finding's words are sought in the customer's."""
    return " ".join(text.lower().split())
