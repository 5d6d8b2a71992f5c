"""The home page: ``notes-recent`` in the user's own page (also after the notes change), and the
notes root offering first the language its reader chose last, in headless Chromium."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import build_and_record_reads, copy_root

CHROMIUM = Path("/usr/bin/chromium")


def _home(out: Path) -> BeautifulSoup:
    return BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")


def _listed(listing) -> list[tuple[str, str]]:
    return [(item.time["datetime"] if item.time else None, item.select_one("a")["href"])
            for item in listing.select(":scope > li")]


@pytest.mark.sphinx("html", testroot="readers", srcdir="readers-recent")
def test_recent_by_language_and_limit_newest_first(app):
    app.build()
    german, every = _home(app.outdir).select("ul.notes-recent")
    assert _listed(german) == [("2025-10-22", "notes/de/2025-10-22-tea.html"),
                               ("2024-02-01", "notes/de/2024-02-01-bread.html")]  # :limit: 2 of three
    assert german.time.get_text() == "October 22, 2025"  # in the home page's language
    # one entry per note, in the page's language where the note has it, with its language named
    assert _listed(every) == [("2026-01-05", "notes/en/2031-05-01-matcha.html"),
                              ("2025-11-03", "notes/en/2025-11-03-kettle.html"),
                              ("2025-10-22", "notes/en/2025-10-22-tea.html"),
                              ("2024-02-01", "notes/de/2024-02-01-bread.html"),
                              ("2023-05-05", "notes/de/2023-05-05-old.html")]
    assert every.select("li")[3].select_one(".notes-language").get_text() == " (Deutsch)"


@pytest.mark.sphinx("html", testroot="readers", srcdir="readers-recent-bad",
                    confoverrides={"root_doc": "bad"})
def test_recent_of_an_unknown_language_warns(app):
    (Path(app.srcdir) / "bad.md").write_text("# Bad\n\n```{notes-recent}\n:lang: fr\n```\n", encoding="utf-8")
    app.build()
    warnings = app.warning.getvalue()
    assert "bad.md:3: WARNING: notes-recent: no notes in 'fr'" in warnings and "[notes.config]" in warnings


@pytest.mark.parametrize("parallel", [0, 2])
def test_recent_follows_the_notes_in_incremental_builds(tmp_path, parallel):
    project = copy_root("readers", tmp_path)
    build_and_record_reads(project, tmp_path, parallel)
    read, _ = build_and_record_reads(project, tmp_path, parallel)
    assert "index" not in read
    old = project / "notes/2023-05-05-old-de.md"
    old.write_text(old.read_text(encoding="utf-8") + "\nMehr.\n", encoding="utf-8")
    later = time.time() + 2
    os.utime(old, (later, later))
    read, _ = build_and_record_reads(project, tmp_path, parallel)
    assert read == {"notes/de/2023-05-05-old"}  # a body the listings do not show
    (project / "notes/2026-03-01-cake-de.md").write_text("---\ntitle: Kuchen\ndate: 2026-03-01\n---\n\nTeig.\n",
                                                         encoding="utf-8")
    read, out = build_and_record_reads(project, tmp_path, parallel)
    assert "index" in read
    german, every = _home(out).select("ul.notes-recent")
    assert [href for _, href in _listed(german)] == ["notes/de/2026-03-01-cake.html", "notes/de/2025-10-22-tea.html"]
    assert _listed(every)[0] == ("2026-03-01", "notes/de/2026-03-01-cake.html")


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("needs Debian's chromium at /usr/bin/chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield chromium
        chromium.close()


def _languages(page) -> list[tuple[str, bool]]:
    return [tuple(item) for item in page.eval_on_selector_all("ul.notes-languages > li", "items => items.map(li => "
                                     "[li.querySelector('a').textContent, li.classList.contains('notes-remembered')])")]


@pytest.mark.sphinx("html", testroot="readers", srcdir="readers-browser")
def test_notes_root_offers_the_last_language_first(app, browser):
    app.build()
    root = (app.outdir / "notes/index.html").as_uri()
    plain = [("العربية", False), ("Deutsch", False), ("English", False), ("हिन्दी", False), ("中文", False)]
    context = browser.new_context()
    page = context.new_page()
    page.goto(root)
    assert _languages(page) == plain  # nothing chosen yet
    page.goto((app.outdir / "notes/hi/2025-10-22-tea.html").as_uri())
    page.goto((app.outdir / "notes/de/index.html").as_uri())  # the last language visited wins
    page.goto(root)
    assert _languages(page)[0] == ("Deutsch", True)
    assert page.url == root  # offered, nobody redirected
    page.goto((app.outdir / "notes/zh/2025-10-22-tea.html").as_uri())
    page.get_by_role("link", name="Deutsch").first.click()  # switching language is choosing it
    page.wait_for_load_state()
    page.goto(root)
    assert _languages(page)[0] == ("Deutsch", True)
    page.goto((app.outdir / "index.html").as_uri())  # the home page chooses nothing
    page.goto(root)
    assert _languages(page)[0] == ("Deutsch", True)
    context.close()
    without_js = browser.new_context(java_script_enabled=False)
    page = without_js.new_page()
    page.goto(root)
    assert _languages(page) == plain
    without_js.close()
