"""Test projects live in tests/roots/test-*; each test builds one with sphinx.testing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

pytest_plugins = ("sphinx.testing.fixtures",)

ROOTS = Path(__file__).parent / "roots"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


def html_pages(outdir: Path, folder: str = "notes") -> dict[str, BeautifulSoup]:
    """Every built page under ``outdir/folder``, parsed, keyed by its path relative to outdir."""
    return {p.relative_to(outdir).as_posix(): BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser")
            for p in sorted((outdir / folder).rglob("*.html"))}


def note_pages(outdir: Path, folder: str = "notes") -> dict[str, BeautifulSoup]:
    """Only the note pages (not the language indexes, their Sources pages, the tag pages, the notes
    root or the status page)."""
    return {k: v for k, v in html_pages(outdir, folder).items()
            if not k.endswith(("/index.html", "/sources.html")) and k != f"{folder}/status.html" and "/tags/" not in k}


def copy_root(name: str, tmp_path: Path) -> Path:
    """A writable copy of a test root, for tests that edit notes between builds."""
    target = tmp_path / name
    shutil.copytree(ROOTS / f"test-{name}", target)
    return target


def build_and_record_reads(project: Path, tmp_path: Path, parallel: int = 0) -> tuple[set[str], Path]:
    """Build ``project`` in ``tmp_path/_build`` (again, if built there before): the documents
    Sphinx read, and the output folder."""
    read: set[str] = set()
    app = SphinxTestApp("html", srcdir=project, builddir=tmp_path / "_build", parallel=parallel)
    app.connect("env-before-read-docs", lambda app, env, docnames: read.update(docnames))
    try:
        app.build()
    finally:
        app.cleanup()
    return read, Path(app.outdir)
