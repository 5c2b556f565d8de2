"""TermIndex answers what spaCy's own matchers and Doc.char_span would: its token patterns are
indexed by their first two tokens and its regex matches mapped to tokens without spaCy calls, and
neither may lose or add a match."""

import time

import pytest
from spacy.matcher import Matcher

from etiket import pipeline, terms, tokenmatch
from etiket.terms import Hits, TermIndex, _TokenBounds

from test_tokenmatch import PATTERNS as ONE_BY_ONE
from test_tokenmatch import TEXTS as SHORT

TEXTS = {
    "en": [*SHORT["en"], "  Hello\n\nyou  really should   have checked.\n Not our fault, you know. So so so sorry!", ""],
    "id": [*SHORT["id"], "Mohon maaf Kak\n\nmaaf  ya,  Kakak harus baca dulu ya Kak 🙏\nSangat sangat maaf ya\n"],
}
# Registered together, each under its own key: what one pattern adds to the indexes must not hide
# another's match. With test_tokenmatch's, they cover each way a pattern can begin (a word list, a
# negated one, an optional, repeated or wildcard token, a sentence start, a regex) and go on.
PATTERNS = [
    *ONE_BY_ONE,
    [{"LOWER": {"NOT_IN": ["not", "tidak"]}}, {"LOWER": {"IN": ["our", "kami", "sudah"]}}, {"LOWER": {"IN": ["fault", "bilang"]}}],
    [{"LOWER": {"IN": ["mohon", "you"]}, "OP": "?"}, {"LOWER": {"IN": ["maaf", "really"]}}, {"LOWER": {"IN": ["ya", "should"]}}],
    [{"IS_SENT_START": True, "LOWER": {"IN": ["maaf", "not", "hello"]}, "OP": "?"}, {"LOWER": {"IN": ["ya", "our"]}}],
    [{"LOWER": {"IN": ["you", "kakak"]}}, {"LOWER": "really", "OP": "*"}, {"LOWER": {"IN": ["should", "harus"]}}, {"LOWER": "have", "OP": "?"}],
    [{"LOWER": {"IN": ["ya", "know"]}}, {"IS_PUNCT": True, "OP": "!"}],
    [{"LOWER": {"IN": ["maaf", "sorry"]}}, {"IS_SENT_START": True}],
    [{"OP": "?"}, {"LOWER": {"IN": ["kak", "dana"]}}, {"IS_PUNCT": True}],
    [{"LOWER": {"IN": ["are", "sudah"]}}, {"LOWER": {"IN": ["so", "kami", "dikembalikan"]}}],
    [{"LOWER": {"IN": ["so", "sangat"]}, "OP": "*"}, {"LOWER": {"IN": ["sorry", "maaf"]}}, {"ORTH": {"IN": ["!", "ya"]}}],
]


@pytest.fixture(scope="module", params=["en", "id"])
def nlp(request):
    return pipeline.build(request.param, [])


def _expected(nlp, doc, number):
    """spaCy's Matcher over the whole Doc, the matches kept that stay inside one sentence (the line
    break just before a line belongs to it)."""
    matcher = Matcher(nlp.vocab)
    matcher.add("k", [PATTERNS[number]])
    sentence_of = {token.i: n for n, sent in enumerate(doc.sents) for token in sent}
    kept = set()
    for _, start, end in matcher(doc):
        first = start + 1 if doc[start].is_space and start + 1 < end else start
        if sentence_of[first] == sentence_of[end - 1]:
            kept.add((start, end))
    return sorted(kept)


def test_token_patterns_registered_together_find_what_spacy_finds(nlp):
    _find_what_spacy_finds(nlp)


def test_what_is_remembered_per_pair_of_words_stays_bounded(nlp, monkeypatch):
    monkeypatch.setattr(terms, "PAIRS", 3)
    index = _find_what_spacy_finds(nlp)
    assert len(index._pairs) <= 3 + max(len(nlp(text)) for text in TEXTS[nlp.lang])


def _find_what_spacy_finds(nlp):
    index = TermIndex(nlp, nlp.get_pipe("etiket_lemmatizer"))
    for number, pattern in enumerate(PATTERNS):
        index.add(f"p{number}", {"patterns": [pattern]})
    for text in TEXTS[nlp.lang] * 2:  # twice: the second time from what the first remembered per word
        doc = nlp(text)
        found = index.find(doc)
        for number in range(len(PATTERNS)):
            got = [(span.start, span.end) for span in found.get(f"p{number}", [])]
            assert got == _expected(nlp, doc, number), (text, PATTERNS[number])
    return index


def test_a_regex_match_covers_the_tokens_char_span_would(nlp):
    """Every start and end of a match, each end of a text and the whitespace between tokens."""
    for text in TEXTS[nlp.lang]:
        doc = nlp(text)
        bounds = _TokenBounds(doc, len(text))
        for start in range(len(text) + 1):
            for end in range(start, len(text) + 1):
                span = doc.char_span(start, end, alignment_mode="expand")
                wanted = (span.start, span.end) if span is not None and len(span) else None
                assert bounds.covering(start, end) == wanted, (text, start, end)


def test_hits_read_as_a_dict_of_sorted_spans():
    nlp = pipeline.build("en", [])
    doc = nlp("We are so sorry, so very sorry")
    hits = Hits(doc, {"a": {(5, 7), (2, 4)}, "b": {(0, 1)}})
    assert sorted(hits) == ["a", "b"] and len(hits) == 2 and "a" in hits and "c" not in hits
    assert [span.text for span in hits["a"]] == ["so sorry", "so very"]
    assert hits.get("a") is hits["a"]  # made once
    assert hits.get("c") is None and hits.get("c", []) == []
    with pytest.raises(KeyError):
        hits["c"]
    assert dict(hits.items()) == {"a": [doc[2:4], doc[5:7]], "b": [doc[0:1]]}


