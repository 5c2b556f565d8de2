"""A suggestion fits the reply it is given for: an apology names the problem the customer reported
(their own words) and its example uses no form of address, so a formal e-mail (Bapak/Ibu) never gets
a "Kak" example and a casual chat never gets a stiff one; a customer's "when?" asks for a time."""

import re

from etiket.reply import RelativeMap, Reply

FORMAL = ("Yth. Bapak Hendra,\n\nDana yang terpotong akan kami kembalikan ke rekening Bapak dalam 3 hari kerja.\n\n"
          "Hormat kami,\nTim Layanan Nasabah")
FORMAL_CUSTOMER = "Selamat siang, tagihan kartu kredit saya bulan ini tertagih dua kali untuk transaksi yang sama."
CASUAL = "Dananya udah aku proses balik ya Kak, masuk maksimal 1x24 jam."
CASUAL_CUSTOMER = "Kak, saldo aku kepotong dua kali pas bayar tagihan listrik"


def _suggestions(linter, text, customer, lang, channel, rule):
    reply = Reply(source="draft.txt", text=text, positions=RelativeMap(text), lang=lang,
                  customer=customer, channel=channel)
    return [f.suggestion for f in linter.check(reply).findings if f.rule == rule]


def test_billing_complaint_in_a_formal_email_gets_an_apology_naming_it_without_kak(linter):
    assert _suggestions(linter, FORMAL, FORMAL_CUSTOMER, "id", "email", "apology/missing-apology") == [
        "Awali dengan permintaan maaf atas masalah yang dilaporkan pelanggan (“tertagih dua kali”), lalu solusinya: "
        "“Mohon maaf atas kendala ini; berikut yang sudah kami lakukan.”"
    ]


def test_billing_complaint_in_a_kak_chat_gets_an_apology_naming_it(linter):
    assert _suggestions(linter, CASUAL, CASUAL_CUSTOMER, "id", "chat", "apology/missing-apology") == [
        "Awali dengan permintaan maaf atas masalah yang dilaporkan pelanggan (“saldo aku kepotong”), lalu solusinya: "
        "“Mohon maaf atas kendala ini; berikut yang sudah kami lakukan.”"
    ]


def test_billing_complaint_in_english_gets_an_apology_naming_it(linter):
    text = "Hi Dana,\n\nThe second charge has been reversed and will show within 3 business days.\n\nBest,\nSam"
    assert _suggestions(linter, text, "I was charged twice for my March bill.", "en", "email",
                        "apology/missing-apology") == [
        "Open with a short apology for the problem the customer reported (“charged twice”), then the fix: "
        "“I'm sorry about this; here's what I've done to put it right.”"
    ]


def test_a_complaint_known_by_its_displeasure_is_named_by_its_first_sentence(linter):
    """Where only the customer's displeasure beside an order number says a failure was reported, the
    suggestion quotes the sentence that states the problem, not "not happy" or the message's first word."""
    text = "Hi Jordan, the 5x7 reprints go out tonight by Tracked 24."
    customer = "Just opened order 55102 and the prints are all 4x6, I paid for 5x7!! Really not happy"
    assert _suggestions(linter, text, customer, "en", "chat", "apology/missing-apology") == [
        "Open with a short apology for the problem the customer reported (“Just opened order 55102 and the prints are "
        "all 4x6, I paid for 5x7”), then the fix: “I'm sorry about this; here's what I've done to put it right.”"
    ]


def test_a_report_found_by_one_word_is_named_by_its_clause(linter):
    """"mengelupas" alone names nothing: the suggestion quotes the clause it stands in, from the last clause word
    ("tapi") to the end of its sentence."""
    text = "Selamat siang Bapak Yusuf,\n\nTim kami datang Sabtu pukul 09.00 untuk mengecat ulang tanpa biaya.\n\nHormat kami,\nRudi"
    customer = ("Selamat pagi. Pagar besi yang dipasang di rumah saya baru dua minggu tapi bagian bawahnya sudah berkarat "
                "dan catnya mengelupas. Saya minta ini diperbaiki.")
    assert _suggestions(linter, text, customer, "id", "email", "apology/missing-apology") == [
        "Awali dengan permintaan maaf atas masalah yang dilaporkan pelanggan (“bagian bawahnya sudah berkarat dan catnya "
        "mengelupas”), lalu solusinya: “Mohon maaf atas kendala ini; berikut yang sudah kami lakukan.”"
    ]


