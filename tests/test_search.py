"""Per-language search: the index holds each page's words stemmed in the page's language, and
the search page stems a query in the language it is asked in."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import snowballstemmer
import sphinx.search


#: Sphinx ships the browser side of these stemmers (Sphinx 9 has arabic and hindi, Sphinx 8 not):
#: a language is stemmed only where the search page can stem queries the same way
JS_STEMMERS = {p.name.removesuffix("-stemmer.js") for p in
               (Path(sphinx.search.__file__).parent / "minified-js").glob("*-stemmer.js")}

#: a word of each seed note and the Snowball algorithm of its language
WORDS = {"de": ("Entwicklung", "german"), "es": ("desarrollo", "spanish"), "fr": ("développement", "french"),
         "ar": ("السحابية", "arabic"), "hi": ("भूमिका", "hindi")}


def search_index(outdir: Path) -> dict:
    text = (outdir / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1:text.rindex(")")])


def pages_with(index: dict, term: str) -> set[str]:
    """Pages holding ``term`` in their text or their titles."""
    pages = set()
    for kind in ("terms", "titleterms"):
        found = index[kind].get(term, [])
        pages |= {index["docnames"][i] for i in ([found] if isinstance(found, int) else found)}
    return pages


@pytest.mark.sphinx("html", testroot="seeds")
def test_each_page_indexed_with_its_own_stemmer(app):
    app.build()
    index = search_index(app.outdir)
    for lang, (word, algorithm) in WORDS.items():
        stemmed = algorithm in JS_STEMMERS
        own = snowballstemmer.stemmer(algorithm).stemWord(word.lower()) if stemmed else word.lower()
        english = snowballstemmer.stemmer("english").stemWord(word.lower())
        assert f"notes/{lang}/alibaba-cloud-cto-jingren-zhou" in pages_with(index, own), (lang, own)
        if english != own:
            assert not pages_with(index, english), (lang, english)


@pytest.mark.sphinx("html", testroot="seeds", parallel=2)
def test_search_scripts_in_parallel_build(app):
    app.build()
    search = (app.outdir / "search.html").read_text(encoding="utf-8")
    assert "notes-search-data.js?v=" in search and "notes-search.js?v=" in search  # linked with checksums
    data = (app.outdir / "_static/notes-search-data.js").read_text(encoding="utf-8")
    languages = json.loads(data.rsplit("window.NOTES_SEARCH_LANGUAGES = ", 1)[1].rstrip().rstrip(";"))
    assert set(languages) == set(WORDS)
    assert languages["de"]["stemmer"] == "GermanStemmer" and "und" in languages["de"]["stopwords"]
    assert languages["ar"]["stemmer"] == ("ArabicStemmer" if "arabic" in JS_STEMMERS else None)
    for page in (app.outdir / "notes").rglob("*.html"):
        assert "notes-search.js?v=" in page.read_text(encoding="utf-8")  # written by the -j 2 writers
        assert "notes-search-data.js" not in page.read_text(encoding="utf-8")


def _browser():
    playwright = pytest.importorskip("playwright.sync_api")
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).exists():
        pytest.skip("no Chromium")
    return playwright, chromium


@pytest.mark.sphinx("html", testroot="seeds")
def test_query_in_a_language_finds_that_languages_page(app):
    playwright, chromium = _browser()
    app.build()
    search = (app.outdir / "search.html").as_uri()
    note_page = (app.outdir / "notes/de/alibaba-cloud-cto-jingren-zhou.html").as_uri()
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium)
        page = browser.new_page()
        # the German page's search box carries its language to the search page
        page.goto(note_page)
        assert page.locator("form.search input[name=lang]").get_attribute("value") == "de"

        def results(query: str, lang: str | None) -> list[str]:
            page.goto(f"{search}?q={query}" + (f"&lang={lang}" if lang else ""))
            page.wait_for_selector("#search-results p.search-summary")
            return [a.get_attribute("href") for a in page.locator("#search-results ul.search li a").all()]

        for lang, (word, _) in WORDS.items():
            found = results(word, lang)
            assert any(f"notes/{lang}/" in href for href in found), (lang, found)
        # stemmed as English, the German word misses the German page's stem
        assert not any("notes/de/" in href for href in results("Entwicklung", None))
        browser.close()
