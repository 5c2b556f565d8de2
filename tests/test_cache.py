"""The user's cache: rule packs and the language model come back the same, and a stale, corrupt,
foreign or unwritable cache only costs the loading again."""

import pickle
import re
import textwrap

import pytest

from etiket import cache, language, rulebook

RULE = textwrap.dedent("""\
    category: politeness
    severity: warning
    languages: [en, id]
    check: existence
    doc: {what: {en: Curt shorthand., id: Singkatan ketus.}, why: {en: Reads as rushed., id: Terbaca terburu-buru.}}
    message: {en: "'{text}' reads as rushed", id: "'{text}' terbaca terburu-buru"}
    suggestion: {en: Write it out., id: Tulis lengkap.}
    match:
      en:
        phrases: [pls, thx]
      id:
        phrases: [yg, gpp]
    examples: {}
    """)


@pytest.fixture
def pack(tmp_path, monkeypatch):
    """A one-rule pack, and a cache folder of its own."""
    monkeypatch.setenv(cache.ENV, str(tmp_path / "cache"))
    root = tmp_path / "pack"
    (root / "politeness").mkdir(parents=True)
    (root / "politeness" / "shorthand.yaml").write_text(RULE, encoding="utf-8")
    return root


def refuse_loading(monkeypatch):
    def loaded(*args):
        raise AssertionError("the rules were loaded, not taken from the cache")
    monkeypatch.setattr(rulebook, "_load_packs", loaded)


def test_second_load_comes_from_the_cache(pack, monkeypatch):
    first = rulebook.load_packs([pack])
    refuse_loading(monkeypatch)
    again = rulebook.load_packs([pack])
    assert again == first
    rule = again["politeness/shorthand"]
    assert rule.path == str(pack / "politeness" / "shorthand.yaml")
    assert rule.spec["match"]["en"]["phrases"] == ["pls", "thx"]
    assert rule.spec["match"]["en"]["phrases"].item_pos == [(10, 15), (10, 20)]


def test_a_cached_rule_brings_its_regex_gates(pack, monkeypatch):
    """What each regex is gated on (literals, word searches, width) is read when the rules load and
    comes back from the cache: building a pipeline from cached rules parses no regex again."""
    path = pack / "politeness" / "shorthand.yaml"
    path.write_text(RULE.replace("phrases: [yg, gpp]", r'regex: ["\\bgak (bisa|mau)\\b"]'), encoding="utf-8")
    rulebook.load_packs([pack])
    refuse_loading(monkeypatch)
    rule = rulebook.load_packs([pack])["politeness/shorthand"]
    searches = ("g(?<![a-z0-9_].)ak\\ ", "(?:bisa|mau)(?![a-z0-9_])")  # "gak" a word, then "bisa" or "mau"
    assert rule.gates == {r"\bgak (bisa|mau)\b": (({"gak bisa", "gak mau"},), searches, None)}

    from etiket import opaque, pipeline, terms, termsyntax

    opaque._patterns()  # the opaque kinds' own literals are read once per process, whatever the rules

    def parsed(regex, *flags):
        raise AssertionError(f"{regex!r} was parsed again")
    monkeypatch.setattr(terms, "gate", parsed)
    monkeypatch.setattr(termsyntax, "_parsed", parsed)
    nlp = pipeline.build("id", [rule])
    doc = pipeline.analyse(nlp, "Maaf Kak, gak bisa ya.")
    assert [(s.label_, s.text) for s in doc.spans["etiket"]] == [("politeness/shorthand", "gak bisa")]


def test_checking_loads_the_rules_without_their_positions(pack, monkeypatch):
    """Checking replies reads no rule file's line numbers: its rules come as plain dicts and lists,
    equal to those with positions, from a cache entry of their own."""
    with_positions = rulebook.load_packs([pack])
    plain = rulebook.load_packs([pack], positions=False)
    assert plain == with_positions
    rule = plain["politeness/shorthand"]
    assert type(rule.spec) is dict and type(rule.spec["match"]["en"]["phrases"]) is list
    assert rule.examples is rule.spec["examples"] and type(rule.message) is dict
    refuse_loading(monkeypatch)
    assert rulebook.load_packs([pack], positions=False) == plain
    kept = rulebook.load_packs([pack])["politeness/shorthand"].spec["match"]["en"]["phrases"]
    assert kept.item_pos == [(10, 15), (10, 20)]


