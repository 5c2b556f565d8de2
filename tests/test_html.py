import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import make_reply
from etiket import errors
from etiket.readers import read_all
from etiket.readers.html import visible

FIXTURES = Path(__file__).parent / "fixtures" / "html"


def _read(path):
    [entry] = list(read_all([str(path)]))
    return entry


def _at(reply, words, nth=0):
    """The (line, column) in the source of the nth occurrence of `words` in the reply text."""
    offset = -1
    for _ in range(nth + 1):
        offset = reply.text.index(words, offset + 1)
    return reply.positions.locate(offset)


def _source_at(path, line, column, length):
    return path.read_text(encoding="utf-8").splitlines()[line - 1][column - 1:column - 1 + length]


def test_entity_sentence_is_flagged_like_its_plain_text_twin(tmp_path, linter):
    path = tmp_path / "macro.html"
    path.write_text("<p>Obviously&nbsp;you didn&#8217;t read the instructions.</p>", encoding="utf-8")
    reply = _read(path)
    assert reply.text == "Obviously you didn’t read the instructions."
    found = linter.check(reply).findings
    twin = linter.check(make_reply("Obviously you didn’t read the instructions.")).findings
    assert [(f.rule, f.text) for f in found] == [(f.rule, f.text) for f in twin]
    [finding] = [f for f in found if f.rule == "sarcasm/condescension"]
    assert finding.text == "Obviously you didn’t"  " read"
    # "Obviously" starts at column 4, after <p>; "read" ends at column 39, after two entities.
    assert (finding.line, finding.column, finding.end_line, finding.end_column) == (1, 4, 1, 40)
    assert not finding.relative


def test_english_macro_shows_what_the_customer_reads():
    reply = _read(FIXTURES / "setup-help-en.html")
    assert reply.text == (
        "Hi Daniel,\n\n"
        "Thanks for the photos of your Nimbus AX3000. Obviously you didn’t read the instructions. "
        "The setup guide is in the box & online.\n\n"
        "To get back online:\n\n"
        "1. Unplug the router for 30 seconds.\n"
        "2. Connect the grey cable to the WAN port.\n"
        "3. Open the setup page and follow the wizard.\n\n"
        "Order Status\n"
        "#NB-48213 Delivered – 12 March\n\n"
        "Best regards,\n"
        "Priya\n"
        "Nimbus Support"
    )
    assert reply.customer is None


def test_english_macro_positions_point_into_the_html():
    path = FIXTURES / "setup-help-en.html"
    reply = _read(path)
    assert _at(reply, "Hi Daniel") == (15, 4)
    assert _at(reply, "Obviously") == (16, 54)
    assert _at(reply, "’") == (16, 77)  # the "&" of &#8217;
    assert _source_at(path, 16, 77, 7) == "&#8217;"
    assert _at(reply, "30 seconds") == (20, 32)
    assert _at(reply, "2.") == (21, 3)  # a list number stands at its <li>
    assert _at(reply, "the setup page") == (22, 57)
    assert _at(reply, "–") == (26, 44)
    assert _source_at(path, 26, 44, 7) == "&ndash;"
    assert _at(reply, "Priya") == (29, 1)


def test_english_macro_findings_match_its_visible_text(linter):
    reply = _read(FIXTURES / "setup-help-en.html")
    found = linter.check(reply).findings
    twin = linter.check(make_reply(reply.text)).findings
    assert [(f.rule, f.text, f.start) for f in found] == [(f.rule, f.text, f.start) for f in twin]
    [finding] = [f for f in found if f.rule == "sarcasm/condescension"]
    assert (finding.text, finding.line, finding.column) == ("Obviously you didn’t read", 16, 54)


def test_indonesian_macro_with_unclosed_tags_table_and_script():
    path = FIXTURES / "pengembalian-dana-id.html"
    reply = _read(path)
    assert reply.text == (
        "Yth. Bapak/Ibu {{ticket.requester.name}},\n\n"
        "Terima kasih telah menghubungi Layanan Pelanggan TokoKita. Pengajuan pengembalian dana Anda "
        "untuk pesanan INV/2024/03/00912 sudah kami setujui – dana akan masuk dalam 3–5 hari kerja.\n\n"
        "Rincian pengembalian:\n\n"
        "Metode Jumlah\n"
        "Transfer BCA Rp 249.000\n\n"
        "Langkah selanjutnya:\n\n"
        "- Cek mutasi rekening Anda setelah 3 hari kerja\n"
        "- Simpan bukti transfer & nomor pesanan\n\n"
        "Hormat kami,\n"
        "Rina – Tim Layanan Pelanggan TokoKita"
    )
    assert _at(reply, "Yth.") == (10, 6)
    assert _at(reply, "INV/2024/03/00912") == (12, 115)
    assert _at(reply, "–") == (12, 161)
    assert _source_at(path, 12, 161, 7) == "&#8211;"
    assert _at(reply, "249.000") == (17, 35)
    assert _at(reply, "Simpan") == (22, 7)
    assert _at(reply, "Rina") == (25, 20)


def test_gmail_reply_leaves_the_quoted_message_to_the_customer():
    reply = _read(FIXTURES / "reply-gmail-en.html")
    assert reply.text == (
        "Hi Marta,\n\n"
        "I'm sorry the parcel arrived damaged. I've sent a replacement today; the tracking number is "
        "1Z 999 AA1 0123 4567 84.\n\n"
        "Kind regards,\n"
        "Tom"
    )
    assert reply.customer == (
        "On Mon, 11 Mar 2024 at 09:14, Marta Kowalska <marta.k@example.com> wrote:\n\n"
        "The mug I ordered came in pieces. This is the second time!"
    )
    assert _at(reply, "I'm") == (1, 56)
    assert _at(reply, "Tom") == (1, 237)


