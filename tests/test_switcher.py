"""The language switcher: links to existing translations only, alternates in <head>, the manifest,
per-language outputs linked to each other, and incremental builds that rewrite only what changed."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import zlib
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

import babel.localedata
import pytest
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st
from sphinx.testing.util import SphinxTestApp
from sphinx.util.matching import Matcher

from sphinx_notes.model import languages
from sphinx_notes.model.config import readthedocs_pattern
from sphinx_notes.sphinx_ext.config import STATIC, excluded_folders

from conftest import copy_root, html_pages, note_pages

SEED_LANGS = {"ar", "de", "es", "fr", "hi"}
BASE = "https://notes.example.org/"


def switcher(soup: BeautifulSoup):
    return soup.select_one("nav.notes-switcher")


def hreflang_links(soup: BeautifulSoup) -> dict[str, str]:
    """hreflang -> href of the switcher's links to translations (not the absent languages)."""
    return {a["hreflang"]: a["href"] for a in switcher(soup).select("ul.notes-switcher-translations a")}


def resolves(page: Path, href: str) -> bool:
    target = (page.parent / unquote(urlsplit(href).path)).resolve()
    return (target / "index.html" if target.is_dir() else target).is_file()


def assert_every_link_resolves(outdir: Path) -> int:
    """Every hreflang link of every page under outdir leads to a built file; returns how many.
    The 404 pages are left out: their links are absolute (or root-relative) by design."""
    count = 0
    for page in outdir.rglob("*.html"):
        if page.name == "404.html" or page.parent.name == "404":
            continue
        for a in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select("a[hreflang]"):
            assert resolves(page, a["href"]), f"{page}: {a['href']}"
            count += 1
    return count


def assert_seed_switchers(outdir: Path) -> None:
    pages = note_pages(outdir)
    assert len(pages) == 5
    for path, soup in pages.items():
        lang = soup.html["lang"]
        nav = switcher(soup)
        assert nav["aria-label"]
        links = hreflang_links(soup)
        assert set(links) == SEED_LANGS
        for a in nav.select("a"):
            assert a["lang"] == a["hreflang"]
            assert a["dir"] == ("rtl" if a["lang"] == "ar" else "ltr")
            assert resolves(outdir / path, a["href"])
        current = nav.select("a[aria-current=page]")
        assert [a["hreflang"] for a in current] == [lang]
        assert not nav.select(".notes-switcher-absent")  # every site language has this note
        alternates = {link["hreflang"]: link["href"] for link in soup.select('head link[rel=alternate][hreflang]:not([type])')}
        assert set(alternates) == SEED_LANGS | {"x-default"}
        assert all(url.startswith(BASE) for url in alternates.values())
        assert alternates[lang] == BASE + path
        # no original among the seeds: x-default falls back to the first language by tag
        assert alternates["x-default"] == alternates["ar"]


@pytest.mark.sphinx("html", testroot="switcher", confoverrides={"suppress_warnings": []})
def test_seeds_link_to_every_translation(app, warning):
    app.build()
    assert warning.getvalue() == ""
    assert_seed_switchers(app.outdir)
    manifest = json.loads((app.outdir / "notes-translations.json").read_text(encoding="utf-8"))
    (group,) = manifest["groups"].values()
    assert set(group["translations"]) == SEED_LANGS
    for entry in group["translations"].values():
        assert (app.outdir / entry["url"]).is_file()
        assert entry["absolute_url"] == BASE + entry["url"]
    assert manifest["languages"]["ar"] == {"name": "العربية", "dir": "rtl", "index": "notes/ar/index.html"}


@pytest.mark.sphinx("html", testroot="switcher", srcdir="switcher-parallel", parallel=2)
def test_seeds_parallel(app, warning):
    app.build()
    assert warning.getvalue() == ""
    assert_seed_switchers(app.outdir)


@pytest.mark.sphinx("html", testroot="switcher", srcdir="switcher-no-cldr")
def test_writing_takes_language_names_from_the_pages_read(app, monkeypatch):
    """Writing loads no CLDR data (with -j it would sit in the main process and every writer):
    names and directions were looked up where the pages were read."""
    assert_written_without_cldr(app, monkeypatch)


