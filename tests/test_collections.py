import csv
import io
import json
from pathlib import Path

import pytest
import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from etiket import errors
from etiket.cli import app
from etiket.readers import ReadOptions, read_all
from etiket.readers.csvfile import read_csv
from etiket.readers.jsonl import read_jsonl
from etiket.readers import records
from etiket.readers.records import lookup
from etiket.readers.yamlfile import read_yaml

FIXTURES = Path(__file__).parent / "fixtures" / "collections"
PIN_REQUEST = "kirimkan kode PIN"


def _check(*args):
    result = CliRunner().invoke(app, ["check", "--format", "json", *map(str, args)])
    return result.exit_code, {item["item"]: item for item in json.loads(result.stdout)["items"]}


def _read(path, **options):
    return list(read_all([str(path)], options=ReadOptions(**options)))


def _problems(entries):
    return [str(e).split(": ", 1)[1] for e in entries if isinstance(e, errors.InputError)]


def _at(path, line, column, length):
    """The characters a position points at in the file as an editor shows it."""
    return path.read_text(encoding="utf-8").split("\n")[line - 1][column - 1:column - 1 + length]


def _write(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


# The same three macros (two English, one Indonesian asking for a PIN) in every format; where the
# PIN request stands in each file.
@pytest.mark.parametrize("name, line, column", [
    ("macros.yaml", 19, 69),
    ("macros.csv", 7, 7),
    ("macros.json", 14, 74),
    ("macros-by-name.json", 4, 82),
])
def test_each_macro_is_its_own_reply_with_its_own_id_and_language(name, line, column):
    code, items = _check(FIXTURES / name)
    assert code == 1
    assert list(items) == ["refund-approved", "shipping-delay", "verifikasi-akun"]
    assert [items[i]["lang"] for i in items] == ["en", "en", "id"]
    assert [f for i in ("refund-approved", "shipping-delay") for f in items[i]["findings"] if f["severity"] == "error"] == []
    [finding] = items["verifikasi-akun"]["findings"]
    assert (finding["rule"], finding["category"], finding["severity"], finding["text"]) == (
        "privacy/secret-request", "privacy", "error", PIN_REQUEST)
    assert (finding["line"], finding["column"], finding["end_line"], finding["end_column"]) == (
        line, column, line, column + len(PIN_REQUEST))
    assert "relative" not in finding
    assert _at(FIXTURES / name, line, column, len(PIN_REQUEST)) == PIN_REQUEST


def test_yaml_keys_are_never_part_of_the_checked_text():
    texts = [reply.text for reply in _read(FIXTURES / "macros.yaml")]
    assert texts[1] == (
        "Thanks for your patience while we look into this. Your parcel left our warehouse on Monday "
        "and the carrier expects to deliver it by Friday.\n"
    )
    assert texts[2].startswith("Halo Bapak/Ibu,")
    assert not any(key in text for text in texts for key in ("id:", "text:", "lang:", "channel:"))


def test_marketplace_macros_mapping_names_items_and_points_into_each_scalar_style():
    path = FIXTURES / "marketplace-macros.yaml"
    replies = {reply.item: reply for reply in _read(path)}
    assert list(replies) == ["salam-pembuka", "pesanan-dikirim", "komplain-telat", "minta-otp", "salah-pilih-varian"]
    late = replies["komplain-telat"]
    assert (late.lang, late.channel, late.customer) == ("id", "chat", "Kak paketnya kok belum sampai, udah seminggu lho")
    assert late.text == "Mohon maaf ya Kak atas keterlambatannya. Kami sudah hubungi kurir dan paketnya dijadwalkan sampai besok."
    spots = [
        ("salam-pembuka", "Toko Rumah Rapi", (3, 44)),  # plain
        ("pesanan-dikirim", "Nomor resinya", (7, 3)),  # literal block, second line
        ("komplain-telat", "kurir", (15, 24)),  # folded block, second line
        ("minta-otp", "akun", (17, 79)),  # single-quoted, after a '' escape
        ("salah-pilih-varian", "checkout", (20, 64)),  # double-quoted
    ]
    for item, word, where in spots:
        reply = replies[item]
        assert reply.positions.locate(reply.text.index(word)) == where
        assert _at(path, *where, len(word)) == word


def test_marketplace_macros_findings_through_the_cli():
    code, items = _check(FIXTURES / "marketplace-macros.yaml")
    assert code == 1
    assert [(f["rule"], f["text"], f["line"], f["column"]) for f in items["minta-otp"]["findings"]] == [
        ("privacy/secret-request", "kirim kode OTP", 17, 24)]
    # "Makanya" blames; "lain kali baca deskripsi dulu" lectures for next time
    assert [(f["rule"], f["severity"], f["line"], f["column"]) for f in items["salah-pilih-varian"]["findings"]] == [
        ("blame/blame-the-customer", "error", 20, 10), ("blame/scolding-advice", "warning", 20, 23)]
    assert items["pesanan-dikirim"]["findings"] == [] and items["pesanan-dikirim"]["lang"] == "id"


def test_zendesk_export_text_in_a_nested_field():
    path = FIXTURES / "zendesk-macros.json"
    code, items = _check("--text-field", "actions.1.value", path)
    assert code == 1
    assert list(items) == ["360012345671", "360012345672"]
    assert [items[i]["lang"] for i in items] == ["en", "id"]
    [finding] = items["360012345672"]["findings"]
    assert (finding["rule"], finding["severity"], finding["text"], finding["line"], finding["column"]) == (
        "privacy/secret-request", "error", "sebutkan password", 31, 85)
    assert _at(path, 31, 85, len("sebutkan password")) == "sebutkan password"


def test_zendesk_positions_count_escapes_as_the_characters_they_stand_for():
    path = FIXTURES / "zendesk-macros.json"
    [refund, _] = _read(path, text_field="actions.1.value", id_field="title")
    assert refund.item == "Refunds::Refund approved"
    assert "you\u2019ll see it" in refund.text
    assert refund.positions.locate(refund.text.index("statement")) == (14, 145)
    assert _at(path, 14, 145, len("statement")) == "statement"


def test_freshdesk_csv_rows_are_numbered_and_multi_line_cells_mapped():
    path = FIXTURES / "freshdesk-canned-responses.csv"
    code, items = _check(path)
    assert code == 1
    assert [(i, items[i]["lang"]) for i in items] == [("1", "en"), ("2", "en"), ("3", "id")]
    secret = [f for f in items["2"]["findings"] if f["category"] == "privacy"]
    assert [(f["rule"], f["severity"], f["text"], f["line"], f["column"]) for f in secret] == [
        ("privacy/secret-request", "error", "reply with your full card number", 10, 29)]
    assert _at(path, 10, 29, len("reply with your full card number")) == "reply with your full card number"
    assert items["3"]["findings"] == []


def test_freshdesk_csv_doubled_quotes_and_id_field():
    path = FIXTURES / "freshdesk-canned-responses.csv"
    replies = _read(path, id_field="title")
    assert [r.item for r in replies] == ["Password reset link", "Card details", "Pengembalian dana"]
    reset = replies[0]
    assert 'from the "Forgot password?" link' in reset.text
    assert reset.positions.locate(reset.text.index("Forgot")) == (4, 40)
    assert reset.positions.locate(reset.text.index("link on")) == (4, 59)
    assert replies[2].text.endswith("Salam,\nTim Layanan Pelanggan")


def test_text_field_and_id_field_options_on_the_cli(tmp_path):
    path = _write(tmp_path, "macros.yaml", (
        "- macro:\n"
        "    title: pin-check\n"
        "    body: Mohon kirimkan kode PIN Anda agar kami bisa memverifikasi akun.\n"
        "  lang: id\n"
    ))
    code, items = _check("--text-field", "macro.body", "--id-field", "macro.title", path)
    assert code == 1
    [finding] = items["pin-check"]["findings"]
    assert (finding["line"], finding["column"]) == (3, 17)


def test_dotted_paths():
    record = {"macro.body": "flat", "macro": {"body": "nested"}, "fields": [{"value": "first"}]}
    assert lookup(record, "macro.body") == "flat"
    assert lookup({"macro": {"body": "nested"}}, "macro.body") == "nested"
    assert lookup(record, "fields.0.value") == "first"
    assert lookup(record, "fields.1.value") is None
    assert lookup(record, "macro.body.x") is None


def test_record_fields_language_and_channel(tmp_path):
    path = _write(tmp_path, "c.json", json.dumps([
        {"name": "greet", "lang": "id-ID", "channel": "social", "customer": "Kak, barangnya ready?", "body": "Ready Kak!"},
        {"id": 7, "lang": "fr", "channel": "fax", "customer": " ", "draft": "Hello"},
    ]))
    [first, second] = _read(path)
    assert (first.item, first.lang, first.channel, first.customer, first.text) == (
        "greet", "id", "social", "Kak, barangnya ready?", "Ready Kak!")
    assert (second.item, second.lang, second.channel, second.customer, second.text) == ("7", None, None, None, "Hello")


def test_bad_records_are_named_and_the_others_still_read(tmp_path):
    path = _write(tmp_path, "c.yaml", (
        "- id: a\n  text: 42\n"
        "- id: b\n  text: '  '\n"
        "- id: c\n  title: no text here\n"
        "- [a, list]\n"
        "- id: d\n  text: Fine, thanks!\n"
    ))
    entries = _read(path)
    assert _problems(entries) == [
        "record on line 1: the text field holds a number, not text",
        "record on line 3: the text field is empty",
        "record on line 5 has no text field (text, draft, body, reply or content)",
        "record on line 7 is a list, not a record",
    ]
    assert [e.item for e in entries if not isinstance(e, errors.InputError)] == ["d"]
    assert _problems(_read(path, text_field="macro.body"))[0] == "record on line 1 has no field macro.body"


def test_a_record_whose_text_is_nested_names_its_path_for_text_field(tmp_path):
    # a Zendesk macro export keeps the body in its first action
    path = _write(tmp_path, "macros.json", '{"macros": [{"id": 7, "title": "Refund delay", "actions": ['
                  '{"field": "comment_value", "value": "Hi, your refund left us today."}]}]}')
    assert _problems(_read(path)) == [
        "record on line 1 has no text field (text, draft, body, reply or content); its longest text is at"
        " actions.0.value: name it with --text-field actions.0.value"]
    [reply] = _read(path, text_field="actions.0.value")
    assert (reply.item, reply.text) == ("7", "Hi, your refund left us today.")


def test_a_collection_where_no_record_has_the_text_field_is_one_error(tmp_path):
    # labels kept apart from their texts: one line for the file, not one per record
    labels = _write(tmp_path, "labels.jsonl", '{"id": "a", "violations": []}\n{"id": "b", "violations": ["blame"]}\n')
    assert _problems(_read(labels)) == ["none of its 2 records has a text field (text, draft, body, reply or content)"]
    requests = _write(tmp_path, "requests.jsonl", "".join(
        f'{{"id": {n}, "request": "Could you please look at the edit I made to this page?"}}\n' for n in range(3)))
    assert _problems(_read(requests)) == [
        "none of its 3 records has a text field (text, draft, body, reply or content); their longest text is at request:"
        " name it with --text-field request"]
    assert _problems(_read(requests, text_field="body")) == ["none of its 3 records has the field body"]


def test_records_without_text_before_the_first_reply_are_each_told(tmp_path):
    path = _write(tmp_path, "c.jsonl", '{"id": "a"}\n{"id": "b"}\n{"id": "c", "text": "Thanks, sent!"}\n{"id": "d"}\n')
    entries = _read(path)
    assert _problems(entries) == [
        "record on line 1 has no text field (text, draft, body, reply or content)",
        "record on line 2 has no text field (text, draft, body, reply or content)",
        "record on line 4 has no text field (text, draft, body, reply or content)",
    ]
    assert [e.item for e in entries if not isinstance(e, errors.InputError)] == ["c"]


def test_json_records_without_a_line_are_named_by_number(tmp_path):
    path = _write(tmp_path, "c.json", '[{"text": "Thanks!"}, 3, null]')
    assert _problems(_read(path)) == ["record 2 is a number, not a record", "record 3 is empty, not a record"]


@pytest.mark.parametrize("name, content, problem", [
    ("draft.yaml", "Halo Kak, pesanan sudah dikirim ya.\n",
     "is not a collection of replies (a list of records, or a mapping of name to record or text), but a text"),
    ("bad.yaml", "- id: a\n  text: [unclosed\n- id: b\n", "is not valid YAML: did not find expected ',' or ']' (line 3, column 5)"),
    ("control.yaml", "- text: h\u00e9llo w\u00f6rld\n- text: ok\x01\n",
     "is not valid YAML: control characters are not allowed (line 2, column 11)"),
    ("cut.csv", "id,text\na,Halo Kak\n".encode("utf-16") + b"\x00", "is not UTF-8 text (line 3)"),
    ("deep.yaml", "[" * 100_000 + "]" * 100_000, "is not valid YAML: exceeded maximum nesting depth (line 1, column 1001)"),
    ("key.yaml", "- id: a\n  text: hello\n- {[1, 2]: x}\n", "is not valid YAML: found unhashable key (line 3, column 4)"),
    ("twice.yaml", "- id: a\n  text: hello\n  text: bye\n", "is not valid YAML: found duplicate key 'text' (line 3, column 3)"),
    ("bad.json", '[\n  {"id": "a", "text": "x"}\n  {"id": "b"}\n]\n', "is not valid JSON: Expecting ',' delimiter (line 3, column 3)"),
    ("deep.json", "[" * 100_000 + "]" * 100_000, "nests too deeply to be read"),
    ("empty.json", "[]", "holds no records"),
    ("empty.csv", "", "holds no records"),
    ("columns.csv", "title,category\nRefund,Billing\n", "the header on line 1 has no text column (text, draft, body, reply or content)"),
])
def test_a_file_that_is_no_collection_is_one_line(tmp_path, name, content, problem):
    assert _problems(_read(_write(tmp_path, name, content))) == [problem]


def test_csv_bad_rows_are_named_by_line_and_the_others_still_read(tmp_path):
    path = _write(tmp_path, "c.csv", (
        b'id,title,text,lang\n'
        b'a,Refund,"Your refund is on\nits way.",en\n'
        b'b,Short,only three\n'
        b'\n'
        b'c,Bad quote,"he said "hi"",en\n'
        b'd,Bytes,caf\xe9 ok,en\n'
        b'e,Last,"Terima kasih, Kak!",id\n'
    ))
    entries = _read(path)
    assert _problems(entries) == [
        "record on line 4 has 3 fields, the header has 4",
        "line 6 is not valid CSV (',' expected after '\"')",
        "is not UTF-8 text (line 7)",
    ]
    assert [(e.item, e.text) for e in entries if not isinstance(e, errors.InputError)] == [
        ("a", "Your refund is on\nits way."), ("e", "Terima kasih, Kak!")]
    assert _problems(_read(path, text_field="body")) == ["the header on line 1 has no column body"]


def test_csv_unclosed_quote_names_the_line_it_opened_on(tmp_path):
    path = _write(tmp_path, "c.csv", 'id,text\na,Fine\nb,"Open quote\nnever closed\n')
    entries = _read(path)
    assert _problems(entries) == ["line 3 is not valid CSV (unexpected end of data)"]
    assert [e.text for e in entries if not isinstance(e, errors.InputError)] == ["Fine"]


@pytest.mark.parametrize("reader, head, row", [
    (read_csv, b"id,text\n", b'%d,"Halo Kak, pesanan sudah dikirim ya."\n'),
    (read_jsonl, b"", b'{"id": %d, "text": "Halo Kak, pesanan sudah dikirim ya."}\n'),
])
def test_line_collections_stream(reader, head, row):
    data = head + b"".join(row % n for n in range(100_000))
    stream = io.BytesIO(data)
    replies = reader("big", stream, ReadOptions())
    assert next(replies).item == "0"
    assert stream.tell() < len(data) / 10  # read a chunk ahead, not the file


_CHARS = st.sampled_from(list("ab Kak,.:#-'\"\\\t\né🙂"))


@settings(max_examples=300, deadline=None)
@given(st.text(_CHARS, min_size=1, max_size=40).filter(str.strip), st.sampled_from([None, '"', "'", "|", ">"]),
       st.sampled_from([12, 80]), st.sampled_from(["\n", "\r\n"]))
def test_every_yaml_character_points_at_its_source(text, style, width, newline):
    """However PyYAML writes a text (plain, quoted, literal, folded, wrapped), each of its
    characters points at itself in the file, or at the escape that stands for it."""
    document = yaml.safe_dump([{"text": text}], default_style=style, width=width, allow_unicode=True)
    document = document.replace("\n", newline)
    [reply] = read_yaml("t.yaml", io.BytesIO(document.encode("utf-8")), ReadOptions())
    lines = document.split("\n")
    assume(reply.text == text)  # some styles cannot hold some texts; PyYAML then writes another
    for offset, char in enumerate(text):
        line, column = reply.positions.locate(offset)
        if not char.isspace():
            assert lines[line - 1][column - 1] in (char, "\\")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(st.sampled_from(list('ab ,;"\n\té')), max_size=12).filter(str.strip), min_size=1, max_size=4),
       st.sampled_from(["\n", "\r\n"]), st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]),
       st.sampled_from([",", ";", "\t"]))
