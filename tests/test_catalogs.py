"""The UI-word catalogs: the template is what the code says, every translation has its words,
and the compiled ``.mo`` files shipped in the package say what the ``.po`` files say."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from sphinx_notes.sphinx_ext.i18n import DOMAIN, LOCALE_DIR, translate, translator

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"
CATALOGS = sorted(LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
FIX = ("pybabel extract -F babel.cfg -k translate:2 --no-location --sort-output -o sphinx_notes/locale/sphinx_notes.pot . "
       "&& pybabel update -i sphinx_notes/locale/sphinx_notes.pot -d sphinx_notes/locale -D sphinx_notes "
       "&& pybabel compile -d sphinx_notes/locale -D sphinx_notes")


def _read(path: Path, reader=read_po):
    with path.open("rb") as stream:
        return reader(stream)


def _translated(catalog) -> dict[str, str]:
    return {m.id: m.string for m in catalog if m.id and m.string and not m.fuzzy}


def test_there_are_catalogs():
    assert {p.parent.parent.name for p in CATALOGS} >= {"ar", "de", "en", "es", "fr", "hi", "ja", "zh", "zh_Hant"}


@pytest.mark.skipif(not (ROOT / "babel.cfg").is_file(), reason="the source tree is not here")
def test_template_holds_what_the_code_says():
    keywords = dict(DEFAULT_KEYWORDS, translate=(2,))
    extracted = {message for _, _, message, _, _ in
                 extract_from_dir(ROOT, [("sphinx_notes/**.py", "python")], keywords=keywords)}
    assert extracted == {m.id for m in _read(TEMPLATE) if m.id}, f"the template is stale; run: {FIX}"


@pytest.mark.parametrize("po", CATALOGS, ids=lambda p: p.parent.parent.name)
def test_every_translation_has_the_template_words(po):
    assert {m.id for m in _read(po) if m.id} == {m.id for m in _read(TEMPLATE) if m.id}, f"run: {FIX}"


@pytest.mark.parametrize("po", CATALOGS, ids=lambda p: p.parent.parent.name)
def test_compiled_catalog_is_current(po):
    mo = po.with_suffix(".mo")
    assert mo.is_file(), f"{mo} is missing; run: {FIX}"
    assert _translated(_read(mo, read_mo)) == _translated(_read(po)), f"{mo} is stale; run: {FIX}"


def test_words_follow_the_page_language():
    assert translate("de", "Sources") == "Quellen"
    assert translator("zh-Hant")("Sources") != translator("zh")("Sources")  # zh_Hant before zh
    assert translate("zh-Hans", "Sources") == translate("zh", "Sources")  # the language's catalog
    assert translate("en", "Sources") == "Sources" == translate("tlh", "Sources") == translate(None, "Sources")


@pytest.mark.sphinx("html", testroot="seeds")
def test_sidebar_words_are_in_the_page_language(app):
    """The lean sidebar of a note page says "Notes" in the page's language, not the build's."""
    from bs4 import BeautifulSoup

    app.build()
    for lang in ("ar", "de"):
        page = next((app.outdir / "notes" / lang).glob("*alibaba*.html"))
        heading = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one("nav.notes-languages h3")
        assert heading is not None and heading.get_text(strip=True) == translate(lang, "Notes") != "Notes"