def test_a_clause_holding_the_customers_details_is_not_quoted_back(linter):
    """A phone number in the clause: the suggestion names the word that found the report, not the number."""
    text = "Hi Sam, a new one goes out today by tracked post."
    customer = "Hi, my order for Sam Lee at 12 Oak Street, phone 0412 555 019 is broken"
    suggestions = _suggestions(linter, text, customer, "en", "chat", "apology/missing-apology")
    assert len(suggestions) == 1 and "0412" not in suggestions[0] and "(“broken”)" in suggestions[0]


def test_no_apology_or_empathy_suggestion_names_an_unrelated_scenario_or_an_address_form(linter):
    """The examples inside apology and empathy suggestions stand in any register and any case."""
    from etiket import rulebook

    rules = rulebook.load_packs([rulebook.builtin_rules_dir()])
    for rule in rules.values():
        if rule.category not in ("apology", "empathy"):
            continue
        text = rule.suggestion.get("id", "")
        for word in ("Kak", "Kakak", "Bapak", "Ibu", "Anda", "pesanan", "keterlambatan"):
            assert f" {word}" not in text and f"“{word}" not in text, (rule.id, word)
        for word in ("$", "order", "late", "delivery"):
            assert word not in rule.suggestion.get("en", ""), (rule.id, word)


def test_a_when_question_left_without_a_time_gets_the_when_suggestion(linter):
    text = "Yth. Bapak Andi,\n\nPengajuan refund Bapak sedang dalam proses.\n\nHormat kami,\nTim Layanan"
    assert _suggestions(linter, text, "Kapan refund saya masuk?", "id", "email", "transparency/unanswered-when") == [
        "Jawab pertanyaan “kapan”-nya: sebutkan tanggal, jam, atau rentang waktu (“paling lambat Jumat”, "
        "“dalam 2 hari kerja”), atau sampaikan bahwa waktunya belum bisa dipastikan dan kapan kabar berikutnya "
        "dikirim (“Estimasinya kami kabari paling lambat pukul 17.00 hari ini.”)."
    ]
    answered = "Yth. Bapak Andi,\n\nRefund Bapak masuk paling lambat Jumat, 14 Juni.\n\nHormat kami,\nTim Layanan"
    assert _suggestions(linter, answered, "Kapan refund saya masuk?", "id", "email", "transparency/unanswered-when") == []


# The same three faults in a formal bank e-mail (Bapak) and in a marketplace chat (Kak): the examples
# are written without a form of address, so each register gets the same example and neither gets the other's.
FORMAL_FAULTS = ("Yth. Bapak Hendra,\n\nSekali lagi saya jelaskan, biaya administrasi kartu dipotong setiap tanggal 5. "
                 "Klaim pengembalian biaya Bapak ditolak. "
                 "Kalau Bapak sudah membaca panduannya, tentu Bapak tahu formulir ini wajib diisi.\n\n"
                 "Hormat kami,\nTim Layanan Nasabah")
KAK_FAULTS = ("Halo Kak Rina, kan sudah aku bilang, refund butuh 5 hari kerja ya Kak. Pesanan ini tidak bisa "
              "dibatalkan, Kak. Pasang routernya gampang, anak kecil juga bisa, Kak.")
FAULT_SUGGESTIONS = {
    "sarcasm/passive-aggressive-reminder": ["Ulangi intinya dengan netral: “Sebagai ringkasan, [intinya dalam satu kalimat].”"],
    "transparency/unexplained-refusal": ["Sebutkan alasan dan alternatifnya: “[Permintaannya] tidak bisa kami [penuhi] "
                                         "karena [alasannya], tetapi [alternatifnya].”"],
    "sarcasm/condescension": ["Hapus komentar tentang pelanggan dan jelaskan intinya dengan lugas, seperti kepada rekan "
                              "kerja: “Caranya begini: [langkah atau aturannya dalam satu kalimat].”"],
}


