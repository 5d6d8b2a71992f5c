"""Words sphinx_notes adds to pages, in the language of the page (not of the whole build).

Sphinx's own translator follows the project's ``language``; a note page in Arabic inside an
English site still needs Arabic words, so catalogs are looked up per page language. The
catalogs are gettext ``.po`` files in ``sphinx_notes/locale/<lang>/LC_MESSAGES/``, read with
Babel (a Sphinx dependency), so there is no compiled ``.mo`` file to keep in step.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "sphinx_notes"


@functools.lru_cache(maxsize=64)
def _messages(folder: str) -> dict[str, str]:
    path = LOCALE_DIR / folder / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not path.is_file():
        return {}
    with path.open("rb") as handle:
        catalog = read_po(handle)
    return {m.id: m.string for m in catalog if m.id and isinstance(m.id, str) and m.string and not m.fuzzy}


@functools.lru_cache(maxsize=64)
def translator(lang: str | None) -> Callable[[str], str]:
    """``gettext`` for one BCP-47 tag: ``zh-Hant`` looks in ``zh_Hant``, then ``zh``."""
    if not lang:
        return str
    tag = lang.replace("-", "_")
    for folder in dict.fromkeys((tag, tag.split("_")[0])):
        messages = _messages(folder)
        if messages:
            return lambda text, _m=messages: _m.get(text, text)
    return str
