"""Incremental builds: adding, editing and deleting notes updates exactly what shows them."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from conftest import copy_root, html_pages, note_pages


def build(make_app, srcdir: Path):
    """One incremental build in a fresh application; returns (app, docnames re-read)."""
    app = make_app("html", srcdir=srcdir)
    read: list[str] = []
    app.connect("env-before-read-docs", lambda app, env, docnames: read.extend(docnames))
    app.build()
    return app, set(read)


def touch_later(path: Path, text: str) -> None:
    time.sleep(0.01)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def blog(tmp_path) -> Path:
    return copy_root("blog", tmp_path)


def test_no_change_reads_nothing(make_app, blog):
    build(make_app, blog)
    _, read = build(make_app, blog)
    assert read == set()


def test_editing_a_title_updates_page_siblings_and_index(make_app, blog):
    build(make_app, blog)
    note = blog / "notes/_posts/de/2025-03-01-tea-de.md"
    touch_later(note, note.read_text(encoding="utf-8").replace("Tee: ein Feldführer", "Tee, neu betitelt"))
    app, read = build(make_app, blog)
    # the page itself, the siblings that show its title, and the German index
    assert read == {
        "notes/de/2025-03-01-tea", "notes/de/index",
        "notes/en/2025-03-01-tea", "notes/ar/2025-03-01-tea", "notes/zh-hant/2025-03-01-tea",
    }
    page = note_pages(app.outdir)["notes/de/2025-03-01-tea.html"]
    assert page.h1.get_text().rstrip("¶") == "Tee, neu betitelt"
    assert "Tee, neu betitelt" in html_pages(app.outdir)["notes/de/index.html"].get_text()


def test_editing_a_body_rereads_only_that_note(make_app, blog):
    build(make_app, blog)
    note = blog / "notes/_posts/de/2025-03-01-tea-de.md"
    touch_later(note, note.read_text(encoding="utf-8") + "\nNoch ein Satz.\n")
    app, read = build(make_app, blog)
    assert read == {"notes/de/2025-03-01-tea"}
    assert "Noch ein Satz." in note_pages(app.outdir)["notes/de/2025-03-01-tea.html"].get_text()


def test_changing_lang_moves_the_page(make_app, blog):
    build(make_app, blog)
    note = blog / "notes/_posts/de/2025-03-01-tea-de.md"
    touch_later(note, note.read_text(encoding="utf-8").replace("lang: de", "lang: fr"))
    app, _ = build(make_app, blog)
    pages = note_pages(app.outdir)
    assert "notes/fr/2025-03-01-tea.html" in pages
    assert pages["notes/fr/2025-03-01-tea.html"].html["lang"] == "fr"
    assert "notes/de/2025-03-01-tea.html" not in pages  # the stale output is removed
    assert not (blog / "notes/de").exists()  # its stubs were ours: the folder goes with them
    assert (blog / "notes/_posts/de").is_dir()  # the user's own folders are never touched


def test_adding_and_deleting_a_note(make_app, blog):
    build(make_app, blog)
    new = blog / "notes/_posts/de/2025-04-01-coffee-de.md"
    touch_later(new, "---\ntitle: Kaffee\nlang: de\n---\n\nStark.\n")
    app, read = build(make_app, blog)
    assert {"notes/de/2025-04-01-coffee", "notes/de/index"} <= read
    assert "notes/en/2025-03-01-tea" not in read
    assert "Kaffee" in html_pages(app.outdir)["notes/de/index.html"].get_text()

    new.unlink()
    app, read = build(make_app, blog)
    assert "notes/de/index" in read
    assert "Kaffee" not in html_pages(app.outdir)["notes/de/index.html"].get_text()
    assert not (app.outdir / "notes/de/2025-04-01-coffee.html").exists()
    assert not (blog / "notes/de/2025-04-01-coffee.notepage").exists()
