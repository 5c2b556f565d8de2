"""`etiket check --fix` / `--diff`: the rules' safe replacements written into the file the user
opened, only where the reply maps one to one onto it."""

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from etiket import errors, fix, rulebook
from etiket.cli import app

FIXTURES = Path(__file__).parent / "fixtures" / "fix"
runner = CliRunner()


def run(*args, input=None):
    return runner.invoke(app, list(args), input=input)


def copy(tmp_path, name):
    return Path(shutil.copy(FIXTURES / name, tmp_path / name))


def fixes(path):
    report = json.loads(run("check", "--format", "json", str(path)).stdout)
    return [(f["text"], f["fix"]) for item in report["items"] for f in item["findings"] if "fix" in f]


def test_fix_english_draft_once_and_a_second_run_changes_nothing(tmp_path):
    draft = copy(tmp_path, "refund-en.txt")
    assert fixes(draft) == [("Thx", "Thanks"), ("Pls", "Please")]

    first = run("check", "--fix", str(draft))
    fixed = (FIXTURES / "refund-en.txt").read_text("utf-8").replace("Thx", "Thanks").replace("Pls", "Please")
    assert draft.read_text("utf-8") == fixed
    assert first.exit_code == 0
    assert first.stdout.strip() == "1 reply checked: no findings"

    second = run("check", "--fix", str(draft))
    assert draft.read_text("utf-8") == fixed
    assert fixes(draft) == []
    assert second.stdout == first.stdout


def test_fix_indonesian_markdown_leaves_placeholder_and_code_block(tmp_path):
    macro = copy(tmp_path, "pesanan-id.md")
    assert fixes(macro) == [("Mksh", "Terima kasih"), ("yg", "yang"), ("sdh", "sudah"), ("utk", "untuk")]

    run("check", "--fix", str(macro))
    text = macro.read_text("utf-8")
    assert "Halo Kak {{ticket.requester.first_name}},\n\nTerima kasih sudah menunggu ya, Kak. Pesanan yang kemarin sudah kami kirim" in text
    assert "Cara cek resi untuk Kakak:" in text
    # inline code and the code block are not the reply: never touched
    assert "resinya `JNE-YG-0012`." in text
    assert "jne.co.id/tracking -> masukkan JNE-YG-0012 (yg tertera di struk)\n```" in text
    run("check", "--fix", str(macro))
    assert macro.read_text("utf-8") == text
    assert fixes(macro) == []


def test_fix_keeps_crlf_newlines_non_ascii_text_and_permissions(tmp_path):
    draft = tmp_path / "refund-en.txt"
    draft.write_bytes((FIXTURES / "refund-en.txt").read_bytes().replace(b"\n", b"\r\n"))
    draft.chmod(0o640)

    run("check", "--fix", str(draft))
    assert draft.read_bytes() == (
        b"Hi Dana,\r\n\r\nThanks for your patience. Please send a photo of the damaged box to returns@acme.example "
        b"and we'll ship the replacement caf\xc3\xa9 grinder tomorrow before 12:00.\r\n\r\nBest,\r\nMaya\r\nAcme Support\r\n"
    )
    assert draft.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["refund-en.txt"]  # no temporary file left


def test_fix_keeps_a_utf16_byte_order_mark(tmp_path):
    draft = tmp_path / "balasan.txt"
    draft.write_bytes("Mksh kak, pesanan yg kemarin sdh dikirim hari ini pukul 10.00.\r\n".encode("utf-16"))
    run("check", "--fix", str(draft))
    assert draft.read_bytes() == "Terima kasih kak, pesanan yang kemarin sudah dikirim hari ini pukul 10.00.\r\n".encode("utf-16")


