"""``python -m sphinx_notes init``: a new site that builds with -W, and never an overwritten file."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from sphinx_notes.__main__ import main

DOCS = Path(__file__).resolve().parent.parent / "docs"
FILES = Path(__file__).resolve().parent.parent / "sphinx_notes" / "init_files"


def _snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha1(p.read_bytes()).hexdigest()
            for p in folder.rglob("*") if p.is_file() and "_build" not in p.parts}


def test_init_writes_a_site_and_a_second_init_changes_nothing(tmp_path, capsys):
    assert main(["init", str(tmp_path)]) == 0
    made = _snapshot(tmp_path)
    assert {"conf.py", "index.md", "Makefile", "make.bat", ".readthedocs.yaml", "requirements.txt", ".gitignore",
            ".github/workflows/notes.yml"} <= set(made)
    assert [p for p in made if p.startswith("notes/")] and (tmp_path / "make.bat").read_bytes().count(b"\r\n") > 10
    capsys.readouterr()
    assert main(["init", str(tmp_path)]) == 0
    assert _snapshot(tmp_path) == made
    out = capsys.readouterr().out
    assert "left alone conf.py" in out and "wrote" not in out


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_what_init_wrote_builds_with_W(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # check's cache
    assert main(["init", str(tmp_path)]) == 0
    for builder in ("html", "text"):
        done = subprocess.run(["make", builder, "SPHINXOPTS=-W --keep-going -q", f"SPHINXBUILD={sys.executable} -m sphinx"],
                              cwd=tmp_path, capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr
    assert list((tmp_path / "_build" / "html" / "notes" / "en").glob("*-my-first-note.html"))
    assert main(["check", str(tmp_path)]) == 0


def test_existing_sphinx_project_gets_the_lines_to_add(tmp_path, capsys):
    (tmp_path / "conf.py").write_text("project = 'Old'\nextensions = []\n")
    (tmp_path / "index.rst").write_text("Old\n===\n")
    assert main(["init", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert (tmp_path / "conf.py").read_text() == "project = 'Old'\nextensions = []\n"
    assert not (tmp_path / "index.md").exists() and "left alone index.rst" in out
    assert 'extensions.append("sphinx_notes")' in out and 'notes_paths = ["notes"]' in out


def test_init_files_are_the_docs_own():
    """The workflow is the docs' example, the Makefile and make.bat are the docs' own."""
    assert (FILES / "notes.yml").read_bytes() == (DOCS / "examples" / "notes-matrix.yml").read_bytes()
    assert (FILES / "Makefile").read_bytes() == (DOCS / "Makefile").read_bytes()
    assert (FILES / "make.bat").read_bytes() == (DOCS / "make.bat").read_bytes()
