"""A home page for a notes site: ``notes-recent`` lists the newest notes in the user's own pages,
and the notes root offers first the language its reader chose last.

``notes-recent`` is used in the user's pages, which Sphinx reads again only when their file
changes. So each page records what its listings showed (per document, in the ``notes`` domain)
and at ``env-get-outdated`` the pages whose listing would now differ are read again: a look at
the catalog per page that uses the directive, where a dependency on every note file would have
Sphinx check 40 000 files for each such page at every build.

The language (``notes-language.js``): a page of one language's notes (a note, its language's
index or a tag page) stores that language in the browser's ``localStorage``; on the notes root the
stored language's entry is moved to the top of the list and marked. Nobody is redirected, and
without JavaScript (or storage) the root is the plain list.
"""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.builders.epub3 import Epub3Builder
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

from ..model.catalog import Catalog
from ..model.languages import normalize_tag, same_language
from .config import notes_config
from .directives import listing_entry
from .domain import notes_domain
from .warnings_ import NotesWarning, warn

SCRIPT = "notes-language.js"
#: Notes ``notes-recent`` lists without ``:limit:``.
DEFAULT_LIMIT = 10


def _shown(catalog: Catalog, lang: str | None, limit: int, page_lang: str) -> list[tuple]:
    """What a listing shows: its notes' links, titles, dates and languages."""
    return catalog.shown_in_listing(catalog.recent(lang, limit, prefer=page_lang))


class NotesRecentDirective(SphinxDirective):
    """``notes-recent`` with ``:lang: de`` and ``:limit: 5``: the five newest German notes, each
    with its date (in the page's language), its title and its other languages. Without
    ``:lang:``, one entry per note in any language: its page in the page's language where it has
    one, else its original."""

    option_spec = {"lang": directives.unchanged_required, "limit": directives.positive_int}

    def run(self) -> list[nodes.Node]:
        domain = notes_domain(self.env)
        catalog = domain.catalog
        location = self.get_location()
        if catalog is None:
            warn(NotesWarning.CONFIG, "notes-recent used but notes_paths finds no notes", location)
            return []
        lang = None
        if "lang" in self.options:
            wanted = normalize_tag(self.options["lang"]) or self.options["lang"]
            lang = next((known for known in catalog.languages if same_language(known, wanted)), None)
            if lang is None:
                warn(NotesWarning.CONFIG, f"notes-recent: no notes in {self.options['lang']!r} (the notes are in "
                     f"{', '.join(catalog.languages) or 'no language'}); nothing listed", location)
                return []
        limit = self.options.get("limit", DEFAULT_LIMIT)
        page_lang = self.config.language or "en"
        here = self.env.docname
        listing = nodes.bullet_list(classes=["notes-recent"])
        for page in catalog.recent(lang, limit, prefer=page_lang):
            listing += nodes.list_item("", listing_entry(catalog, page, here, page_lang, language=lang is None))
        domain.data["recent"].setdefault(here, []).append((lang, limit, page_lang, _shown(catalog, lang, limit, page_lang)))
        return [listing]


def outdated_listings(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
                      removed: set[str]) -> list[str]:
    """``env-get-outdated``: the pages whose ``notes-recent`` listings the notes changed."""
    domain = notes_domain(env)
    catalog = domain.catalog
    stale = []
    for docname, listings in domain.data["recent"].items():
        if docname in removed or docname in changed:
            continue
        if catalog is None or any(_shown(catalog, lang, limit, page_lang) != shown
                                  for lang, limit, page_lang, shown in listings):
            stale.append(docname)
    return stale


def setup_language_script(app: Sphinx) -> None:
    """``builder-inited``: HTML pages (not the e-book's) remember and offer the reader's language."""
    builder = app.builder
    if isinstance(builder, StandaloneHTMLBuilder) and not isinstance(builder, Epub3Builder) and notes_config(app).paths:
        app.add_js_file(SCRIPT)  # in the package static folder (see .config)


def setup_home(app: Sphinx) -> None:
    app.add_directive("notes-recent", NotesRecentDirective)
    app.connect("env-get-outdated", outdated_listings)
    app.connect("builder-inited", setup_language_script)
