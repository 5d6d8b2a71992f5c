"""``python -m sphinx_notes check``: a build's problems without a build."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest

from sphinx_notes.__main__ import main

from conftest import ROOTS


@pytest.fixture(autouse=True)
def _private_tmp(tmp_path_factory, monkeypatch):
    """check keeps its cache in the temporary folder: the test's own."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path_factory.mktemp("tmp")))


def _project(tmp_path: Path, notes: dict[str, str], conf: str = "") -> Path:
    (tmp_path / "conf.py").write_text(f"extensions = ['sphinx_notes']\nnotes_paths = ['notes']\n{conf}")
    (tmp_path / "index.md").write_text("# Notes\n")
    for name, text in notes.items():
        (tmp_path / "notes" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "notes" / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_good_notes_exit_0(capsys):
    assert main(["check", str(ROOTS / "test-seeds")]) == 0
    assert capsys.readouterr().out == ""


def test_broken_notes_one_line_per_file_exit_1(capsys):
    assert main(["check", str(ROOTS / "test-broken")]) == 1
    lines = capsys.readouterr().out.splitlines()
    files = [line.split(":", 1)[0] for line in lines]
    assert len(files) == len(set(files))  # one line per broken file
    by_name = {Path(f).name: line for f, line in zip(files, lines, strict=True)}
    assert ": notes.front_matter: invalid YAML" in by_name["invalid-yaml.md"]
    assert by_name["unclosed-fence.md"].split(":")[1:3] == ["8", " notes.unclosed_fence"]
    assert "notes.duplicate" in by_name["duplicate-b.md"]
    assert "notes.unsafe" in by_name["raw-html.md"] and "also" in by_name["raw-html.md"]
    assert "good-en.md" not in by_name and "harmless-html.md" not in by_name


def test_citations_parity_and_json(tmp_path, capsys):
    src = _project(tmp_path, {
        "2025-01-01-tea-en.md": "---\ntitle: Tea\nlang: en\ntranslated: false\n---\nSee ([A][1]).\n\n[1]: https://a.example/x\n",
        "2025-01-01-tea-de.md": "---\ntitle: Tee\nlang: de\ntranslated: true\n---\nSiehe ([B][1]).\n\n"
                                "[1]: https://b.example/y\n",
        "2025-01-02-cite-en.md": "---\ntitle: Cite\nlang: en\n---\nSee ([Site][9]).\n",
    })
    assert main(["check", str(src), "--format", "json"]) == 1
    found = {(Path(f["file"]).name, f["subtype"]): f for f in json.loads(capsys.readouterr().out)}
    assert set(found) == {("2025-01-01-tea-de.md", "citation_parity"), ("2025-01-02-cite-en.md", "citation_undefined")}
    assert found["2025-01-02-cite-en.md", "citation_undefined"]["line"] == 5


def test_suppress_warnings_is_honoured(tmp_path, capsys):
    src = _project(tmp_path, {"x.md": "---\ntitle: X\nlang: xx-nonsense-123\n---\nBody\n"},
                   conf="suppress_warnings = ['notes.language']\n")
    assert main(["check", str(src)]) == 0
    assert main(["check", str(tmp_path / "nowhere")]) == 2


def test_a_second_check_reads_unchanged_bodies_from_its_cache(tmp_path, capsys):
    src = _project(tmp_path, {"a-en.md": "---\ntitle: A\nlang: en\n---\nSee ([Site][9]).\n"})
    assert main(["check", str(src)]) == 1
    first = capsys.readouterr().out
    assert main(["check", str(src)]) == 1 and capsys.readouterr().out == first
    (src / "notes" / "a-en.md").write_text("---\ntitle: A\nlang: en\n---\nFixed, and longer.\n")
    assert main(["check", str(src)]) == 0


def test_the_scan_cache_starts_from_a_builds_and_leaves_it_alone(tmp_path, capsys):
    from sphinx_notes.check import scan_cache_folder, work_folder

    src = _project(tmp_path, {"a-en.md": "---\ntitle: A\nlang: en\n---\nBody.\n"})
    built = src / "_build" / "doctrees" / "sphinx_notes-scan.pickle"
    built.parent.mkdir(parents=True)
    built.write_bytes(b"not a pickle")  # whatever it holds, check copes
    assert main(["check", str(src)]) == 0
    assert built.read_bytes() == b"not a pickle"
    assert (scan_cache_folder(src, work_folder(src)) / built.name).read_bytes() != b"not a pickle"
