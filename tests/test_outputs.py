"""Every builder speaks the note's language: LaTeX (and the PDF, where XeLaTeX is installed),
EPUB (checked by epubcheck where installed) and text, from the seeds and a mixed-script root."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from sphinx_notes.model.scripts import Context, parse_charset, script_of, split_runs
from sphinx_notes.sphinx_ext.ebook import with_languages

FONTS = shutil.which("fc-match") is not None
PDF_TOOLS = [tool for tool in ("xelatex", "latexmk", "fc-match") if shutil.which(tool) is None]
EPUBCHECK = Path("/usr/share/java/epubcheck.jar")


def _tex(app) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in Path(app.outdir).glob("*.tex"))


# --- the model ---------------------------------------------------------------------------------

def test_scripts_of_characters():
    assert [script_of(c) for c in "aاक通か한ב1 ,\u0301\ufe0f👉"] == [
        "latin", "arabic", "devanagari", "cjk", "kana", "hangul", "hebrew", "common", "common", "common",
        "mark", "mark", "common"]


def test_parse_charset():
    assert parse_charset("20-22 41") == frozenset({0x20, 0x21, 0x22, 0x41})
    assert parse_charset("not a charset") is None


def test_runs_switch_where_the_font_cannot_set_the_text():
    latin = frozenset(range(0x20, 0x250))
    arabic_font = frozenset(range(0x600, 0x700)) | frozenset(range(0x30, 0x3A)) | {0x20, 0x2E}
    chosen = {"arabic": "arabic", "latin": "latin", "common": "latin", "cjk": "cjksc"}
    choose = lambda char, script: (None if char == "\ue000" else "sym" if ord(char) > 0x1F000  # noqa: E731
                                   else chosen[script])
    english = Context("latin", False, latin.__contains__)
    runs = split_runs("Qwen (通义千问) is كوين 👉\ue000", english, choose)
    assert [(r.text, r.slot, r.rtl) for r in runs] == [
        ("Qwen (", None, False), ("通义千问", "cjksc", False), (") is ", None, False), ("كوين", "arabic", True),
        (" ", None, False), ("👉", "sym", False), ("\ue000", "missing", False)]
    arabic = Context("arabic", True, arabic_font.__contains__)
    runs = split_runs("كوين Alibaba Cloud في 2024 (تقريبًا)", arabic, choose)
    assert [(r.text, r.slot) for r in runs] == [
        ("كوين ", None), ("Alibaba Cloud", "latin"), (" في 2024 ", None), ("(", "latin"), ("تقريبًا", None),
        (")", "latin")]


def test_latex_fonts_option_is_checked_and_frozen():
    from sphinx_notes.model.config import read_config
    from sphinx_notes.model.problems import NotesWarning

    reading = read_config({"notes_latex_fonts": {"arabic": "Amiri", "latin": ["A", "B", "C"]}})
    assert not reading.problems
    assert reading.config.latex_font("arabic") == ("Amiri",) and reading.config.latex_font("latin") == ("A", "B", "C")
    assert reading.config.latex_font("cjksc") is None
    assert reading.config.sphinx_values()["notes_latex_fonts"] == {"arabic": ("Amiri",), "latin": ("A", "B", "C")}
    hash(reading.config)  # frozen all the way down
    bad = read_config({"notes_latex_fonts": {"arabic": ["A", "B", "C", "D"]}})
    assert [p.subtype for p in bad.problems] == [NotesWarning.CONFIG] and bad.config.latex_fonts == ()


def test_book_languages_added_after_the_first():
    opf = "<metadata>\n    <dc:language>en</dc:language>\n    <dc:title>x</dc:title>\n</metadata>"
    fixed = with_languages(opf, ["en", "ar", "hi"])
    assert re.findall(r"<dc:language>(\w+)</dc:language>", fixed) == ["en", "ar", "hi"]
    assert with_languages(fixed, ["en", "ar", "hi"]) == fixed


# --- LaTeX -------------------------------------------------------------------------------------

@pytest.mark.sphinx("latex", testroot="scripts")
def test_latex_languages_and_fonts(app):
    app.build()
    assert app.config.latex_engine == "xelatex" and not app.config.latex_use_xindy
    tex = _tex(app)
    for language in ("arabic", "hindi", "chinese"):
        assert f"\\begin{{otherlanguage}}{{{language}}}" in tex
    assert tex.count("\\begin{otherlanguage}") == tex.count("\\end{otherlanguage}")
    arabic = tex[tex.index("\\begin{otherlanguage}{arabic}"):]
    assert "\\foreignlanguage{english}{Alibaba Cloud}" in arabic  # Latin in Arabic: left to right
    assert "\\foreignlanguage{arabic}{كوين}" in tex  # Arabic in English: right to left
    assert "index of sources" not in tex and "فهرس المصادر" not in tex  # no dangling link words
    assert "Also in:" in tex and "\\hyperref[\\detokenize{notes/ar/" in tex  # other languages, linked
    assert "\\usepackage{sphinxnotes}" in tex and "\\usepackage{sphinxnotesmain}" in tex
    sty = (Path(app.outdir) / "sphinxnotes.sty").read_text(encoding="utf-8")
    assert re.search(r"\\setotherlanguages\{[^}]*arabic[^}]*hindi", sty)
    if FONTS:
        assert re.search(r"\\newfontfamily\\arabicfont\[Script=Arabic", sty)
        assert re.search(r"\\notesfont\{cjksc\}\{rm\}\{通义千问\}", tex)
        assert re.search(r"\\notesfont\{sym\w+\}\{rm\}\{👉\}", tex)
        assert "\\notesmissing{U+E000}" in tex
        assert re.search(r"no installed font has the common characters of these notes \(U\+E000.*"
                         r"\[notes\.latex_font\]", app.warning.getvalue())
    code = tex[tex.index("print"):][:400]
    assert "\\begin{sphinxalltt}" in tex[:tex.index("print")][-600:] and "مرحبا" in code  # a parsed literal


@pytest.mark.sphinx("latex", testroot="scripts", confoverrides={"latex_engine": "lualatex",
                                                                  "latex_use_xindy": True})
def test_latex_engine_of_the_project_wins(app):
    assert app.config.latex_engine == "lualatex" and app.config.latex_use_xindy


@pytest.mark.sphinx("latex", testroot="scripts", confoverrides={"latex_engine": "pdflatex"})
def test_pdflatex_is_warned_about(app):
    app.build()
    assert "latex_engine is 'pdflatex'" in app.warning.getvalue()
    assert "notesfont" not in _tex(app)


@pytest.mark.sphinx("latex", testroot="scripts", confoverrides={"notes_latex_fonts": {"arabic": "DejaVu Sans"},
                                                                  "latex_elements": {"fontpkg": ""}})
def test_fonts_overridden_in_conf(app):
    app.build()
    sty = (Path(app.outdir) / "sphinxnotes.sty").read_text(encoding="utf-8")
    if FONTS and "DejaVu Sans" in subprocess.run(["fc-match", "DejaVu Sans"], capture_output=True, text=True).stdout:
        assert re.search(r"\\newfontfamily\\arabicfont\[[^]]*\]\{DejaVu Sans\}", sty)
    assert "sphinxnotesmain" not in _tex(app)  # the project's fontpkg is kept


def _pdf(app) -> str:
    outdir = Path(app.outdir)
    tex = next(outdir.glob("*.tex"))
    run = subprocess.run(["latexmk", "-pdfxe", "-interaction=nonstopmode", "-halt-on-error", tex.name], cwd=outdir,
                         capture_output=True, text=True, timeout=600)
    log = tex.with_suffix(".log").read_text(encoding="utf-8", errors="replace")
    assert run.returncode == 0 and tex.with_suffix(".pdf").is_file(), log[-3000:]
    return re.sub(r"(?m)^(.{79})\n", r"\1", log)


@pytest.mark.skipif(bool(PDF_TOOLS), reason=f"the PDF needs {', '.join(PDF_TOOLS)} (Debian: texlive-xetex, "
                    "texlive-lang-arabic, texlive-lang-other, latexmk, fonts-noto-core, fonts-noto-cjk; see README)")
@pytest.mark.sphinx("latex", testroot="scripts")
def test_pdf_has_every_character_and_reference(app):
    app.build()
    log = _pdf(app)
    assert re.findall(r"Missing character.*", log) == []
    assert not re.search(r"(Hyper reference|Reference) [`'][^']*' on page \d+ undefined", log)
    assert "There were undefined references" not in log


@pytest.mark.skipif(bool(PDF_TOOLS), reason=f"the PDF needs {', '.join(PDF_TOOLS)}")
@pytest.mark.sphinx("latex", testroot="seeds")
def test_pdf_of_the_seeds(app):
    app.build()
    tex = _tex(app)
    assert "\\begin{otherlanguage}{arabic}" in tex and "\\begin{otherlanguage}{hindi}" in tex
    log = _pdf(app)
    assert re.findall(r"Missing character.*", log) == []
    assert "There were undefined references" not in log


# --- EPUB --------------------------------------------------------------------------------------

@pytest.mark.sphinx("epub", testroot="scripts")
def test_epub_pages_in_their_language(app):
    app.build()
    out = Path(app.outdir)
    expected = {"ar": "rtl", "en": "ltr", "hi": "ltr", "zh": "ltr"}
    for lang, direction in expected.items():
        pages = list((out / "notes" / lang).glob("*.xhtml"))
        assert pages
        for page in pages:
            tag = re.search(r"<html\b[^>]*>", page.read_text(encoding="utf-8")).group(0)
            assert f'lang="{lang}"' in tag and f'xml:lang="{lang}"' in tag and f'dir="{direction}"' in tag, tag
    opf = (out / "content.opf").read_text(encoding="utf-8")
    assert set(re.findall(r"<dc:language>([^<]*)</dc:language>", opf)) >= {"en", "ar", "hi", "zh"}
    book = next(out.glob("*.epub"))
    import zipfile
    with zipfile.ZipFile(book) as z:
        assert "<dc:language>ar</dc:language>" in z.read("content.opf").decode()
    if EPUBCHECK.is_file() and shutil.which("java"):
        run = subprocess.run(["java", "-jar", str(EPUBCHECK), str(book)], capture_output=True, text=True, timeout=600)
        errors = [line for line in (run.stdout + run.stderr).splitlines() if line.startswith(("ERROR", "FATAL"))]
        assert errors == []


# --- text --------------------------------------------------------------------------------------

@pytest.mark.sphinx("text", testroot="seeds")
def test_text_has_no_dangling_words_and_names_the_other_languages(app):
    app.build()
    german = (Path(app.outdir) / "notes" / "de" / "alibaba-cloud-cto-jingren-zhou.txt").read_text(encoding="utf-8")
    assert "Quellenverzeichnis" not in german
    assert re.search(r"Auch auf: العربية, Español, Français, हिन्दी", german)
    arabic = (Path(app.outdir) / "notes" / "ar" / "alibaba-cloud-cto-jingren-zhou.txt").read_text(encoding="utf-8")
    assert "متوفر أيضًا بـ: Deutsch" in arabic


@pytest.mark.sphinx("html", testroot="seeds")
def test_html_keeps_the_switcher_not_the_line(app):
    app.build()
    page = (Path(app.outdir) / "notes" / "de" / "alibaba-cloud-cto-jingren-zhou.html").read_text(encoding="utf-8")
    assert "Auch auf:" not in page and "notes-switcher" in page and "Quellenverzeichnis" in page


@pytest.mark.sphinx("singlehtml", testroot="seeds")
def test_singlehtml_shows_the_line(app):
    app.build()
    page = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    assert "Auch auf:" in page
