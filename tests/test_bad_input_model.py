"""The Sphinx-free side of bad input: what load_note recovers and reports, what active_html finds."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from sphinx_notes.model.html_check import active_html
from sphinx_notes.model.notefile import BinaryNoteError, NoteTooLargeError, load_note


def load(tmp_path: Path, data: bytes | str, name: str = "x.md", **kwargs):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return load_note(path, name, "en", **kwargs)


def subtypes(note) -> list[str]:
    return [p.subtype.value for p in note.problems]


def test_broken_yaml_keeps_what_single_lines_say(tmp_path):
    note, body = load(tmp_path, '---\ntitle: "Kept title\nlang: de\ntags: [a, b\n---\n\nBody.\n')
    assert (note.title, note.lang, subtypes(note)) == ("Kept title", "de", ["front_matter"])
    assert body.strip() == "Body."


def test_one_cause_one_problem(tmp_path):
    """No front matter: one problem whose message says which title and language were used."""
    note, body = load(tmp_path, "# From the heading\n\nText.\n")
    (problem,) = note.problems
    assert problem.subtype.value == "no_front_matter" and "'From the heading' from the first heading" in problem.message
    assert note.title == "From the heading" and "From the heading" not in body


def test_impossible_date_does_not_lose_the_rest(tmp_path):
    note, _ = load(tmp_path, "---\ntitle: T\nlang: en\ndate: 2025-13-45\n---\n", name="2024-01-02-x.md")
    assert (note.title, note.date, subtypes(note)) == ("T", "2024-01-02", ["metadata"])


@pytest.mark.parametrize(("data", "title", "message"), [
    ("---\ntitle: Café\nlang: fr\n---\n".encode("latin-1"), "Café", "read as Windows-1252"),
    ("---\ntitle: Café\nlang: fr\n---\n".encode() + b"\xe2\x82", "Café", "undecodable bytes were replaced"),
    (codecs.BOM_UTF16_BE + "---\ntitle: Café\nlang: fr\n---\n".encode("utf-16-be"), "Café", "UTF-16"),
])
def test_encodings_are_decoded_and_reported(tmp_path, data, title, message):
    note, _ = load(tmp_path, data)
    assert note.title == title and message in note.problems[0].message


def test_unusable_files_raise_typed_errors(tmp_path):
    with pytest.raises(BinaryNoteError):
        load(tmp_path, b"\x00\x01\x02 binary")
    with pytest.raises(NoteTooLargeError, match="more than notes_max_file_size"):
        load(tmp_path, "---\ntitle: T\n---\n" + "x" * 100, max_bytes=50)


def test_self_referencing_yaml_is_described_not_printed(tmp_path):
    note, _ = load(tmp_path, "---\ntitle: &a [*a]\ntranslated: &b {k: *b}\nlang: en\n---\n")
    assert note.title == "x" and all(len(p.message) < 200 for p in note.problems)


@pytest.mark.parametrize(("html", "runs"), [
    ("<b>bold</b>", False), ('<img src="https://a.org/x.png" alt="">', False), ("<!-- c -->", False),
    ("<script>alert(1)</script>", True), ('<a href=" JaVa&#x09;Script:alert(1)">x</a>', True),
    ('<svg onload="alert(1)">', True), ('<img src="data:text/html,x">', True), ("<iframe src=x>", True),
])
def test_active_html(html, runs):
    assert (active_html(html) is not None) == runs
