"""The ``notes`` domain: the catalog of this build and what each read page recorded.

``catalog`` is recomputed from the note files at every ``builder-inited`` (see :mod:`.pages`)
and is never pickled; ``pages``, ``languages_read``, ``sources``, ``placed_switchers`` and
``recent`` (what each ``notes-recent`` listing showed, see :mod:`.home`) hold
per-document facts written by the directives while reading, so they follow the usual
``clear_doc``/``merge_domaindata`` life cycle of parallel and incremental builds. ``numbers``
and ``sources_index`` (see :mod:`.citations`) and ``languages`` are computed from them after
reading.

Language names and directions are looked up in CLDR where a page is read and collected into
``languages`` at ``env-updated``, so that writing needs no CLDR data: with ``-j`` that data
(several MiB for a site's languages) would otherwise be loaded into the main process and into
every writer forked from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment

from ..model.catalog import Catalog
from ..model.languages import Language, describe


@dataclass(frozen=True)
class PageFacts:
    """What a page read by ``notes-file`` or ``notes-index`` declares about itself."""

    lang: str
    title: str
    source: str | None = None  #: the note file, for note pages
    date: str | None = None
    translated: bool | None = None
    generated: bool | None = None
    model: str | None = None
    #: the note's first paragraph as text, shortened: its feed entry's summary and social card description
    summary: str = ""


class ThisBuildOnly:
    """Holds a value that pickling drops: the environment saved to disk and the environments
    ``-j`` workers send back to the main process carry an empty holder, not the value.

    The catalog is rebuilt at every ``builder-inited`` and workers are forked with it, so
    pickling it (once per batch of read documents with ``-j``) would be pure cost.
    """

    __slots__ = ("value",)

    def __init__(self, value: Any = None) -> None:
        self.value = value

    def __reduce__(self) -> tuple:
        return (ThisBuildOnly, ())


class NotesDomain(Domain):
    name = "notes"
    label = "Notes"
    initial_data: dict[str, Any] = {"catalog": ThisBuildOnly(), "pages": {}, "languages_read": {}, "sources": {},
                                    "placed_switchers": {}, "numbers": {}, "placements": {}, "sources_index": {},
                                    "source_pages": {}, "languages": {}, "recent": {}}
    data_version = 8
    #: data keyed by docname, written while reading that document
    per_document = ("pages", "languages_read", "sources", "placed_switchers", "recent")
    #: data computed from the per-document data after reading
    derived = ("numbers", "placements", "sources_index", "source_pages")

    @property
    def catalog(self) -> Catalog | None:
        return self.data["catalog"].value

    @catalog.setter
    def catalog(self, value: Catalog | None) -> None:
        self.data["catalog"] = ThisBuildOnly(value)

    @property
    def pages(self) -> dict[str, PageFacts]:
        return self.data["pages"]

    def note_page(self, docname: str, facts: PageFacts) -> None:
        self.pages[docname] = facts
        self.data["languages_read"][docname] = describe(facts.lang)

    def collect_languages(self) -> None:
        """After reading: every read page's :class:`Language`, by tag."""
        self.data["languages"] = {language.tag: language for language in self.data["languages_read"].values()}

    def language(self, tag: str) -> Language:
        """How ``tag`` is shown, without CLDR when a page in it was read (a language only
        another output has, in a per-language build, is looked up)."""
        return self.data["languages"].get(tag) or describe(tag)

    def note_placed_switcher(self, docname: str) -> None:
        """``docname`` uses ``notes-switcher``, so writers look for the placeholder in its doctree
        (and only in its doctree: a walk of every page costs the writers more than it finds)."""
        self.data["placed_switchers"][docname] = True

    def places_switcher(self, docname: str) -> bool:
        return docname in self.data["placed_switchers"]

    def clear_doc(self, docname: str) -> None:
        for key in self.per_document:
            self.data[key].pop(docname, None)

    def forget_documents(self) -> None:
        """Empty the per-document and derived data (in a forked reader, see :mod:`.parallel`)."""
        for key in (*self.per_document, *self.derived):
            self.data[key] = {}

    def merge_domaindata(self, docnames: set[str], otherdata: dict[str, Any]) -> None:
        for key in self.per_document:
            for docname, value in otherdata[key].items():
                if docname in docnames:
                    self.data[key][docname] = value

    def resolve_any_xref(self, *args: Any) -> list:
        return []


def notes_domain(env: BuildEnvironment) -> NotesDomain:
    return env.get_domain("notes")  # type: ignore[return-value]


def collect_languages(app, env: BuildEnvironment) -> None:
    notes_domain(env).collect_languages()


def setup_domain(app) -> None:
    app.add_domain(NotesDomain)
    app.connect("env-updated", collect_languages)
