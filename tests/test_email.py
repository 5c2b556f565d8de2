"""E-mail input (.eml and mail piped on stdin) and quoted-history removal in the readers."""

import json
import time
from pathlib import Path

from typer.testing import CliRunner

from etiket import errors
from etiket.cli import app
from etiket.readers import quotes, read_all

MAIL = Path(__file__).parent / "fixtures" / "email"
runner = CliRunner()


def _read(path):
    [entry] = list(read_all([str(path)]))
    return entry


def _stdin(data):
    [entry] = list(read_all(["-"], data))
    return entry


def _where(reply, words):
    return reply.positions.locate(reply.text.index(words))


def _eml_line(name, number):
    return (MAIL / name).read_bytes().split(b"\n")[number - 1].decode("utf-8").rstrip("\r")


def _findings(name, *args, data=None):
    done = runner.invoke(app, ["check", "--format", "json", *args, "-"], input=data or (MAIL / name).read_bytes())
    assert done.exception is None or isinstance(done.exception, SystemExit), done.output
    [item] = json.loads(done.stdout)["items"]
    return [(f["rule"], f["line"], f["column"], f["text"]) for f in item["findings"]]


# -- what the customer reads, and where it stands in the .eml


def test_gmail_plain_part_decodes_quoted_printable_and_maps_to_eml_lines():
    reply = _read(MAIL / "en-gmail-qp.eml")
    assert reply.text == (
        "Hi Budi,\n\nThank you for getting in touch, and I’m sorry your blender arrived with a cracked jug. "
        "That’s not the condition we ever want an order to reach you in.\n\n"
        "I’ve arranged a replacement jug, which ships from our Surabaya warehouse tomorrow. You’ll get the "
        "tracking number by e-mail as soon as the courier collects it.\n\nKind regards,\nMaya\n\n"
    )
    assert reply.customer == (
        "Hi team,\n\nMy blender arrived today and the jug is cracked. I paid for it two weeks\n"
        "ago. WHAT KIND OF PACKING IS THIS?\n\nBudi"
    )
    assert (reply.channel, reply.positions.relative) == ("email", False)
    assert _where(reply, "Hi Budi") == (31, 1)
    assert _where(reply, "I’ve") == (37, 1)  # "I=E2=80=99ve": the ’ stands at its "="
    assert _where(reply, "’ve") == (37, 2)
    assert _where(reply, "warehouse") == (37, 72)  # "ware=" soft break: "house" goes on on line 38
    assert _where(reply, "house tomorrow") == (38, 1)
    assert _where(reply, "the courier") == (39, 2)
    assert _where(reply, "Maya\n") == (42, 1)
    assert _eml_line("en-gmail-qp.eml", 39)[1:12] == "the courier"


def test_base64_body_is_read_with_positions_relative_to_the_reply():
    reply = _read(MAIL / "id-base64.eml")
    assert reply.text == (
        "Yth. Ibu Sari,\n\nTerima kasih atas kesabaran Ibu. Mohon maaf atas keterlambatan pengembalian dana "
        "pesanan INV/20240528/0412.\n\nDana sebesar Rp 1.250.000 sudah kami kirim ke rekening BCA Ibu pada "
        "4 Juni 2024 dan akan masuk paling lambat 7 Juni 2024.\n\nHormat kami,\nTim Layanan Pelanggan Sehat Farma\n\n"
    )
    # "Pada …, Sari Rahmawati <…>\nmenulis:" wraps over two lines
    assert reply.customer == "Sudah dua minggu dana refund saya belum masuk. Tolong dicek."
    assert reply.positions.relative
    assert _where(reply, "Dana sebesar") == (5, 1)


def test_outlook_windows_1252_reply_drops_original_message_and_disclaimer():
    reply = _read(MAIL / "en-outlook.eml")
    assert reply.text == (
        "Dear Mr. Tan,\n\nThank you for your patience. We’ve refunded the duplicate charge of SGD 86.40 to your "
        "Visa card ending 4471; it will show on your statement within 5 business days.\n\n"
        "Best regards,\n\nGrace Lim\nBilling Support | Harbour Telecom\n\n"
    )
    assert reply.customer == "Hello,\n\nYou charged me twice for my May bill. Please fix this.\n\nWei Ming"
    assert _where(reply, "We’ve") == (30, 30)
    assert _where(reply, "’ve") == (30, 32)  # "=92"
    assert _where(reply, "6.40") == (31, 1)  # "SGD 8=" soft break
    assert _where(reply, "Grace Lim") == (36, 1)