@pytest.mark.sphinx("html", testroot="switcher", srcdir="switcher-no-cldr-parallel", parallel=2)
def test_writing_takes_language_names_from_the_pages_read_in_parallel(app, monkeypatch):
    """The names recorded by the reader processes reach the main process and the writers."""
    assert_written_without_cldr(app, monkeypatch)


def assert_written_without_cldr(app, monkeypatch) -> None:
    """Build, then write every page again with Babel's locale data loader failing."""
    app.build()
    for cached in (languages._locale, languages.native_name, languages.direction, languages.describe):
        cached.cache_clear()

    def no_cldr(name: str, merge_inherited: bool = True):
        raise AssertionError(f"CLDR data for {name} loaded while writing")

    monkeypatch.setattr(babel.localedata, "load", no_cldr)
    app.build(force_all=True)  # nothing to read, every page written
    assert_seed_switchers(app.outdir)
    assert 'dir="rtl"' in (app.outdir / "notes" / "ar" / "index.html").read_text(encoding="utf-8")
    manifest = json.loads((app.outdir / "notes-translations.json").read_text(encoding="utf-8"))
    assert manifest["languages"]["hi"]["name"] == "हिन्दी"


@pytest.mark.sphinx("dirhtml", testroot="switcher", srcdir="switcher-dirhtml")
def test_seeds_dirhtml_links_resolve(app):
    app.build()
    pages = {p: BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser") for p in (app.outdir / "notes").glob("*/*/index.html")}
    pages = {p: soup for p, soup in pages.items() if soup.select_one("section.notes-note")}
    assert len(pages) == 5
    for soup in pages.values():
        assert set(hreflang_links(soup)) == SEED_LANGS
    assert assert_every_link_resolves(app.outdir) >= 25


@pytest.mark.sphinx("html", testroot="switcher-sample", confoverrides={"suppress_warnings": []})
def test_missing_languages_link_to_their_index(app, warning):
    app.build()
    assert warning.getvalue() == ""
    pages = note_pages(app.outdir)
    tea = pages["notes/de/2025-01-05-tea.html"]
    assert set(hreflang_links(tea)) == {"ar", "de", "en"}
    absent = switcher(tea).select(".notes-switcher-absent a")
    assert [(a["hreflang"], a["href"]) for a in absent] == [("fr", "../fr/index.html")]
    assert switcher(tea).select_one(".notes-switcher-label").get_text() == "Nicht übersetzt; Notizen auf:"
    assert switcher(pages["notes/ar/2025-01-05-tea.html"]).select_one("a[hreflang=ar]")["dir"] == "rtl"
    assert assert_every_link_resolves(app.outdir) > 0
    # without html_baseurl there is no absolute URL to give: no alternates
    assert not tea.select("head link[rel=alternate]")


@pytest.mark.sphinx("html", testroot="switcher-sample", srcdir="switcher-sample-escape")
def test_titles_escaped_in_switcher_and_manifest(app):
    app.build()
    text = (app.outdir / "notes/de/2025-03-01-solo.html").read_text(encoding="utf-8")
    assert "<b>bold</b>" not in text
    soup = BeautifulSoup(text, "html.parser")
    assert switcher(soup).select_one("a[aria-current=page]")["title"] == 'Tags <b>bold</b> & "quotes" it\'s'
    raw = (app.outdir / "notes-translations.json").read_text(encoding="utf-8")
    assert "<" not in raw and "&" not in raw
    solo = json.loads(raw)["groups"]["2025-03-01-solo"]
    assert solo["translations"]["de"]["title"] == 'Tags <b>bold</b> & "quotes" it\'s'


@pytest.mark.sphinx("html", testroot="switcher-sample", srcdir="switcher-sample-sitemap",
                    confoverrides={"html_baseurl": BASE, "notes_sitemap": True})
def test_x_default_is_the_original_and_sitemap_has_alternates(app):
    app.build()
    soup = note_pages(app.outdir)["notes/ar/2025-01-05-tea.html"]
    alternates = {link["hreflang"]: link["href"] for link in soup.select("head link[rel=alternate]:not([type])")}
    assert alternates["x-default"] == BASE + "notes/en/2025-01-05-tea.html"
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    urls = {u.findtext("s:loc", namespaces=ns): u for u in ElementTree.parse(app.outdir / "sitemap.xml").getroot()}
    assert BASE + "index.html" in urls
    tea = urls[BASE + "notes/de/2025-01-05-tea.html"]
    assert {link.get("hreflang") for link in tea.findall("x:link", ns)} == {"ar", "de", "en", "x-default"}


@pytest.mark.sphinx("html", testroot="switcher-sample", srcdir="switcher-sample-nobase",
                    confoverrides={"notes_sitemap": True})
def test_sitemap_without_baseurl_warns(app, warning):
    app.build()
    assert "notes_sitemap needs html_baseurl" in warning.getvalue()
    assert "[notes.config]" in warning.getvalue()
    assert not (app.outdir / "sitemap.xml").exists()


@pytest.mark.sphinx("html", testroot="switcher-sample", srcdir="switcher-sample-fr", confoverrides={
    "notes_languages": ["fr"], "notes_url_pattern": "../{lang}/{path}", "suppress_warnings": []})
def test_per_language_build_links_to_sibling_outputs(app, warning):
    app.build()
    assert warning.getvalue() == ""
    built = sorted(html_pages(app.outdir))
    assert built == ["notes/fr/2025-02-01-bits.html", "notes/fr/index.html", "notes/fr/sources.html", "notes/index.html",
                     "notes/status.html"]
    soup = note_pages(app.outdir)["notes/fr/2025-02-01-bits.html"]
    assert hreflang_links(soup) == {"en": "../../../en/notes/en/2025-02-01-bits.html", "fr": "2025-02-01-bits.html"}
    absent = {a["hreflang"]: a["href"] for a in switcher(soup).select(".notes-switcher-absent a")}
    assert absent == {"ar": "../../../ar/notes/ar/index.html", "de": "../../../de/notes/de/index.html"}
    root = html_pages(app.outdir)["notes/index.html"]
    assert root.select_one("a.notes-other-output")["href"] == "../../ar/notes/ar/index.html"
    manifest = json.loads((app.outdir / "notes-translations.json").read_text(encoding="utf-8"))
    assert manifest["languages_in_this_output"] == ["fr"]
    assert manifest["groups"]["2025-01-05-tea"]["translations"]["de"]["url"] == "../de/notes/de/2025-01-05-tea.html"


def test_read_the_docs_translation_projects(monkeypatch, tmp_path):
    monkeypatch.setenv("READTHEDOCS_LANGUAGE", "de")
    monkeypatch.setenv("READTHEDOCS_CANONICAL_URL", "https://notes.readthedocs.io/de/latest/")
    src = copy_root("switcher-sample", tmp_path)
    app = SphinxTestApp("html", srcdir=src, confoverrides={"notes_url_pattern": "readthedocs"})
    try:
        app.build()
        soup = note_pages(app.outdir)["notes/de/2025-01-05-tea.html"]
        assert hreflang_links(soup)["en"] == "https://notes.readthedocs.io/en/latest/notes/en/2025-01-05-tea.html"
        alternates = {link["hreflang"]: link["href"] for link in soup.select("head link[rel=alternate]:not([type])")}
        assert alternates["de"] == "https://notes.readthedocs.io/de/latest/notes/de/2025-01-05-tea.html"
        assert alternates["x-default"] == "https://notes.readthedocs.io/en/latest/notes/en/2025-01-05-tea.html"
    finally:
        app.cleanup()


def test_readthedocs_pattern():
    assert readthedocs_pattern({}) is None
    assert readthedocs_pattern({"READTHEDOCS_LANGUAGE": "fr", "READTHEDOCS_CANONICAL_URL": "https://x.org/fr/v1.0/"}) == (
        "https://x.org/{lang}/v1.0/{path}", "fr")
    # a custom domain without the language in the path: no sibling pattern
    assert readthedocs_pattern({"READTHEDOCS_LANGUAGE": "fr", "READTHEDOCS_CANONICAL_URL": "https://x.org/"}) is None


@given(st.sets(st.from_regex(r"[a-z]{1,3}(-[a-z]{1,4})?", fullmatch=True), min_size=1, max_size=4),
       st.lists(st.from_regex(r"[a-z]{1,3}(-[a-z]{1,4})?", fullmatch=True), max_size=8))
def test_excluded_folders_are_exactly_the_others(kept, others):
    matcher = Matcher(excluded_folders("notes", kept))
    for segment in [*kept, *others]:
        assert matcher(f"notes/{segment}/x.notepage") == (segment not in kept), segment
    assert not matcher("notes/index.notepage")


def _build_once(src) -> None:
    """A full build whose environment the next build of ``src`` starts from."""
    app = SphinxTestApp("html", srcdir=src)
    try:
        app.build()
    finally:
        app.cleanup()


def _rewritten(app) -> set[str]:
    written: set[str] = set()
    app.connect("html-page-context", lambda app, pagename, *args: written.add(pagename))
    app.build()
    return written - {"genindex", "search", "404"}  # written at every build


def test_incremental_sixth_translation_updates_all_six(tmp_path):
    src = copy_root("switcher", tmp_path)
    _build_once(src)
    french = next(p for p in (src / "notes").glob("*.txt") if "lang: fr" in p.read_text(encoding="utf-8"))
    english = french.read_text(encoding="utf-8").replace("lang: fr", "lang: en").replace(
        "Jingren Zhou directeur technique d'Alibaba Cloud", "Alibaba Cloud CTO Jingren Zhou (English)")
    (src / "notes" / "005_english.txt").write_text(english, encoding="utf-8")
    app = SphinxTestApp("html", srcdir=src)
    try:
        rewritten = _rewritten(app)
    finally:
        app.cleanup()
    pages = note_pages(app.outdir)
    assert len(pages) == 6
    for soup in pages.values():
        assert set(hreflang_links(soup)) == SEED_LANGS | {"en"}
    # the six note pages, the languages' indexes ("also in"), the new language's sources page, the
    # notes root, the status page, and the root document (Sphinx rewrites a page whose toctree includes a
    # rewritten page)
    notes = {p.removesuffix(".html") for p in pages}
    indexes = {f"notes/{lang}/index" for lang in SEED_LANGS | {"en"}} | {"notes/en/sources", "notes/index",
                                                                         "notes/status", "index"}
    assert rewritten == notes | indexes


def test_incremental_translation_rewrites_only_its_group(tmp_path):
    src = copy_root("switcher-sample", tmp_path)
    _build_once(src)
    solo = src / "posts/de/2025-03-01-solo-de.md"
    (src / "posts/fr/2025-03-01-solo-fr.md").write_text(
        solo.read_text(encoding="utf-8").replace("lang: de", "lang: fr").replace("Tags", "Balises"), encoding="utf-8")
    app = SphinxTestApp("html", srcdir=src)
    try:
        rewritten = _rewritten(app)
    finally:
        app.cleanup()
    # the group's pages, the indexes that list it, the status page (its matrix shows the group) and the root
    # document (its toctree holds the notes root)
    assert rewritten == {"notes/de/2025-03-01-solo", "notes/fr/2025-03-01-solo",
                         "notes/de/index", "notes/fr/index", "notes/index", "notes/status", "index"}
    soup = note_pages(app.outdir)["notes/de/2025-03-01-solo.html"]
    assert set(hreflang_links(soup)) == {"de", "fr"}
    # removing it again takes it out of the switcher and the output
    (src / "posts/fr/2025-03-01-solo-fr.md").unlink()
    app = SphinxTestApp("html", srcdir=src)
    try:
        rewritten = _rewritten(app)
    finally:
        app.cleanup()
    assert "notes/de/2025-03-01-solo" in rewritten and "notes/en/2025-01-05-tea" not in rewritten
    assert set(hreflang_links(note_pages(app.outdir)["notes/de/2025-03-01-solo.html"])) == {"de"}
    assert not (app.outdir / "notes/fr/2025-03-01-solo.html").exists()


@pytest.mark.sphinx("html", testroot="switcher-sample", srcdir="switcher-sample-off", confoverrides={
    "notes_switcher": False, "html_sidebars": {"notes/**": ["notes-switcher.html", "searchbox.html"]}})
def test_switcher_placed_by_the_template(app, warning):
    app.build()
    assert warning.getvalue() == ""
    soup = note_pages(app.outdir)["notes/de/2025-01-05-tea.html"]
    (nav,) = soup.select("nav.notes-switcher")  # in the sidebar, not on top of the body
    assert nav.find_parent("div", class_="sphinxsidebar")
    assert set(hreflang_links(soup)) == {"ar", "de", "en"}
    index = html_pages(app.outdir)["notes/de/index.html"]  # not a note page: the template is empty
    assert index.select("nav.notes-switcher") == []


@pytest.mark.sphinx("html", testroot="switcher-placed")
def test_directive_places_it_once(app, warning):
    assert_placed_once(app, warning)


@pytest.mark.sphinx("html", testroot="switcher-placed", parallel=2)
def test_directive_places_it_once_in_parallel(app, warning):
    """Readers record the placed switcher; the main process merges it for the writers."""
    assert_placed_once(app, warning)


def assert_placed_once(app, warning) -> None:
    app.build()
    assert warning.getvalue() == ""
    soup = note_pages(app.outdir)["notes/en/2025-04-01-placed.html"]
    assert len(soup.select("nav.notes-switcher")) == 1
    # where the note's author put it, inside the body, not on top of the page
    assert soup.select_one("nav.notes-switcher").find_previous("p").get_text() == "Text."
    assert len(note_pages(app.outdir)["notes/de/2025-04-01-placed.html"].select("nav.notes-switcher")) == 1


@pytest.mark.sphinx("text", testroot="switcher-placed")
def test_directive_in_text_builder(app, warning):
    app.build()
    assert warning.getvalue() == ""
    assert "Deutsch · **English**" in (app.outdir / "notes/en/2025-04-01-placed.txt").read_text(encoding="utf-8")


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sphinx_notes", "build", *args], capture_output=True, text=True, timeout=600)


def test_cli_builds_one_output_per_language(tmp_path):
    src = copy_root("switcher-sample", tmp_path)
    out = tmp_path / "out"
    done = run_cli(str(src), str(out), "-j", "2")
    assert done.returncode == 0, done.stderr
    progress = [line for line in done.stdout.splitlines() if re.match(r"\[\d/4\] ", line)]
    assert len(progress) == 4
    assert sorted(d.name for d in out.iterdir() if d.is_dir() and not d.name.startswith(".")) == ["ar", "de", "en", "fr"]
    chooser = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    for a in chooser.select("a[hreflang]"):
        assert resolves(out / "index.html", a["href"])
    assert chooser.select_one("a[hreflang=ar]")["dir"] == "rtl"
    assert assert_every_link_resolves(out) > 20  # across outputs: ../../../en/notes/en/…
    de = BeautifulSoup((out / "de/notes/de/2025-01-05-tea.html").read_text(encoding="utf-8"), "html.parser")
    assert hreflang_links(de)["en"] == "../../../en/notes/en/2025-01-05-tea.html"
    assert de.html["lang"] == "de"
    # every language's build started from the scan made before them and found nothing to read
    # again: none rewrote its copy of the scan cache
    shared = (out / ".notes-scan" / "sphinx_notes-scan.pickle").read_bytes()
    for lang in ("ar", "de", "en", "fr"):
        assert (out / lang / ".doctrees" / "sphinx_notes-scan.pickle").read_bytes() == shared


def test_cli_subset_and_errors(tmp_path):
    src = copy_root("switcher-sample", tmp_path)
    out = tmp_path / "out"
    done = run_cli(str(src), str(out), "--languages", "fr,de")
    assert done.returncode == 0, done.stderr
    assert sorted(d.name for d in out.iterdir() if d.is_dir() and not d.name.startswith(".")) == ["de", "fr"]
    assert [a["hreflang"] for a in BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
            .select("a[hreflang]")] == ["de", "fr"]
    done = run_cli(str(src), str(out), "--languages", "ja")
    assert done.returncode == 2 and "no notes in ja" in done.stderr
    shutil.rmtree(src / "posts")
    done = run_cli(str(tmp_path), str(out))
    assert done.returncode == 2 and "no conf.py" in done.stderr


def test_assets_are_linked_with_their_checksums_from_the_first_build(tmp_path):
    """The stylesheet and scripts are copied before any page is written, so even a fresh build
    (every Read the Docs build) links them with Sphinx's ``?v=`` checksum and browsers drop a
    cached copy when an upgrade changes them; a project's own file of the same name wins."""
    src = copy_root("seeds", tmp_path)
    (src / "_static").mkdir()
    own_css = ".notes-switcher { font-weight: bold }\n"
    (src / "_static" / "notes-switcher.css").write_text(own_css, encoding="utf-8")
    app = SphinxTestApp("html", srcdir=src, confoverrides={"html_static_path": ["_static"]})
    try:
        app.build()
    finally:
        app.cleanup()
    static = app.outdir / "_static"
    assert (static / "notes-switcher.css").read_text(encoding="utf-8") == own_css
    assert (static / "notes-search.js").read_bytes() == (STATIC / "notes-search.js").read_bytes()

    def linked(page: Path) -> dict[str, str]:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        urls = [tag.get("href") or tag.get("src") for tag in soup.select("link[rel=stylesheet], script[src]")]
        return {Path(urlsplit(url).path).name: urlsplit(url).query for url in urls if "notes-" in url}

    expected = {Path(name).name: f"v={zlib.crc32((static / name).read_bytes()):08x}"
                for name in ("notes-switcher.css", "notes-search.js", "notes-language.js", "notes-search/languages.js")}
    pages = list((app.outdir / "notes").rglob("*.html"))
    assert pages
    for page in pages:
        assert linked(page) == {name: expected[name] for name in ("notes-switcher.css", "notes-search.js",
                                                                  "notes-language.js")}, page
    assert linked(app.outdir / "search.html") == expected


def test_cli_matrix_languages_then_outputs_gathered_from_separate_jobs(tmp_path):
    """What a CI matrix does: list the languages, build each in its own job, gather, write the chooser."""
    src = copy_root("switcher-sample", tmp_path)
    listed = subprocess.run([sys.executable, "-m", "sphinx_notes", "languages", str(src), "--json"],
                            capture_output=True, text=True, timeout=300)
    assert listed.returncode == 0, listed.stderr
    languages = json.loads(listed.stdout)
    assert languages == ["ar", "de", "en", "fr"]
    gathered = tmp_path / "site"
    for lang in languages[:2]:  # two jobs, each in its own build folder
        job = tmp_path / f"job-{lang}"
        assert run_cli(str(src), str(job), "-l", lang).returncode == 0
        shutil.copytree(job / lang, gathered / lang)
    done = subprocess.run([sys.executable, "-m", "sphinx_notes", "index", str(gathered), "--title", "Blog"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    chooser = BeautifulSoup((gathered / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert chooser.title.get_text() == "Blog"
    assert [a["hreflang"] for a in chooser.select("a[hreflang]")] == ["ar", "de"]
    for a in chooser.select("a[hreflang]"):
        assert resolves(gathered / "index.html", a["href"])
    empty = subprocess.run([sys.executable, "-m", "sphinx_notes", "index", str(tmp_path / "nothing")],
                           capture_output=True, text=True, timeout=300)
    assert empty.returncode == 2 and "no language output" in empty.stderr


def test_documented_ci_matrix_uses_commands_that_exist():
    import yaml

    from sphinx_notes.__main__ import main

    workflow = yaml.safe_load((Path(__file__).parents[1] / "docs/examples/notes-matrix.yml").read_text(encoding="utf-8"))
    steps = [step.get("run", "") for job in workflow["jobs"].values() for step in job["steps"]]
    commands = [line.split("python -m sphinx_notes ", 1)[1].split()[0] for run in steps for line in run.splitlines()
                if "python -m sphinx_notes " in line]
    assert commands == ["languages", "build", "index"]
    assert workflow["jobs"]["build"]["strategy"]["matrix"]["lang"].startswith("${{ fromJSON(")
    for command in commands:
        with pytest.raises(SystemExit) as help_exit:
            main([command, "--help"])
        assert help_exit.value.code == 0