def _all_suggestions(linter, text, channel):
    reply = Reply(source="draft.txt", text=text, positions=RelativeMap(text), lang="id", channel=channel)
    return linter.check(reply).findings


def test_a_formal_email_gets_examples_without_kak(linter):
    findings = _all_suggestions(linter, FORMAL_FAULTS, "email")
    for rule, expected in FAULT_SUGGESTIONS.items():
        assert [f.suggestion for f in findings if f.rule == rule] == expected
    assert [f.rule for f in findings if "Kak" in f.suggestion] == []


def test_a_kak_chat_gets_examples_without_bapak_or_anda(linter):
    findings = _all_suggestions(linter, KAK_FAULTS, "chat")
    for rule, expected in FAULT_SUGGESTIONS.items():
        assert [f.suggestion for f in findings if f.rule == rule] == expected
    assert [f.rule for f in findings if any(w in f.suggestion for w in ("Bapak", "Ibu", "Anda"))] == []


# Rules whose subject is the choice of address itself: their suggestion offers the registers side by side
# (missing-greeting: "Yth. Bapak Andi," or "Halo Kak Dinda,"), never one of them alone.
ADDRESS_CHOICE = {"politeness/kamu-address", "politeness/missing-greeting", "politeness/mixed-address-forms",
                  "politeness/over-familiar-address"}
CASUAL_ADDRESS = re.compile(r"\b(?:Kak|Kakak|kamu|[Gg]an|[Ss]is)\b")
FORMAL_ADDRESS = re.compile(r"\b(?:Anda|Bapak|Ibu|Pak|Bu|Saudara)\b")


def test_no_indonesian_suggestion_imposes_one_register(builtin_rules):
    """A suggestion reaches replies in every register, so its wording names no form of address; only the
    rules about address offer the choice, and lowercase-honorific shows the capitals of the forms the reply
    already uses."""
    imposed = []
    for rule in builtin_rules.values():
        text = rule.suggestion.get("id", "")
        if rule.id in ADDRESS_CHOICE:
            assert CASUAL_ADDRESS.search(text) and FORMAL_ADDRESS.search(text), rule.id
        elif CASUAL_ADDRESS.search(text) or (FORMAL_ADDRESS.search(text) and rule.id != "politeness/lowercase-honorific"):
            imposed.append(rule.id)
    assert imposed == []


SCENARIO = re.compile(r"\b(?:parcel|courier|order|refund|deliver|shipped|warehouse|pesanan|paket|kurir|gudang|"
                      r"pengiriman|resi)\w*", re.IGNORECASE)


def test_no_example_in_a_suggestion_tells_one_customers_story(builtin_rules):
    """The quoted example reaches billing, telco and bank replies alike, so it leaves the story to the writer:
    a slot such as “[Jawabannya]” instead of a parcel, an order or a refund."""
    stories = [(rule.id, lang, quote) for rule in builtin_rules.values() for lang, text in rule.suggestion.items()
               for quote in re.findall(r"“([^”]*)”", text) if SCENARIO.search(quote)]
    assert stories == []


def test_blame_and_sarcasm_examples_leave_the_situation_to_a_slot(builtin_rules):
    """Blame and sarcasm fire in every domain, so the example of a better wording (the suggestion's last
    quote; earlier ones name the words to drop) holds a slot (“[What happened]”) where the situation goes:
    a locked PIN offered to a courier's customer is noise."""
    fixed = [(rule.id, lang, quotes[-1]) for rule in builtin_rules.values() if rule.category in ("blame", "sarcasm")
             for lang, text in rule.suggestion.items() if (quotes := re.findall(r"“([^”]*)”", text))
             and "[" not in quotes[-1] and "{" not in quotes[-1]]
    assert fixed == []
