"""Citations: reference-style links to the note's own definitions become numbered footnotes,
numbered the same way in every translation, with a Sources section and a Sources index."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET

import pytest
from sphinx.testing.util import SphinxTestApp

from sphinx_notes.model.citations import (
    Source,
    group_numbers,
    host_name,
    make_source,
    parity,
    source_anchor,
    source_url_problem,
    sources_index,
)

from conftest import copy_root, html_pages

WIKI = "https://en.wikipedia.org/wiki/Tea"
BRIT = "https://www.britannica.com/topic/tea-beverage?id=7"
SOCIETY = "https://teasociety.example.com/"
TEA = {"en": "notes/en/2025-01-01-tea.html", "de": "notes/de/2025-01-01-tea.html", "zh": "notes/zh/2025-01-01-tea.html"}


# --- model ---------------------------------------------------------------------------------

def test_numbers_follow_the_original_then_translation_only_sources():
    numbers = group_numbers(["a", "b", "a", "c"], [["c", "x", "a"], ["y", "x"]])
    assert numbers == {"a": 1, "b": 2, "c": 3, "x": 4, "y": 5}


def test_parity_names_lost_and_gained_urls_in_order():
    assert parity(["a", "b", "c"], ["c", "a", "d"]) == (["b"], ["d"])
    assert parity(["a"], ["a"]) == ([], [])


@pytest.mark.parametrize(("href", "problem"), [
    ("https://example.com/x", None),
    ("mailto:someone@example.com", None),
    ("", "empty"),
    ("  ", "empty"),
    ("javascript:alert(1)", "javascript"),
    (" JaVa\tScript:alert(1)", "javascript"),
    ("data:text/html;base64,AAAA", "data"),
    ("vbscript:msgbox(1)", "vbscript"),
    ("http://[::1", "malformed"),
    ("https:///path-only", "no host"),
])
def test_source_url_problems(href, problem):
    found = source_url_problem(href)
    assert (found is None) if problem is None else (problem in found)


def test_sources_are_keyed_by_normalized_url_and_named_by_site():
    source = make_source("https://www.geekwire.com/a?utm_source=chatgpt.com&id=3", "", "1", "1")
    assert source == Source(url="https://www.geekwire.com/a?id=3", title="https://www.geekwire.com/a?id=3",
                            site="geekwire.com")
    assert make_source("https://a.example/", "Title", "The Site", "1").site == "The Site"
    assert host_name("not a url") == ""


def test_sources_index_sorts_by_site_and_lists_citing_pages_in_page_order():
    a, b = Source("https://a", "A", "zeta"), Source("https://b", "B", "Alpha")
    entries = sources_index({"p2": [a], "p1": [a, b]}, order=["p1", "p2"])
    assert [(e.source.url, e.citing) for e in entries] == [("https://b", ("p1",)), ("https://a", ("p1", "p2"))]
    assert source_anchor("https://a") == source_anchor("https://a") != source_anchor("https://b")


# --- HTML ----------------------------------------------------------------------------------

def _numbers(soup) -> dict[str, str]:
    """URL -> footnote label of a page's Sources section."""
    found = {}
    for footnote in soup.select("section.notes-sources .footnote"):
        label = footnote.select_one(".label").get_text("", strip=True).strip("[]")
        found[footnote.select_one("a.notes-source-url")["href"]] = label
    return found


@pytest.mark.sphinx("html", testroot="citations", confoverrides={"suppress_warnings": []}, freshenv=True)
def test_citations_become_numbered_references_with_one_entry_per_source(app, warning):
    app.build()
    assert warning.getvalue() == ""
    pages = html_pages(app.outdir)
    en = pages[TEA["en"]]
    refs = en.select("a.footnote-reference")
    # 6 citations: (Wikipedia), (Britannica, Wikipedia), the tea society, [2] shortcut; the inline link is no citation
    assert [r.get_text(strip=True).strip("[]") for r in refs] == ["1", "2", "1", "3", "2"]
    assert _numbers(en) == {WIKI: "1", BRIT: "2", SOCIETY: "3"}
    blog = en.find("a", string="a blog")
    assert blog["href"] == "https://blog.example.org/tea?page=2" and "footnote-reference" not in blog.get("class", [])
    body = en.select_one("div.body").get_text()
    assert "()" not in body and "( )" not in body and "(," not in body
    assert "See the tea society" in body  # a citation outside parentheses keeps its words
    # back-links: source 1 is cited twice
    first = en.select_one("#notes-source-1")
    assert [a["href"] for a in first.select("a[role=doc-backlink]")] == ["#notes-cite-1-1", "#notes-cite-1-2"]
    entry = first.select_one(".notes-source-entry")
    assert entry.select_one(".notes-source-title").get_text() == "Tea - Wikipedia"
    assert entry.get_text().startswith(f"Tea - Wikipedia · Wikipedia · {WIKI} · ")  # title, site, URL, index link
    for html in pages.values():
        assert "utm_" not in str(html)


