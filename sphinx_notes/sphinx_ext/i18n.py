"""Words sphinx_notes adds to pages, in the language of the page (not of the whole build).

Sphinx's own translator follows the project's ``language``; a note page in Arabic inside an
English site still needs Arabic words, so catalogs are looked up per page language.
"""

from __future__ import annotations

import functools
import gettext
from collections.abc import Callable
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "sphinx_notes"


@functools.lru_cache(maxsize=64)
def translator(lang: str | None) -> Callable[[str], str]:
    """``gettext`` for one BCP-47 tag (``zh-Hant`` looks in ``zh_Hant``, then ``zh``)."""
    if not lang:
        return str
    tag = lang.replace("-", "_")
    candidates = [tag, tag.split("_")[0]]
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=candidates, fallback=True).gettext