def test_outlook_in_indonesian_drops_the_dari_dikirim_history():
    reply = _read(MAIL / "id-outlook.eml")
    assert reply.text.endswith("Hormat kami,\nDewi Anggraini\nLayanan Pelanggan PT Jaringan Fiber Nusantara\n\n")
    assert "Dari:" not in reply.text and "MATI TOTAL" not in reply.text
    assert reply.customer == (
        "Selamat pagi,\n\nInternet di rumah saya MATI TOTAL sejak Sabtu. Sudah restart modem berkali-kali "
        "tetap tidak bisa. Tolong segera diperbaiki.\n\nHendra"
    )
    assert _where(reply, "Selamat siang") == (20, 1)
    # 8-bit UTF-8: columns count characters, so the en dash is one column
    line, column = _where(reply, "WIB")
    assert _eml_line("id-outlook.eml", line)[column - 1:column + 2] == "WIB"


def test_html_only_gmail_reply_is_its_visible_text_without_the_gmail_quote():
    reply = _read(MAIL / "en-gmail-html-only.eml")
    assert reply.text == (
        "Hi Priya,\n\nThanks for letting us know. Your order #SN-55812 left our Bandung warehouse this morning "
        "with J&T Express (tracking JT0093318274), and it should reach you by Thursday.\n\nWarm regards,\nLeila"
    )
    assert reply.customer == "Hello, my order still hasn't shipped after 5 days. This is ridiculous."
    assert _where(reply, "Hi Priya") == (19, 18)
    line, column = _where(reply, "J&T")
    assert _eml_line("en-gmail-html-only.eml", line)[column - 1:column + 5] == "J&amp;"


def test_indonesian_html_reply_keeps_greeting_and_closing_drops_signature():
    reply = _read(MAIL / "id-gmail-html-complaint.eml")
    assert reply.text.startswith("Halo Kak Budi,\n\n")
    assert reply.text.endswith("MOHON DITUNGGU YA KAK.\n\nSalam,\nRina\n\n")
    assert reply.customer == "Paket saya sudah 10 hari belum sampai. Bodoh sekali pelayanannya. KALIAN PAYAH SEKALI!!!"
    assert _where(reply, "Salam,") == (30, 60)


# -- stdin


def test_stdin_with_mail_headers_is_read_as_mail():
    data = (MAIL / "id-gmail-html-complaint.eml").read_bytes()
    piped, opened = _stdin(data), _read(MAIL / "id-gmail-html-complaint.eml")
    assert (piped.source, piped.text, piped.customer, piped.channel) == ("<stdin>", opened.text, opened.customer, "email")
    assert _where(piped, "MOHON") == (30, 12)


def test_stdin_without_mail_headers_stays_a_plain_draft():
    draft = (MAIL / "not-mail.eml").read_bytes()
    reply = _stdin(draft)
    assert (reply.text, reply.channel) == (draft.decode(), None)
    assert _stdin(b"Subject: your refund\nHi Sam: it was sent today.\n").channel is None


# -- bad input: one line, never a traceback


def test_eml_that_is_not_mail_or_has_no_text_part_is_one_input_error(tmp_path):
    binary = tmp_path / "scan.eml"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    found = [str(_read(MAIL / "not-mail.eml")), str(_read(MAIL / "attachment-only.eml")), str(_read(binary))]
    assert found == [
        f"cannot check {MAIL / 'not-mail.eml'}: {errors.NOT_MAIL}",
        f"cannot check {MAIL / 'attachment-only.eml'}: no text/plain or text/html part",
        f"cannot check {binary}: {errors.NOT_MAIL}",
    ]
    done = runner.invoke(app, ["check", str(MAIL / "attachment-only.eml")])
    assert (done.exit_code, done.stderr.strip()) == (
        2, f"etiket: cannot check {MAIL / 'attachment-only.eml'}: no text/plain or text/html part")


def test_unknown_charset_reads_as_utf8_with_replacement():
    data = (MAIL / "unknown-charset.eml").read_bytes()
    assert "kurir “GoSend”." in _read(MAIL / "unknown-charset.eml").text
    reply = _stdin(data.replace("“".encode(), b"\xff"))
    assert "kurir \ufffdGoSend”." in reply.text
    assert _where(reply, "GoSend") == (15, 69)


