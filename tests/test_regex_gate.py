"""A rule regex runs only on texts holding one of its required literals; the gate never drops a
match (English and Indonesian patterns as the rule packs write them)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etiket import pipeline, terms
from etiket.termsyntax import CAPITALS, DIGIT, FOLDS_TO_ASCII, compile_regex, gate_applies, required_literals, with_marks, word_test
from etiket.terms import TermIndex


@pytest.mark.parametrize("pattern, clauses", [
    (r"\bplease\b", [{"please"}]),
    (r"\b(?:we|I) (?:will|shall) refund\b", [{" refund"}, {" shall", " will"}, {"i", "we"}]),  # a run and the group after it
    (r"\bmohon\s+(?:maaf|ditunggu)\b", [{"mohon"}, {"ditunggu", "maaf"}]),
    (r"\b(?:kak|kakak)\s+(?:harus|wajib)\s+baca\b", [{"harus", "wajib"}, {"baca"}, {"kak"}]),  # the longest shortest literal first
    (r"(?-i:\bASAP\b)", [{"asap"}]),
    (r"\bsesuai (?:ketentuan|kebijakan|prosedur)\b", [{"sesuai kebijakan", "sesuai ketentuan", "sesuai prosedur"}]),
    # what straddles two elements: a group that always ends with a literal, then one of some words
    (r"(?:[a-z0-9-]+\.)+(?:com|net)\b", [{".com", ".net"}]),
    (r"(?:[a-z]+\.)?(?:com|net)", [{"com", "net"}]),  # an optional group ends nothing
    (r"(?:[a-z]+\.)+(?:com|net|\w+)", [{"."}]),  # one alternative starts with anything
    (r"(?:foo){0,2}bar", [{"bar"}]),
    (r"(?:thanks?)+ for", [{"thank"}, {" for"}]),
    (r"\b(if|whether)\b", [{"if", "whether"}]),
    (r"\?", [{"?"}]),
    (r"(?:please )?wait", [{"wait"}]),
    (r"(?:maaf|)kak", [{"kak"}]),
    (r"\bcaf\u00e9\b", [{"caf"}]),  # the ASCII run only: folding beyond ASCII is the engine's
    (r"\d{3,}", [{DIGIT}]),
    (r"\?|\d", [{"?", DIGIT}]),
    (r"(?<![\w])(rp\.?|idr|usd|\$|\u20ac|\u00a3)\s?\d{5,}", [{DIGIT}, {"$", "idr", "rp", "usd", "\u00a3", "\u20ac"}]),  # € and £ have no case: kept
    (r"[\U0001f644\U0001f612]", [{"\U0001f612", "\U0001f644"}]),
    (r"[^0-9]x", [{"x"}]),
    (r"[a-z]+ing|\w+ed", [{"ed", "ing"}]),
    (r"[[:alpha:]]+ing", None),  # a POSIX class, which Python's parser reads otherwise
    (r"(?=\bmaaf\b).", None),  # what a lookahead needs is not kept
    (r"(?:maaf)?\s*kak?", [{"ka"}]),
    # acronyms: a case-sensitive run of two or more capitals, written as the clarity rules write it
    (r"(?<![\w/.&-])(?!(?-i:(?:OK|ID|PIN)s?\b))(?-i:[A-Z]{2,5}s?)(?![\w/&-])", [{CAPITALS}]),
    (r"(?-i:\b[A-Z]{6,}\b)|(?-i:\b[A-Z]+\b[ \t,]+[A-Z]+\b)", [{CAPITALS, " ", "\t", ","}]),
    (r"[A-Z]{2,5}", None),  # case-insensitive: any two letters
    (r"(?-i:(?i:[A-Z]{2}))", None),
    (r"(?-i:\b[A-Z]\b)", None),  # one capital is any sentence start
    # shouting: capitals with apostrophes between them ("DON'T", "I'M"), not lower-case letters
    (r"(?-i:\b[A-Z][A-Z'\u2019]*[A-Z]\b)", [{CAPITALS}]),
    (r"(?-i:[A-Z]+[A-Z])", [{CAPITALS}]),
    (r"(?-i:\b[A-Z][a-z']*[A-Z]\b)", None),
    (r"(?-i:[A-Z]'?)(?-i:[A-Z])", None),  # the run is read within one sequence
])
def test_required_literals(pattern, clauses):
    """Each clause is needed (one of its strings), the strongest first; one implied by another is left out."""
    assert required_literals(pattern) == (None if clauses is None else tuple(map(frozenset, clauses)))


def test_a_regex_runs_only_when_each_of_its_clauses_holds():
    nlp, index = _index([r"\bis (?:delayed|late)\b", r"\byou can\b"])
    assert index._due_regexes("The parcel is late") == {0}
    assert index._due_regexes("This is the delivery, you may sign") == set()  # "is" alone no longer runs it
    assert index._due_regexes("You can sign, it is delayed") == {0, 1}


def test_rules_sharing_a_regex_run_it_once_and_both_get_its_matches():
    nlp, index = _index([r"\d{1,2} ?(?:am|pm)\b", r"\d{1,2} ?(?:am|pm)\b"])
    assert len(index._regex) == 1
    found = index.find(nlp("We will call you at 9 am tomorrow"))
    assert {key: [s.text for s in spans] for key, spans in found.items()} == {"r0": ["9 am"], "r1": ["9 am"]}


def test_the_letters_that_fold_to_ascii_are_all_listed():
    computed = {c for c in map(chr, range(0x80, 0x110000))
                if any(ch.isascii() and ch.isalpha() for form in (c.lower(), c.upper(), c.casefold()) for ch in form)}
    assert FOLDS_TO_ASCII == computed


def test_a_kelvin_sign_turns_the_gate_off():
    assert gate_applies("Ok, noted Kak 🙏")
    assert not gate_applies("O\u212a, noted")


def _index(regexes):
    nlp = pipeline.build("en", [])
    index = TermIndex(nlp, nlp.get_pipe("etiket_lemmatizer"))
    for number, regex in enumerate(regexes):
        index.add(f"r{number}", {"regex": [regex]})
    return nlp, index


def test_a_regex_matches_a_letter_that_folds_to_its_literal():
    nlp, index = _index([r"\bok\b"])
    assert [s.text for s in index.find(nlp("O\u212a then"))["r0"]] == ["O\u212a"]


def test_an_acronym_regex_runs_only_on_texts_with_two_capitals_in_a_row():
    nlp, index = _index([r"(?-i:\b[A-Z]{2,5}\b)"])
    assert index._due_regexes("Thank you for waiting, your order has been shipped today.") == set()
    assert index._due_regexes("Terima kasih Kak, kode OTP jangan dibagikan ya.") == {0}
    assert {key: [s.text for s in spans] for key, spans in index.find(nlp("Your NAS dropped the VLAN")).items()} == {
        "r0": ["NAS", "VLAN"]}


def test_only_regexes_whose_literal_occurs_run():
    nlp, index = _index([r"\bplease\b", r"\bmohon\b", r"\d{3,}"])
    assert index._due_regexes("Please wait 15 minutes") == {0, 2}
    assert index._due_regexes("Mohon ditunggu ya Kak") == {1}
    assert {key: [s.text for s in spans] for key, spans in index.find(nlp("PLEASE wait 150 minutes")).items()} == {
        "r0": ["PLEASE"], "r2": ["150"]}


WORDS = ["OTP", "NAS", "Ok", "PINs", "I'M", "DON\u2019T", "I'm", "A'b", "15", "\u0661\u0662", "days", "hari", "please", "mohon", "maaf", "Kak", "refund", "we", "will", "ketentuan", "sesuai", "ASAP", "baca", "harus",
         "wait", "!", "?", ",", "\n", "  ", "PLEASE", "Mohon", "KETENTUAN", "ſ", "\u212a", "ß", "İ"]
PATTERNS = [r"\bplease\b", r"\b(?:we|I) (?:will|shall) refund\b", r"\bmohon\s+(?:maaf|ditunggu)\b",
            r"\bsesuai (?:ketentuan|kebijakan|prosedur)\b", r"(?-i:\bASAP\b)", r"\b(?:kak|kakak)\s+harus\s+baca\b",
            r"(?:please )?wait", r"\?\s*!", r"\b\d+\s?(?:hari|days?)\b", r"[?!]{2,}",
            r"(?<![\w/.&-])(?!(?-i:(?:OK|PIN)s?\b))(?-i:[A-Z]{2,5}s?)(?![\w/&-])", r"(?-i:[A-Z]{2})|\?",
            r"(?-i:\b[A-Z][A-Z'\u2019]*[A-Z]\b)"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=12).map(" ".join))
def test_the_gate_never_drops_a_match(text):
    for pattern in PATTERNS:
        if compile_regex(pattern).search(text) and gate_applies(text):
            for clause in required_literals(pattern):
                assert any(literal in with_marks(text) for literal in clause), (pattern, text)


def _literally_due(index, text):
    """What the gate must answer, read straight from the clauses: the regexes each of whose clauses
    has a literal in the text."""
    if not gate_applies(text):
        return set(range(len(index._regex)))
    lowered = with_marks(text)
    return {number for number, (_, _, clauses, *_) in enumerate(index._regex)
            if all(any(literal in lowered for literal in clause) for clause in clauses or ())}


GATED = [*PATTERNS, r"\bin a moment\b", r"\bkak,? (?:mohon|harap) (?:ditunggu|sabar)\b", r"we will\s+refund",
         r"(?-i:\b[A-Z]{6,}\b)|(?-i:\b[A-Z]+\b[ \t,]+[A-Z]+\b)", r"\b(?:a moment|sesuai ketentuan)\b", r"\t"]
SPACED = [*WORDS, "in", "a", "moment", "in a", "a\tmoment", "kak,", "we\nwill", "\t"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(SPACED), max_size=12).map(" ".join), min_size=1, max_size=4))
def test_the_gate_answers_what_the_clauses_say(texts):
    """Chunks remembered from earlier texts, literals with white space in them, a literal of white
    space only: the gate lets through exactly the regexes whose clauses all hold."""
    _, index = _index(GATED)
    for text in texts * 2:
        assert set(index._due_regexes(text)) == _literally_due(index, text), text


def test_a_literal_with_white_space_needs_that_white_space():
    _, index = _index([r"\bin a moment\b"])
    assert index._due_regexes("Back in a moment") == {0}
    assert index._due_regexes("a moment in time") == set()
    assert index._due_regexes("in a\nmoment") == set()


def test_the_chunks_remembered_stay_bounded(monkeypatch):
    monkeypatch.setattr(terms, "CHUNKS", 3)
    _, index = _index([r"\bplease\b", r"\bmohon\b"])
    for text in ["please wait now", "mohon ditunggu ya", "please, mohon"] * 2:
        assert index._due_regexes(text) == _literally_due(index, text)
        assert len(index._gate._chunks) <= 3


@pytest.mark.parametrize("pattern, searches", [
    (r"\b(\w{4,})\s+(?:is|are)\s+\1\b", [r"(?:a(?<![a-z0-9_].)re|i(?<![a-z0-9_].)s)(?![a-z0-9_])"]),
    (r"\b(?:kecuali|kalau tidak)\b", [r"k(?<![a-z0-9_].)(?:alau\ tidak|ecuali)(?![a-z0-9_])"]),
    (r"\bMohon\s+(maaf|ditunggu)\b", [r"m(?<![a-z0-9_].)ohon(?![a-z0-9_])", r"(?:d(?<![a-z0-9_].)itunggu|m(?<![a-z0-9_].)aaf)(?![a-z0-9_])"]),
    (r"(?<![\w/])refund(?![\w-])", [r"r(?<![a-z0-9_].)efund(?![a-z0-9_])"]),
    (r"(?m)^thanks[.!]", [r"t(?<![a-z0-9_].)hanks"]),
    (r"\A\W*(?:ok|noted)\W*\Z", None),  # \W* may be empty or not: nothing bounds the words
    (r"\b(sorry|maaf(kan)?)\b", [r"(?:m(?<![a-z0-9_].)aaf(?:kan|)|s(?<![a-z0-9_].)orry)(?![a-z0-9_])"]),  # an optional part read out
    (r"\b-x\b", [r"\-x(?![a-z0-9_])"]),  # \b before "-" means a word character before it
    (r"(?![^\w])ok\b", [r"ok(?![a-z0-9_])"]),  # a negated class bounds nothing
    (r"(?:tetap|tetaplah)\s", [r"tetap(?:lah|)(?![a-z0-9_])"]),  # read as "tetap" then ("" or "lah")
    (r"please", None),
])
def test_word_test(pattern, searches):
    """Literals bounded by \\b, white space, anchors or (?!\\w) are looked for as words."""
    found = word_test(pattern)
    assert (None if found is None else [search.pattern for search in found]) == searches


WORD_PATTERNS = [r"\b(\w{3,})\s+(?:is|are)\s+\1\b", r"\b(?:kak|kakak)\s+harus\s+baca\b", r"(?m)^please[.!]",
                 r"(?<![\w/])refund(?![\w-])", r"\bwe (?:will|shall)\b", r"(?:\A|[.!?]\s+)ok\W*\Z", r"\b-x\b"]
WORD_PIECES = [*WORDS, "is", "are", "rules", "refunds", "x", "-x", "a-x", "_ok", "ok.", "ok!", ".\nok", "please.", "kakak", "refund/", "/refund", "\u0130s"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(WORD_PIECES), max_size=10).map(" ".join), st.sampled_from(["", "\n", ". "]))
def test_a_word_test_never_drops_a_match(text, joiner):
    text = text.replace(" ", joiner or " ") if joiner == "\n" else text
    for pattern in WORD_PATTERNS:
        if compile_regex(pattern).search(text) and gate_applies(text):
            assert all(search.search(text.lower()) for search in word_test(pattern) or ()), (pattern, text)


def test_a_regex_whose_words_are_absent_does_not_run():
    nlp, index = _index([r"\b(\w{4,})\s+(?:is|are)\s+\1\b"])
    assert index._due_regexes("This rule stays, rules are rules") == {0}
    assert {key: [s.text for s in spans] for key, spans in index.find(nlp("Fine: rules are rules")).items()} == {"r0": ["rules are rules"]}
    ran = []
    index._regex[0][1] = type("Spy", (), {"finditer": lambda self, *a, **k: ran.append(a) or iter(())})()
    index.find(nlp("Thisis rules arent rules"))
    assert ran == []
    index.find(nlp("These rules are rules"))
    assert len(ran) == 1
