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


def test_a_latin1_draft_is_refused_as_not_utf8_and_left_as_it_was(tmp_path):
    # readers take UTF-8 (or a BOM's encoding); a Latin-1 file is not checked, so nothing is fixed
    draft = tmp_path / "refund-en.txt"
    draft.write_bytes(b"Thx for waiting. Pls bring the caf\xe9 receipt.\r\n")
    result = run("check", "--fix", str(draft))
    assert result.exit_code == 2
    assert result.stderr == f"etiket: cannot check {draft}: is not UTF-8 text (line 1)\n"
    assert draft.read_bytes() == b"Thx for waiting. Pls bring the caf\xe9 receipt.\r\n"