def test_every_csv_character_points_at_its_source(texts, newline, quoting, delimiter):
    # a semicolon is what Excel writes where the decimal mark is a comma (Indonesian settings)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=newline, quoting=quoting, delimiter=delimiter)
    writer.writerows([("title", "text"), *(("Macro", text) for text in texts)])
    document = out.getvalue()
    replies = list(read_csv("t.csv", io.BytesIO(document.encode("utf-8")), ReadOptions()))
    assert [reply.text for reply in replies] == texts
    lines = [line + "\n" for line in document.split("\n")]
    for reply in replies:
        for offset, char in enumerate(reply.text):
            line, column = reply.positions.locate(offset)
            assert lines[line - 1][column - 1] == char


@pytest.mark.parametrize("name, content", [
    ("macros.yaml", "macros:\n  - id: otp-verif\n    body: \"Halo Kak, mohon kirimkan kode PIN kartu Kakak ya.\"\n"
                    "  - id: refund-ok\n    body: Your refund was sent today and reaches you within 3 working days.\n"),
    ("macros.json", '{"macros": [\n  {"id": "otp-verif", "body": "Halo Kak, mohon kirimkan kode PIN kartu Kakak ya."},\n'
                    '  {"id": "refund-ok", "body": "Your refund was sent today and reaches you within 3 working days."}\n]}\n'),
])
def test_an_export_wrapping_its_list_in_one_key_is_read_as_that_list(tmp_path, name, content):
    code, items = _check(_write(tmp_path, name, content))
    assert code == 1 and sorted(items) == ["otp-verif", "refund-ok"]
    (finding,) = items["otp-verif"]["findings"]
    assert finding["rule"] == "privacy/secret-request" and finding["line"] == (3 if name.endswith("yaml") else 2)
    assert items["refund-ok"]["findings"] == []


def test_errors_held_before_the_first_reply_are_bounded(tmp_path, monkeypatch):
    # memory stays flat: past the bound only the number of unread records is kept
    monkeypatch.setattr(records._Held, "HELD", 2)
    path = _write(tmp_path, "c.jsonl", '{"id": 1}\n{"id": 2}\n{"id": 3}\n{"id": 4}\n{"text": "Thanks, sent!"}\n')
    assert _problems(_read(path)) == [
        "record on line 1 has no text field (text, draft, body, reply or content)",
        "record on line 2 has no text field (text, draft, body, reply or content)",
        "and 2 more records before the first readable one cannot be read",
    ]
    labels = _write(tmp_path, "labels.jsonl", '{"id": 1}\n{"id": 2}\n{"id": 3}\n')
    assert _problems(_read(labels)) == ["none of its 3 records has a text field (text, draft, body, reply or content)"]
