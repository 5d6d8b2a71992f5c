"""``python -m sphinx_notes preview NOTE``: that note's group, every translation, and nothing else."""

from __future__ import annotations

import tempfile

from sphinx_notes.__main__ import main


def test_preview_builds_the_group_alone(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    site = tmp_path / "site"
    (site / "notes").mkdir(parents=True)
    (site / "conf.py").write_text("extensions = ['sphinx_notes']\nnotes_paths = ['notes']\nroot_doc = 'contents'\n")
    (site / "contents.md").write_text("# Site\n")
    for name, title, lang in (("2025-01-01-tea-en", "Tea", "en"), ("2025-01-01-tea-de", "Tee", "de"),
                              ("2025-01-02-bread-en", "Bread", "en")):
        (site / "notes" / f"{name}.md").write_text(f"---\ntitle: {title}\nlang: {lang}\n---\nSee ([A][1]).\n\n"
                                                   "[1]: https://a.example/\n")
    assert main(["preview", str(site / "notes" / "2025-01-01-tea-de.md")]) == 0
    out = capsys.readouterr().out
    page = out.strip().rsplit(" ", 1)[-1]
    assert page.endswith("notes/de/2025-01-01-tea.html") and str(tmp_path / "tmp") in page
    html = next((tmp_path / "tmp").glob("sphinx-notes-preview-*/html"))
    built = sorted(p.relative_to(html).as_posix() for p in html.glob("notes/*/2025-*.html"))
    assert built == ["notes/de/2025-01-01-tea.html", "notes/en/2025-01-01-tea.html"]
    assert 'hreflang="en"' in (html / "notes/de/2025-01-01-tea.html").read_text(encoding="utf-8")
    assert not list(site.rglob("*.notepage"))  # the project itself is left as it was
    assert main(["preview", str(site / "contents.md")]) == 2