def test_a_part_that_does_not_split_as_parsed_falls_back_to_relative_positions():
    data = (
        b"From: Toko Sepatu <cs@tokosepatu.id>\nTo: andi.p@gmail.com\nSubject: Re: ukuran\n"
        b"MIME-Version: 1.0\nContent-Type: multipart/alternative; boundary=\"b1\"\n\n"
        b"--b1\nContent-Type: text/plain; charset=utf-8\nHalo Kak Andi,\n\nUkuran 42 sudah dikirim.\n--b1--\n"
    )
    reply = _stdin(data)
    assert reply.text == "Halo Kak Andi,\n\nUkuran 42 sudah dikirim."
    assert reply.positions.relative


def test_a_big_mail_reads_in_linear_time():
    head, body = (MAIL / "en-gmail-qp.eml").read_bytes().split(b"\r\n\r\n", 1)
    paragraph = b"We=E2=80=99ve sent it today and you=E2=80=99ll have it by Friday. =\r\nThanks!\r\n> old line\r\n"
    data = head + b"\r\n\r\n" + body.replace(b"Hi Budi,", b"Hi Budi,\r\n" + paragraph * 20000, 1)
    started = time.perf_counter()
    reply = _stdin(data)
    assert time.perf_counter() - started < 10
    assert reply.text.count("We’ve sent it today") == 20000 and "old line" not in reply.text
    assert _where(reply, "Thank you for getting") == (31 + 3 * 20000 + 3, 1)


# -- the plain-text reader strips the same history


def test_text_reader_strips_quoted_history_and_keeps_positions():
    draft = ("Hi Sam,\n\nYour refund was sent today.\n\nKind regards,\nMaya\n\n"
             "On Mon, 3 Jun 2024, Sam Lee <sam@example.com> wrote:\n> Hi team, where is my refund?\n")
    reply = _stdin(draft.encode())
    assert reply.text == "Hi Sam,\n\nYour refund was sent today.\n\nKind regards,\nMaya\n\n"
    assert reply.customer == "Hi team, where is my refund?"
    assert _where(reply, "Maya") == (6, 1)


def test_text_reader_keeps_answers_between_quotes_and_drops_original_message():
    draft = ("Halo Kak,\n> Paketnya kapan sampai?\nBesok siang ya Kak.\n\nSalam,\nRina\n\n"
             "-----Original Message-----\nDari: Budi <budi@x.id>\nDikirim: Senin, 3 Juni 2024 10.00\n"
             "Kepada: CS <cs@toko.id>\nPerihal: Paket\n\nTolong dicek ya.\n")
    reply = _stdin(draft.encode())
    assert reply.text == "Halo Kak,\nBesok siang ya Kak.\n\nSalam,\nRina\n\n"
    assert reply.customer == "Paketnya kapan sampai?\n\nTolong dicek ya."
    assert _where(reply, "Besok") == (3, 1)


def test_text_reader_drops_a_signature_only_after_the_delimiter():
    signed = _stdin(b"Hi Sam,\n\nDone.\n\nBest,\nMaya\n-- \nMaya Putri\nCONFIDENTIAL\n")
    unsigned = _stdin(b"Hi Sam,\n\nDone.\n\nBest,\nMaya\n\nDISCLAIMER: THIS E-MAIL IS CONFIDENTIAL.\n")
    assert (signed.text, signed.customer) == ("Hi Sam,\n\nDone.\n\nBest,\nMaya\n", None)
    assert unsigned.text.endswith("DISCLAIMER: THIS E-MAIL IS CONFIDENTIAL.\n")


def test_quote_split_in_both_languages():
    english = "Thanks!\nOn Mon, 3 Jun 2024 at 10:00, Budi <budi@x.id>\nwrote:\nMy order is late.\n"
    indonesian = "Terima kasih.\nPada Sen, 3 Jun 2024 pukul 10.00, Budi <budi@x.id> menulis:\n\n> Pesanan saya telat.\n"
    outlook = "Noted.\n\nFrom: Budi <budi@x.id>\nSent: Monday, June 3, 2024 10:00 AM\nTo: CS\n\nStill waiting.\n"
    assert quotes.split(english) == quotes.Split(kept=[(0, 8)], quoted="My order is late.")
    assert quotes.split(indonesian) == quotes.Split(kept=[(0, 14), (74, 75)], quoted="Pesanan saya telat.")
    assert quotes.split(outlook) == quotes.Split(kept=[(0, 8)], quoted="Still waiting.")
    assert quotes.split("On Monday we ship.\nFrom: the warehouse\n") == quotes.Split(kept=[(0, 39)], quoted="")


