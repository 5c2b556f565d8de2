"""Placeholders, URLs, e-mail addresses, @mentions, #hashtags and HTML entities are opaque tokens:
never flagged, never read as words, one word each, and sentence boundaries fall where a reader sees
them. Broken placeholders are clarity/unfilled-placeholder."""

import re
from pathlib import Path

import pytest

from etiket import opaque, pipeline
from etiket.checks.metric import sentence_words
from etiket.terms import TermIndex

from conftest import make_reply

FIXTURES = Path(__file__).parent / "fixtures" / "opaque"


@pytest.fixture(scope="module")
def nlp_en():
    return pipeline.build("en", [])


def _found(linter, text, **kw):
    return [(f.rule, f.text, f.line, f.column) for f in linter.check(make_reply(text, **kw)).findings]


def test_find_names_each_kind_once():
    text = ("Hi {{ name | default: 'there' }}, Dear %FIRSTNAME%, ${order} <<agent>> {first_name} [Nama Pelanggan]: "
            "see https://x.com/help. Mail maya@example.com or DM @toko.maya #Promo2024 Q&amp;A, order #12345.")
    assert [(text[s.start:s.end], s.kind) for s in opaque.find(text)] == [
        ("{{ name | default: 'there' }}", "placeholder"),
        ("%FIRSTNAME%", "placeholder"),
        ("${order}", "placeholder"),
        ("<<agent>>", "placeholder"),
        ("{first_name}", "placeholder"),
        ("[Nama Pelanggan]", "placeholder"),
        ("https://x.com/help", "url"),
        ("maya@example.com", "email"),
        ("@toko.maya", "mention"),
        ("#Promo2024", "hashtag"),
        ("&amp;", "entity"),
    ]


def test_a_field_name_in_capitals_or_a_claim_field_in_brackets_is_a_placeholder():
    text = "Klaim [NO KLAIM] untuk polis [NO POLIS] periode [Periode Polis], order [ORDER ID]; [TBD] [XXX] [insert link]"
    assert [text[s.start:s.end] for s in opaque.find(text)] == [
        "[NO KLAIM]", "[NO POLIS]", "[Periode Polis]", "[ORDER ID]"]


def test_unfinished_placeholders_are_not_opaque():
    text = "{{name} [INSERT DATE] [TODO] <nama> XXX [returns page](https://x.com/r)"
    assert [(text[s.start:s.end], s.kind) for s in opaque.find(text)] == [("https://x.com/r", "url")]


@pytest.mark.parametrize("name", ["zendesk-refund-en.txt", "zendesk-refund-id.txt", "shipping-en.txt", "marketplace-kak-id.txt"])
@pytest.mark.parametrize("channel", ["email", "chat"])
def test_clean_macros_with_placeholders_score_100(linter, name, channel):
    text = (FIXTURES / name).read_text(encoding="utf-8")
    result = linter.check(make_reply(text, channel=channel))
    assert (result.findings, result.score) == ([], 100.0)


def test_a_placeholder_is_one_token_with_a_neutral_marker(nlp_en):
    doc = nlp_en("Hi {{ticket.requester.first_name}}, thanks")
    assert [(t.text, t.norm_, t.lemma_, t._.opaque) for t in doc] == [
        ("Hi", "hi", "hello", ""),
        ("{{ticket.requester.first_name}}", "<placeholder>", "<placeholder>", "placeholder"),
        (",", ",", ",", ""),
        ("thanks", "thanks", "thank", ""),
    ]
    assert [words for _, words in sentence_words(doc)] == [3]


def test_liquid_tags_are_opaque_and_the_prose_between_them_is_checked(linter):
    text = "{% if ticket.priority == 'urgent' %}Relax bro, the refund is already on its way.{% endif %}"
    assert _found(linter, text, lang="en") == [("politeness/over-familiar-address", "Relax bro", 1, 37)]


@pytest.mark.parametrize(("text", "lang", "found"), [
    ("Halo {{ticket.requester.first_name},\n\nRefund Kakak sudah kami setujui hari ini.", "id",
     ("{{ticket.requester.first_name}", 1, 6)),
    ("Hi {first_name}}, your refund was approved today.", "en", ("{first_name}}", 1, 4)),
    ("Yth. Bapak <nama>, pesanan Bapak sudah dikirim hari ini.", "id", ("<nama>", 1, 12)),
    ("Dear <customer_name>, your order shipped today.", "en", ("<customer_name>", 1, 6)),
    ("Your booking for [INSERT DATE] is confirmed.", "en", ("[INSERT DATE]", 1, 18)),
    ("Kartu pengganti dikirim hari Senin. [TODO]", "id", ("[TODO]", 1, 37)),
])
def test_unfinished_placeholders_are_errors(linter, text, lang, found):
    findings = [f for f in linter.check(make_reply(text, lang=lang)).findings if f.rule == "clarity/unfilled-placeholder"]
    assert [(f.text, f.line, f.column, f.severity) for f in findings] == [(*found, "error")]


