"""Language indexes and Sources indexes in pages of bounded size, every note two clicks from its
language's first page, and every note once in single-document outputs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from sphinx_notes.model import catalog as catalog_module

NOTES = 11  # per language: 3 listing pages of 4


def make_site(root: Path) -> Path:
    src = root / "site"
    (src / "notes").mkdir(parents=True)
    (src / "conf.py").write_text("extensions = ['sphinx_notes']\nnotes_paths = ['notes']\n", encoding="utf-8")
    (src / "index.md").write_text("# Site\n", encoding="utf-8")
    for number in range(NOTES):
        for lang in ("en", "de"):
            sources = "".join(f"[{i}]: https://example.org/{number}/{i} \"Source {number}.{i}\"\n" for i in (1, 2))
            (src / "notes" / f"2025-01-{number + 1:02d}-note-{number:02d}-{lang}.md").write_text(
                f"---\ntitle: Note {number} {lang}\nlang: {lang}\ndate: 2025-01-{number + 1:02d}\n---\n\n"
                f"Text ([Site A][1]) and ([Site B][2]).\n\n{sources}", encoding="utf-8")
    return src


@pytest.fixture()
def small_pages(monkeypatch):
    monkeypatch.setattr(catalog_module, "NOTES_PER_PAGE", 4)
    monkeypatch.setattr(catalog_module, "SOURCES_PER_PAGE", 5)


def build(src: Path, builder: str = "html") -> Path:
    app = SphinxTestApp(builder, srcdir=src)
    try:
        app.build()
        assert "Traceback" not in app.warning.getvalue()
    finally:
        app.cleanup()
    return Path(app.outdir)


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def links(page: BeautifulSoup, selector: str) -> list[str]:
    return [a["href"].split("#")[0] for a in page.select(selector) if a.get("href")]


@pytest.mark.usefixtures("small_pages")
def test_language_index_in_pages_newest_first(tmp_path):
    outdir = build(make_site(tmp_path))
    first = soup(outdir / "notes/en/index.html")
    navs = first.select("p.notes-pages")
    assert len(navs) == 2  # above and below the listing
    assert links(navs[0], "a") == ["index-2.html", "index-3.html"]
    assert not (outdir / "notes/en/index-4.html").exists()
    listed = []
    for name in ("index.html", "index-2.html", "index-3.html"):
        page = soup(outdir / "notes/en" / name)
        entries = links(page, "ul.notes-listing > li > p > a:not(.notes-also a)")
        entries = [href for href in entries if not href.startswith("../")]
        assert len(entries) <= 4
        listed += entries
        assert page.select_one("p.notes-pages strong")  # the current page, not a link
    # two clicks: the first page links every listing page, each listing page its notes
    assert listed == [f"2025-01-{n + 1:02d}-note-{n:02d}.html" for n in reversed(range(NOTES))]
    assert soup(outdir / "notes/en/index-2.html").h1.get_text().startswith("English")


@pytest.mark.usefixtures("small_pages")
def test_sources_index_split_and_linked_from_each_footnote(tmp_path):
    outdir = build(make_site(tmp_path))
    pages = sorted((outdir / "notes/en").glob("sources*.html"))
    assert len(pages) == 5  # 22 links, 5 a page
    anchors: dict[str, str] = {}
    for page in pages:
        parsed = soup(page)
        assert len(links(parsed.select_one("p.notes-pages"), "a")) == len(pages) - 1
        for item in parsed.select("ul.notes-sources-index-list > li"):
            assert item["id"] not in anchors
            anchors[item["id"]] = page.name
    assert len(anchors) == 2 * NOTES
    for note in (outdir / "notes/en").glob("2025-*.html"):
        for link in soup(note).select("a.notes-source-index"):
            target, anchor = link["href"].split("#")
            assert anchors[anchor] == target, (note.name, link["href"])


@pytest.mark.usefixtures("small_pages")
def test_singlehtml_has_every_note_once(tmp_path):
    outdir = build(make_site(tmp_path), "singlehtml")
    text = (outdir / "index.html").read_text(encoding="utf-8")
    for lang in ("en", "de"):
        for number in range(NOTES):
            assert len(re.findall(rf'id="document-notes/{lang}/2025-01-{number + 1:02d}-note-{number:02d}"', text)) == 1


def test_default_pages_are_small_at_scale(tmp_path):
    """Two hundred and fifty notes in one language: three listing pages, each under 300 KB."""
    src = tmp_path / "big"
    (src / "notes").mkdir(parents=True)
    (src / "conf.py").write_text("extensions = ['sphinx_notes']\nnotes_paths = ['notes']\n", encoding="utf-8")
    (src / "index.md").write_text("# Site\n", encoding="utf-8")
    for number in range(250):
        (src / "notes" / f"n{number:03d}.md").write_text(
            f"---\ntitle: Note {number}\nlang: en\ndate: 2024-{number % 12 + 1:02d}-01\n---\n\nWords.\n", encoding="utf-8")
    outdir = build(src)
    names = sorted(p.name for p in (outdir / "notes/en").glob("index*.html"))
    assert names == ["index-2.html", "index-3.html", "index.html"]
    assert max(p.stat().st_size for p in (outdir / "notes").rglob("*.html")) < 300_000