def test_outlook_reply_header_and_all_after_it_is_history():
    reply = _read(FIXTURES / "balasan-outlook-id.html")
    assert reply.text == (
        "Halo Kak Dimas,\n\n"
        "Mohon maaf atas keterlambatannya ya, Kak. Paketnya sudah dikirim ulang hari ini lewat JNE YES."
    )
    assert reply.customer == (
        "From: Dimas Pratama <dimas.p@example.co.id>\n"
        "Sent: Senin, 11 Maret 2024 08.02\n"
        "Subject: Paket belum sampai\n"
        "Kak, paket saya sudah seminggu belum sampai. Tolong dicek ya."
    )
    assert _at(reply, "Mohon") == (13, 1)


@pytest.mark.parametrize("markup, text, quoted", [
    ('Ok<blockquote type="cite">Where is it?</blockquote>Thanks', "Ok\n\nThanks", "Where is it?"),
    ('Ok<div class="yahoo_quoted">On Monday, X wrote: Hi</div>', "Ok", "On Monday, X wrote: Hi"),
    ('Ok<div class="moz-cite-prefix">On 11/03/2024 X wrote:<br></div>', "Ok", "On 11/03/2024 X wrote:"),
    ("Ok<div class=OutlookMessageHeader>-----Original Message-----</div><p>Hi", "Ok", "-----Original Message-----\n\nHi"),
])
def test_quoted_history_of_each_mail_client(markup, text, quoted):
    seen = visible(markup)
    assert (seen.text, seen.quoted) == (text, quoted)


def test_without_quotes_the_history_stays_in_the_text():
    seen = visible('<div>Sure</div><blockquote type="cite">Can you help?</blockquote>', quotes=False)
    assert (seen.text, seen.quoted) == ("Sure\n\nCan you help?", "")


@pytest.mark.parametrize("markup, text", [
    ("Halo<!-- komentar yang tidak pernah ditutup", "Halo"),
    ("Halo<script>var a = 1 < 2;", "Halo"),
    ("Halo <a href='https://toko.id", "Halo"),
    ("<![if !mso]>Terima kasih<![endif]> <![CDATA[x]]>ya", "Terima kasih ya"),
    ("Tiket &#; dan &#zz <b>tebal</b> AT&T &amp", "Tiket &#; dan &#zz tebal AT&T &"),
    ('<span style="display: none !important">pratinjau</span><span hidden>x</span>Halo', "Halo"),
    ("<template><p>x</p></template><noscript>aktifkan JS</noscript>Halo", "Halo"),
    ("<head><title>Judul</title><body>Halo", "Halo"),
    ("<div><p>Satu<div>Dua</div>Tiga", "Satu\n\nDua\nTiga"),
    ("<pre>baris 1\nbaris 2</pre>", "baris 1\nbaris 2"),
    ("a   b\n\t c", "a b c"),
    ("Satu<br>Dua<br><br><br>Tiga", "Satu\nDua\n\nTiga"),
    ("<ol start=4><li>Buka<li>Tutup</ol>", "4. Buka\n5. Tutup"),
])
def test_broken_and_hidden_html(markup, text):
    assert visible(markup).text == text


def test_entities_map_to_their_ampersand():
    source = "Hai&nbsp;Kak,&#32;didn&#x2019;t"
    seen = visible(source)
    assert seen.text == "Hai Kak, didn’t"
    assert [source[i] for i in seen.offsets] == list("Hai&Kak,&didn&t")


def test_page_that_is_not_utf8_is_read_in_its_declared_charset(tmp_path):
    declared = tmp_path / "declared.html"
    declared.write_bytes(b'<meta charset="iso-8859-2"><p>Dzi\xeakujemy, pani \xa3ucjo</p>')
    undeclared = tmp_path / "undeclared.html"
    undeclared.write_bytes(b"<p>We\x92re sorry, Ren\xe9e</p>")
    assert _read(declared).text == "Dziękujemy, pani Łucjo"
    assert _read(undeclared).text == "We’re sorry, Renée"


@pytest.mark.parametrize("content", [
    "<html><head><title>Kosong</title></head><body>  <!-- nanti diisi --> </body></html>",
    "<script>alert(1)</script>&nbsp;",
])
def test_html_without_visible_text_is_an_empty_draft(tmp_path, content):
    path = tmp_path / "kosong.html"
    path.write_text(content, encoding="utf-8")
    entry = _read(path)
    assert isinstance(entry, errors.InputError)
    assert str(entry) == f"cannot check {path}: the draft is empty"


def test_folder_walk_reads_html(tmp_path):
    (tmp_path / "a.htm").write_text("<p>satu</p>", encoding="utf-8")
    (tmp_path / "b.html").write_text("<p>dua</p>", encoding="utf-8")
    assert [e.text for e in read_all([str(tmp_path)])] == ["satu", "dua"]


def test_big_broken_input_takes_linear_time():
    # Each piece quadratic in the input would take minutes; linear is well under a second or two.
    pieces = ["<div><p>kata &amp; kata ", "<a b='", "<!-- x >", "<![CDATA[", "</a", "&#", "<"]
    started = time.monotonic()
    for piece in pieces:
        visible(piece * 50_000)
    assert time.monotonic() - started < 20


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("<>/!?-[]&#;=\"' \nabpdivlrshtmcx1") + ["<p>", "</div>", "&amp;", "<br>", "<!--", "-->"])).map("".join))
def test_any_input_lays_out_without_error(source):
    seen = visible(source)
    assert len(seen.offsets) == len(seen.text)
    assert all(0 <= i < len(source) for i in seen.offsets)
    assert list(seen.offsets) == sorted(seen.offsets)
    assert seen.text == seen.text.strip()
