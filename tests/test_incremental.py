"""Incremental builds: which documents each kind of change re-reads and which pages it rewrites.

Each build is a fresh Sphinx application over the same source and build folders, as
``sphinx-build`` run twice would be. ``env-before-read-docs`` records the documents Sphinx
re-reads, ``html-page-context`` the pages it writes, and every front-matter parse is counted.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

import pytest
from sphinx.testing.util import SphinxTestApp

import sphinx_notes
from sphinx_notes.model import notefile
from sphinx_notes.model.scan_cache import CACHE_FILE

from conftest import copy_root

GROUP_BETA = {"notes/en/beta", "notes/de/beta", "notes/fr/beta"}
NOTE_PAGES = {"notes/en/alpha", "notes/de/alpha", "notes/en/gamma", *GROUP_BETA}
#: what shows a page besides itself: the indexes whose toctrees hold it, up to the root document
PARENTS = {"notes/en/index", "notes/de/index", "notes/fr/index", "notes/index", "index"}


@dataclass
class Build:
    read: set[str] = field(default_factory=set)
    written: set[str] = field(default_factory=set)
    parsed: list[str] = field(default_factory=list)  #: note files whose front matter was parsed
    warnings: str = ""
    outdir: Path | None = None
    doctreedir: Path | None = None


@pytest.fixture
def project(tmp_path):
    return copy_root("incremental", tmp_path)


@pytest.fixture
def build(project, tmp_path, monkeypatch):
    """Build ``project`` into the same build folder each time; returns what that build did."""
    split_note = notefile.split_note

    def run(parallel: int = 0, **confoverrides) -> Build:
        result = Build()

        def counting_split(text: str):
            result.parsed.append(text[:200])
            return split_note(text)

        monkeypatch.setattr(notefile, "split_note", counting_split)
        app = SphinxTestApp("html", srcdir=project, builddir=tmp_path / "_build",
                            confoverrides=confoverrides, parallel=parallel)
        app.connect("env-before-read-docs", lambda app, env, docnames: result.read.update(docnames))
        app.connect("html-page-context", lambda app, pagename, *args: result.written.add(pagename))
        try:
            app.build()
        finally:
            result.warnings = app.warning.getvalue()
            result.outdir, result.doctreedir = Path(app.outdir), Path(app.doctreedir)
            app.cleanup()
        return result

    return run


def edit(path: Path, change) -> None:
    """Change a file and make sure its modification time moves forward."""
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    later = time.time() + 2
    os.utime(path, (later, later))


def test_first_build_parses_every_note_once(build):
    first = build()
    assert first.read >= NOTE_PAGES | PARENTS
    assert len(first.parsed) == 6  # the scan parses; the page reads the body only
    assert first.warnings == ""


def test_nothing_changed_reads_and_writes_no_note(build):
    build()
    again = build()
    assert again.read == set()
    assert again.written & (NOTE_PAGES | PARENTS) == set()
    assert again.parsed == []


def test_note_body_edit_rereads_that_note_only(build, project):
    build()
    edit(project / "notes/en/beta.md", lambda text: text + "\nOne more line.\n")
    after = build()
    assert after.read == {"notes/en/beta"}
    assert after.written & NOTE_PAGES == {"notes/en/beta"}
    assert after.written <= {"notes/en/beta", "notes/en/index", "notes/index", "index", "genindex", "search", "404"}
    assert len(after.parsed) == 1
    assert "One more line." in (after.outdir / "notes/en/beta.html").read_text(encoding="utf-8")


def test_note_body_edit_in_parallel_build(build, project):
    build(parallel=2)
    edit(project / "notes/de/alpha.md", lambda text: text + "\nNoch eine Zeile.\n")
    after = build(parallel=2)
    assert after.read == {"notes/de/alpha"}
    assert after.written & NOTE_PAGES == {"notes/de/alpha"}
    assert "Noch eine Zeile." in (after.outdir / "notes/de/alpha.html").read_text(encoding="utf-8")


def test_title_edit_rereads_its_group_and_language_index(build, project):
    build()
    edit(project / "notes/en/beta.md", lambda text: text.replace("title: Beta", "title: Beta renamed"))
    after = build()
    # the group's pages show each other's titles; the English index lists it
    assert after.read == GROUP_BETA | {"notes/en/index"}
    assert after.written & NOTE_PAGES == GROUP_BETA
    assert "Beta renamed" in (after.outdir / "notes/en/index.html").read_text(encoding="utf-8")


def test_language_edit_moves_the_page(build, project):
    first = build()
    assert (first.outdir / "notes/en/gamma.html").is_file()
    edit(project / "notes/en/gamma.md", lambda text: text.replace("lang: en", "lang: fr"))
    after = build()
    assert after.read == {"notes/fr/gamma", "notes/en/index", "notes/fr/index", "notes/index", "notes/status"}
    assert after.written & NOTE_PAGES == set()
    assert (after.outdir / "notes/fr/gamma.html").is_file()
    assert not (after.outdir / "notes/en/gamma.html").exists()


def test_added_and_deleted_notes(build, project):
    build()
    (project / "notes/de/gamma.md").write_text(
        "---\ntitle: Gamma auf Deutsch\nlang: de\ndate: 2025-03-01\n---\n\nText.\n", encoding="utf-8")
    added = build()
    # the new page, its English translation (which now links to it), both indexes and the status page
    assert added.read == {"notes/de/gamma", "notes/en/gamma", "notes/de/index", "notes/en/index", "notes/index",
                          "notes/status"}
    assert len(added.parsed) == 1
    (project / "notes/de/gamma.md").unlink()
    (project / "notes/en/alpha.md").unlink()
    deleted = build()
    assert deleted.read == {"notes/en/gamma", "notes/de/alpha", "notes/de/index", "notes/en/index", "notes/index",
                            "notes/status"}
    assert deleted.parsed == []
    assert not (deleted.outdir / "notes/de/gamma.html").exists()
    assert not (deleted.outdir / "notes/en/alpha.html").exists()


def test_config_change_rereads_and_rescans(build):
    build()
    provenance = build(notes_show_provenance=False)
    assert provenance.read >= NOTE_PAGES  # an "env" config value: Sphinx re-reads everything
    assert provenance.parsed == []  # ... but the notes' metadata does not depend on it
    language = build(notes_show_provenance=False, notes_default_language="de")
    assert language.read >= NOTE_PAGES
    assert len(language.parsed) == 6  # the scan cache is keyed by the default language


def test_new_sphinx_notes_version_rereads_and_rescans(build, monkeypatch):
    build()
    monkeypatch.setattr(sphinx_notes, "__version__", sphinx_notes.__version__ + ".post1")
    upgraded = build()
    assert upgraded.read >= NOTE_PAGES | PARENTS - {"index"}  # every stub names the version
    assert len(upgraded.parsed) == 6


def test_scan_cache_lives_in_the_doctree_dir(build, project):
    before = {p for p in project.rglob("*") if p.is_file()}
    first = build()
    assert (first.doctreedir / CACHE_FILE).is_file()
    created = {p for p in project.rglob("*") if p.is_file()} - before
    assert created and all(p.suffix == ".notepage" for p in created)


def test_feed_follows_an_edit_an_added_and_a_deleted_note(build, project):
    site = {"html_baseurl": "https://notes.example.org/", "notes_feed_size": 50}

    def english_feed(result: Build) -> list[tuple[str, str]]:
        atom = "{http://www.w3.org/2005/Atom}"
        root = ElementTree.parse(result.outdir / "notes/en/atom.xml").getroot()
        return [(e.findtext(atom + "title"), e.findtext(atom + "summary")) for e in root.iter(atom + "entry")]

    first = build(**site)
    assert [title for title, _ in english_feed(first)] == ["Gamma", "Beta", "Alpha"]
    (project / "notes/en/delta.md").write_text(
        "---\ntitle: Delta\nlang: en\ndate: 2025-04-01\n---\n\nDelta is new.\n", encoding="utf-8")
    added = build(**site)
    assert added.read == {"notes/en/delta", "notes/en/index", "notes/index", "notes/status"}
    assert english_feed(added)[0] == ("Delta", "Delta is new.")
    (project / "notes/en/gamma.md").unlink()
    deleted = build(**site)
    assert [title for title, _ in english_feed(deleted)] == ["Delta", "Beta", "Alpha"]
    edit(project / "notes/en/beta.md", lambda text: text.replace("Body of beta in en.", "Beta, rewritten."))
    edited = build(**site)
    assert edited.read == {"notes/en/beta"}  # the feed needs no other page read again
    assert english_feed(edited)[1] == ("Beta", "Beta, rewritten. See the source.")  # a citation's marker left out
