"""Per-language search: note pages stay out of Sphinx's global index; each language has its own
index in shards, made from records written while reading, exact after edits, additions,
deletions and an interrupted build; the search page finds a note in the language searched."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import snowballstemmer
from sphinx.testing.util import SphinxTestApp

from sphinx_notes.model.search_index import (
    Analyzer,
    PageRecord,
    build_index,
    fnv1a,
    page_terms,
    shard_count,
    summary,
    words,
)

from conftest import copy_root

#: a word of each seed note and the Snowball algorithm of its language
WORDS = {"de": ("Entwicklung", "german"), "es": ("desarrollo", "spanish"), "fr": ("développement", "french"),
         "ar": ("السحابية", "arabic"), "hi": ("भूमिका", "hindi")}
NOTE = "alibaba-cloud-cto-jingren-zhou"


def load_calls(text: str) -> list[tuple[str, str, object]]:
    """The ``NotesSearch.load(lang, name, data)`` calls of an index file."""
    calls = []
    for line in text.splitlines():
        match = re.fullmatch(r"NotesSearch\.load\((\".*?\"),(\".*?\"),(.*)\);", line)
        assert match, line
        calls.append((json.loads(match.group(1)), json.loads(match.group(2)), json.loads(match.group(3))))
    return calls


class Index:
    """One language's index as the browser sees it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.info = self.file("index")

    def file(self, name: str):
        [(_, loaded, data)] = load_calls((self.folder / f"{name}.js").read_text(encoding="utf-8"))
        assert loaded == name
        return data

    def pages_with(self, term: str) -> set[str]:
        postings = self.file(f"terms-{fnv1a(term) % self.info['shards']}").get(term, [])
        size = self.info["pagesPerChunk"]
        return {self.file(f"pages-{p // size}")[p % size][0] for p in postings[::2]}


def index_of(outdir: Path, lang: str) -> Index:
    return Index(outdir / "_static" / "notes-search" / lang)


def sphinx_index(outdir: Path) -> dict:
    text = (outdir / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1:text.rindex(")")])


# --- the model, without Sphinx ----------------------------------------------------------

def test_words_keep_combining_marks_and_pair_unspaced_scripts():
    assert words("विकास की भूमिका") == ["विकास", "की", "भूमिका"]
    assert words("阿里云CTO周靖人") == ["阿里", "里云", "cto", "周靖", "靖人"]
    assert words("Qwen モデル") == ["qwen", "モデ", "デル"]
    assert words("Straße, STRASSE") == ["strasse", "strasse"]  # case-folded like the browser's lower case


def test_page_terms_weigh_titles_and_cap_repeats():
    analyzer = Analyzer(stem=snowballstemmer.stemmer("english").stemWord, stopwords=frozenset({"the"}))
    terms = page_terms(analyzer, "Cloud computing", "the cloud " * 20 + "servers")
    assert terms["cloud"] == 10 + 5 and terms["comput"] == 10 and terms["server"] == 1
    assert "the" not in terms


def test_index_files_shard_terms_and_chunk_pages():
    pages = [PageRecord(name=f"notes/de/n{i}", title=f"T{i}", summary="s", terms={f"w{i}": 1, "all": 2})
             for i in range(450)]
    files = build_index("de", pages, {"stemmer": None})
    [(_, _, info)] = load_calls(files["index.js"])
    assert info["pages"] == 450 and info["chunks"] == 3
    assert info["shards"] >= 1 and info["shards"] & (info["shards"] - 1) == 0  # a power of two
    shards = {}
    for name, text in files.items():
        [(lang, loaded, data)] = load_calls(text)
        assert lang == "de" and name == f"{loaded}.js"
        shards[loaded] = data
    assert shards["terms-" + str(fnv1a("w7") % info["shards"])]["w7"] == [7, 1]
    assert shards["terms-" + str(fnv1a("all") % info["shards"])]["all"][:4] == [0, 2, 1, 2]
    assert shards["pages-2"][0] == ["notes/de/n400", "T400", "s"]
    assert sum(len(data) for name, data in shards.items() if name.startswith("terms-")) == 451


def test_large_indexes_get_more_shards():
    assert shard_count(10) == 1
    assert shard_count(10 * 48_000) == 16


def test_fnv1a_of_utf16_code_units():
    assert fnv1a("") == 0x811C9DC5
    assert fnv1a("a") == 0xE40C292C  # the published FNV-1a test vector
    assert fnv1a("𝄞") != fnv1a("\ud834")  # surrogate pairs hash as two code units, as in JavaScript


def test_summary_cuts_at_a_word():
    text = "word " * 100
    assert summary(text).endswith("…") and len(summary(text)) <= 181 and not summary(text)[:-1].endswith(" ")
    assert summary("  short   text ") == "short text"


# --- real builds ------------------------------------------------------------------------

@pytest.mark.sphinx("html", testroot="seeds")
def test_each_language_has_its_own_stemmed_index(app):
    app.build()
    docnames = sphinx_index(app.outdir)["docnames"]
    assert not [d for d in docnames if d.startswith("notes/") and d != "notes/index"], docnames
    for lang, (word, algorithm) in WORDS.items():
        index = index_of(app.outdir, lang)
        stem = index.info["stemmer"] and snowballstemmer.stemmer(algorithm).stemWord(word.lower())
        assert index.pages_with(stem or word.lower()) == {f"notes/{lang}/{NOTE}"}, lang
        for other in set(WORDS) - {lang}:
            assert not index_of(app.outdir, other).pages_with(stem or word.lower())
    assert index_of(app.outdir, "de").info["stemmer"] == "GermanStemmer"
    assert "und" in index_of(app.outdir, "de").info["stopwords"]
    assert (app.outdir / "_static/notes-search/de/stemmer.js").read_text(encoding="utf-8").count("GermanStemmer")
    search = (app.outdir / "search.html").read_text(encoding="utf-8")
    assert re.search(r'notes-search/languages\.js\?v=[0-9a-f]{8}', search)
    assert re.search(r'notes-search\.js\?v=[0-9a-f]{8}', search)


