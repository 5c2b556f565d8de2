from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import make_reply
from etiket import errors
from etiket.readers import read_all
from etiket.readers.markdown import prose

FIXTURES = Path(__file__).parent / "fixtures" / "markdown"


def _read(path):
    [entry] = list(read_all([str(path)]))
    return entry


def _at(reply, words):
    return reply.positions.locate(reply.text.index(words))


def _unfenced(tmp_path, fixture, old, new):
    """The fixture with one code block turned back into prose, as a new file."""
    path = tmp_path / fixture
    path.write_text((FIXTURES / fixture).read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    return path


def _by_rule(findings):
    return {f.rule: (f.text, f.line, f.column) for f in findings}


def test_english_macro_prose_only():
    reply = _read(FIXTURES / "password-reset-en.md")
    assert reply.text == (
        "Hi {{ticket.requester.first_name}},\n\n"
        "Thanks for getting in touch about your locked account. I've sent a reset link to the e-mail "
        "address on file; it expires in 30 minutes.\n\n"
        "To set a new password:\n\n"
        "1. Open the e-mail titled Reset your Acme password.\n"
        "2. Choose a password of at least 12 characters.\n"
        "3. Sign in again at acme.com/login.\n\n"
        "If the link has expired, ask for a new one at. You can see our service status in the app under.\n\n"
        "Never write this in a reply, it breaks our security policy:\n\n"
        "Best regards,\n"
        "{{current_user.first_name}}\n"
        "Acme Support"
    )


def test_english_macro_positions_point_into_the_markdown():
    reply = _read(FIXTURES / "password-reset-en.md")
    assert _at(reply, "Hi {{") == (8, 1)  # after 6 lines of front matter and a comment
    assert _at(reply, "{{ticket") == (8, 4)
    assert _at(reply, "30 minutes") == (10, 126)  # inside **...**
    assert _at(reply, "2. Choose") == (15, 1)
    assert _at(reply, "Reset your") == (14, 28)  # inside _..._
    assert _at(reply, "acme.com/login") == (16, 22)  # a link's text, not its target
    assert _at(reply, "Acme Support") == (30, 1)


def test_indonesian_macro_prose_only():
    reply = _read(FIXTURES / "ongkir-gratis-id.md")
    assert reply.text == (
        "Halo Kak [Nama Pelanggan] 👋\n\n"
        "Makasih sudah chat kami ya, Kak <<name>>. Voucher Gratis Ongkir baru bisa dipakai kalau total "
        "belanja minimal Rp50.000 & tokonya mendukung pengiriman reguler.\n\n"
        "Coba langkah ini ya, Kak:\n\n"
        "- Buka Keranjang, pilih produk dari toko yang sama.\n"
        "- Ketuk Pakai Voucher dan masukkan kode.\n"
        "- Cek estimasi di halaman Pengiriman.\n\n"
        "Layanan Estimasi\n"
        "Reguler 2–4 hari\n"
        "Kargo 4–7 hari\n\n"
        "Kalau masih belum bisa, balas chat ini aja ya, Kak %FIRSTNAME%. Kami bantu cek 🙏\n\n"
        "Salam,\n"
        "{{agent.name}} – Tim Tokoku"
    )
    assert _at(reply, "Halo") == (7, 1)
    assert _at(reply, "&") == (9, 124)  # the "&" of &amp;
    assert _at(reply, "Keranjang") == (13, 10)
    assert _at(reply, "Pengiriman.") == (15, 28)
    assert _at(reply, "Kargo") == (20, 3)
    assert _at(reply, "– Tim") == (29, 16)  # the "&" of &ndash;


@pytest.mark.parametrize("placeholder, where", [
    ("[Nama Pelanggan]", (7, 10)),
    ("<<name>>", (9, 33)),
    ("%FIRSTNAME%", (26, 52)),
    ("{{agent.name}}", (29, 1)),
])
def test_template_placeholders_pass_through_as_written(placeholder, where):
    reply = _read(FIXTURES / "ongkir-gratis-id.md")
    assert _at(reply, placeholder) == where
    line, column = where
    source = (FIXTURES / "ongkir-gratis-id.md").read_text(encoding="utf-8").splitlines()[line - 1]
    assert source[column - 1:].startswith(placeholder)


def test_fenced_code_is_never_checked_but_the_same_line_in_prose_is(tmp_path, linter):
    fenced = _read(FIXTURES / "password-reset-en.md")
    found = linter.check(fenced).findings
    assert not [f for f in found if "PASSWORD" in f.text or f.rule in ("politeness/shouting-caps", "privacy/secret-request")]
    prose_path = _unfenced(tmp_path, "password-reset-en.md", "```text\nPLEASE SEND YOUR PASSWORD!!!\n```", "PLEASE SEND YOUR PASSWORD!!!")
    by_rule = _by_rule(linter.check(_read(prose_path)).findings)
    assert by_rule["politeness/shouting-caps"] == ("PLEASE SEND YOUR PASSWORD", 22, 1)
    assert by_rule["privacy/secret-request"] == ("SEND YOUR PASSWORD", 22, 8)


def test_indented_code_is_never_checked_but_the_same_line_in_prose_is(tmp_path, linter):
    found = linter.check(_read(FIXTURES / "ongkir-gratis-id.md")).findings
    assert not [f for f in found if "PASSWORD" in f.text]
    prose_path = _unfenced(tmp_path, "ongkir-gratis-id.md", "    KIRIM", "KIRIM")
    by_rule = _by_rule(linter.check(_read(prose_path)).findings)
    assert by_rule["privacy/secret-request"] == ("KIRIM PASSWORD", 24, 1)
    assert by_rule["politeness/shouting-caps"] == ("KIRIM PASSWORD AKUN KAKAK SEKARANG", 24, 1)


def test_findings_match_the_prose_as_plain_text(linter):
    for fixture in ("password-reset-en.md", "ongkir-gratis-id.md"):
        reply = _read(FIXTURES / fixture)
        found = linter.check(reply).findings
        twin = linter.check(make_reply(reply.text)).findings
        assert [(f.rule, f.text, f.start) for f in found] == [(f.rule, f.text, f.start) for f in twin]


@pytest.mark.parametrize("markdown, text", [
    ("---\ntitle: x\n---\nHalo Kak", "Halo Kak"),
    ("Halo\n\n---\n\nSalam", "Halo\n\nSalam"),  # a thematic break below the top is no front matter
    ("Klik [di sini][bantuan] ya.\n\n[bantuan]: https://toko.id/bantuan", "Klik di sini ya."),
    ("Lihat ![tangkapan layar [1]](a.png) di atas", "Lihat di atas"),
    ("Kode `a``b` dan ``x ` y`` juga", "Kode dan juga"),
    ("Buka <https://toko.id> sekarang", "Buka sekarang"),
    ("Satu<br>Dua <b>tiga</b> <!-- catatan -->", "Satu\nDua tiga"),
    ("<div>\nHalo <span style=\"display:none\">rahasia</span>Kak\n</div>\n\nSalam", "Halo Kak\n\nSalam"),
    ("Dear <customer_name>, hi <nama> and [insert date]", "Dear <customer_name>, hi <nama> and [insert date]"),
    ("1. satu\n1. dua\n\n* tiga\n+ empat", "1. satu\n1. dua\n\n- tiga\n\n- empat"),
    ("Baris satu\nbaris dua  \nbaris tiga", "Baris satu\nbaris dua\nbaris tiga"),
    ("> Kutipan **penting**\n\nJawaban", "Kutipan penting\n\nJawaban"),
    ("\\*bukan miring\\* &copy; 2024", "*bukan miring* © 2024"),
])
def test_markdown_constructs(markdown, text):
    assert prose(markdown).out.text() == text


def test_windows_line_endings_keep_columns(tmp_path):
    path = tmp_path / "crlf.md"
    path.write_bytes("---\r\nid: 1\r\n---\r\nHalo **Kak** Rina,\r\n\r\nTerima kasih.\r\n".encode("utf-8"))
    reply = _read(path)
    assert reply.text == "Halo Kak Rina,\n\nTerima kasih."
    assert _at(reply, "Rina") == (4, 14)
    assert _at(reply, "Terima") == (6, 1)


@pytest.mark.parametrize("content", ["---\njudul: kosong\n---\n", "```\nkode saja\n```\n<!-- catatan -->\n"])
def test_markdown_without_prose_is_an_empty_draft(tmp_path, content):
    path = tmp_path / "kosong.md"
    path.write_text(content, encoding="utf-8")
    entry = _read(path)
    assert isinstance(entry, errors.InputError)
    assert str(entry) == f"cannot check {path}: the draft is empty"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("*_`[]()<>!#-|&\\ \nab1.") + ["\n\n", "```", "---\n", "](u)", "&amp;", "<br>", "    "])).map("".join))
def test_any_markdown_lays_out_without_error(source):
    layout = prose(source)
    assert len(layout.out.offsets) == len(layout.out.text())
    assert all(0 <= i < len(source) for i in layout.out.offsets)