@pytest.mark.parametrize(("text", "lang"), [
    ("Everything is explained at https://help.example.com/send-your-password-securely", "en"),
    ("You can reset it here: https://example.com/reset-password", "en"),
    ("Full details: bit.ly/StupidQuestion", "en"),
    ("Panduannya ada di https://bantuan.contoh.co.id/kirim-kode-otp-anda ya Kak.", "id"),
    ("Infonya di bit.ly/KakakGoblok ya Kak.", "id"),
])
def test_words_inside_a_url_trigger_nothing(linter, text, lang):
    assert _found(linter, text, lang=lang, channel="social") == []


def test_a_url_does_not_hide_a_request_for_a_secret_next_to_it(linter):
    text = "Please send us your password via https://example.com/form"
    assert [f[:2] for f in _found(linter, text, lang="en")] == [
        ("privacy/secret-request", "send us your password")]


def test_sentences_split_where_a_reader_splits_them_around_urls(nlp_en):
    doc = nlp_en("Track it here: https://t.co/abc Let us know if it helps! See https://x.com/help. Then restart")
    assert [s.text for s in doc.sents] == [
        "Track it here: https://t.co/abc", "Let us know if it helps!", "See https://x.com/help.", "Then restart"]
    assert [t.text for t in doc if t._.opaque] == ["https://t.co/abc", "https://x.com/help"]


def test_a_long_url_counts_as_one_word(linter):
    """40 words and a URL whose path alone reads as 20 more: 41 words, not long (max 45)."""
    url = ("https://tracking.example.com/en/parcels/2024/06/14/depot/jakarta/selatan/route/seven/stop/three/"
           "status/full/history/details/map/view/all")
    text = ("Thanks for waiting: we looked into the parcel and confirmed with the courier that it was rerouted "
            f"to your local depot, so you can collect it there or follow every single step online at {url} "
            "for the rest of the week.")
    assert [f for f in _found(linter, text, lang="en") if f[0] == "clarity/long-sentence"] == []
    doc = linter.pipeline("en")(text)
    assert [words for _, words in sentence_words(doc)] == [41]
    assert len(re.findall(r"[^\W\d_][\w'’-]*", text)) == 60  # counted as words, as before


def test_an_entity_is_not_read_as_a_word(nlp_en):
    index = TermIndex(nlp_en, nlp_en.get_pipe("etiket_lemmatizer"))
    index.add("amp", {"phrases": ["amp"], "regex": [r"\bamp\b"]})
    assert index.find(nlp_en("Q&amp;A &gt; Refunds")) == {}
    hits = index.find(nlp_en("Q&amp;A &gt; Refunds, and our guitar amp guide"))["amp"]
    assert [span.text for span in hits] == ["amp"]
    assert [span.start_char for span in hits] == [37]


@pytest.mark.parametrize(("text", "customer"), [
    ("@dana_k Pool closes at 8pm, towels are at reception.", "@HotelAzure Good evening! What time does the pool close?"),
    ("@rina.putri Kolam tutup jam 20.00, handuk ada di resepsionis.", "@HotelAzure Selamat malam, kolam renang tutup jam berapa?"),
])
def test_a_leading_mention_is_the_address_line(linter, text, customer):
    assert _found(linter, text, customer=customer, channel="social") == []
    greeting = "politeness/missing-greeting"
    assert [f[0] for f in _found(linter, text, channel="email") if f[0] == greeting] == []
    unaddressed = text.split(" ", 1)[1]
    assert [f[0] for f in _found(linter, unaddressed, channel="email") if f[0] == greeting] == [greeting]


def test_the_word_after_leading_mentions_starts_a_sentence(linter):
    doc = linter.pipeline("en")("@AskSupport @dana_k Why did the payment fail?")
    assert [s.text for s in doc.sents] == ["@AskSupport @dana_k", "Why did the payment fail?"]
    assert [f[:2] for f in _found(linter, "@dana_k Why did the payment fail?", lang="en")] == [
        ("politeness/blunt-question", "Why did the payment fail?"),
        ("politeness/request-without-courtesy", "Why did the payment fail?"),
    ]


def test_a_pet_name_right_after_the_address_line_is_over_familiar(linter):
    assert _found(linter, "@dana_k hun, we'll sort it out by Friday.", lang="en", channel="social") == [
        ("politeness/over-familiar-address", "hun", 1, 9)]


