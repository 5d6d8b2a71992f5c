"""The documentation, with the seed notes as its live demo, builds with -W --keep-going -n."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parent.parent / "docs"


@pytest.mark.skipif(not (DOCS / "conf.py").is_file(), reason="docs/ is not shipped in this install")
def test_docs_build_clean(make_app, tmp_path):
    srcdir = tmp_path / "docs"
    shutil.copytree(DOCS, srcdir, ignore=shutil.ignore_patterns("_build", "notes"))
    app = make_app("html", srcdir=srcdir, warningiserror=False, keep_going=True)
    app.build()
    assert app.warning.getvalue() == ""
    assert app.config.nitpicky
    demo = app.outdir / "notes"
    assert sorted(p.name for p in demo.iterdir() if p.is_dir()) == ["ar", "de", "es", "fr", "hi"]
