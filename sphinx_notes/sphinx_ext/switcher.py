"""The language switcher of a note page and its ``<head>`` alternates.

:func:`page_switcher` is a pure function of the page name and the build (the catalog, the
configuration, the builder's URLs), called from one ``html-page-context`` hook; the
``notes-switcher`` directive and the ``notes-switcher.html`` template show the same HTML where
the user wants it. Only pages that exist are linked: in this output, or in another language's
output through ``notes_url_pattern``. The site's languages that lack the note are listed apart,
labelled, and link to that language's index.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

from ..model.translations import missing_languages, translations, x_default
from .config import notes_config
from .domain import notes_domain
from .i18n import translator
from .outputs import absolute_url, children_only, page_url


@dataclass(frozen=True)
class LanguageLink:
    lang: str
    name: str  #: native language name
    direction: str
    url: str
    title: str | None = None  #: the note's title in that language; None for a language index
    current: bool = False


@dataclass(frozen=True)
class Switcher:
    """What one note page offers: its translations, the languages without it, its alternates."""

    lang: str  #: the page's language, for the switcher's own words
    translations: tuple[LanguageLink, ...]
    absent: tuple[LanguageLink, ...]  #: links to the index of each language without this note
    alternates: tuple[tuple[str, str], ...]  #: (hreflang, absolute URL), ``x-default`` last


def page_switcher(pagename: str, *, config: Config, env: BuildEnvironment, builder: Builder) -> Switcher | None:
    """The switcher of ``pagename``, or None when it is not a note page of this build."""
    domain = notes_domain(env)
    catalog = domain.catalog
    if catalog is None or not catalog.is_built(pagename):
        return None
    urls = {"catalog": catalog, "config": config, "builder": builder}
    links, alternates = [], []
    for t in translations(catalog, pagename, domain.language):
        url = page_url(t.docname, fromdoc=pagename, **urls)
        if url is None:
            continue  # another output's page, but no notes_url_pattern says where
        links.append(LanguageLink(t.lang, t.name, t.direction, url, t.title, t.current))
        absolute = absolute_url(t.docname, **urls)
        if absolute:
            alternates.append((t.lang, absolute))
    if alternates:
        default = absolute_url(x_default(catalog, catalog.pages[pagename].group, config.language), **urls)
        alternates.append(("x-default", default or alternates[0][1]))
    absent = []
    for lang in missing_languages(catalog, pagename):
        url = page_url(catalog.language_index(lang), fromdoc=pagename, **urls)
        if url is not None:
            shown = domain.language(lang)
            absent.append(LanguageLink(lang, shown.name, shown.direction, url))
    return Switcher(catalog.pages[pagename].note.lang, tuple(links), tuple(absent), tuple(alternates))


def _attributes(**values: str | None) -> str:
    return "".join(f' {name.replace("_", "-")}="{escape(value)}"' for name, value in values.items() if value)


def _link(link: LanguageLink) -> str:
    attributes = _attributes(href=link.url, hreflang=link.lang, lang=link.lang, dir=link.direction,
                             title=link.title, aria_current="page" if link.current else None)
    return f"<a{attributes}>{escape(link.name)}</a>"


def switcher_html(switcher: Switcher) -> str:
    """The switcher as HTML: a labelled ``<nav>`` of plain links (no script), every text escaped."""
    if len(switcher.translations) < 2 and not switcher.absent:
        return ""
    _ = translator(switcher.lang)
    # the words outside the f-strings, where the catalog extractor finds them
    label, absent_label = _("Translations"), _("Not translated; notes in:")
    parts = [f'<nav class="notes-switcher" aria-label="{escape(label)}">',
             '<ul class="notes-switcher-translations">']
    for link in switcher.translations:
        current = ' class="notes-switcher-current"' if link.current else ""
        parts.append(f"<li{current}>{_link(link)}</li>")
    parts.append("</ul>")
    if switcher.absent:
        parts.append(f'<p class="notes-switcher-absent"><span class="notes-switcher-label">'
                     f'{escape(absent_label)}</span> ')
        parts.append(", ".join(_link(link) for link in switcher.absent))
        parts.append("</p>")
    parts.append("</nav>\n")
    return "\n".join(parts)


def alternates_html(switcher: Switcher) -> str:
    return "".join(f'<link rel="alternate" hreflang="{escape(lang)}" href="{escape(url)}" />\n'
                   for lang, url in switcher.alternates)


def add_switcher(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """``html-page-context``: the switcher on top of the body, its alternates in ``<head>``, and
    ``notes_switcher`` for templates."""
    switcher = page_switcher(pagename, config=app.config, env=app.env, builder=app.builder)
    if switcher is None:
        return
    html = switcher_html(switcher)
    context["notes_switcher"] = html
    context["metatags"] = context.get("metatags", "") + alternates_html(switcher)
    placed = (doctree is not None and notes_domain(app.env).places_switcher(pagename)
              and doctree.next_node(switcher_placeholder) is not None)
    if notes_config(app).switcher and html and "body" in context and not placed:
        context["body"] = html + context["body"]


class switcher_placeholder(nodes.General, nodes.Element):
    """Where ``notes-switcher`` was used. HTML writes the switcher here; other formats show the
    plain line of links it holds."""


class NotesSwitcherDirective(SphinxDirective):
    """``notes-switcher`` in a note's body places its switcher there (instead of on top)."""

    def run(self) -> list[nodes.Node]:
        from .directives import note_link
        placeholder = switcher_placeholder()
        domain = notes_domain(self.env)
        catalog = domain.catalog
        docname = self.env.docname
        domain.note_placed_switcher(docname)
        if catalog is None or not catalog.is_built(docname):
            return [placeholder]
        line = nodes.paragraph(classes=["notes-switcher"])
        for index, t in enumerate(translations(catalog, docname)):
            if index:
                line += nodes.Text(" · ")
            line += nodes.strong(t.name, t.name) if t.current else note_link(catalog, t.name, t.docname, docname)
        placeholder += line
        return [placeholder]


def visit_switcher_html(translator: Any, node: switcher_placeholder) -> None:
    builder = translator.builder
    switcher = page_switcher(builder.current_docname, config=builder.config, env=builder.env, builder=builder)
    translator.body.append(switcher_html(switcher) if switcher else "")
    raise nodes.SkipNode


def setup_switcher(app: Sphinx) -> None:
    plain = (children_only, children_only)  # the line of links the directive put inside
    app.add_node(switcher_placeholder, html=(visit_switcher_html, None), latex=plain, text=plain, man=plain, texinfo=plain)
    app.add_directive("notes-switcher", NotesSwitcherDirective)
    app.add_css_file("notes-switcher.css")  # in the package static folder (see .config)
    app.connect("html-page-context", add_switcher)
