"""The five seed notes: one note in five languages whose file names say nothing."""

from __future__ import annotations

import frontmatter
import pytest

from conftest import ROOTS, note_pages

SEEDS = {meta["lang"]: meta for meta in (frontmatter.load(p).metadata for p in sorted((ROOTS / "test-seeds/notes").iterdir()))}


@pytest.mark.sphinx("html", testroot="seeds", confoverrides={"suppress_warnings": []})
def test_one_page_per_language_with_title_lang_and_dir(app, warning):
    app.build()
    assert warning.getvalue() == ""
    pages = note_pages(app.outdir)
    assert len(pages) == 5
    by_lang = {soup.html["lang"]: soup for soup in pages.values()}
    assert set(by_lang) == set(SEEDS)
    for lang, soup in by_lang.items():
        # smart quotes are typography, not a title change
        assert soup.h1.get_text(strip=True).rstrip("¶").replace("\u2019", "'") == SEEDS[lang]["title"]
        assert soup.html.get("dir") == ("rtl" if lang == "ar" else "ltr")
    # fingerprint grouping put all five in one group: one slug, five language folders
    assert len({path.rsplit("/", 1)[1] for path in pages}) == 1


@pytest.mark.sphinx("html", testroot="seeds")
def test_headings_rebased_under_title(app):
    app.build()
    soup = next(iter(note_pages(app.outdir).values()))
    levels = [int(h.name[1]) for h in soup.select("div.body h1, div.body h2, div.body h3, div.body h4")]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:]))


@pytest.mark.sphinx("html", testroot="seeds", parallel=2)
def test_parallel_build_same_pages(app, warning, tmp_path_factory):
    app.build()
    assert warning.getvalue() == ""
    pages = note_pages(app.outdir)
    assert sorted((k, v.h1.get_text(), v.html["lang"]) for k, v in pages.items()) == sorted(
        (k, v.h1.get_text(), v.html["lang"]) for k, v in _serial_pages(tmp_path_factory).items())


def _serial_pages(tmp_path_factory):
    from sphinx.testing.util import SphinxTestApp
    src = tmp_path_factory.mktemp("serial") / "src"
    import shutil
    shutil.copytree(ROOTS / "test-seeds", src)
    app = SphinxTestApp("html", srcdir=src)
    try:
        app.build()
        return note_pages(app.outdir)
    finally:
        app.cleanup()