def test_diff_prints_the_change_and_writes_nothing(tmp_path):
    draft = copy(tmp_path, "refund-en.txt")
    before = draft.read_bytes()
    result = run("check", "--diff", str(draft))
    assert result.stdout == (
        f"--- {draft}\n+++ {draft}\n@@ -1,6 +1,6 @@\n Hi Dana,\n \n"
        "-Thx for your patience. Pls send a photo of the damaged box to returns@acme.example and we'll ship the replacement café grinder tomorrow before 12:00.\n"
        "+Thanks for your patience. Please send a photo of the damaged box to returns@acme.example and we'll ship the replacement café grinder tomorrow before 12:00.\n"
        " \n Best,\n Maya\n"
    )
    assert result.exit_code == 1  # something to fix
    assert draft.read_bytes() == before

    clean = tmp_path / "clean.txt"
    clean.write_text("Thanks for your patience, Dana. The replacement ships tomorrow before 12:00.\n", "utf-8")
    result = run("check", "--diff", str(clean))
    assert (result.exit_code, result.stdout) == (0, "")


def test_fix_on_stdin_prints_the_fixed_text_and_no_report():
    result = run("check", "--fix", "-", input="Mksh kak, pesanan yg kemarin sdh dikirim hari ini pukul 10.00.\n")
    assert result.exit_code == 0
    assert result.stdout == "Terima kasih kak, pesanan yang kemarin sudah dikirim hari ini pukul 10.00.\n"

    clean = "Thanks for waiting, Dana. Your refund lands tomorrow before 12:00.\n"
    assert run("check", "--fix", "-", input=clean).stdout == clean


def test_html_text_copied_one_to_one_is_fixed_around_markup_and_entities(tmp_path):
    page = copy(tmp_path, "balasan-id.html")
    run("check", "--fix", str(page))
    expected = (FIXTURES / "balasan-id.html").read_text("utf-8").replace(
        "<p>Mksh&nbsp;sudah menunggu. Refund utk pesanan <b>#48213</b> sdh kami",
        "<p>Terima kasih&nbsp;sudah menunggu. Refund untuk pesanan <b>#48213</b> sudah kami")
    assert page.read_text("utf-8") == expected


@pytest.mark.parametrize("name", ["refund-en.eml", "macros-en.jsonl"])
def test_what_cannot_be_mapped_exactly_is_reported_and_left_untouched(tmp_path, name):
    # a quoted-printable e-mail body, a JSON string: the reply's characters are not the file's
    source = copy(tmp_path, name)
    before = source.read_bytes()
    assert fixes(source) == [("Thx", "Thanks"), ("Pls", "Please")]
    assert run("check", "--diff", str(source)).stdout == ""
    result = run("check", "--fix", str(source))
    assert source.read_bytes() == before
    assert result.stdout.count("(fixable)") == 2


def test_a_fix_that_cannot_be_written_is_one_line_and_exit_2(tmp_path, monkeypatch):
    draft = copy(tmp_path, "refund-en.txt")
    before = draft.read_bytes()

    def refused(path, mode):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(fix, "atomic_open", refused)
    result = run("check", "--fix", str(draft))
    assert result.exit_code == 2
    assert result.stderr == f"etiket: {errors.CANNOT_WRITE.format(path=draft, reason='Permission denied')}\n"
    assert draft.read_bytes() == before


def test_a_fix_must_be_plain_words_for_its_language(tmp_path):
    pack = tmp_path / "pack" / "clarity"
    pack.mkdir(parents=True)
    rule = (rulebook.builtin_rules_dir() / "clarity" / "chat-abbreviation.yaml").read_text("utf-8")
    (pack / "chat-abbreviation-strict.yaml").write_text(rule.replace("pls: please,", 'pls: "<b>please</b>",'), "utf-8")
    with pytest.raises(errors.RuleError) as raised:
        rulebook.load_packs([tmp_path / "pack"])
    assert "fix/en/pls: '<b>please</b>' does not match" in str(raised.value)