def test_mail_disclaimers_go_without_a_delimiter_but_a_plain_draft_keeps_them():
    draft = "Salam,\nRina\n\nPERHATIAN: EMAIL INI BERSIFAT RAHASIA DAN HANYA UNTUK PENERIMA.\n"
    assert quotes.split(draft, disclaimers=True) == quotes.Split(kept=[(0, 13)], quoted="")
    assert quotes.split(draft) == quotes.Split(kept=[(0, len(draft))], quoted="")


def test_a_disclaimer_right_under_the_name_card_goes_but_a_paragraph_about_this_email_stays():
    card = "Kind regards,\nMark\nCustomer Care | Contoso Energy\nThis email and any attachments are confidential.\n"
    assert quotes.split(card, disclaimers=True) == quotes.Split(kept=[(0, 50)], quoted="")
    # under a sentence it is the writer's own words, and "is intended to" is no boilerplate
    told = "We checked the meter.\nThis email and any attachments are confidential.\n"
    assert quotes.split(told, disclaimers=True) == quotes.Split(kept=[(0, len(told))], quoted="")
    meant = "Hi Jane,\n\nThis email is intended to confirm your new tariff.\n"
    assert quotes.split(meant, disclaimers=True) == quotes.Split(kept=[(0, len(meant))], quoted="")


# -- the whole way through the CLI


def test_indonesian_html_email_is_checked_on_the_agents_words_only():
    # the rules alone: what is read, not how far a second opinion trusts them
    found = _findings("id-gmail-html-complaint.eml", "--no-second-opinion")
    # the quoted complaint makes the missing apology count; the draft's capitals are flagged, the
    # quote's, the Subject's and the disclaimer's never
    assert found == [
        ("apology/missing-apology", 26, 23, "Halo Kak Budi,"),
        ("politeness/shouting-caps", 30, 12, "MOHON DITUNGGU YA KAK"),
        ("transparency/missing-follow-up", 31, 2, "Rina"),
    ]
    assert _eml_line("id-gmail-html-complaint.eml", 26)[22:36] == "Halo Kak Budi,"


def test_an_apology_in_the_draft_answers_the_quoted_complaint():
    data = (MAIL / "id-gmail-html-complaint.eml").read_bytes()
    apologetic = data.replace(b"<div>Terima kasih =", b"<div>Mohon maaf atas keterlambatannya, Kak. Terima kasih =", 1)
    assert [rule for rule, *_ in _findings(None, "--no-second-opinion", data=apologetic)] == [
        "politeness/shouting-caps", "transparency/missing-follow-up"]


def test_subject_disclaimer_and_quoted_capitals_are_never_checked():
    assert _findings("en-gmail-qp.eml") == []


def test_a_quoted_greeting_does_not_greet_for_the_draft():
    found = _findings("en-no-greeting.eml", "--select", "politeness/missing-greeting")
    assert found == [("politeness/missing-greeting", 18, 1, "The second charge of $12.50 was reversed today.")]


WRAPPED = (b"From: Priya <support@bank.example>\nTo: Tom <tom@example.com>\nSubject: Re: fee\n"
           b"Content-Type: text/plain; charset=utf-8%s\n\nHi Tom,\n\n"
           b"The fee was charged twice, sorry about that. To sort it out, please reply%s\n"
           b"with your full card number and the 3 digits on the back.\n\n"
           b"- one refund today\n- one tomorrow\n\nKind regards,\nPriya\n")


def test_a_hard_wrapped_paragraph_reads_as_one_and_maps_to_its_lines():
    """The sender's client wrapped the line; the customer's shows one paragraph, so a request broken
    over the wrap is found, at the line it starts on. Short lines and list items keep their breaks."""
    [reply] = list(read_all(["-"], WRAPPED % (b"", b"")))
    assert "reply with your full card number" in reply.text
    assert "Hi Tom,\n\nThe fee" in reply.text and "back.\n\n- one refund today\n- one tomorrow" in reply.text
    found = [f for f in _findings("", data=WRAPPED % (b"", b"")) if f[0] == "privacy/secret-request"]
    assert found == [("privacy/secret-request", 8, 69, "reply with your full card number")]


def test_a_flowed_soft_break_is_unwrapped_whatever_the_line_length():
    short = (b"From: a <a@b.example>\nTo: c <c@d.example>\nContent-Type: text/plain; format=flowed\n\n"
             b"Please send your full card \nnumber today.\n")
    [reply] = list(read_all(["-"], short))
    assert reply.text.startswith("Please send your full card  number today.")