@pytest.mark.parametrize(("text", "lang", "link"), [
    ("As per our policy, returns are handled case by case.", "en", " Details: https://shop.example.com/returns"),
    ("As per our policy, returns are handled case by case.", "en", " Write to returns@shop.example.com for details."),
    ("Sesuai kebijakan kami, pengembalian diproses sesuai ketentuan.", "id", " Cek di tokoku.co.id/kebijakan ya."),
])
def test_rules_that_look_for_a_link_still_find_it(linter, text, lang, link):
    rule = "transparency/vague-policy-reference"
    # (one finding or more: "as per our policy" and "case by case" are two vague references)
    assert {f[0] for f in _found(linter, text, lang=lang)} >= {rule}
    assert [f[0] for f in _found(linter, text + link, lang=lang) if f[0] == rule] == []


def test_a_finding_on_a_sentence_with_a_link_points_at_its_words(linter):
    text = "Have you redeemed that on your https://t.co/4YBn633EOk account?"
    found = {f.rule: f.text for f in linter.check(make_reply(text, lang="en", channel="social")).findings}
    assert found["politeness/request-without-courtesy"] == "Have you redeemed that on your"
    text = "https://t.co/0m2mpH15eh does this link help?"
    found = {f.rule: f.text for f in linter.check(make_reply(text, lang="en", channel="social")).findings}
    assert found["politeness/request-without-courtesy"] == "does this link help?"


def test_a_kind_is_looked_for_only_in_a_text_holding_a_literal_its_patterns_need():
    """Each kind's patterns are gated by their required literals (termsyntax.required_literals, as
    rule regexes are): a text without one of the kind's caseless ones has no span of that kind."""
    from etiket import opaque

    needed = {kind: literals for kind, _, literals, _ in opaque._patterns()}
    assert needed["placeholder"] == ("${", "%", ">>", "]", "{#", "|*", "}")
    assert {needed[kind] for kind in ("email", "mention", "hashtag", "entity")} == {("@",), ("#",), (";",)}
    # a link needs "://" or "www.", or a dot right before a top-level domain (termsyntax._junctions)
    assert {"://", "www.", ".co", ".id"} <= set(needed["url"]) and "." not in needed["url"]  # ".com" holds ".co"
    assert [cased for kind, _, _, cased in opaque._patterns()] == [False, True, False, False, False, False]
    assert opaque.find("see HTTPS://Example.ORG/x or Shop.COM, not 3.5 or e.g. this") == [
        opaque.Span(4, 25, "url")]
    assert opaque.find("see Shop.com, not 3.5 or e.g. this") == [opaque.Span(4, 12, "url")]
    assert opaque.find("mail ops@shop.id or @ops, #promo &amp; more") == [
        opaque.Span(5, 16, "email"), opaque.Span(20, 24, "mention"), opaque.Span(26, 32, "hashtag"), opaque.Span(33, 38, "entity")]
    assert opaque.find("Hi {{name}}, 50% off [first name] %FNAME% *|LNAME|* <<Name>>") == [
        opaque.Span(3, 11, "placeholder"), opaque.Span(21, 33, "placeholder"), opaque.Span(34, 41, "placeholder"),
        opaque.Span(42, 51, "placeholder"), opaque.Span(52, 60, "placeholder")]


def test_a_project_placeholder_is_gated_by_its_own_literals_or_looked_for_in_every_text():
    from etiket import opaque

    literals = {extra: opaque._patterns((extra,))[0][2:] for extra in [r"\b[a-z]{12,}\b", r"\bcustomername\b"]}
    assert literals[r"\b[a-z]{12,}\b"] == (None, False)
    assert "customername" in literals[r"\bcustomername\b"][0] and literals[r"\bcustomername\b"][1]
    for extra in literals:
        assert opaque.find("ask CustomerName today", (extra,)) == []
        assert opaque.find("ask customername today", (extra,)) == [opaque.Span(4, 16, "placeholder")]
    # a text whose letters case folding could take for others is read by every kind (termsyntax.gate_applies)
    assert opaque.find("\u212aelvin shop.com") == [opaque.Span(7, 15, "url")]


@pytest.mark.parametrize("text", [
    "@AskSupport hi, see https://t.co/abc123 or mail help@example.com today.",  # each span one token: marked in place
    "Hi {{name}}, #BlackFriday is on bit.ly/xyz.",  # spans over several tokens: the Doc made anew
    "@AskSupport Hi {{name}}, more at www.example.com/help",  # both kinds in one reply
])
def test_spans_marked_in_place_give_the_doc_made_anew(nlp_en, text, monkeypatch):
    attrs = ["ORTH", "NORM", "LEMMA", "SPACY", "IDX", "SENT_START"]

    def tokens():
        doc = nlp_en(text, disable=[pipeline.RULES_PIPE])
        return doc.to_array(attrs).tolist(), [t._.opaque for t in doc]

    marked = tokens()
    monkeypatch.setattr(pipeline, "_one_token_each", lambda doc, spans: None)
    assert tokens() == marked
