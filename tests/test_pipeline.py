import re
from pathlib import Path

import pytest

from etiket import pipeline, terms
from etiket.checks.metric import paragraph_words


@pytest.fixture(scope="module")
def nlp_id():
    return pipeline.build("id", [])


def test_indonesian_keeps_reduplication_and_splits_slash(nlp_id):
    tokens = [t.text for t in nlp_id.make_doc("anak-anak Bapak/Ibu FAQ-nya")]
    assert tokens == ["anak-anak", "Bapak", "/", "Ibu", "FAQ", "-nya"]


def test_abbreviations_do_not_end_sentences(nlp_id):
    doc = nlp_id("Yth. Bapak Budi, estimasi maks. 3 hari kerja.")
    assert len(list(doc.sents)) == 1


def test_line_breaks_start_sentences(nlp_id):
    doc = nlp_id("Halo Kak,\nTerima kasih sudah menunggu")
    assert [s.text.strip() for s in doc.sents] == ["Halo Kak,", "Terima kasih sudah menunggu"]


@pytest.mark.parametrize(("word", "lemma"), [
    ("mengirimkan", "kirim"), ("Memberikan", "beri"), ("dikirim", "kirim"), ("dikirimkan", "kirim"),
    ("kirimkanlah", "kirim"), ("dijelaskan", "jelas"), ("anak-anak", "anak"),
])
def test_indonesian_lemmas(nlp_id, word, lemma):
    assert nlp_id(word)[0].lemma_ == lemma


def test_english_lemmas():
    nlp = pipeline.build("en", [])
    assert [t.lemma_ for t in nlp("Apologized sent")] == ["apologize", "send"]


def test_the_lemma_tables_ship_with_etiket_and_their_licence(monkeypatch):
    monkeypatch.setitem(__import__("sys").modules, "spacy_lookups_data", None)  # not needed any more
    english, indonesian = pipeline._lookup_table("en"), pipeline._lookup_table("id")
    assert (len(english), english["went"], english["apologized"]) == (41582, "go", "apologize")
    assert (len(indonesian), indonesian["mengirimkan"]) == (36872, "kirim")
    notice = (Path(pipeline.__file__).parent / "data" / "LEMMA-TABLES-LICENSE").read_text()
    assert "spacy-lookups-data" in notice and "Copyright (c) 2019 ExplosionAI GmbH" in notice


def test_paragraphs_end_at_blank_lines_and_list_items(nlp_id):
    doc = nlp_id("Halo Kak,\n\nsatu dua tiga\nempat lima\n\nLangkahnya:\n- buka aplikasi\n2. pilih menu\n\nSalam")
    assert [(doc[start:end].text, words) for (start, end), words in paragraph_words(doc)] == [
        ("Halo Kak,", 2),
        ("satu dua tiga\nempat lima", 5),
        ("Langkahnya:", 1),
        ("- buka aplikasi", 2),
        ("2. pilih menu", 2),
        ("Salam", 1),
    ]


def test_an_emoji_ends_a_chat_sentence(nlp_id):
    doc = nlp_id("Makasih Kak 🙏 Paketnya sudah dikirim 😊 Kabari ya")
    assert [s.text for s in doc.sents] == ["Makasih Kak 🙏", "Paketnya sudah dikirim 😊", "Kabari ya"]


def test_pipeline_leaves_spacy_cli_and_other_languages_unloaded_until_used():
    """Checking an English draft imports neither spaCy's command line (typer, weasel, jinja2: ~0.2 s
    of a start), its Indonesian data (0.1 s), nor the registry its configuration system fills with
    every language's tokenizer (spacy.lang.vi ...); code that does reach for them still gets them."""
    import subprocess
    import sys

    probe = ("import sys, etiket.pipeline as p, spacy; p.build('en', []); "
             "print('weasel' in sys.modules, 'jinja2' in sys.modules, 'spacy.lang.id' in sys.modules, 'spacy.lang.vi' in sys.modules); "
             "print(spacy.cli.download.__module__, [t.text for t in p.blank('id')('anak-anak ya')])")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.split("\n") == ["False False False False", "spacy.cli.download ['anak-anak', 'ya']", ""]


