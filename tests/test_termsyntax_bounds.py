"""Word tests read through alternatives with a plain beginning, and width bounds of whole-text
patterns: each skips a regex only on texts it cannot match."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etiket import pipeline
from etiket.termsyntax import compile_regex, gate_applies, width_bound, word_test
from etiket.terms import TermIndex


@pytest.mark.parametrize("pattern, searches", [
    # an alternative read up to what is not a literal: bounded on the left only
    (r"(?<!\bkami )\b(kirim\w*|infokan|tulis\w*)\b", [r"(?:i(?<![a-z0-9_].)nfokan|k(?<![a-z0-9_].)irim|t(?<![a-z0-9_].)ulis)"]),
    # optional parts, alternatives and classes of literals are read out whole
    (r"\b(sorry|apologi[sz]e[sd]?)\b",
     [r"(?:a(?<![a-z0-9_].)pologi(?:se(?:d|s|)|ze(?:d|s|))|s(?<![a-z0-9_].)orry)(?![a-z0-9_])"]),
    (r"\b(maaf(kan|in)?)\b", [r"m(?<![a-z0-9_].)aaf(?:in|kan|)(?![a-z0-9_])"]),
    (r"\bmaaf(kan|in)?\b", [r"m(?<![a-z0-9_].)aaf"]),  # a run of literals is read alone
    # optional white space before a word leaves the anchor or the spaces next to it
    (r"(?m)^[ \t]*(?:selamat[ \t]+\w+|sukses[ \t]+selalu)", [r"s(?<![a-z0-9_].)(?:elamat|ukses)(?![a-z0-9_])"]),
    (r"[ \t]*kirim\b", [r"kirim(?![a-z0-9_])"]),  # nothing before the spaces: the left is open
    # a word that begins with "kirim" is found by "kirim": the longer one says no more
    (r"\b(kirim\w*|kirimkan)", [r"k(?<![a-z0-9_].)irim"]),
    (r"\b((?:di)?kirim\w*|infokan)\b", [r"(?:d(?<![a-z0-9_].)ikirim|i(?<![a-z0-9_].)nfokan|k(?<![a-z0-9_].)irim)"]),
    (r"\b(\w*kirim|infokan)\b", None),  # an alternative that may begin with anything
    (r"\b(maaf|\w+)\b", None),
    (r"\b(?:(?-i:OK)|sip)\b", None),  # a case-sensitive group is not read out
])
def test_word_test_reads_the_beginning_of_alternatives(pattern, searches):
    found = word_test(pattern)
    assert (None if found is None else [search.pattern for search in found]) == searches


@pytest.mark.parametrize("pattern, width", [
    (r"\A\W*(?:(?:[^.!?\n]{1,32}[.!?]+\s*){3,6}|(?:[^.!?\n]{1,26}[.!?]+\s*){2})\Z", 192),
    (r"\A\W*(?:ok|oke|okay|noted)\W*\Z", 5),
    (r"^ok$", 2),  # without multi-line mode ^ and $ are the text's ends
    (r"\Aok\Z|\Anoted\Z", 5),  # each alternative whole
    (r"\A(?=\w)\s*ok[!?.]*\Z", 2),  # a lookahead consumes nothing
    (r"\A(?:ok|[\u212a])\Z", 2),  # the Kelvin sign matches "k"
    (r"\A(?:a|\u00e9)\Z", 1),
    (r"(?m)^ok$", None),  # a line, not the text
    (r"\Aok\Z|no", None),  # an alternative may match anywhere
    (r"\Aok", None),
    (r"\A\w+\Z", None),
    (r"\A(\w)\1\Z", None),  # a back-reference is not read
    (r"\A[^.]{1,3}\Z", 3),
])
def test_width_bound(pattern, width):
    assert width_bound(pattern) == width


PIECES = ["ok", "OK", "Ok.", "noted", "sip", "kirim", "dikirim", "kirimkan", "maaf", "maafkan", "sorry", "apologised",
          "selamat", "pagi", "!", "?", ".", "...", "\n", "\t", " ", "  ", "12", "_", "é", "\u212a", "ß", "'", "-"]
PATTERNS = [r"\A\W*(?:(?:[^.!?\n]{1,12}[.!?]+\s*){1,3}|(?:[^.!?\n]{1,6}[.!?]+\s*){2})\Z", r"\A\W*(?:ok|noted|sip)\W*\Z",
            r"^ok[.!]*$", r"\Aok\Z|\Anoted\Z", r"\A(?:ok|[\u212a])\Z", r"\A[^.]{1,9}\Z",
            r"(?<!\bkami )\b(kirim\w*|maaf(kan)?)\b", r"\b(sorry|apologi[sz]e[sd]?)\b", r"(?m)^[ \t]*(?:selamat[ \t]+\w+|sip)",
            r"[ \t]*kirim\b", r"\b(kirim\w*|kirimkan)"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=10).map("".join))
def test_no_bound_drops_a_match(text):
    for pattern in PATTERNS:
        if not compile_regex(pattern).search(text):
            continue
        width = width_bound(pattern)
        assert width is None or sum(c.isascii() and (c.isalnum() or c == "_") for c in text) <= width, (pattern, text)
        if gate_applies(text):
            assert all(search.search(text.lower()) for search in word_test(pattern) or ()), (pattern, text)


def test_a_whole_text_regex_does_not_run_on_a_longer_text():
    nlp = pipeline.build("en", [])
    index = TermIndex(nlp, nlp.get_pipe("etiket_lemmatizer"))
    index.add("short", {"regex": [r"\A\W*(?:ok|noted)\W*\Z"]})
    assert [s.text for s in index.find(nlp("Noted!"))["short"]] == ["Noted!"]
    ran = []
    index._regex[0][1] = type("Spy", (), {"finditer": lambda self, *a, **k: ran.append(a) or iter(())})()
    index.find(nlp("ok ok"))  # four letters: as many as "noted" holds, so it runs
    assert len(ran) == 1
    index.find(nlp("ok, noted"))  # seven
    assert len(ran) == 1
