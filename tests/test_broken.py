"""Bad input: every broken note is named by exactly one typed warning, the rest builds, nothing
unsafe reaches a page. The odd files (binary, unreadable, links, 5 MB) are made at test time."""

from __future__ import annotations

import codecs
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sphinx_notes.model.listing import find_note_files
from sphinx_notes.model.problems import NotesWarning

from conftest import ROOTS, html_pages, note_pages

#: file (relative to notes/) -> subtype of the one warning that names it
BROKEN = {
    "invalid-yaml.md": "front_matter",
    "not-a-mapping.md": "front_matter",
    "unclosed-front-matter.md": "front_matter",
    "no-front-matter.md": "no_front_matter",
    "title-list.md": "metadata",
    "bad-date.md": "metadata",
    "translated-maybe.md": "metadata",
    "lang-number.md": "language",
    "unknown-language.md": "language",
    "malformed-language.md": "language",
    "de/folder-mismatch.md": "language",
    "2025-01-05-suffix-mismatch-es.md": "language",
    "missing-title.md": "no_title",
    "empty.md": "empty",
    "duplicate-b.md": "duplicate",
    "raw-html.md": "unsafe",
    "include-outside.md": "unsafe",
    "unsafe-links.md": "link_url",
    "unclosed-fence.md": "unclosed_fence",
    # made by odd_files():
    "latin1.md": "encoding",
    "utf16.md": "encoding",
    "binary.md": "read",
    "huge.md": "read",
    "escape.md": "read",
    "dangling.md": "read",
    "fifo.md": "read",
    "unreadable.md": "read",
}
#: broken files that cannot be built at all (the others are built with what could be recovered)
NOT_BUILT = {"binary.md", "huge.md", "escape.md", "dangling.md", "fifo.md", "unreadable.md"}
#: good notes: title -> language; they build with no warning
GOOD = {
    "A good note": "en", "Eine gute Notiz": "de", "Eine Übersetzung ohne Original": "de",
    "Une traduction sans original": "fr", "A file name with spaces": "en", "Ein Dateiname mit Nicht-ASCII": "de",
    "A note with a BOM": "en", "A note with CRLF": "en", "The same note": "en", "Harmless raw HTML": "en",
    "A file insertion inside the project": "en",
    '<script>alert("title")</script> & "quotes" <img src=x onerror=alert(1)>': "en",
}
_WARNING = re.compile(r"^(?P<path>.+?):(?P<line>\d*): (?:WARNING|ERROR|CRITICAL): (?P<message>.*) \[(?P<type>[\w.]+)\]$")
#: drops the capabilities that let root read any file, so ``chmod 000`` means unreadable
_UNPRIVILEGED = ["setpriv", "--inh-caps=-all", "--bounding-set=-dac_override,-dac_read_search"]


def _unprivileged() -> list[str]:
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: a chmod 000 file cannot be made unreadable")
    return _UNPRIVILEGED


def odd_files(notes: Path, outside: Path) -> None:
    """The cases git cannot hold or that must not sit in the repository."""
    (notes / "latin1.md").write_bytes("---\ntitle: Café en Latin-1\nlang: fr\n---\n\nUn café crème.\n".encode("latin-1"))
    (notes / "bom.md").write_bytes(codecs.BOM_UTF8 + b"---\ntitle: A note with a BOM\nlang: en\n---\n\nBody.\n")
    (notes / "crlf.md").write_bytes(b"---\r\ntitle: A note with CRLF\r\nlang: en\r\n---\r\n\r\n## Part\r\n\r\nBody.\r\n")
    (notes / "utf16.md").write_bytes(codecs.BOM_UTF16_LE + "---\ntitle: UTF-16 note\nlang: en\n---\n\nHi.\n".encode("utf-16-le"))
    (notes / "binary.md").write_bytes(bytes(range(256)) * 8)
    (notes / "huge.md").write_text("---\ntitle: Huge\nlang: en\n---\n\n" + "Some words in a paragraph. " * 200_000)
    (outside / "secret.md").write_text("---\ntitle: Secret\nlang: en\n---\n\nNot to be published.\n")
    (notes / "escape.md").symlink_to(outside / "secret.md")
    (notes / "dangling.md").symlink_to(notes / "no-such-file.md")
    os.mkfifo(notes / "fifo.md")
    unreadable = notes / "unreadable.md"
    unreadable.write_text("---\ntitle: Unreadable\nlang: en\n---\n\nBody.\n")
    unreadable.chmod(0)


