"""Words sphinx_notes adds to pages, in the language of the page (not of the whole build).

Sphinx's own translator follows the project's ``language``; a note page in Arabic inside an
English site still needs Arabic words, so catalogs are looked up per page language, with the
standard library's :func:`gettext.translation`. The catalogs are the package's compiled
``locale/<lang>/LC_MESSAGES/sphinx_notes.mo`` files, made from the translators' ``.po``
files beside them; ``locale/sphinx_notes.pot`` is extracted from the code. After changing a
word in the code (see ``docs/architecture.md``)::

    pybabel extract -F babel.cfg -k translate:2 --no-location --sort-output -o sphinx_notes/locale/sphinx_notes.pot .
    pybabel update -i sphinx_notes/locale/sphinx_notes.pot -d sphinx_notes/locale -D sphinx_notes
    pybabel compile -d sphinx_notes/locale -D sphinx_notes

``tests/test_catalogs.py`` fails while the template, the translations and the compiled
catalogs disagree.
"""

from __future__ import annotations

import functools
import gettext
from collections.abc import Callable
from pathlib import Path

from ..model.languages import locale_name, primary_subtag

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "sphinx_notes"


@functools.lru_cache(maxsize=64)
def translator(lang: str | None) -> Callable[[str], str]:
    """``gettext`` for one BCP-47 tag: ``zh-Hant`` looks in ``zh_Hant``, then ``zh``."""
    if not lang:
        return str
    folders = list(dict.fromkeys((locale_name(lang), primary_subtag(lang))))
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=folders, fallback=True).gettext


def translate(lang: str | None, message: str) -> str:
    """``message`` in ``lang`` (``translator(lang)(message)``, in a form the extractor finds)."""
    return translator(lang)(message)