def test_an_edited_rule_file_is_loaded_afresh(pack):
    rulebook.load_packs([pack])
    path = pack / "politeness" / "shorthand.yaml"
    path.write_text(RULE.replace("[pls, thx]", "[pls, thx, u]"), encoding="utf-8")
    assert rulebook.load_packs([pack])["politeness/shorthand"].spec["match"]["en"]["phrases"] == ["pls", "thx", "u"]


def test_listing_and_checking_keep_separate_entries(pack, tmp_path):
    rulebook.load_packs([pack], compile_terms=False)
    rulebook.load_packs([pack])
    assert sorted(p.name[:6] for p in (tmp_path / "cache").iterdir()) == ["rules-", "rules-"]


def test_a_corrupt_entry_is_rebuilt(pack, tmp_path):
    first = rulebook.load_packs([pack])
    [entry] = (tmp_path / "cache").iterdir()
    entry.write_bytes(b"\x80\x05not a pickle")
    assert rulebook.load_packs([pack]) == first
    assert cache.load(entry.name, rulebook._cache_entry([pack], True)[1]) == first


def test_a_foreign_class_in_an_entry_is_never_built(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.ENV, str(tmp_path))
    (tmp_path / "entry").write_bytes(pickle.dumps(("key", pickle.PicklingError("built"))))
    assert cache.load("entry", "key") is None