@pytest.mark.sphinx("html", testroot="citations")
def test_same_source_same_number_in_every_translation(app):
    app.build()
    pages = html_pages(app.outdir)
    numbers = {lang: _numbers(pages[path]) for lang, path in TEA.items()}
    assert numbers["de"] == numbers["zh"] == numbers["en"]
    de = pages[TEA["de"]]
    # the German note cites Britannica first, yet it keeps the original's number 2
    assert [r.get_text(strip=True).strip("[]") for r in de.select("a.footnote-reference")] == ["2", "1", "3", "1"]
    assert "Tee | Getränk" in de.select_one("#notes-source-2").get_text()  # its own, translated title
    assert de.select_one("section.notes-sources h2").get_text(strip=True).rstrip("¶") == "Quellen"
    assert pages[TEA["zh"]].select_one("section.notes-sources h2").get_text(strip=True).rstrip("¶") == "来源"
    assert "（" not in de.select_one("div.body").get_text()  # full-width parentheses go too


@pytest.mark.sphinx("html", testroot="citations")
def test_sources_index_links_both_ways(app):
    app.build()
    pages = html_pages(app.outdir)
    index = pages["notes/en/sources.html"]
    items = index.select("li[id^=source-]")
    urls = [item.select_one("a.notes-source-url")["href"] for item in items]
    assert sorted(urls) == sorted([WIKI, BRIT, SOCIETY, "https://en.wikipedia.org/wiki/Coffee"])
    wiki = items[urls.index(WIKI)]
    assert [a["href"] for a in wiki.select(".notes-cited-by a")] == ["2025-01-01-tea.html#notes-source-1"]
    back = pages[TEA["en"]].select_one("#notes-source-1 a.notes-source-index")["href"]
    assert back == f"sources.html#{wiki['id']}"
    assert pages["notes/de/sources.html"].h1.get_text(strip=True).rstrip("¶") == "Quellen"
    assert pages["notes/en/index.html"].find("a", href="sources.html") is not None


@pytest.mark.sphinx("html", testroot="citations", parallel=2)
def test_parallel_build_numbers_like_serial(app, warning):
    app.build()
    assert warning.getvalue() == ""
    pages = html_pages(app.outdir)
    assert {lang: _numbers(pages[path]) for lang, path in TEA.items()} == {
        lang: {WIKI: "1", BRIT: "2", SOCIETY: "3"} for lang in TEA}
    assert len(pages["notes/en/sources.html"].select("li[id^=source-]")) == 4


# --- other builders ------------------------------------------------------------------------

@pytest.mark.sphinx("xml", testroot="citations")
def test_xml_has_footnotes_and_no_placeholders(app):
    app.build()
    tree = ET.parse(app.outdir / "notes/de/2025-01-01-tea.xml").getroot()
    refs = [e for e in tree.iter("footnote_reference")]
    entries = [e for e in tree.iter("footnote")]
    assert len(refs) == 4 and len(entries) == 3
    assert {e.find("label").text for e in entries} == {"1", "2", "3"}
    for path in app.outdir.rglob("*.xml"):
        text = path.read_text(encoding="utf-8")
        assert "pending_citation" not in text and "pending_sources" not in text and "utm_" not in text


@pytest.mark.sphinx("text", testroot="citations")
def test_text_shows_numbers_and_sources(app):
    app.build()
    text = (app.outdir / "notes/en/2025-01-01-tea.txt").read_text(encoding="utf-8")
    assert "Tea comes from China.[1]" in text
    assert re.search(r"\[1\] Tea - Wikipedia · Wikipedia · https://en.wikipedia.org/wiki/Tea", text)
    assert "Sources\n*******" in text or "Sources\n=======" in text


@pytest.mark.sphinx("latex", testroot="citations")
def test_latex_has_numbered_footnotes_and_a_sources_list(app):
    app.build()
    tex = next(app.outdir.glob("*.tex")).read_text(encoding="utf-8")
    assert tex.count(r"\begin{footnote}[1]") == 4  # tea en/de/zh and coffee
    assert r"\sphinxfootnotemark[1]" in tex  # a second citation of the same source
    assert r"{[}2{]} \DUrole{notes-source-title}{Tee | Getränk}" in tex  # the Sources list under its heading
    assert r"\sphinxurl{https://www.britannica.com/topic/tea-beverage?id=7}" in tex
    assert "utm_" not in tex


@pytest.mark.sphinx("epub", testroot="citations",
                    confoverrides={"copyright": "2025", "version": "1", "suppress_warnings": ["epub.unknown_project_files"]})
def test_epub_has_footnotes(app):
    app.build()
    page = (app.outdir / "notes/zh/2025-01-01-tea.xhtml").read_text(encoding="utf-8")
    assert page.count('class="footnote-reference') == 3 and page.count('role="doc-footnote"') == 3


# --- bad sources and parity ----------------------------------------------------------------

