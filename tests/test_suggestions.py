"""A suggestion fits the reply it is given for: an apology names the problem the customer reported
(their own words) and its example uses no form of address, so a formal e-mail (Bapak/Ibu) never gets
a "Kak" example and a casual chat never gets a stiff one; a customer's "when?" asks for a time."""

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
