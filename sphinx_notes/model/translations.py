"""A page's translations: what the switcher, the ``<head>`` alternates, the manifest and the
sitemap all say about one note, computed from the :class:`~.catalog.Catalog` alone so that they
cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from .catalog import Catalog
from .languages import Language, describe, same_language


@dataclass(frozen=True)
class Translation:
    """One existing page of a note, seen from one of the note's pages."""

    lang: str
    name: str  #: native language name
    direction: str  #: ``ltr`` or ``rtl``
    docname: str
    title: str
    date: str | None
    current: bool  #: the page it is seen from


def translations(catalog: Catalog, docname: str, language: Callable[[str], Language] = describe) -> list[Translation]:
    """The pages of ``docname``'s note, itself included (``current``), in language-tag order;
    ``language`` names each language (CLDR unless the caller already knows the names)."""
    pages = catalog.siblings(docname)
    languages = [language(p.note.lang) for p in pages]
    return [Translation(lang=p.note.lang, name=lang.name, direction=lang.direction, docname=p.docname,
                        title=p.note.title, date=p.note.date, current=p.docname == docname)
            for p, lang in zip(pages, languages)]


def missing_languages(catalog: Catalog, docname: str) -> list[str]:
    """The site's languages this note has no page in."""
    present = {p.note.lang for p in catalog.siblings(docname)}
    return [lang for lang in catalog.languages if lang not in present]


def x_default(catalog: Catalog, group_id: str, preferred: str | None) -> str:
    """The page for readers whose language has none: the original (``translated: false``),
    else the page in ``preferred`` (the project's ``language``), else the first by tag."""
    group = catalog.groups[group_id]
    if group.original is not None:
        return group.original
    for docname in group.docnames:
        if preferred and same_language(catalog.pages[docname].note.lang, preferred):
            return docname
    return group.docnames[0]
