"""tokenmatch finds exactly what spaCy's Matcher finds, in both languages, for every operator and
attribute the rule packs use; what it cannot read is left to a Matcher."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.matcher import Matcher

from etiket import pipeline, rulebook, tokenmatch
from etiket.terms import TermIndex

TEXTS = {
    "en": [
        "Hi Dana,\nWe are SO sorry!! Please, please check your inbox again... We already told you twice!!",
        "Thanks for waiting. Your refund of $25,000 was sent on 3 May; it should arrive within 5-10 days.",
        "As I said before, you should have read the FAQ: https://help.example.com/faq Let us know.",
    ],
    "id": [
        "Halo Kak Rina, mohon maaf ya paketnya blm ada update 🙏 Kan sudah kami bilang berkali-kali!!",
        "Yth. Bapak Joko,\nTerima kasih atas kesabarannya. Dana Rp1.500.000 sudah dikembalikan ke rekening Anda.",
        "Sesuai ketentuan, Kakak harusnya baca dulu syaratnya ya. Silakan cek kembali @dimas_ary",
    ],
}
PATTERNS = [
    [{"LOWER": {"IN": ["please", "mohon", "silakan"]}}],
    [{"LOWER": {"IN": ["we", "kami"]}}, {"OP": "*"}, {"ORTH": "!"}, {"ORTH": "!"}],
    [{"LOWER": {"IN": ["kan", "already", "sudah"]}}, {"ORTH": {"NOT_IN": [".", "!", "?"]}, "OP": "{0,12}"}, {"ORTH": "!"}],
    [{"IS_SENT_START": True, "LOWER": {"IN": ["halo", "hi", "yth", "terima", "thanks"]}}, {"IS_PUNCT": True, "OP": "?"}],
    [{"LOWER": {"REGEX": r"^(?:sorry|maaf)$"}}, {"IS_PUNCT": True, "OP": "+"}],
    [{"LOWER": {"REGEX": r"^(di)?kirim(kan)?$|^(sorry|please)$"}}, {"LOWER": {"REGEX": r"^(ya|your|anda)$"}, "OP": "?"}],
    [{"ORTH": {"REGEX": r"^(We|Kami)\Z"}}, {"LOWER": {"REGEX": r"^(are|sudah)$"}}],
    [{"LIKE_NUM": True}, {"LOWER": {"IN": ["may", "days", "hari"]}, "OP": "?"}],
    [{"IS_TITLE": True}, {"IS_TITLE": True, "OP": "{1,3}"}],
    [{"LOWER": "please"}, {"IS_PUNCT": True, "OP": "!"}, {"LOWER": "please", "OP": "?"}],
    [{"LOWER": {"IN": ["you", "kakak", "anda"]}}, {"OP": "{0,3}"}, {"LOWER": {"IN": ["should", "harusnya", "baca"]}}],
    [{"NORM": "<url>"}, {"IS_TITLE": True}],
    [{"IS_SPACE": True}, {"IS_TITLE": True}],
    [{"LENGTH": {">": 9}}],
    [{"TEXT": "SO"}, {"LOWER": "sorry"}],
    [{"LEMMA": {"IN": ["kembali", "check"]}}],
    [{"IS_SENT_START": False, "IS_UPPER": True}],
]


def _tokenmatch(doc, pattern):
    columns = {"ORTH": 0, "LOWER": 1}  # two at least, so that to_array gives a row per token
    compiled = tokenmatch.compile_pattern("k", pattern, columns, gated=True, strings=doc.vocab.strings)
    rows = doc.to_array(list(columns)).tolist()
    return sorted((start, end) for start in range(len(doc)) for end in tokenmatch.ends(compiled, rows, start, len(doc)))


def _spacy(nlp, doc, pattern):
    matcher = Matcher(nlp.vocab)
    matcher.add("k", [pattern])
    return sorted((start, end) for _, start, end in matcher(doc))


@pytest.fixture(scope="module", params=["en", "id"])
def nlp(request):
    return pipeline.build(request.param, [])


@pytest.mark.parametrize("number", range(len(PATTERNS)))
def test_same_matches_as_spacy(nlp, number):
    pattern = PATTERNS[number]
    for text in TEXTS[nlp.lang]:
        doc = nlp(text)
        assert _tokenmatch(doc, pattern) == _spacy(nlp, doc, pattern), text


def test_every_match_not_only_the_longest():
    nlp = pipeline.build("en", [])
    doc = nlp("We are so sorry!!!")
    pattern = [{"LOWER": "we"}, {"OP": "*"}, {"ORTH": "!"}]
    assert _tokenmatch(doc, pattern) == [(0, 5), (0, 6), (0, 7)]


def test_an_optional_first_token_is_tried_everywhere():
    nlp = pipeline.build("id", [])
    doc = nlp("Mohon maaf ya Kak")
    pattern = [{"LOWER": "mohon", "OP": "?"}, {"LOWER": "maaf"}]
    assert _tokenmatch(doc, pattern) == [(0, 2), (1, 2)]


@pytest.mark.parametrize("pattern", [
    [{"_": {"opaque": "mention"}}],
    [{"LOWER": {"FUZZY": "sorry"}}],
    [{"POS": "VERB"}],
    [{"LOWER": {"IS_SUBSET": ["a"]}}],
])
def test_what_it_cannot_read_stays_with_a_matcher(pattern):
    assert tokenmatch.compile_pattern("k", pattern, {}, gated=True, strings=None) is None


def test_a_pattern_on_an_extension_attribute_still_matches():
    nlp = pipeline.build("en", [])
    index = TermIndex(nlp, nlp.get_pipe("etiket_lemmatizer"))
    index.add("k", {"patterns": [[{"_": {"opaque": "mention"}}, {"LOWER": "for"}], [{"LOWER": "waiting"}]]})
    found = index.find(nlp("Thanks @dana_r for waiting"))
    assert [(s.start, s.end) for s in found["k"]] == [(1, 3), (3, 4)]


@pytest.mark.parametrize("regex, words", [
    (r"^(?:sorry|maaf)$", {"sorry", "maaf", "sorry\n", "maaf\n"}),
    (r"^maaf(kan)?\Z", {"maaf", "maafkan"}),
    (r"^(di)?baca$|^membaca\Z", {"baca", "dibaca", "baca\n", "dibaca\n", "membaca"}),
    (r"^apologi[sz]e$", {"apologise", "apologize", "apologise\n", "apologize\n"}),
    (r"^(a|)$", {"", "a", "\n", "a\n"}),
])
def test_a_regex_of_whole_words_is_read_as_its_words(regex, words):
    assert tokenmatch.whole_words(regex) == words


@pytest.mark.parametrize("regex", [r"(?i)^maaf$", r"^maaf", r"maaf$", r"^maa+f$", r"^(?!x)maaf$", r"^[a-z]{3,}s$",
                                   r"^\d+$", r"^a$|b$", r"^(a$|b)$", r"^a$$", "^" + "[ab]" * 10 + "$"])
def test_a_regex_that_is_not_a_set_of_words_stays_a_regex(regex):
    assert tokenmatch.whole_words(regex) is None


def _variants(word):
    """Strings next to `word` that a regex could tell apart from it."""
    return {word, word + "\n", "\n" + word, word + "\n\n", word[1:], word[:-1], word + "s", "x" + word, word.upper(),
            word.title(), word + " "}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["a", "b", "di", "kan", "?", "-", "\n"]), min_size=1, max_size=3).map("".join),
                min_size=1, max_size=4),
       st.sampled_from(["^({})$", "^({})\\Z", "^(?:{})?$", "^x({})?$|^({})y$"]))
def test_whole_words_match_as_the_regex_does(words, shape):
    regex = shape.format("|".join(map(re.escape, words)), "|".join(map(re.escape, words)))
    found = tokenmatch.whole_words(regex)
    assert found is not None
    for text in {v for word in words for v in _variants(word)} | {"", "\n", "x", "y", "xy"}:
        assert (text in found) == bool(re.search(regex, text)), (regex, text)


def test_the_rule_packs_token_regexes_read_as_words_match_as_they_do():
    """Every REGEX of the built-in token patterns that is read as words (90 of 132 today) accepts
    exactly its words, and what is next to them as re.search does."""
    def regexes(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "REGEX" and isinstance(value, str):
                    yield value
                else:
                    yield from regexes(value)
        elif isinstance(node, list):
            for value in node:
                yield from regexes(value)

    rules = rulebook.load_packs([rulebook.builtin_rules_dir()], compile_terms=False)
    read = 0
    for regex in {r for rule in rules.values() for r in regexes({k: v for k, v in rule.spec.items() if k != "examples"})}:
        found = tokenmatch.whole_words(regex)
        if found is None:
            continue
        read += 1
        for text in {v for word in found for v in _variants(word)}:
            assert (text in found) == bool(re.search(regex, text)), (regex, text)
    assert read >= 50
