"""Nothing a user can pipe in breaks a run: random bytes, Unicode, control characters, huge lines
and broken structures go through every reader and the CLI; only Replies and one-line InputErrors
come out, never a traceback, and a good input beside a bad one is still reported."""

import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from etiket import errors
from etiket.cli import app
from etiket.readers import READERS, ReadOptions
from etiket.reply import Reply

SUFFIXES = sorted(READERS)
# Fragments that make structured formats half-valid, so the fuzzer reaches deep into each reader.
FRAGMENTS = ["{", "}", "[", "]", '"text": ', '"', ",", ":", "\n", "\r\n", "- ", "text,id\n", "<p>", "</p>",
             "<!--", "-->", "&amp;", "&#x", "```", "---\n", "> ", "From: a@b.c\n", "Subject: Hi\n\n",
             "Content-Type: text/html; charset=utf-8\n", "Content-Transfer-Encoding: quoted-printable\n",
             "=E2=80", "=\n", "--b\n", "Halo Kak", "PLEASE SEND YOUR PASSWORD!!!", "{{name}", "\x00", "\ufeff",
             "\ud7ff", "\U0001F600", "\u202e", "\x1b[31m"]

pieces = st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=20))
texts = st.lists(pieces, max_size=40).map("".join)
encodings = st.sampled_from(["utf-8", "utf-16", "utf-8-sig", "latin-1"])


def _encoded(text, encoding):
    return text.encode(encoding, "surrogatepass" if encoding.startswith("utf") else "replace")


def _from_reader(suffix, data):
    """What a reader gives for `data`: it yields per reply, and may raise one InputError for its
    whole input (readers/__init__.py turns that into one line too)."""
    entries = []
    try:
        for entry in READERS[suffix]("f" + suffix, io.BufferedReader(io.BytesIO(data)), ReadOptions()):
            entries.append(entry)
    except errors.InputError as exc:
        entries.append(exc)
    return entries


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts, encoding=encodings, raw=st.binary(max_size=64))
@pytest.mark.parametrize("suffix", SUFFIXES)
def test_every_reader_yields_replies_or_one_line_errors(suffix, text, encoding, raw):
    for data in (_encoded(text, encoding), raw, _encoded(text, encoding) + raw):
        for entry in _from_reader(suffix, data):
            assert isinstance(entry, (Reply, errors.InputError))
            if isinstance(entry, errors.InputError):
                assert "\n" not in str(entry) and str(entry).startswith("cannot check f" + suffix)
            else:
                assert isinstance(entry.text, str) and entry.positions.locate(0)


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_huge_line_and_deep_nesting(suffix):
    for data in (b"[" * 100_000 + b"]" * 100_000, b'{"text": ' * 50_000, b"a" * 2_000_000, b"<div>" * 50_000):
        entries = _from_reader(suffix, data)
        assert all(isinstance(e, (Reply, errors.InputError)) for e in entries)


runner = CliRunner()
BAD_INPUTS = {
    "deep.jsonl": b'{"text": "ok"}\n' + b"[" * 200_000 + b"\n",
    "broken.json": b'[{"text": "Halo Kak"}, {"text": ',
    "rows.csv": b'id,text\n1,"Halo Kak, pesanan sudah dikirim."\n2,a,b,c\n',
    "scalar.yaml": b"just a line of text\n",
    "utf16.txt": "Obviously you didn't read the instructions.".encode("utf-16"),
    "unclosed.html": b"<html><body><p>Terima kasih Kak<div><span>",
    "binary.txt": b"\x00\x01\x02\x03" * 100,
    "control.txt": b"\x1b[2J\x07Halo\x08 Kak\x0c",
}
# Odd but readable: checked like any reply. Every other bad input is refused in one line.
READABLE = {"control.txt", "unclosed.html", "utf16.txt"}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_beside_a_good_one_in_the_cli(tmp_path, name):
    bad = tmp_path / name
    bad.write_bytes(BAD_INPUTS[name])
    good = tmp_path / "good.txt"
    good.write_text("Makanya baca dulu dong, kan sudah dijelaskan.", encoding="utf-8")
    result = runner.invoke(app, ["check", "--format", "json", str(bad), str(good)])
    # 2: a file could not be read; else 1: the good draft blames the customer ("Makanya baca")
    assert result.exit_code == (1 if name in READABLE else 2)
    assert len(result.stderr.splitlines()) == (0 if name in READABLE else 1)
    assert "Traceback" not in result.stdout + result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)
    report = json.loads(result.stdout)
    assert str(good) in [item["source"] for item in report["items"]]
    for line in result.stderr.splitlines():
        assert line.startswith(f"etiket: cannot check {bad}")