def _regex_index(nlp, regexes):
    index = TermIndex(nlp, nlp.get_pipe("etiket_lemmatizer"))
    for number, regex in enumerate(regexes):
        index.add(f"r{number}", {"regex": [regex]})
    index.add("both", {"regex": [regexes[0]], "patterns": [[{"LOWER": "kak"}]]})
    return index


def test_lazy_regexes_give_what_eager_ones_give(nlp):
    regexes = [r"\b(?:sorry|maaf)\b", r"\bkak\w*", r"!+", r"\b(?:you|kakak) (?:\w+ )?(?:should|harus)"]
    index = _regex_index(nlp, regexes)
    for text in TEXTS[nlp.lang]:
        doc = nlp(text)
        eager, lazy = index.find(doc), index.find(doc, lazy=True)
        assert lazy.get("both") == eager.get("both") and ("r2" in lazy) == ("r2" in eager)  # one key, then all
        assert dict(lazy.items()) == dict(eager.items()), text


def test_a_lazy_regex_runs_when_its_key_is_read():
    """Observed through its timeout: a runaway regex costs nothing until a check reads its key."""
    nlp = pipeline.build("en", [])
    index = _regex_index(nlp, [r"(a|aa)+$", r"\bok\b"])
    doc = nlp("ok " + "a" * 40 + "b")
    overrun = []
    hits = index.find(doc, deadline=time.monotonic(), overrun=overrun, lazy=True)
    assert [span.text for span in hits["r1"]] == ["ok"] and overrun == []
    assert hits.get("r0") is None and overrun == ["r0", "both"]
    assert "both" not in hits and overrun == ["r0", "both"]  # run once


def test_present_runs_only_the_regexes_of_the_keys_asked_for():
    """The pipeline asks which of its rules' keys a reply holds: a runaway regex of a key it does
    not ask for never runs (observed through its timeout)."""
    nlp = pipeline.build("en", [])
    index = _regex_index(nlp, [r"(a|aa)+$", r"\bok\b"])
    doc = nlp("ok " + "a" * 40 + "b")
    overrun = []
    hits = index.find(doc, deadline=time.monotonic(), overrun=overrun, lazy=True)
    assert hits.present({"r1", "nothing"}) == ["r1"] and overrun == []
    assert hits.present({"r0"}) == [] and overrun == ["r0", "both"]


def test_rows_read_from_remembered_lexemes_are_the_docs_own(nlp):
    """A row is the sentence start, ORTH, NORM and LEMMA read from the token, and the rest from
    what the lexeme gave before: the same values Doc.to_array gives for every column."""
    index = TermIndex(nlp, nlp.get_pipe("etiket_lemmatizer"))
    for number, pattern in enumerate(PATTERNS):
        index.add(f"p{number}", {"patterns": [pattern]})
    for text in TEXTS[nlp.lang] * 2:
        doc = nlp(text)
        rows, _ = index._rows(doc)
        assert list(rows) == [tuple(row) for row in doc.to_array(list(index._columns)).tolist()], text


def test_a_pattern_is_not_followed_in_a_doc_lacking_a_word_it_needs(nlp, monkeypatch):
    index = TermIndex(nlp, nlp.get_pipe("etiket_lemmatizer"))
    index.add("k", {"patterns": [[{"LOWER": "you"}, {"OP": "*"}, {"LOWER": {"IN": ["should", "harus"]}}]]})
    tried = []
    monkeypatch.setattr(tokenmatch, "ends", lambda *args: tried.append(args[2]) or [])
    index.find(nlp("you know, you really could"))
    assert tried == []
    index.find(nlp("you know, you should"))
    assert tried == [0, 3]


def test_asking_whether_hits_hold_anything_runs_no_regex():
    """`hits or {}` (how checks read a customer's hits) must leave the regexes pending: observed
    through a runaway regex's timeout, which a later budget then reports."""
    nlp = pipeline.build("en", [])
    index = _regex_index(nlp, [r"(a|aa)+$", r"\bok\b"])
    doc = nlp("ok " + "a" * 40 + "b")
    hits = index.find(doc, lazy=True)
    assert hits and (hits or {}).get("nothing") is None
    overrun = []
    hits.budget(time.monotonic(), overrun)
    assert overrun == [] and hits.get("r0") is None and overrun == ["r0", "both"]
    assert not index.find(nlp("xyz"), lazy=True)  # no regex due, nothing found


def test_sentence_numbers_are_worked_out_from_the_sentences_when_first_read():
    sents = [(0, 2), (2, 3), (3, 6)]
    numbers = terms._SentenceOf(sents)
    assert numbers._numbers is None
    assert [numbers[i] for i in range(6)] == [0, 0, 1, 2, 2, 2]


def test_token_patterns_read_the_pipelines_sentences(nlp):
    """A Doc from the pipeline brings its sentences (checks.base.SENTS); one made otherwise has them
    read from its rows: the matches are the same."""
    index = TermIndex(nlp, nlp.get_pipe("etiket_lemmatizer"))
    for number, pattern in enumerate(PATTERNS):
        index.add(f"p{number}", {"patterns": [pattern]})
    for text in TEXTS[nlp.lang]:
        doc = nlp(text)
        bare = nlp(text)
        del bare.user_data["etiket.sents"]
        found = [{key: [(s.start, s.end) for s in spans] for key, spans in hits.items()} for hits in (index.find(doc), index.find(bare))]
        assert found[0] == found[1], text