def test_pipelines_leave_spacys_other_pipes_unloaded_until_asked():
    """Building both languages' pipelines runs neither spaCy's package __init__ nor spacy.pipeline's,
    which import every pipe (parser, NER, spacy.ml, numpy.random: ~4 % of a start); the first name
    asked of either package that it lacks runs its __init__, and spaCy then works as usual."""
    import subprocess
    import sys

    probe = ("import sys, etiket.pipeline as p; p.build('en', []); p.build('id', []); import spacy; "
             "print(any(m in sys.modules for m in ('spacy.pipeline.dep_parser', 'spacy.ml', 'numpy.random', 'spacy.lang.en.lemmatizer'))); "
             "print(spacy.blank('en').make_doc(\"Don't\").__len__(), spacy.__version__ == spacy.about.__version__, 'spacy.pipeline.dep_parser' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.split("\n") == ["False", "2 True True", ""]


def test_indonesian_data_comes_without_spacys_exceptions_module(tmp_path):
    """Once the start memory holds the ~350 tokenizer exceptions etiket keeps, an Indonesian pipeline
    is made without spacy.lang.id's exceptions module (which builds all of spaCy's: ~0.05 s of a
    start); the rest of its language data is spaCy's, and spaCy's package imported afterwards is whole."""
    import os
    import subprocess
    import sys

    probe = ("import sys, etiket.pipeline as p; p.build('id', []); ours = p._fast_indonesian(); "
             "print('spacy.lang.id.tokenizer_exceptions' in sys.modules); "
             "from spacy.lang.id import IndonesianDefaults as theirs; "
             "print(ours.tokenizer_exceptions == {k: v for k, v in theirs.tokenizer_exceptions.items() if '-' not in k}, "
             "[getattr(ours, a) == getattr(theirs, a) for a in ('prefixes', 'suffixes', 'stop_words', 'writing_system')], "
             "[(k, f.__qualname__) for k, f in ours.lex_attr_getters.items()] == [(k, f.__qualname__) for k, f in theirs.lex_attr_getters.items()], "
             "ours.syntax_iterators.keys() == theirs.syntax_iterators.keys(), len(theirs.tokenizer_exceptions) > 10_000)")
    env = {**os.environ, "ETIKET_CACHE_DIR": str(tmp_path)}
    runs = [subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, env=env).stdout for _ in range(2)]
    same = "True [True, True, True, True] True True True\n"
    assert runs == ["True\n" + same, "False\n" + same]


def test_a_pipeline_tokenizes_as_spacys_blank_language_does():
    """The tokenizer etiket makes from spaCy's language data splits as spacy.blank's does (etiket's
    own abbreviations aside), and its words carry the same lexical attributes."""
    import spacy
    from spacy.lang.id import Indonesian

    class FastIndonesian(Indonesian):
        Defaults = pipeline._fast_indonesian()

    text = "Don't worry :) we'll refund U.S. $20 by 5 p.m. — e-mail me@x.co, ok?! (ref 12-ab) anak-anak Bapak/Ibu dgn yg"
    for lang in ("en", "id"):
        ours = pipeline.blank(lang).make_doc(text)
        theirs = (FastIndonesian() if lang == "id" else spacy.blank(lang)).make_doc(text)
        attrs = lambda doc: [(t.text, t.whitespace_, t.norm_, t.is_stop, t.like_num, t.is_punct, t.shape_) for t in doc]  # noqa: E731
        assert attrs(ours) == attrs(theirs)


@pytest.mark.parametrize("lang", ["en", "id"])
def test_every_special_case_tokenizes_as_spacys_blank_language_does(lang):
    """The special cases, made without spaCy's reading of deprecated attribute names
    (_pieces_read_plainly), give the tokens, norms and lexemes spaCy's own give."""
    import spacy
    from spacy.lang.id import Indonesian

    class FastIndonesian(Indonesian):
        Defaults = pipeline._fast_indonesian()

    ours, theirs = pipeline.blank(lang), FastIndonesian() if lang == "id" else spacy.blank(lang)
    cases = sorted(pipeline._defaults(lang).tokenizer_exceptions)
    attrs = lambda doc: [(t.text, t.whitespace_, t.norm_, t.lower_, t.is_stop, t.like_num, t.shape_) for t in doc]  # noqa: E731
    assert attrs(ours.make_doc(" ".join(cases))) == attrs(theirs.make_doc(" ".join(cases)))
    assert [attrs(ours.make_doc(case)) for case in cases] == [attrs(theirs.make_doc(case)) for case in cases]