@pytest.fixture
def broken_site(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-broken", src)
    outside = tmp_path / "outside"
    outside.mkdir()
    odd_files(src / "notes", outside)
    return src


def sphinx_build(src: Path, out: Path, *args: str) -> subprocess.CompletedProcess:
    """sphinx-build as a user runs it (as an unprivileged user when the tests run as root)."""
    command = [*_unprivileged(), sys.executable, "-m", "sphinx", "-b", "html", "-N", "-q", *args, str(src), str(out)]
    return subprocess.run(command, capture_output=True, text=True, timeout=600)


def warnings_by_file(stderr: str, notes: Path) -> dict[str, list[re.Match]]:
    found: dict[str, list[re.Match]] = {}
    for line in stderr.splitlines():
        match = _WARNING.match(line)
        assert match, f"not a typed, located warning: {line}"
        found.setdefault(Path(match["path"]).relative_to(notes).as_posix(), []).append(match)
    return found


def assert_nothing_runs(outdir: Path) -> None:
    """No injected script, event handler or unsafe URL in any page (Sphinx's own scripts aside)."""
    for path in outdir.rglob("*.html"):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for script in soup.find_all("script"):
            assert "alert" not in script.get_text(), path
        for tag in soup.find_all(True):
            for name, value in tag.attrs.items():
                assert not name.startswith("on"), (path, tag)
                for item in value if isinstance(value, list) else [value]:
                    assert not re.match(r"\s*(javascript|vbscript|data|file):", item, re.I), (path, tag)
        for iframe in soup.find_all(("iframe", "object", "embed")):
            raise AssertionError((path, iframe))


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_every_broken_note_warned_once_and_the_rest_builds(broken_site, tmp_path, jobs):
    out = tmp_path / "out"
    result = sphinx_build(broken_site, out, "-j", jobs)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    warned = warnings_by_file(result.stderr, broken_site / "notes")
    assert set(warned) == set(BROKEN), set(warned) ^ set(BROKEN)
    for rel, subtype in BROKEN.items():
        (match,) = warned[rel]
        assert match["type"] == f"notes.{subtype}", (rel, match.group(0))
    pages = note_pages(out)
    titles = {soup.h1.get_text().rstrip("¶").replace("“", '"').replace("”", '"'): soup.html["lang"]
              for soup in pages.values()}
    for title, lang in GOOD.items():
        assert titles.get(title) == lang, title
    # built with what could be recovered: title and language from broken YAML, Latin-1 decoded
    assert titles["Broken YAML"] == "en" and titles["Café en Latin-1"] == "fr"
    assert titles["A heading that becomes the title"] == "en" and titles["a b"] == "en"
    # two files for one note and language: both built, the second under its own URL
    assert pages["notes/en/same-note.html"].h1.get_text().rstrip("¶") == "The same note"
    assert pages["notes/en/same-note-2.html"].h1.get_text().rstrip("¶") == "The same note again"
    built_or_refused = len(BROKEN) - len(NOT_BUILT) + len(GOOD)
    assert len(pages) == built_or_refused
    assert re.fullmatch(r"5,\d{3},\d{3} bytes, more than notes_max_file_size \(1,000,000\); not built",
                        warned["huge.md"][0]["message"])
    assert_nothing_runs(out)
    text = "".join(p.read_text(encoding="utf-8") for p in out.rglob("*.html"))
    assert "Not to be published" not in text and "root:x:0" not in text
    assert 'print("inside the project")' in pages["notes/en/a-file-insertion-inside-the-project.html"].get_text()


def test_warnings_are_errors_with_W(broken_site, tmp_path):
    result = sphinx_build(broken_site, tmp_path / "out", "-W")
    assert result.returncode != 0 and "Traceback" not in result.stderr


@pytest.mark.sphinx("html", testroot="broken", parallel=2,
                    confoverrides={"suppress_warnings": ["notes.language", "notes.metadata"]})
def test_suppressed_subtypes_leave_the_others(app, warning):
    app.build()
    log = warning.getvalue()
    assert "[notes.language]" not in log and "[notes.metadata]" not in log
    assert "invalid-yaml.md:5: WARNING" in log and "[notes.front_matter]" in log


def _build_with_docutils_conf(tmp_path: Path, settings: str,
                              section: str = "restructuredtext parser") -> tuple[str, dict[str, BeautifulSoup]]:
    """Build the committed cases with a ``docutils.conf`` beside conf.py (read by sphinx-build)."""
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-broken", src)
    (src / "docutils.conf").write_text(f"[{section}]\n{settings}\n")
    result = sphinx_build(src, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    return result.stderr, html_pages(tmp_path / "out")


@pytest.mark.parametrize("section", ["restructuredtext parser", "myst parser", "general"])
def test_raw_enabled_off_shows_raw_html_as_text(tmp_path, section):
    log, pages = _build_with_docutils_conf(tmp_path, "raw_enabled: false", section)
    page = pages["notes/en/harmless-raw-html.html"]
    assert page.find("sub") is None and "H<sub>2</sub>O" in page.get_text()
    assert re.search(r"harmless-html\.md:6: WARNING: raw content while raw_enabled is off; shown as text", log)


def test_raw_enabled_on_passes_harmless_html(tmp_path):
    log, pages = _build_with_docutils_conf(tmp_path, "raw_enabled: true")
    page = pages["notes/en/harmless-raw-html.html"]
    assert page.find("sub").get_text() == "2" and page.find("details") is not None
    assert "harmless-html.md" not in log


def test_file_insertion_disabled_inserts_nothing(tmp_path):
    log, pages = _build_with_docutils_conf(tmp_path, "file_insertion_enabled: false")
    assert re.search(r"include-inside\.md:6: WARNING: 'literalinclude' inserting '/snippets/hello\.py' while "
                     r"file_insertion_enabled is off; left out \[notes\.unsafe\]", log)
    assert 'print("inside the project")' not in pages["notes/en/a-file-insertion-inside-the-project.html"].get_text()


def test_config_of_the_wrong_type(make_app, tmp_path):
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-seeds", src)
    (src / "conf.py").write_text("extensions = ['sphinx_notes']\nnotes_paths = 'notes'\n"
                                 "notes_max_file_size = '1 MB'\nnotes_exclude = [3]\n")
    app = make_app("html", srcdir=src)
    app.build()
    log = app.warning.getvalue()
    conf = re.escape(str(src / "conf.py"))
    assert re.search(rf"{conf}:: WARNING: notes_paths: expected a list, got a string; using \['notes'\] \[notes.config\]", log)
    assert re.search(rf"{conf}:: WARNING: notes_max_file_size: expected int, got str; using 1000000 \[notes.config\]", log)
    assert re.search(rf"{conf}:: WARNING: notes_exclude: every entry must be a string", log)
    assert len(note_pages(app.outdir)) == 5


@pytest.mark.sphinx("html", testroot="seeds", confoverrides={"notes_paths": ["notes", "missing", "*.rst"]})
def test_notes_paths_entries_missing_or_matching_nothing(app, warning):
    app.build()
    log = warning.getvalue()
    assert "notes_paths entry 'missing' does not exist" in log
    assert "notes_paths entry '*.rst' matches no note file" in log
    assert len(note_pages(app.outdir)) == 5


@pytest.mark.parametrize("entry", ["notes", "notes/**/*.md"])
def test_links_out_of_the_notes_folders_are_never_notes(tmp_path, entry):
    """A folder walk does not enter linked folders and a glob does, but neither a linked file
    nor a file in a linked folder that leads outside the notes folders is a note."""
    notes, outside = tmp_path / "notes", tmp_path / "outside"
    (notes / "de").mkdir(parents=True)
    outside.mkdir()
    (outside / "secret.md").write_text("---\ntitle: Secret\nlang: de\n---\n\nNot to be published.\n")
    (notes / "de" / "kept.md").write_text("---\ntitle: Kept\nlang: de\n---\n\nBody.\n")
    (notes / "de" / "escape.md").symlink_to(outside / "secret.md")
    (notes / "linked").symlink_to(outside, target_is_directory=True)
    (notes / "de" / "inside.md").symlink_to(notes / "de" / "kept.md")
    listing = find_note_files(tmp_path, [entry], [])
    assert [rel for _, rel in listing.files] == ["de/inside.md", "de/kept.md"]
    refused = sorted(path for path, problem in listing.problems if "outside the notes folders" in problem.message)
    assert {problem.subtype for _, problem in listing.problems} == {NotesWarning.READ}
    walked = [str(notes / "de" / "escape.md")]
    assert refused == (walked if entry == "notes" else sorted([*walked, str(notes / "linked" / "secret.md")]))


@pytest.mark.sphinx("html", testroot="seeds")
def test_an_unforeseen_failure_is_a_warning_and_the_text_is_kept(app, warning, monkeypatch):
    """A bug in rendering one note costs that note its formatting, not the build."""
    from sphinx_notes.sphinx_ext import directives

    def broken_render(body, **kwargs):
        if "002_" in kwargs["source"]:
            raise RecursionError("maximum recursion depth exceeded")
        return real_render(body, **kwargs)

    real_render = directives.render_body
    monkeypatch.setattr(directives, "render_body", broken_render)
    app.build()
    log = warning.getvalue()
    assert re.search(r"002_02bcb9187019d279\.txt:: WARNING: could not build the note \(RecursionError: maximum "
                     r"recursion depth exceeded\); its text is shown as it is \[notes\.unexpected\]", log)
    pages = note_pages(app.outdir)
    assert len(pages) == 5
    german = next(soup for soup in pages.values() if soup.html["lang"] == "de")
    assert german.h1.get_text().rstrip("¶") == "Alibaba Cloud CTO Jingren Zhou"
    assert "lang: de" in german.select_one("pre").get_text()
