import json
import subprocess
import sys

from etiket import errors
from etiket.readers import read_all


def _read(*paths, stdin=None):
    return list(read_all([str(p) for p in paths], stdin))


def test_jsonl_positions_point_into_the_json_string(tmp_path):
    record = {"id": "r1", "customer": "Where is it?", "lang": "id", "channel": "chat", "text": "Halo \"Kak\"\nzonk"}
    line = json.dumps(record, ensure_ascii=False)
    path = tmp_path / "c.jsonl"
    path.write_text("\n" + line + "\n", encoding="utf-8")
    [reply] = _read(path)
    assert (reply.item, reply.customer, reply.lang, reply.channel) == ("r1", "Where is it?", "id", "chat")
    offset = reply.text.index("zonk")
    line_no, column = reply.positions.locate(offset)
    assert line_no == 2
    assert line[column - 1:column + 3] == "zonk"
    assert not reply.positions.relative


def test_jsonl_item_numbers_text_fields_and_bad_records(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text('{"draft": "one"}\n{"body": "two", "name": "second"}\nnot json\n{"x": 1}\n[1]\n', encoding="utf-8")
    entries = _read(path)
    assert [e.item for e in entries[:2]] == ["1", "second"]
    assert [e.text for e in entries[:2]] == ["one", "two"]
    assert [str(e).split(": ", 1)[1] for e in entries[2:]] == [
        "line 3 is not a JSON object (Expecting value)",
        "record on line 4 has no text field (text, draft, body, reply or content)",
        "line 5 is not a JSON object (not an object)",
    ]


def test_unicode_escapes_and_surrogates_keep_columns(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text('{"text": "caf\\u00e9 \\ud83d\\ude00 zonk"}\n', encoding="utf-8")
    [reply] = _read(path)
    line = path.read_text(encoding="utf-8").splitlines()[0]
    _, column = reply.positions.locate(reply.text.index("zonk"))
    assert line[column - 1:column + 3] == "zonk"


def test_jsonl_positions_of_a_named_field_beside_an_equal_one_survive_pickling(tmp_path):
    """The positions are worked out when first asked for (in a --jobs worker, after pickling), from
    the field the text came from, not from another holding the same words."""
    import pickle

    from etiket.readers import ReadOptions

    path = tmp_path / "c.jsonl"
    path.write_text('{"customer": "a\\tzonk", "macro": {"body": "a\\tzonk"}}\n', encoding="utf-8")
    [reply] = list(read_all([str(path)], None, ReadOptions(text_field="macro.body")))
    line = path.read_text(encoding="utf-8").splitlines()[0]
    positions = pickle.loads(pickle.dumps(reply.positions))
    _, column = positions.locate(reply.text.index("zonk"))
    assert column - 1 == line.rindex("zonk")


def test_a_jsonl_line_json_refuses_gives_the_locating_decoders_reason(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text('{"text": "a\tb"}\n{"text": "ok"} x\n', encoding="utf-8")  # a raw tab; extra data
    assert [str(e).split(": ", 1)[1] for e in _read(path)] == [
        "line 1 is not a JSON object (Invalid control character at)",
        "line 2 is not a JSON object (Extra data)",
    ]


def test_markdown_comments_are_blanked_but_positions_kept(tmp_path):
    path = tmp_path / "macro.md"
    path.write_text("<!-- internal: zonk -->\nHello zonk", encoding="utf-8")
    [reply] = _read(path)
    assert "internal" not in reply.text
    assert reply.positions.locate(reply.text.index("zonk")) == (2, 7)


def test_folder_recursion_and_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "x.md").write_text("two", encoding="utf-8")
    (tmp_path / "a.txt").write_text("one", encoding="utf-8")
    (tmp_path / "skip.csv").write_text("no", encoding="utf-8")
    assert [e.text for e in _read(tmp_path)] == ["one", "two"]


def test_stdin_and_bom():
    [reply] = _read("-", stdin="\ufeffhalo".encode("utf-8"))
    assert reply.source == "<stdin>" and reply.text == "halo"


def test_errors_are_values_not_exceptions(tmp_path):
    [entry] = _read(tmp_path / "missing.txt")
    assert isinstance(entry, errors.InputError)


def test_piped_html_is_read_as_html_and_other_text_as_text():
    [page] = _read("-", stdin=b"<p>Obviously&nbsp;you didn&#8217;t read it.</p>")
    assert page.text.strip() == "Obviously you didn\u2019t read it."
    assert page.positions.locate(page.text.index("you")) == (1, 19)
    [plain] = _read("-", stdin=b"a < b, and <p> stays text here")
    assert plain.text == "a < b, and <p> stays text here"


def test_a_draft_on_stdin_loads_no_parser_of_another_format(tmp_path):
    """Reading a plain draft imports none of the Markdown, HTML, mail, YAML and CSV readers'
    libraries; a file of such a format loads its reader when it is read."""
    (tmp_path / "a.md").write_text("# Hi\n\nThanks for *waiting*.\n", encoding="utf-8")
    probe = ("import io, sys; from etiket.readers import read_all; "
             "[r] = read_all(['-'], io.BytesIO(b'Thanks for waiting.')); "
             "heavy = ('markdown_it', 'email.policy', 'html.parser', 'etiket.readers.yamlfile', 'etiket.readers.csvfile'); "
             "print(repr(r.text), [m for m in heavy if m in sys.modules]); "
             f"[md] = read_all([{str(tmp_path / 'a.md')!r}]); print(repr(md.text), 'markdown_it' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == ["'Thanks for waiting.' []", "'Hi\\n\\nThanks for waiting.' True"]