def _spacys_affixes(defaults):
    from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

    return [compile_prefix_regex(defaults.prefixes), compile_suffix_regex(defaults.suffixes), compile_infix_regex(defaults.infixes)]


@pytest.mark.parametrize("lang", ["en", "id"])
def test_affix_patterns_read_from_the_cache_are_the_ones_spacy_compiles(lang, monkeypatch):
    """The tokenizer's affix patterns come back from the user cache equal to what spacy.util compiles
    (a Pattern equals another with the same pattern, flags and engine code), compiling nothing;
    Indonesian's prefixes as _prefix_expression writes them (see the test after this one)."""
    defaults = pipeline._defaults(lang)
    want = _spacys_affixes(defaults)
    if lang == "id":
        want[0] = re.compile(pipeline._prefix_expression([piece for piece in defaults.prefixes if piece.strip()]))
    pipeline._affixes(lang, defaults)
    terms.keep(lang)
    monkeypatch.setattr(terms._StartMemory, "_loaded", {})  # read back from the cache file
    monkeypatch.setattr(pipeline.re, "compile", lambda *args: pytest.fail("compiled again"))
    assert pipeline._affixes(lang, defaults) == want


def test_affix_patterns_whose_remembered_code_is_broken_are_compiled_as_usual(monkeypatch):
    defaults = pipeline._defaults("en")
    monkeypatch.setattr(terms, "remembered", lambda lang, key, make: (32, [1, 2, 3], 0, {}, ()))
    assert pipeline._affixes("en", defaults) == _spacys_affixes(defaults)


SAMPLES = [
    "Hi {{first_name}},\nsee https://t.co/abc Let us know @dana_k!",
    "@AskSupport @dana_k thanks!! hey{%if x%}there  &amp; mail us at help@shop.id. #Promo",
    "  Halo Kak,\n\n{{ nama }} sudah dikirim ke https://shop.id/track?id=1, cek ya 🙏",
    "no opaque words here.\nJust lines\n",
]


def _tokens(doc):
    return [(t.text, t.whitespace_, t.norm_, t.lemma_, t._.opaque, t.is_sent_start) for t in doc]


@pytest.mark.parametrize("text", SAMPLES)
@pytest.mark.parametrize("lang", ["en", "id"])
def test_opaque_spans_made_into_words_match_the_retokenizer(lang, text):
    """The Doc made anew from its words is token for token what spaCy's retokenizer makes."""
    nlp = pipeline.build(lang, [])
    made = nlp(text)
    slow = nlp.make_doc(text)
    spans = pipeline.opaque.find(text)
    slow.user_data[pipeline.opaque.KEY] = spans
    if spans:
        slow = pipeline._retokenized(slow, spans)
    for name, component in nlp.pipeline[1:]:
        slow = component(slow)
    assert _tokens(made) == _tokens(slow)


@pytest.mark.parametrize("text", SAMPLES)
def test_sentences_are_worked_out_once_as_spacy_gives_them(text):
    from etiket.checks.base import SENTS, sentences, text_of

    doc = pipeline.build("en", [])(text)
    assert doc.user_data[SENTS] == [(s.start, s.end) for s in doc.sents] == sentences(doc)
    assert text_of(doc) == doc.text == text


