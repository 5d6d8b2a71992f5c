"""Atom feeds per language on real builds: what they hold, their link in each page's ``<head>``,
the one warning without a base URL, and the model's XML for any text."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from sphinx_notes.model.feeds import Category, Entry, Feed, atom_xml, summary_text

from conftest import html_pages

BASE = "https://notes.example.org/"
A = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SITE_LANGUAGES = {"ar", "de", "en", "zh-hant"}


def feed(outdir, segment: str) -> ET.Element:
    return ET.parse(outdir / "notes" / segment / "atom.xml").getroot()


def entries(root: ET.Element) -> list[dict]:
    return [{"title": e.findtext(A + "title"), "id": e.findtext(A + "id"), "published": e.findtext(A + "published"),
             "updated": e.findtext(A + "updated"), "summary": e.findtext(A + "summary"),
             "links": {link.get("hreflang"): link.get("href") for link in e.findall(A + "link")},
             "categories": [(c.get("term"), c.get("scheme"), c.get("label")) for c in e.findall(A + "category")]}
            for e in root.findall(A + "entry")]


@pytest.mark.sphinx("html", testroot="site", srcdir="site-feeds")
def test_one_feed_per_language_with_its_notes_only(app, warning):
    app.build()
    assert warning.getvalue() == ""
    assert {p.parent.name for p in (app.outdir / "notes").glob("*/atom.xml")} == SITE_LANGUAGES
    english = feed(app.outdir, "en")
    assert english.tag == A + "feed" and english.get(XML_LANG) == "en"
    assert english.findtext(A + "id") == BASE + "notes/en/atom.xml"
    assert english.findtext(A + "updated") == "2026-01-15T00:00:00Z"
    assert english.findtext(f"{A}author/{A}name") == "A. Taster"
    listed = entries(english)
    assert [e["title"] for e in listed] == ["Oolong", 'Tea & "kettles" <early>', "Matcha"]  # newest first
    tea = listed[1]
    assert tea["id"] == tea["links"]["en"] == BASE + "notes/en/2025-10-22-tee.html"
    assert tea["published"] == tea["updated"] == "2025-10-22T00:00:00Z"
    assert list(tea["links"]) == ["en"]  # one link: a reader would take another alternate for the entry's
    # the first paragraph, as text on one line
    assert tea["summary"] == "Green tea wants water at 80 degrees, not boiling, and a short steep."
    assert listed[2]["summary"].startswith("Whisk in a W shape") and listed[2]["summary"].endswith("…")
    assert tea["categories"] == []  # an original by hand: no provenance
    german = entries(feed(app.outdir, "de"))
    assert [e["title"] for e in german] == ["Tee und Kessel", "Sencha"]  # the undated note has no place in it
    assert german[0]["categories"] == [
        ("translated", "urn:sphinx-notes:provenance", "Übersetzt"),
        ("generated", "urn:sphinx-notes:provenance", "Generiert"),
        ("openai/gpt-5", "urn:sphinx-notes:model", "openai/gpt-5")]
    assert feed(app.outdir, "ar").get(XML_LANG) == "ar"
    assert feed(app.outdir, "zh-hant").get(XML_LANG) == "zh-Hant"
    for segment in SITE_LANGUAGES:  # absolute links, each in its feed's folder
        for entry in entries(feed(app.outdir, segment)):
            assert entry["id"].startswith(f"{BASE}notes/{segment}/")


@pytest.mark.sphinx("html", testroot="site", srcdir="site-feedparser")
def test_feeds_read_by_a_feed_reader(app):
    feedparser = pytest.importorskip("feedparser")
    app.build()
    parsed = feedparser.parse((app.outdir / "notes/de/atom.xml").read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.language == "de"
    first = parsed.entries[0]
    assert first.title == "Tee und Kessel" and first.link == BASE + "notes/de/2025-10-22-tee.html"
    assert first.published_parsed[:3] == (2025, 10, 22)
    assert {tag.term for tag in first.tags} == {"translated", "generated", "openai/gpt-5"}


@pytest.mark.sphinx("html", testroot="site", srcdir="site-feed-links")
def test_pages_of_a_language_link_its_feed(app):
    app.build()
    pages = html_pages(app.outdir)

    def feed_links(name: str) -> list[tuple[str, str]]:
        return [(link["hreflang"], link["href"]) for link in pages[name].select('head link[type="application/atom+xml"]')]

    german = [("de", BASE + "notes/de/atom.xml")]
    assert feed_links("notes/de/2025-10-22-tee.html") == german
    assert feed_links("notes/de/undated.html") == german
    assert feed_links("notes/de/index.html") == german
    assert feed_links("notes/ar/2025-10-22-tee.html") == [("ar", BASE + "notes/ar/atom.xml")]
    assert feed_links("notes/index.html") == []  # the languages' list belongs to none


@pytest.mark.sphinx("html", testroot="site", srcdir="site-feed-size", confoverrides={"notes_feed_size": 1})
def test_feed_size(app):
    app.build()
    assert [e["title"] for e in entries(feed(app.outdir, "en"))] == ["Oolong"]


@pytest.mark.sphinx("dirhtml", testroot="site", srcdir="site-feed-dirhtml")
def test_dirhtml_feeds_link_directory_urls(app):
    app.build()
    listed = entries(feed(app.outdir, "en"))
    assert listed[0]["id"] == BASE + "notes/en/2026-01-15-oolong/"
    root = feed(app.outdir, "en")
    assert root.find(f"{A}link[@rel='alternate']").get("href") == BASE + "notes/en/"


@pytest.mark.sphinx("html", testroot="site", srcdir="site-no-base",
                    confoverrides={"html_baseurl": "", "notes_feed_size": 20})
def test_without_base_url_one_warning_and_no_feed(app, warning):
    app.build()
    assert warning.getvalue().count("[notes.config]") == 1
    assert "no Atom feeds written" in warning.getvalue()
    assert not list(app.outdir.rglob("atom.xml"))
    page = html_pages(app.outdir)["notes/de/2025-10-22-tee.html"]
    assert not page.select('link[type="application/atom+xml"]')


@pytest.mark.sphinx("html", testroot="site", srcdir="site-no-feeds", confoverrides={"html_baseurl": "", "notes_feed_size": 0})
def test_feed_size_zero_turns_feeds_off_silently(app, warning):
    app.build()
    assert warning.getvalue() == ""
    assert not list(app.outdir.rglob("atom.xml"))


@pytest.mark.sphinx("html", testroot="site", srcdir="site-unset", confoverrides={"html_baseurl": ""})
def test_unset_feed_size_without_base_url_is_quiet(app, warning):
    """A site with no address yet builds with -W: feeds come with html_baseurl."""
    app.build()
    assert warning.getvalue() == ""
    assert not list(app.outdir.rglob("atom.xml"))


@pytest.mark.sphinx("html", testroot="site", srcdir="site-feeds-parallel", parallel=2)
def test_parallel_build_writes_the_same_feeds(app, make_app, tmp_path):
    app.build()
    serial = make_app("html", srcdir=app.srcdir, builddir=tmp_path / "serial")
    serial.build()
    for segment in SITE_LANGUAGES:
        assert (app.outdir / f"notes/{segment}/atom.xml").read_text(encoding="utf-8") == \
            (serial.outdir / f"notes/{segment}/atom.xml").read_text(encoding="utf-8")


def test_atom_xml_holds_any_text():
    strange = 'Bell \x07 & <tag> "quoted" \ud800 ok'
    entry = Entry(title=strange, url="https://x.example/a?b=1&c=2", date="2025-01-02", summary=strange,
                  categories=(Category("t<", "l&"),))
    text = atom_xml(Feed(lang="en", title=strange, url="https://x.example/atom.xml", home="https://x.example/",
                         author="Me & you", generator_version="1", entries=(entry,)))
    root = ET.fromstring(text.encode("utf-8"))
    assert root.findtext(A + "title") == 'Bell  & <tag> "quoted"  ok'
    assert root.find(f"{A}entry/{A}id").text == "https://x.example/a?b=1&c=2"
    empty = ET.fromstring(atom_xml(Feed("de", "t", "u", "h", "a", "1")).encode("utf-8"))
    assert empty.findtext(A + "updated") == "1970-01-01T00:00:00Z" and empty.find(A + "entry") is None


def test_summary_text_is_cut_at_a_word():
    assert summary_text(" one\n two  ") == "one two"
    cut = summary_text("word " * 100, limit=50)
    assert cut.endswith("word…") and len(cut) <= 50
    assert summary_text("漢" * 100, limit=10) == "漢" * 9 + "…"