def test_an_unwritable_cache_folder_still_loads(pack, tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(cache.ENV, str(blocker / "etiket"))
    assert list(rulebook.load_packs([pack])) == ["politeness/shorthand"]
    assert list(rulebook.load_packs([pack])) == ["politeness/shorthand"]


def test_the_folder_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.delenv(cache.ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.folder() == tmp_path / "etiket"


TEXTS = [
    "Mohon maaf atas keterlambatan pengiriman paket Anda, kami sedang mengeceknya.",
    "Sorry for the delay with your parcel, we're checking it with the courier now.",
    "Refund-nya sudah kami proses ya, Kak, ditunggu 3-5 hari kerja.",
    "Paket sudah di-pickup kurir, resi: JNE0012345",
    "OK noted, we'll update you by Friday.",
    "Halo Kak, untuk order #8812 stoknya kosong, mau diganti warna lain?",
]


def test_cached_model_decides_as_py3langid_does(tmp_path, monkeypatch):
    """The floor of py3langid: the API etiket uses (its model file, load_model, the identifier
    built from arrays) must exist, and the two-language model, built and then mapped from the
    cache, must give py3langid's own answer with its confidence."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    monkeypatch.setenv(cache.ENV, str(tmp_path))
    reference = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    reference.set_languages(["en", "id"])
    built = language.identifier()
    assert [p.name for p in tmp_path.iterdir()] == [language._folder().name]
    mapped = language.identifier()
    expected = [reference.classify(text) for text in TEXTS]
    assert [lang for lang, _ in expected] == ["id", "en", "id", "id", "en", "id"]
    assert [built.classify(text) for text in TEXTS] == expected
    assert [mapped.classify(text) for text in TEXTS] == expected


def test_a_broken_model_cache_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.ENV, str(tmp_path))
    language.identifier()
    (language._folder() / "ptc.npy").write_bytes(b"garbage")
    assert language.identifier().classify(TEXTS[0])[0] == "id"


def test_loading_pauses_the_collector_and_restores_it():
    """Rule packs and pipelines load without cyclic collections; the collector comes back as it was,
    also when the load fails."""
    import gc

    assert gc.isenabled()
    with cache.paused_collection():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(KeyError), cache.paused_collection():
        raise KeyError("rule")
    assert gc.isenabled()
    gc.disable()
    try:
        with cache.paused_collection():
            pass
        assert not gc.isenabled()  # a caller that had switched it off keeps it off
    finally:
        gc.enable()


def test_what_a_long_lived_load_made_is_frozen_out_of_the_collectors_way():
    import gc

    assert gc.get_freeze_count() == 0
    try:
        with cache.paused_collection(freeze=True):
            kept = [[n] for n in range(1000)]
        assert gc.isenabled() and gc.get_freeze_count() >= len(kept)
    finally:
        gc.unfreeze()


def test_phrase_terms_come_back_from_the_cache(pack, monkeypatch):
    """A pipeline's phrase and lemma terms are tokenized and lemmatized once: the next process (here:
    the per-process memory emptied) reads their NORM and LEMMA values from the cache, makes no Doc
    for them, and finds the same."""
    from etiket import pipeline, terms

    rules = list(rulebook.load_packs([pack]).values())
    monkeypatch.setattr(terms._StartMemory, "_loaded", {})
    first = pipeline.build("en", rules)
    doc = pipeline.analyse(first, "Pls wait, thx.")
    found = [(s.label_, s.text) for s in doc.spans["etiket"]]
    assert found == [("politeness/shorthand", "Pls"), ("politeness/shorthand", "thx")]
    assert (cache.folder() / "phrases-en.pickle").exists()

    monkeypatch.setattr(terms._StartMemory, "_loaded", {})
    again = pipeline.blank("en")
    made = []
    monkeypatch.setattr(pipeline, "blank", lambda lang: again)
    monkeypatch.setattr(again, "make_doc", lambda text: made.append(text) or type(again).make_doc(again, text))
    second = pipeline.build("en", rules)
    assert made == []
    doc = pipeline.analyse(second, "Pls wait, thx.")
    assert [(s.label_, s.text) for s in doc.spans["etiket"]] == found


def test_phrase_forms_of_another_spacy_are_worked_out_again(pack, monkeypatch):
    import spacy.about

    from etiket import terms

    forms = terms._StartMemory("en")
    forms.learn("thx", ((1,), (1,)))
    forms.keep()
    assert terms._StartMemory("en").known == {"thx": ((1,), (1,))}
    monkeypatch.setattr(spacy.about, "__version__", spacy.about.__version__ + ".other")
    assert terms._StartMemory("en").known == {}


def test_token_regex_words_come_back_from_the_cache(pack, monkeypatch):
    from etiket import pipeline, terms, tokenmatch

    monkeypatch.setattr(terms._StartMemory, "_loaded", {})
    nlp = pipeline.blank("en")
    index = terms.TermIndex(nlp, pipeline.LookupLemmatizer("en"))
    index.add("k", {"patterns": [[{"LOWER": {"REGEX": "^(pls|plz)$"}}]]})
    doc = index.find(nlp.make_doc("ok"))  # the terms are all added: what was learned is kept
    assert terms._StartMemory("en").known[("regex", "^(pls|plz)$")] == tokenmatch.word_ids("^(pls|plz)$")

    monkeypatch.setattr(terms._StartMemory, "_loaded", {})
    monkeypatch.setattr(tokenmatch, "word_ids", lambda regex: pytest.fail(f"{regex} was read again"))
    again = terms.TermIndex(nlp, pipeline.LookupLemmatizer("en"))
    again.add("k", {"patterns": [[{"LOWER": {"REGEX": "^(pls|plz)$"}}]]})
    assert doc is not None


def test_the_lemma_table_comes_back_from_the_cache(pack, monkeypatch):
    """The shipped lemma table is unzipped and parsed once: the next start unpickles it."""
    from etiket import pipeline, terms

    monkeypatch.setattr(terms._StartMemory, "_loaded", {})
    table = pipeline.LookupLemmatizer("en").table
    assert table["refunded"] == "refund"
    terms.keep("en")
    monkeypatch.setattr(terms._StartMemory, "_loaded", {})
    monkeypatch.setattr(pipeline, "_packed_table", lambda lang: pytest.fail("the table was unpacked again"))
    assert pipeline.LookupLemmatizer("en").table == table


def test_the_indonesian_infixes_come_back_from_the_cache(pack, monkeypatch):
    """Which of spaCy's Indonesian infixes keep reduplicated words whole is worked out once."""
    from etiket import pipeline, terms

    monkeypatch.setattr(terms._StartMemory, "_loaded", {})
    pipeline._fast_indonesian.cache_clear()
    infixes = pipeline._fast_indonesian().infixes
    terms.keep("id")
    monkeypatch.setattr(terms._StartMemory, "_loaded", {})
    pipeline._fast_indonesian.cache_clear()
    monkeypatch.setattr(pipeline, "_keeps_hyphenated_words", lambda pattern: pytest.fail("an infix was compiled again"))
    try:
        assert pipeline._fast_indonesian().infixes == infixes
        assert [t.text for t in pipeline.blank("id")("anak-anak dan/atau")] == ["anak-anak", "dan", "/", "atau"]
    finally:
        pipeline._fast_indonesian.cache_clear()


def test_token_pattern_steps_come_back_from_the_cache(pack, monkeypatch):
    """A token pattern's steps are read once: the next start takes them (and the columns they add)
    from the cache, compiles none of their regexes before one runs, and finds the same."""
    from etiket import pipeline, terms, tokenmatch

    patterns = [[{"LOWER": "pls"}, {"IS_PUNCT": True, "OP": "?"}, {"ORTH": {"IN": ["wait", "hold"]}}],
                [{"LOWER": "thx"}, {"LENGTH": {">=": 2}, "LOWER": {"REGEX": "^o"}}]]
    text = "Pls, wait. Thx ok"
    monkeypatch.setattr(terms._StartMemory, "_loaded", {})
    nlp = pipeline.blank("en")
    first = terms.TermIndex(nlp, pipeline.LookupLemmatizer("en"))
    first.add("k", {"patterns": patterns})
    found = [(s.start, s.end) for s in first.find(nlp.make_doc(text))["k"]]  # all added: what was learned is kept
    assert found == [(0, 3), (4, 6)]

    monkeypatch.setattr(terms._StartMemory, "_loaded", {})
    tokenmatch._regex.cache_clear()
    monkeypatch.setattr(tokenmatch, "read_steps", lambda pattern, *args: pytest.fail(f"{pattern} was read again"))
    again = terms.TermIndex(nlp, pipeline.LookupLemmatizer("en"))
    again.add("k", {"patterns": patterns})
    assert tokenmatch._regex.cache_info().currsize == 0
    assert again._columns == first._columns
    steps = [[(terms._tests_key(tests), quantifier) for tests, quantifier in p.steps] for p in first._patterns]
    assert [[(terms._tests_key(tests), quantifier) for tests, quantifier in p.steps] for p in again._patterns] == steps
    assert [(s.start, s.end) for s in again.find(nlp.make_doc(text))["k"]] == found


def test_rule_regexes_come_back_compiled_from_the_cache(pack, monkeypatch):
    """A rule regex is parsed by the `regex` engine once: the first one a run needs has the codes of
    all the index's regexes kept, and the next start builds each from its code, never parsing it,
    and finds the same."""
    import regex

    from etiket import pipeline, terms

    terms_ = {"regex": [r"\bwait(?:ed|ing)? (?:for )?(\d+) days\b", r"\bnever\s+(?:again|arrived)\b"]}
    text = "I waited 9 days and it never arrived."
    monkeypatch.setattr(terms._StartMemory, "_loaded", {})
    nlp = pipeline.blank("en")
    first = terms.TermIndex(nlp, pipeline.LookupLemmatizer("en"))
    first.add("k", terms_)
    found = [(s.start, s.end) for s in first.find(nlp.make_doc(text))["k"]]
    assert found == [(1, 4), (6, 8)]
    kept = terms._StartMemory("en").known  # read back from the cache file
    assert all(("regex code", regex.__version__, pattern) in kept for pattern in terms_["regex"])

    assert any(key[0] == "re code" for key in kept)  # the regexes' word searches (see terms._Gate)

    monkeypatch.setattr(terms._StartMemory, "_loaded", {})
    again = terms.TermIndex(nlp, pipeline.LookupLemmatizer("en"))
    again.add("k", terms_)
    doc = nlp.make_doc(text)
    with monkeypatch.context() as parsing:
        parsing.setattr(regex, "compile", lambda *args, **kwargs: pytest.fail(f"{args[0]} was parsed again"))
        parsing.setattr(re, "compile", lambda *args, **kwargs: pytest.fail(f"{args[0]} was parsed again"))
        assert [(s.start, s.end) for s in again.find(doc)["k"]] == found


def test_a_regex_code_the_engine_refuses_compiles_the_pattern_as_usual():
    from etiket.termsyntax import compile_regex, regex_code

    code = regex_code(r"\bfoo\b")
    assert compile_regex(r"\bfoo\b", code).search("a FOO b").group() == "FOO"
    assert compile_regex(r"\bfoo\b", ("not", "code")).search("a FOO b").group() == "FOO"