def test_yaml_macros_are_fixed_inside_their_strings_and_csv_rows_are_not(tmp_path):
    macros = copy(tmp_path, "macros.yaml")
    run("check", "--fix", str(macros))
    assert macros.read_text("utf-8") == (FIXTURES / "macros.yaml").read_text("utf-8").replace(
        '"Thx for waiting, Dana.\\nPls send', '"Thanks for waiting, Dana.\\nPlease send').replace(
        "Mksh sudah menunggu, Kak. Refund utk pesanan #48213 sdh kami",
        "Terima kasih sudah menunggu, Kak. Refund untuk pesanan #48213 sudah kami")
    assert fixes(macros) == []

    # a CSV cell is mapped within its row, not the file: reported, not fixed
    sheet = tmp_path / "macros.csv"
    sheet.write_text('id,text\nrefund-id,"Mksh kak, refund utk pesanan #48213 sdh kami proses hari ini pukul 10.00."\n', "utf-8")
    before = sheet.read_bytes()
    run("check", "--fix", str(sheet))
    assert sheet.read_bytes() == before


LATIN1_FIXED = {
    "refund-latin1-en.txt": (
        b"Hi Ren\xe9e,\r\n\r\n"
        b"Thanks for waiting. Your refund of $25,000 for the espresso machine from Caf\xe9 Central goes out today; "
        b"it reaches your card in 3 to 5 working days.\r\n\r\n"
        b"Please keep the receipt \x96 the \x93na\xefve\x94 question mark on it (\xbf) is only our printer's font.\r\n\r\n"
        b"Best regards,\r\nMaya\r\nAcme Support\r\n"),
    "refund-latin1-id.txt": (
        b"Halo Kak Andr\xe9,\r\n\r\n"
        b"Terima kasih sudah menunggu. Refund Rp 1.500.000 untuk pesanan kopi di Caf\xe9 Senja sudah kami proses hari ini, "
        b"dan masuk ke rekening Kakak dalam 3 hari kerja.\r\n\r\n"
        b"Struknya mohon disimpan ya, Kak \x96 tanda \xbf di struk itu hanya salah cetak mesin kasir.\r\n\r\n"
        b"Salam,\r\nRina\r\nTim Layanan Pelanggan\r\n"),
}


def located(path):
    report = json.loads(run("check", "--format", "json", str(path)).stdout)
    return [(f["rule"], f["line"], f["column"], f["text"], f.get("fix")) for item in report["items"] for f in item["findings"]]


@pytest.mark.parametrize("name", sorted(LATIN1_FIXED))
def test_fix_on_a_latin1_crlf_macro_changes_it_once_and_keeps_both(tmp_path, name):
    # a macro exported by a Windows tool: Windows-1252 bytes (é, ï, ¿, curly quotes, en dash), CRLF
    draft = copy(tmp_path, name)
    first = run("check", "--fix", str(draft))
    assert draft.read_bytes() == LATIN1_FIXED[name]
    assert (first.exit_code, first.stderr) == (0, "")
    assert first.stdout.strip() == "1 reply checked: no findings"

    second = run("check", "--fix", str(draft))
    assert draft.read_bytes() == LATIN1_FIXED[name]
    assert fixes(draft) == []
    assert second.stdout == first.stdout


def test_a_latin1_draft_is_checked_with_exact_positions():
    assert located(FIXTURES / "refund-latin1-en.txt") == [
        ("clarity/chat-abbreviation", 3, 1, "Thx", "Thanks"),
        ("clarity/missing-thousand-separator", 3, 33, "$25000", "$25,000"),
        ("clarity/chat-abbreviation", 5, 1, "Pls", "Please"),
    ]
    assert located(FIXTURES / "refund-latin1-id.txt") == [
        ("clarity/chat-abbreviation", 3, 1, "Mksh", "Terima kasih"),
        ("clarity/missing-thousand-separator", 3, 29, "Rp 1500000", "Rp 1.500.000"),
        ("clarity/chat-abbreviation", 3, 40, "utk", "untuk"),
        ("clarity/chat-abbreviation", 3, 71, "sdh", "sudah"),
    ]


