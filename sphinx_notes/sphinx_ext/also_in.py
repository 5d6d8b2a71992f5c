"""A note's other languages as a line in its own language ("Also in: Deutsch, Español"), for
the formats without the HTML language switcher: text, man, Texinfo, LaTeX and single-page HTML.

The line is made where the note is read (its stub is rewritten, and so re-read, when the
note's translations change) as a :class:`notes_also_in` node that page-per-note HTML builders
(html, dirhtml, epub: they show the switcher) leave out. Its links are the usual
cross-references, so LaTeX links inside the PDF and text shows the names alone.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..model.translations import translations
from .domain import notes_domain
from .i18n import translate


class notes_also_in(nodes.General, nodes.Element):  # noqa: N801
    """The line of a note's other languages; HTML builders with a switcher skip it."""


def also_in_line(env: BuildEnvironment, docname: str, lang: str) -> notes_also_in | None:
    """The line for ``docname``, or None when the note has no other language (or places its
    switcher itself: that placeholder shows the same links in these formats)."""
    from .directives import note_link
    domain = notes_domain(env)
    catalog = domain.catalog
    if catalog is None or not catalog.is_built(docname) or domain.places_switcher(docname):
        return None
    others = [t for t in translations(catalog, docname) if not t.current]
    if not others:
        return None
    line = nodes.paragraph(classes=["notes-also-in"])
    line += nodes.Text(translate(lang, "Also in:") + " ")
    for index, other in enumerate(others):
        if index:
            line += nodes.Text(", ")
        line += note_link(catalog, other.name, other.docname, docname)
    return notes_also_in("", line)


def add_also_in(env: BuildEnvironment, section: nodes.section, lang: str) -> None:
    """Put the line under the note's title and provenance line."""
    line = also_in_line(env, env.docname, lang)
    if line is None:
        return
    index = 1
    while index < len(section) and "notes-provenance" in section[index].get("classes", []):
        index += 1
    section.insert(index, line)


def visit_also_in_html(translator: Any, node: notes_also_in) -> None:
    if translator.builder.name != "singlehtml":  # the page's switcher links its translations
        raise nodes.SkipNode


def children_only(translator: Any, node: nodes.Node) -> None:
    pass


def setup_also_in(app: Sphinx) -> None:
    plain = (children_only, children_only)
    app.add_node(notes_also_in, html=(visit_also_in_html, children_only), latex=plain, text=plain, man=plain,
                 texinfo=plain)