def test_a_customer_message_whose_regex_ran_out_of_time_is_read_again(monkeypatch):
    """Its regexes run as the checks read them, within the budget of the reply reading them: one
    stopped there is reported for that reply, and the message is not remembered half read."""
    import time
    import types

    class Reader:  # a check that reads the customer's key "slow"
        DEFERS, rule = False, types.SimpleNamespace(category="clarity")

        def evaluate(self, ctx):
            assert ctx.customer_hits.get("slow") is None
            return []

    nlp = pipeline.build("en", [])
    component = nlp.get_pipe(pipeline.RULES_PIPE)
    component.indexes.customer.add("slow", {"regex": [r"(a|aa)+$"]})
    monkeypatch.setattr(component, "_due", lambda hits: [Reader()])
    customer = "ok " + "a" * 40 + "b"
    doc = nlp("Thanks!", disable=[pipeline.RULES_PIPE])
    doc.user_data["etiket.context"] = {"customer": customer, "deadline": time.monotonic()}
    component(doc)
    assert doc.user_data["etiket.overrun"] == ["slow"] and list(component._customers) == []
    doc.user_data["etiket.context"]["deadline"] = None  # a reply with time to read it all
    component(doc)
    assert doc.user_data["etiket.overrun"] == [] and list(component._customers) == [customer]


def test_a_customer_message_is_read_once_for_all_replies_to_it():
    from etiket import rulebook
    from etiket.lint import Linter
    from etiket.reply import RelativeMap, Reply

    linter = Linter(list(rulebook.load_packs([rulebook.builtin_rules_dir()]).values()), lang="id")
    customer = "Paket saya belum sampai juga, sudah seminggu! Tolong dicek."

    def found(text):
        reply = Reply(source="-", text=text, positions=RelativeMap(text), customer=customer)
        return [(f.rule, f.start, f.end, f.suggestion) for f in linter.check(reply).findings]

    first = [found(text) for text in ("Ok.", "Baik Kak, kami cek dulu ya.")]
    component = linter.pipeline("id").get_pipe(pipeline.RULES_PIPE)
    assert list(component._customers) == [customer]
    component._customers.clear()
    assert [found(text) for text in ("Ok.", "Baik Kak, kami cek dulu ya.")] == first


@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_check_skipped_for_want_of_its_terms_would_have_found_nothing(lang):
    """The rules component skips a check when none of its needed keys matched: run anyway, with
    every other key matched, it finds nothing."""
    from etiket import rulebook
    from etiket.checks.base import Context

    nlp = pipeline.build(lang, list(rulebook.load_packs([rulebook.builtin_rules_dir()]).values()))
    component = nlp.get_pipe(pipeline.RULES_PIPE)
    doc = nlp("Halo Kak, maaf ya. Sorry about that, thanks!\nSalam, Tari", disable=[pipeline.RULES_PIPE])
    gated = [check for check in component.checks if check.needed_keys() is not None]
    keys = {key for check in component.checks for key in (check.needed_keys() or ())}
    keys |= {check._reply_key for check in component.checks if check._reply_key}
    customer_hits = {check._customer_key: [doc[0:1]] for check in component.checks if check._customer_key}
    assert gated
    for check in gated:
        hits = {key: [doc[0:1]] for key in keys - set(check.needed_keys())}
        ctx = Context(doc=doc, hits=hits, customer_hits=customer_hits, channel="email")
        assert check.evaluate(ctx) == [], check.rule.id


def test_prefix_pattern_tried_at_the_start_matches_as_spacys():
    # Indonesian's prefixes hold one with an unanchored alternative (<a ...>): it stays unanchored
    pieces = [piece for piece in pipeline._defaults("id").prefixes if piece.strip()]
    spacys, ours = re.compile("|".join("^" + piece for piece in pieces)), re.compile(pipeline._prefix_expression(pieces))
    assert spacys.pattern != ours.pattern
    for text in ["(halo", "Rp50.000", "x<a href=1>", "<b/>kak", "kak<br/>", "...ya", "—", "/kirim", "USD10", "biasa"]:
        for start in range(len(text)):
            found, expected = ours.search(text[start:]), spacys.search(text[start:])
            assert (found and found.span()) == (expected and expected.span())
    assert pipeline._top_level_alternatives(r"[|\]]a|(b|c)|\|") == [r"[|\]]a", "(b|c)", r"\|"]
    assert pipeline._top_level_alternatives("[]|]x|y") == ["[]|]x", "y"]
    assert pipeline._top_level_alternatives("(a") is None
    assert pipeline._prefix_expression(["a", "b|(?P<x>c)"]) == "^a|^b|(?P<x>c)"  # a named group is not repeated