def test_every_byte_of_a_windows_1252_file_is_written_back_as_it_was():
    from etiket.readers.text import read

    data = bytes(range(0x20, 0x100)) + b"\r\n\t"  # 0x81, 0x8D, 0x8F, 0x90, 0x9D: undefined in Windows-1252
    text, encoding = read("draft.txt", data)
    assert (encoding.codec, text[0x61 - 0x20], text[0x80 - 0x20], text[0x81 - 0x20], text[-4]) == ("cp1252", "a", "€", "\x81", "ÿ")
    assert encoding.encode(text) == data


def test_diff_of_a_latin1_draft_shows_its_text(tmp_path):
    draft = copy(tmp_path, "refund-latin1-id.txt")
    out = run("check", "--diff", str(draft)).stdout
    assert "+Terima kasih sudah menunggu. Refund Rp 1.500.000 untuk pesanan kopi di Café Senja sudah kami proses hari ini, " in out
    assert "-Mksh sudah menunggu. Refund Rp 1500000 utk pesanan kopi di Café Senja sdh kami proses hari ini, " in out


def test_fix_writes_an_html_page_back_in_its_declared_charset(tmp_path):
    page = tmp_path / "balasan.html"
    page.write_bytes(b'<meta charset="iso-8859-2">\r\n<p>Dzi\xeakujemy, pani \xa3ucjo. Refund utk zam\xf3wienia sdh kami proses.</p>\r\n')
    run("check", "--lang", "id", "--fix", str(page))
    assert page.read_bytes() == (
        b'<meta charset="iso-8859-2">\r\n<p>Dzi\xeakujemy, pani \xa3ucjo. Refund untuk zam\xf3wienia sudah kami proses.</p>\r\n')


def test_amounts_are_grouped_as_the_language_writes_them(tmp_path):
    en = tmp_path / "plan-en.txt"
    en.write_text("Hi Sam,\n\nThe annual plan is $12000 and 250000 IDR was credited to your wallet; order 1500000123 ships today.\n", "utf-8")
    ind = tmp_path / "saldo-id.md"
    ind.write_text("Halo Bapak {{nama}},\n\nSaldo Bapak bertambah 250000 rupiah dan ongkir Rp 25000 sudah kami kembalikan. Kode OTP 482913 jangan dibagikan.\n", "utf-8")
    run("check", "--fix", str(en), str(ind))
    assert en.read_text("utf-8") == "Hi Sam,\n\nThe annual plan is $12,000 and 250,000 IDR was credited to your wallet; order 1500000123 ships today.\n"
    assert ind.read_text("utf-8") == "Halo Bapak {{nama}},\n\nSaldo Bapak bertambah 250.000 rupiah dan ongkir Rp 25.000 sudah kami kembalikan. Kode OTP 482913 jangan dibagikan.\n"


@pytest.mark.parametrize(("text", "lang", "grouped"), [
    ("Rp1500000", "id", "Rp1.500.000"), ("Rp 25000", "id", "Rp 25.000"), ("$25000", "en", "$25,000"),
    ("1500000 rupiah", "en", "1,500,000 rupiah"), ("Rp0150000", "id", None),
])
def test_group_thousands(text, lang, grouped):
    assert fix.replacement("group-thousands", lang, text) == grouped


def test_a_file_fixed_is_checked_again_and_one_left_as_it_was_is_not(tmp_path, monkeypatch):
    from etiket.lint import Linter

    fixed, clean = copy(tmp_path, "refund-en.txt"), tmp_path / "clean.txt"
    clean.write_text("Thanks for your patience, Dana. The replacement ships tomorrow before 12:00.\n", "utf-8")
    checked = []
    original = Linter.check
    monkeypatch.setattr(Linter, "check", lambda self, reply: checked.append(reply.source) or original(self, reply))
    result = run("check", "--fix", str(fixed), str(clean))
    assert checked == [str(fixed), str(clean), str(fixed)]
    assert result.stdout.strip() == "2 replies checked: no findings"