@pytest.mark.sphinx("html", testroot="citations-bad", freshenv=True)
def test_bad_sources_warn_with_location_and_never_link(app, warning):
    app.build()
    log = warning.getvalue()
    note = "2025-03-03-bad-en.md"
    expected = [
        (7, "citation_undefined", "[Nowhere][9]"),
        (14, "citation_duplicate", "[2] is defined again"),
        (15, "citation_url", "javascript: scheme"),
        (16, "citation_url", "data: scheme"),
        (17, "citation_url", "vbscript: scheme"),
        (18, "citation_url", "empty"),
        (19, "citation_url", "malformed"),
        (9, "link_url", "javascript:alert(1)"),
        (9, "link_url", "javascript:alert(2)"),
    ]
    # one warning names the file, at its first problem; the others follow with their line and subtype
    (warning_line,) = [w for w in log.splitlines() if f"{note}:" in w]
    assert re.search(rf"{note}:7: WARNING: [^\n]*\[Nowhere\]\[9\][^\n]*\[notes\.citation_undefined\]", warning_line)
    for line, subtype, words in expected[1:]:
        assert f"[notes.{subtype}]" in warning_line, subtype
        assert re.search(rf"\(line {line}\) [^;]*{re.escape(words)}", warning_line), (line, words)
    assert "myst.duplicate_def" not in log and "Traceback" not in log
    page = html_pages(app.outdir)["notes/en/2025-03-03-bad.html"]
    hrefs = [a.get("href", "") for a in page.find_all("a")]
    assert not [h for h in hrefs if re.match(r"\s*(javascript|data|vbscript):", h, re.I)]
    assert "https://ok.example.com/" in hrefs  # fbclid removed, link kept
    assert _numbers(page) == {"https://example.com/one": "1", "https://example.com/two": "2"}
    body = page.select_one("div.body").get_text()
    assert "Still here at the end." in body and "[Nowhere][9]" in body and "Evil" in body


@pytest.mark.sphinx("html", testroot="citations-bad", freshenv=True)
def test_parity_warning_names_the_translation_and_urls(app, warning):
    app.build()
    line = next(text for text in warning.getvalue().splitlines() if "notes.citation_parity" in text)
    assert "2025-03-03-bad-fr.md:7:" in line
    assert "https://example.com/two" in line and "https://example.com/other" in line
    fr = _numbers(html_pages(app.outdir)["notes/fr/2025-03-03-bad.html"])
    assert fr == {"https://example.com/one": "1", "https://example.com/other": "3"}  # after the original's 1, 2


@pytest.mark.sphinx("html", testroot="citations-bad", confoverrides={"suppress_warnings": ["notes.citation_parity"]})
def test_parity_warning_can_be_silenced(app, warning):
    app.build()
    assert "citation_parity" not in warning.getvalue() and "citation_url" in warning.getvalue()


def test_incremental_rebuild_after_a_translation_drops_a_source(tmp_path):
    src = copy_root("citations", tmp_path)
    app = SphinxTestApp("html", srcdir=src)
    try:
        app.build()
        de = src / "notes/2025-01-01-tea-de.md"
        de.write_text(de.read_text(encoding="utf-8").replace("Tee stammt aus China. ([Wikipedia][b])", "Tee stammt aus China.")
                      .replace(" und [^b]", ""), encoding="utf-8")
        app.build()
        log = app.warning.getvalue()
        pages = html_pages(app.outdir)
    finally:
        app.cleanup()
    assert re.search(r"2025-01-01-tea-de\.md:\d+: WARNING: translation of .* lost 1 source\(s\)[^\n]*"
                     + re.escape(WIKI) + r"[^\n]*\[notes\.citation_parity\]", log)
    assert _numbers(pages[TEA["de"]]) == {BRIT: "2", SOCIETY: "3"}  # numbers stay
    index = pages["notes/de/sources.html"]
    assert [a["href"] for a in index.select(".notes-cited-by a")] and WIKI not in str(index)  # index updated


def _derived(app) -> dict:
    data = app.env.domaindata["notes"]
    return {key: data[key] for key in ("numbers", "placements", "sources_index", "source_pages")}


def test_incremental_numbers_and_indexes_equal_a_fresh_build(tmp_path):
    """An edit recomputes only its group and language; the result is what a full build computes."""
    src = copy_root("citations", tmp_path / "edited")
    app = SphinxTestApp("html", srcdir=src)
    try:
        app.build()
        before = _derived(app)
        en = src / "notes/2025-01-01-tea-en.md"  # a new first source in the original renumbers de and zh
        en.write_text(en.read_text(encoding="utf-8").replace(
            "## Origins\n", "## Origins\n\nFirst ([New][9]).\n\n[9]: https://example.net/new-tea \"New\"\n"),
            encoding="utf-8")
        app.build()
        incremental = _derived(app)
    finally:
        app.cleanup()
    fresh_app = SphinxTestApp("html", srcdir=shutil.copytree(src, tmp_path / "fresh", ignore=shutil.ignore_patterns("_build")))
    try:
        fresh_app.build()
        fresh = _derived(fresh_app)
    finally:
        fresh_app.cleanup()
    assert incremental == fresh
    tea_de = "notes/de/2025-01-01-tea"
    assert incremental["numbers"][tea_de] != before["numbers"][tea_de]  # renumbered without being read
    assert incremental["sources_index"]["de"] == before["sources_index"]["de"]
