"""Dates in the page's language inside ``<time>``, and tag pages, on real builds of ``test-readers``."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

import pytest
from babel.dates import format_date
from sphinx.testing.util import SphinxTestApp

from sphinx_notes.model import catalog as catalog_module
from sphinx_notes.model.dates import babel_locale, format_day
from sphinx_notes.model.notefile import load_note

from conftest import build_and_record_reads, copy_root, html_pages

DAY = dt.date(2025, 10, 22)


def test_format_day_maps_our_tags_to_babel_and_falls_back_to_iso():
    assert format_day("2025-10-22", "de") == "22. Oktober 2025"
    assert format_day("2025-10-22", "ar") == "22 أكتوبر 2025"
    assert str(babel_locale("hant")) == str(babel_locale("zh_Hant")) == "zh_Hant"  # the blog's spelling
    assert format_day(DAY, "de-CH-1996") == format_date(DAY, "long", locale="de_CH")  # variant dropped
    assert format_day(DAY, "tlh") == format_day(DAY, "") == format_day(DAY, None) == "2025-10-22"
    assert format_day("not a date", "de") == "not a date"


@pytest.mark.sphinx("html", testroot="readers")
def test_dates_in_the_page_language_inside_time(app):
    app.build()
    pages = html_pages(app.outdir)
    for lang, expected in (("de", "22. Oktober 2025"), ("ar", "22 أكتوبر 2025"),
                           ("hi", format_date(DAY, "long", locale="hi")), ("zh", "2025年10月22日")):
        time_ = pages[f"notes/{lang}/2025-10-22-tea.html"].select_one("p.notes-provenance time.notes-date")
        assert (time_["datetime"], time_.get_text()) == ("2025-10-22", expected), lang
        listed = pages[f"notes/{lang}/index.html"].select_one("ul.notes-listing time")
        assert (listed["datetime"], listed.get_text()) == ("2025-10-22", expected), lang
    assert format_date(DAY, "long", locale="hi") != "2025-10-22"


@pytest.mark.parametrize("builder", ["text", "latex", "epub", "singlehtml", "dirhtml"])
def test_other_builders_show_the_date_and_tags_without_warnings(builder, tmp_path):
    app = SphinxTestApp(builder, srcdir=copy_root("readers", tmp_path), builddir=tmp_path / "_build",
                        confoverrides={"copyright": "2025", "version": "1"})
    try:
        app.build()
        warnings = [line for line in app.warning.getvalue().splitlines()
                    if "[notes.liquid]" not in line and "[notes.metadata]" not in line]
        out = Path(app.outdir)
    finally:
        app.cleanup()
    assert warnings == []
    text = "\n".join(p.read_text(encoding="utf-8") for p in out.rglob("*") if p.suffix in (".txt", ".tex", ".xhtml", ".html"))
    assert "22. Oktober 2025" in text and "22 أكتوبر 2025" in text
    assert "Schlagwörter:" in text and "· 2025-10-22" not in text  # the date, never the ISO text
    if builder in ("epub", "dirhtml"):
        assert '<time class="notes-date" datetime="2025-10-22">22. Oktober 2025</time>' in text
    if builder in ("latex", "singlehtml"):  # tag pages are not part of a book
        assert "Matcha whisking" in text and "tags/tea" not in text


@pytest.mark.sphinx("html", testroot="readers", srcdir="readers-tags")  # its own build: the warnings are read
def test_tag_pages_from_lists_and_comma_strings(app):
    app.build()
    pages = html_pages(app.outdir)
    tea = pages["notes/en/tags/tea.html"]
    assert tea.h1.get_text().rstrip("¶") == "tea"  # the spelling most of its notes use (one says TEA)
    listed = [a.get_text() for a in tea.select("ul.notes-listing > li > p > a")]
    assert listed == ["Matcha whisking", "Kettle temperatures", "Green tea"]  # newest first; list, string, list
    assert [t["datetime"] for t in tea.select("ul.notes-listing time")] == ["2026-01-05", "2025-11-03", "2025-10-22"]
    assert tea.html["lang"] == "en"
    assert {p for p in pages if "/tags/" in p} == {
        "notes/en/tags/tea.html", "notes/en/tags/craft.html", "notes/en/tags/green-tea.html",
        "notes/en/tags/kettles.html", "notes/de/tags/tee.html", "notes/de/tags/gruner-tee.html",
        "notes/ar/tags/tag-18a4d144.html", "notes/zh/tags/tag-97a08c17.html"}  # no ASCII: a hash
    german = pages["notes/de/2025-10-22-tea.html"].select_one("p.notes-tags")
    assert german.get_text() == "Schlagwörter: Tee, grüner Tee"
    assert [a["href"] for a in german.select("a")] == ["tags/tee.html", "tags/gruner-tee.html"]
    assert pages["notes/ar/tags/tag-18a4d144.html"].h1.get_text().rstrip("¶") == "شاي"
    assert pages["notes/en/tags/tea.html"].select_one("ul.notes-listing") is not None
    assert not pages["notes/de/2024-02-01-bread.html"].select("p.notes-tags")  # no tags, no line
    warnings = app.warning.getvalue()
    assert "2023-05-05-old-de.md:1: WARNING: a tag in 'tags' is not text but 2023; ignored" in warnings
    assert "not text but a list" in warnings and "is empty" in warnings and "[notes.metadata]" in warnings


def test_tag_values_are_normalised(tmp_path):
    note = tmp_path / "x.md"
    note.write_text("---\ntitle: X\nlang: en\ntags: [' Green   Tea ', green tea, Tea]\ncategories: 'craft, , tea,'\n---\n",
                    encoding="utf-8")
    loaded, _ = load_note(note, "x.md", "en")
    assert loaded.tags == ("Green Tea", "Tea", "craft") and loaded.problems == ()
    note.write_text("---\ntitle: X\nlang: en\ntags: 7\ncategories: []\n---\n", encoding="utf-8")
    loaded, _ = load_note(note, "x.md", "en")
    assert loaded.tags == () and [p.message for p in loaded.problems] == [
        "'tags' should be a list of tags or a comma-separated text, not 7; ignored"]


@pytest.mark.sphinx("html", testroot="incremental")
def test_no_tag_pages_without_tags(app):
    app.build()
    assert not list(Path(app.outdir).rglob("tags"))
    assert not list(Path(app.srcdir).rglob("tags"))
    assert not any(page.select("p.notes-tags") for page in html_pages(app.outdir).values())


def _edit(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    later = time.time() + 2
    os.utime(path, (later, later))


def test_adding_and_removing_a_tag_updates_the_tag_pages(tmp_path):
    project = copy_root("readers", tmp_path)
    _, out = build_and_record_reads(project, tmp_path)
    assert not (out / "notes/de/tags/brot.html").exists()
    bread = project / "notes/2024-02-01-bread-de.md"
    _edit(bread, "date: 2024-02-01\n", "date: 2024-02-01\ntags: [Brot, Tee]\n")
    read, out = build_and_record_reads(project, tmp_path)
    assert {"notes/de/2024-02-01-bread", "notes/de/tags/brot", "notes/de/tags/tee"} <= read
    assert "notes/de/tags/gruner-tee" not in read and "notes/en/tags/tea" not in read
    tee = html_pages(out)["notes/de/tags/tee.html"]
    assert [a.get_text() for a in tee.select("ul.notes-listing > li > p > a")] == ["Grüner Tee", "Brot backen"]
    assert (out / "notes/de/tags/brot.html").is_file()
    _edit(bread, "tags: [Brot, Tee]\n", "")
    read, out = build_and_record_reads(project, tmp_path)
    assert not (out / "notes/de/tags/brot.html").exists()
    assert not (project / "notes/de/tags/brot.notepage").exists()
    tee = html_pages(out)["notes/de/tags/tee.html"]
    assert [a.get_text() for a in tee.select("ul.notes-listing > li > p > a")] == ["Grüner Tee"]


def test_a_long_tag_listing_is_paginated(tmp_path, monkeypatch):
    monkeypatch.setattr(catalog_module, "NOTES_PER_PAGE", 4)
    src = tmp_path / "src"
    (src / "notes").mkdir(parents=True)
    (src / "conf.py").write_text("extensions = ['sphinx_notes']\nnotes_paths = ['notes']\n", encoding="utf-8")
    (src / "index.md").write_text("# Site\n", encoding="utf-8")
    for number in range(11):
        (src / "notes" / f"2025-01-{number + 1:02d}-n{number:02d}-de.md").write_text(
            f"---\ntitle: N{number}\ndate: 2025-01-{number + 1:02d}\ntags: Tee\n---\n\nText.\n", encoding="utf-8")
    _, out = build_and_record_reads(src, tmp_path)
    pages = html_pages(out)
    names = ["notes/de/tags/tee.html", "notes/de/tags/tee/2.html", "notes/de/tags/tee/3.html"]
    assert sorted(p for p in pages if "/tags/" in p) == sorted(names)
    listed = [a.get_text() for name in names for a in pages[name].select("ul.notes-listing > li > p > a")]
    assert listed == [f"N{n}" for n in reversed(range(11))]  # newest first, 4 a page
    second = pages["notes/de/tags/tee/2.html"]
    assert second.h1.get_text().rstrip("¶") == "Tee, Seite 2 von 3"
    assert [a["href"] for a in second.select_one("p.notes-pages").select("a")] == ["../tee.html", "3.html"]
