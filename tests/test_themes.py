"""``<html lang dir>`` per page under the usual themes, while the build's own language stays."""

from __future__ import annotations

import re
import shutil

import pytest

from conftest import note_pages

THEMES = ["alabaster", "furo", "sphinx_rtd_theme", "pydata_sphinx_theme", "sphinx_book_theme"]


@pytest.mark.parametrize("theme", THEMES)
def test_note_pages_carry_their_language_under_theme(make_app, rootdir, tmp_path, theme):
    if theme != "alabaster":
        pytest.importorskip(theme)
    srcdir = tmp_path / "seeds"
    shutil.copytree(rootdir / "test-seeds", srcdir)
    app = make_app("html", srcdir=srcdir, confoverrides={"html_theme": theme})
    app.build()
    assert "[notes." not in app.warning.getvalue()
    pages = note_pages(app.outdir)
    seen = {}
    for soup in pages.values():
        tag = soup.html
        assert tag.get("lang") and tag.get("dir")
        seen[tag["lang"]] = tag["dir"]
    assert seen == {"ar": "rtl", "hi": "ltr", "de": "ltr", "es": "ltr", "fr": "ltr"}
    assert app.config.language == "en"
    root_tag = re.search(r"<html\b[^>]*>", (app.outdir / "index.html").read_text(encoding="utf-8")).group(0)
    assert 'lang="en"' in root_tag and "dir=" not in root_tag  # pages that are not notes are left alone