def index_files(outdir: Path) -> dict[str, str]:
    root = outdir / "_static" / "notes-search"
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") for p in sorted(root.rglob("*.js"))}


def test_parallel_build_writes_the_same_index(tmp_path):
    built = {}
    for jobs in (1, 2):
        src = copy_root("seeds", tmp_path / f"j{jobs}")
        app = SphinxTestApp("html", srcdir=src, parallel=jobs)
        try:
            app.build()
        finally:
            app.cleanup()
        built[jobs] = index_files(app.outdir)
        for page in (app.outdir / "notes").rglob("*.html"):
            assert "notes-search.js?v=" in page.read_text(encoding="utf-8"), page
    assert built[1] == built[2] and "de/index.js" in built[1]


def _build(src: Path, **kwargs) -> Path:
    app = SphinxTestApp("html", srcdir=src, **kwargs)
    try:
        app.build()
    finally:
        app.cleanup()
    return Path(app.outdir)


def test_edits_additions_and_deletions_leave_no_stale_entry(tmp_path):
    src = copy_root("seeds", tmp_path)
    outdir = _build(src)
    german = next(p for p in (src / "notes").iterdir() if p.is_file() and "lang: de" in p.read_text(encoding="utf-8"))
    text = german.read_text(encoding="utf-8")
    german.write_text(text + "\nZauberwortneu erscheint hier.\n", encoding="utf-8")
    _build(src)
    assert index_of(outdir, "de").pages_with("zauberwortneu") == {f"notes/de/{NOTE}"}
    untouched = (outdir / "_static/notes-search/fr/signature.txt").stat().st_mtime_ns

    added = src / "notes" / "added-de.md"
    added.write_text("---\ntitle: Ein neuer Eintrag\nlang: de\ndate: 2025-11-02\n---\n\nQuasselwort steht hier.\n",
                     encoding="utf-8")
    _build(src)
    assert index_of(outdir, "de").pages_with("quasselwort") == {"notes/de/added"}
    assert index_of(outdir, "de").pages_with("zauberwortneu") == {f"notes/de/{NOTE}"}  # ids shifted, still right
    assert (outdir / "_static/notes-search/fr/signature.txt").stat().st_mtime_ns == untouched

    added.unlink()
    german.write_text(text, encoding="utf-8")
    _build(src)
    index = index_of(outdir, "de")
    assert not index.pages_with("quasselwort") and not index.pages_with("zauberwortneu")
    assert index.info["pages"] == 1


def test_a_build_killed_while_writing_then_run_again_is_complete(tmp_path):
    """The first build dies (as under SIGKILL: no clean-up) after writing some pages."""
    clean = _build(copy_root("seeds", tmp_path / "clean"))
    src = copy_root("seeds", tmp_path / "killed")
    (src / "conf.py").write_text((src / "conf.py").read_text(encoding="utf-8") + (
        "\nimport os\n"
        "def setup(app):\n"
        "    written = []\n"
        "    def die(app, pagename, *args):\n"
        "        written.append(pagename)\n"
        "        if len(written) == 4 and os.environ.get('NOTES_TEST_DIE'):\n"
        "            os._exit(9)\n"
        "    app.connect('html-page-context', die)\n"), encoding="utf-8")
    import subprocess
    import sys
    outdir = tmp_path / "killed-out"
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-q", str(src), str(outdir)]
    died = subprocess.run(command, env={**__import__("os").environ, "NOTES_TEST_DIE": "1"}, capture_output=True)
    assert died.returncode == 9 and not (outdir / "_static/notes-search/de/index.js").exists()
    again = subprocess.run(command, capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    assert index_files(outdir) == index_files(clean)
    for page in (clean / "notes").rglob("*.html"):
        assert (outdir / page.relative_to(clean)).is_file()


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
    note_page = (app.outdir / f"notes/de/{NOTE}.html").as_uri()
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page = browser.new_page()
        # the German page's search box carries its language to the search page
        page.goto(note_page)
        assert page.locator("form.search input[name=lang]").get_attribute("value") == "de"
        page.locator("form.search input[name=q]").fill("Entwicklungen")
        page.locator("form.search input[name=q]").press("Enter")
        page.wait_for_selector("#search-results p.search-summary:not(:empty)")
        hrefs = [a.get_attribute("href") for a in page.locator("#search-results ul.search li a").all()]
        assert hrefs == [f"notes/de/{NOTE}.html"]  # stemmed in German: "Entwicklungen" meets "Entwicklung"
        # the other languages are one link away, with the same words
        links = page.locator("nav.notes-search-languages a")
        assert sorted(links.evaluate_all("els => els.map(e => e.hreflang)")) == ["ar", "es", "fr", "hi"]

        def results(query: str, lang: str) -> list[str]:
            page.goto(f"{search}?q={query}&lang={lang}")
            page.wait_for_selector("#search-results p.search-summary:not(:empty)")
            return [a.get_attribute("href") for a in page.locator("#search-results ul.search li a").all()]

        for lang, (word, _) in WORDS.items():
            assert results(word, lang) == [f"notes/{lang}/{NOTE}.html"], lang
        assert results("Entwicklung", "fr") == []  # a German word is not in the French notes
        browser.close()
