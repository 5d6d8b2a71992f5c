"""Translation status (issue 16): git repositories of notes made here, commits at set dates.

The site: ``tea`` in en (the original), de and fr; ``bread`` in en and de (fr missing). The first
commit holds them all on 1 March; ``tea_changes`` then changes the English tea's body on 10 March.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from sphinx_notes.model import history as history_module
from sphinx_notes.model.history import read_history
from sphinx_notes.model.notefile import body_digest, load_note
from sphinx_notes.model.problems import NotesWarning

pytestmark = pytest.mark.skipif(subprocess.run(["git", "--version"], capture_output=True, check=False).returncode != 0,
                                reason="needs git")

NOTES = {
    "posts/en/tea.md": ("Green tea", "en", False, "Green tea is steamed or pan-fired."),
    "posts/de/tea.md": ("Grüner Tee", "de", True, "Grüner Tee wird gedämpft oder geröstet."),
    "posts/fr/tea.md": ("Thé vert", "fr", True, "Le thé vert est étuvé ou torréfié."),
    "posts/en/bread.md": ("Rye bread", "en", False, "Rye bread keeps for a week."),
    "posts/de/bread.md": ("Roggenbrot", "de", True, "Roggenbrot hält eine Woche."),
}


def write_note(src: Path, rel: str, title: str, lang: str, translated: bool, body: str, extra: str = "") -> Path:
    path = src / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ntitle: {title}\nlang: {lang}\ntranslated: {str(translated).lower()}\n{extra}---\n\n"
                    f"{body}\n", encoding="utf-8")
    return path


def git(src: Path, *args: str, date: str = "2025-03-01T10:00:00") -> str:
    env = dict(os.environ, GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date, GIT_AUTHOR_NAME="n",
               GIT_AUTHOR_EMAIL="n@x", GIT_COMMITTER_NAME="n", GIT_COMMITTER_EMAIL="n@x",
               GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    return subprocess.run(["git", "-C", str(src), *args], capture_output=True, text=True, env=env, check=True).stdout


def make_site(src: Path, conf: str = "", repo: bool = True) -> Path:
    src.mkdir(parents=True, exist_ok=True)
    for rel, (title, lang, translated, body) in NOTES.items():
        write_note(src, rel, title, lang, translated, body)
    (src / "conf.py").write_text(f"extensions = ['sphinx_notes']\nnotes_paths = ['posts']\nnotes_feed_size = 0\n{conf}", encoding="utf-8")
    (src / "index.md").write_text("# Site\n", encoding="utf-8")
    (src / ".gitignore").write_text("notes/\n_build/\n", encoding="utf-8")
    if repo:
        git(src, "init", "-q")
        git(src, "add", "-A")
        git(src, "commit", "-qm", "notes")
    return src


def append(src: Path, rel: str, text: str, date: str, message: str = "edit") -> None:
    path = src / rel
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
    git(src, "commit", "-qam", message, date=date)


def tea_changes(src: Path) -> None:
    append(src, "posts/en/tea.md", "\nIt is also shaded before harvest.\n", "2025-03-10T10:00:00", "tea grows")


class Result:
    def __init__(self, app: SphinxTestApp, read: set[str]) -> None:
        self.outdir = Path(app.outdir)
        self.warnings = app.warning.getvalue()
        self.status = app.status.getvalue()
        self.read = read

    @property
    def json(self) -> dict:
        return json.loads((self.outdir / "notes-status.json").read_text(encoding="utf-8"))

    def states(self) -> dict[tuple[str, str], str]:
        found = {}
        for key, group in self.json["groups"].items():
            for lang, entry in group["translations"].items():
                found[key, lang] = entry["state"]
            for lang in group["missing"]:
                found[key, lang] = "missing"
        return found

    def page(self, rel: str) -> BeautifulSoup:
        return BeautifulSoup((self.outdir / rel).read_text(encoding="utf-8"), "html.parser")


def build(src: Path, builddir: Path | None = None, parallel: int = 0, **overrides) -> Result:
    read: set[str] = set()
    app = SphinxTestApp("html", srcdir=src, builddir=builddir or src / "_build", confoverrides=overrides,
                        parallel=parallel)
    app.connect("env-before-read-docs", lambda app, env, docnames: read.update(docnames))
    try:
        app.build()
    finally:
        app.cleanup()
    return Result(app, read)


@pytest.fixture
def site(tmp_path) -> Path:
    return make_site(tmp_path / "src")


# -- the model ------------------------------------------------------------------------------------


def test_history_reads_last_commits_and_body_changes(site):
    (site / "posts/en/tea.md").write_text((site / "posts/en/tea.md").read_text(encoding="utf-8").replace(
        "title: Green tea", "title: Green tea (sencha)"), encoding="utf-8")
    git(site, "commit", "-qam", "front matter only", date="2025-03-07T10:00:00")
    history = read_history([site / "posts"])
    try:
        assert history.available and history.reason is None
        tea = str(site / "posts/en/tea.md")
        assert history.last_commit(tea).iso.startswith("2025-03-07")
        # a front-matter edit is not a change of the body: the body was last committed on 1 March
        assert history.body_changed(tea).iso.startswith("2025-03-01")
        assert history.last_commit(str(site / "posts/en/nothing.md")) is None
    finally:
        history.close()


def test_history_unavailable_without_git_and_in_shallow_clones(tmp_path, site):
    plain = make_site(tmp_path / "plain", repo=False)
    assert read_history([plain / "posts"]).reason == "the notes are not in a git repository"
    tea_changes(site)
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{site}", str(shallow)], check=True,
                   capture_output=True)
    history = read_history([shallow / "posts"])
    assert not history.available and "shallow clone" in history.reason
    broken = make_site(tmp_path / "broken", repo=False)
    (broken / ".git").write_text("gitdir: /nowhere/at/all\n", encoding="utf-8")
    assert not read_history([broken / "posts"]).available


def test_translated_from_is_read_and_checked(tmp_path):
    path = write_note(tmp_path, "de/tea.md", "Tee", "de", True, "Text.", extra="translated_from: 'SHA256:ABCDEF0123'\n")
    note, _ = load_note(path, "de/tea.md", "en")
    assert note.translated_from == "abcdef0123"
    assert note.body_sha256 == body_digest("Text.\n")
    path = write_note(tmp_path, "de/bad.md", "Tee", "de", True, "Text.", extra="translated_from: yesterday\n")
    note, _ = load_note(path, "de/bad.md", "en")
    assert note.translated_from is None
    assert [p.subtype for p in note.problems] == [NotesWarning.METADATA] and "translated_from" in note.problems[0].message


def test_body_digest_is_what_python_frontmatter_gives_a_script(tmp_path):
    frontmatter = pytest.importorskip("frontmatter")
    path = write_note(tmp_path, "en/tea.md", "Tea", "en", False, "Body\n\nwith two paragraphs.  \n\n")
    note, _ = load_note(path, "en/tea.md", "en")
    post = frontmatter.load(path)
    import hashlib
    assert note.body_sha256 == hashlib.sha256(post.content.encode()).hexdigest()


# -- the site -------------------------------------------------------------------------------------


def test_current_outdated_by_git_missing_notice_page_and_json(site):
    tea_changes(site)
    append(site, "posts/fr/tea.md", "\nIl est aussi ombragé.\n", "2025-03-12T10:00:00", "fr follows")
    result = build(site)
    assert result.states() == {("tea", "en"): "original", ("tea", "de"): "outdated", ("tea", "fr"): "current",
                               ("bread", "en"): "original", ("bread", "de"): "current", ("bread", "fr"): "missing"}
    data = result.json
    assert data["languages"] == ["de", "en", "fr"]
    tea = data["groups"]["tea"]
    assert tea["original"] == "en" and tea["missing"] == []
    assert tea["translations"]["de"] == {"state": "outdated", "url": "notes/de/tea.html", "generated": None,
                                         "original_changed": "2025-03-10T10:00:00+00:00",
                                         "translation_changed": "2025-03-01T10:00:00+00:00"}
    assert tea["translations"]["fr"]["translation_changed"] == "2025-03-12T10:00:00+00:00"
    assert tea["translations"]["en"]["state"] == "original"
    assert data["summary"] == {"de": {"current": 1, "outdated": 1, "missing": 0, "unknown": 0},
                               "en": {"current": 0, "outdated": 0, "missing": 0, "unknown": 0},
                               "fr": {"current": 1, "outdated": 0, "missing": 1, "unknown": 0}}
    # the notice, in the page's language, linking to the original; none on the current page
    notice = result.page("notes/de/tea.html").select(".notes-outdated")
    assert len(notice) == 1
    assert "Das Original wurde am 10. März 2025 aktualisiert" in notice[0].get_text()
    assert notice[0].a["href"] == "../en/tea.html"
    assert not result.page("notes/fr/tea.html").select(".notes-outdated")
    assert not result.page("notes/en/tea.html").select(".notes-outdated")
    # the provenance line stays
    assert result.page("notes/de/tea.html").select(".notes-provenance")
    # the status page, linked from the notes root
    status = result.page("notes/status.html")
    assert [a["href"] for a in result.page("notes/index.html").select(".notes-status-link a")] == ["status.html"]
    summary = [[td.get_text(strip=True) for td in tr.find_all("td")]
               for tr in status.select(".notes-status-summary tbody tr")]
    assert summary == [["Deutsch", "1", "1", "0", "0", "50 %"], ["English", "0", "0", "0", "0", "—"],
                       ["Français", "1", "0", "1", "0", "50 %"]]
    cells = {tr.find("td").get_text(strip=True): [td.get("class", [""])[0] for td in tr.find_all("td")[1:]]
             for tr in status.select(".notes-status-matrix tbody tr")}
    assert cells == {"Green tea": ["notes-state-outdated", "notes-state-original", "notes-state-current"],
                     "Rye bread": ["notes-state-current", "notes-state-original", "notes-state-missing"]}
    assert "WARNING" not in result.warnings


def test_translated_from_decides_before_git(site):
    tea = (site / "posts/en/tea.md")
    digest = body_digest(tea.read_text(encoding="utf-8").split("---\n", 2)[2])
    # de names the original's present body: current although git would call it outdated below;
    # fr names an older body: outdated although git would call it current
    write_note(site, "posts/de/tea.md", *NOTES["posts/de/tea.md"][:4], extra=f"translated_from: {digest}\n")
    write_note(site, "posts/fr/tea.md", *NOTES["posts/fr/tea.md"][:4], extra=f"translated_from: '{'0' * 64}'\n")
    git(site, "commit", "-qam", "keys", date="2025-03-02T10:00:00")
    result = build(site)
    assert result.states()["tea", "de"] == "current"
    assert result.states()["tea", "fr"] == "outdated"
    tea_changes(site)  # now the English body is another: de's key no longer names it
    result = build(site)
    assert result.states()["tea", "de"] == "outdated"
    assert result.page("notes/de/tea.html").select(".notes-outdated")


def test_without_git_nothing_is_outdated_and_it_is_said_once(tmp_path):
    src = make_site(tmp_path / "src", repo=False)
    result = build(src)
    assert set(result.states().values()) == {"original", "unknown", "missing"}
    assert result.status.count("not in a git repository") == 1
    assert "WARNING" not in result.warnings
    assert not result.page("notes/de/tea.html").select(".notes-outdated")
    gated = build(src, builddir=tmp_path / "gated", notes_warn_outdated=True)
    assert gated.warnings.count("[notes.history]") == 1
    assert "[notes.outdated]" not in gated.warnings


def test_shallow_clone_is_unknown(tmp_path, site):
    tea_changes(site)
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{site}", str(shallow)], check=True,
                   capture_output=True)
    result = build(shallow)
    assert "outdated" not in result.states().values()
    assert result.states()["tea", "de"] == "unknown"
    assert result.status.count("shallow clone") == 1


def test_gate_warnings_located_and_off_by_default(site):
    tea_changes(site)
    assert "[notes." not in build(site).warnings
    result = build(site, builddir=site / "_gate", notes_warn_outdated=True, notes_required_languages=["de", "fr"])
    outdated = sorted(line for line in result.warnings.splitlines() if "[notes.outdated]" in line)
    assert len(outdated) == 2  # one per outdated translation, at its file
    assert re.search(r"posts/de/tea\.md::", outdated[0]) and re.search(r"posts/fr/tea\.md::", outdated[1])
    missing = [line for line in result.warnings.splitlines() if "[notes.missing_translation]" in line]
    assert len(missing) == 1 and "posts/en/bread.md:" in missing[0] and "'fr'" in missing[0]


def test_check_reports_the_gate_as_a_build_does(site, tmp_path, monkeypatch, capsys):
    import tempfile

    from sphinx_notes.__main__ import main

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # check's own cache
    tea_changes(site)
    (site / "conf.py").write_text("extensions = ['sphinx_notes']\nnotes_paths = ['posts']\nnotes_feed_size = 0\n"
                                  "notes_warn_outdated = True\nnotes_required_languages = ['de', 'fr']\n",
                                  encoding="utf-8")
    built = build(site, builddir=site / "_gate")
    expected = sorted((m.group(1), m.group(2)) for m in re.finditer(
        r"(posts/\S+?\.md):.*\[notes\.(outdated|missing_translation)\]", built.warnings))
    assert main(["check", str(site), "--format", "json"]) == 1
    found = json.loads(capsys.readouterr().out)
    reported = sorted(((Path.cwd() / f["file"]).resolve().relative_to(site.resolve()).as_posix(), f["subtype"])
                      for f in found)
    assert len(expected) == 3 and reported == expected


def test_gate_fails_the_build_with_W(site):
    tea_changes(site)
    (site / "conf.py").write_text("extensions = ['sphinx_notes']\nnotes_paths = ['posts']\nnotes_feed_size = 0\n"
                                  "notes_warn_outdated = True\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "sphinx", "-q", "-W", "--keep-going", str(site), str(site / "_w")],
                          capture_output=True, text=True, check=False)
    assert done.returncode != 0
    assert re.search(r"tea\.md:.*\[notes\.outdated\]", done.stderr)
    assert "Traceback" not in done.stderr


def test_a_new_commit_remarks_its_translations_incrementally(site, monkeypatch):
    calls: list[list[str]] = []
    run = subprocess.run

    def counting(args, *rest, **kwargs):
        calls.append(list(args))
        return run(args, *rest, **kwargs)

    monkeypatch.setattr(history_module.subprocess, "run", counting)
    builddir = site.parent / "_build"
    first = build(site, builddir).json
    assert sum("log" in c for c in calls) == 1  # one git log for the whole site
    calls.clear()
    again = build(site, builddir)
    assert again.read == set()
    assert any("rev-parse" in c for c in calls) and not any("log" in c for c in calls)  # HEAD unchanged: cached
    tea_changes(site)
    after = build(site, builddir)
    # the original's own page (its file changed), its outdated translations and the status page
    assert after.read == {"notes/en/tea", "notes/de/tea", "notes/fr/tea", "notes/status"}
    assert after.page("notes/de/tea.html").select(".notes-outdated")
    assert after.states()["tea", "fr"] == "outdated"
    # a commit to the French translation: only it (and the status page) is read again
    append(site, "posts/fr/tea.md", "\nIl est aussi ombragé.\n", "2025-03-12T10:00:00")
    refreshed = build(site, builddir)
    assert refreshed.read == {"notes/fr/tea", "notes/status"}
    assert not refreshed.page("notes/fr/tea.html").select(".notes-outdated")
    # a commit touching no note: nothing is read again
    (site / "index.md").write_text("# Site\n\nMore.\n", encoding="utf-8")
    git(site, "commit", "-qam", "index", date="2025-03-13T10:00:00")
    assert build(site, builddir).read == {"index"}
    assert first != refreshed.json


def test_parallel_build_equals_serial(site, tmp_path):
    tea_changes(site)
    serial = build(site, tmp_path / "serial")
    parallel = build(site, tmp_path / "parallel", parallel=2)
    assert serial.json == parallel.json
    for rel in ("notes/de/tea.html", "notes/fr/tea.html", "notes/status.html"):
        assert str(serial.page(rel).select(".notes-outdated")) == str(parallel.page(rel).select(".notes-outdated"))
        assert str(serial.page(rel).select("table")) == str(parallel.page(rel).select("table"))


# -- the status page at scale ----------------------------------------------------------------------

#: What a site may have on its largest page (the hard limit of every HTML page of a site).
PAGE_LIMIT = 300_000
#: Bytes of HTML one cell of the matrix (a note's title, or its state in one language) may cost.
CELL_BYTES = 200
WIDE = {"en": "Alibaba Cloud CTO Jingren Zhou on model serving", "de": "Alibaba-Cloud-CTO Jingren Zhou über Modelle",
        "fr": "Jingren Zhou, directeur technique d'Alibaba Cloud", "es": "Director de Tecnología de Alibaba Cloud",
        "ja": "アリババクラウドCTO周靖人氏のモデル提供"}


def wide_site(src: Path, groups: int) -> Path:
    """``groups`` notes in five languages (a few missing), titles and names as long as real ones."""
    src.mkdir(parents=True, exist_ok=True)
    (src / "conf.py").write_text("extensions = ['sphinx_notes']\nnotes_paths = ['posts']\nnotes_feed_size = 0\n", encoding="utf-8")
    (src / "index.md").write_text("# Site\n", encoding="utf-8")
    for number in range(groups):
        body = f"Body of note {number}."
        for index, (lang, title) in enumerate(WIDE.items()):
            if lang != "en" and (number + index) % 4 == 0:
                continue  # missing
            extra = f"translated_from: '{body_digest(body) if number % 3 else '0' * 64}'\n" if lang != "en" else ""
            write_note(src, f"posts/{lang}/2025-01-{number % 28 + 1:02d}-alibaba-cloud-topic-{number:05d}-{lang}.md",
                       f"{title} {number}", lang, lang != "en", body, extra=extra)
    return src


def matrix_bytes(html: str) -> tuple[int, int, int]:
    """(bytes of the page, bytes of the matrix's rows, number of rows)."""
    start = html.index("<tbody", html.index("notes-status-matrix"))
    rows = html[start:html.index("</tbody>", start)]
    return len(html.encode()), len(rows.encode()), rows.count("<tr")


def test_status_page_bytes_per_row_bound_the_largest_page(tmp_path):
    """A row of the matrix costs at most CELL_BYTES a cell, so MATRIX_CELLS_PER_PAGE cells and
    the rest of the page stay under 300 KB; at 2 000 notes x 5 languages (10 000 pages) the
    matrix is 20 pages of 100 notes. (One page of all 2 000 rows was about 1.8 MB.)"""
    from sphinx_notes.model.status import MATRIX_CELLS_PER_PAGE, GroupStatus, SiteStatus, matrix_pages

    result = build(wide_site(tmp_path / "src", 12))
    assert "WARNING" not in result.warnings
    total, rows, count = matrix_bytes((result.outdir / "notes/status.html").read_text(encoding="utf-8"))
    assert count == 12
    per_row = rows / count
    assert per_row <= CELL_BYTES * (len(WIDE) + 1), per_row
    rest = total - rows  # the theme, the counts, the header: what does not grow with the notes
    assert rest + MATRIX_CELLS_PER_PAGE * CELL_BYTES < PAGE_LIMIT
    big = SiteStatus(languages=sorted(WIDE), groups={str(n): GroupStatus(str(n), "en", {}, ()) for n in range(2000)})
    pages = matrix_pages(big)
    assert len(pages) == 20 and {len(p) for p in pages} == {100}
    assert rest + len(pages[0]) * per_row < PAGE_LIMIT / 2
    many = SiteStatus(languages=[f"l{n}" for n in range(50)], groups=big.groups)
    assert max(len(p) for p in matrix_pages(many)) * 51 <= MATRIX_CELLS_PER_PAGE  # fewer notes a page


def test_status_page_is_paginated(tmp_path, monkeypatch):
    from sphinx_notes.model import status as status_module

    monkeypatch.setattr(status_module, "MATRIX_MIN_ROWS", 1)
    monkeypatch.setattr(status_module, "MATRIX_CELLS_PER_PAGE", 12)  # six languages a row: 2 notes a page
    src = wide_site(tmp_path / "src", 5)
    result = build(src)
    assert "WARNING" not in result.warnings  # every page in a toctree, every link resolved
    names = ["notes/status.html", "notes/status-2.html", "notes/status-3.html"]
    assert sorted(p.relative_to(result.outdir).as_posix() for p in result.outdir.glob("notes/status*.html")) == \
        sorted(names)
    titles, seen = [], []
    for number, name in enumerate(names, 1):
        page = result.page(name)
        titles.append(page.select_one("section.notes-status h1").get_text(strip=True).rstrip("#¶"))
        # above and below the matrix: links to the other pages, this one's number in bold
        assert [a.get_text() for a in page.select(".notes-pages a")] == [n for n in "123" if n != str(number)] * 2
        assert [b.get_text() for b in page.select(".notes-pages strong")] == [str(number)] * 2
        seen += [tr.find("td").get_text(strip=True) for tr in page.select(".notes-status-matrix tbody tr")]
        assert bool(page.select(".notes-status-summary")) == (name == "notes/status.html")
    assert titles == ["Translation status", "Translation status, page 2 of 3", "Translation status, page 3 of 3"]
    assert sorted(seen) == sorted(f"{WIDE['en']} {n}" for n in range(5))
    first = result.page("notes/status.html")
    assert [a["href"] for a in first.select(".notes-pages a")] == ["status-2.html", "status-3.html"] * 2
    # one note fewer: the last page goes, its stub and output with it
    for path in (src / "posts").rglob("*-00004-*.md"):
        path.unlink()
    again = build(src)
    assert not (again.outdir / "notes/status-3.html").exists() and not (src / "notes/status-3.notepage").exists()
    assert "WARNING" not in again.warnings
