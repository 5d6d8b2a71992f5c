"""Tags: the "Tags:" line of a note page, linking the pages of its tags (one per tag and language,
see :meth:`~sphinx_notes.model.catalog.Catalog.tags_in`; read by ``directives.tag_page``).

Tag pages are HTML navigation, not part of a book: they are orphans (in no toctree), so LaTeX,
single-page HTML and the others leave them out, and the line's links are :class:`notes_tag_link`
nodes that only the HTML builders with one file per page write as links; elsewhere the line
names the tags.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from ..model.catalog import Catalog
from .i18n import translate


class notes_tag_link(nodes.Inline, nodes.TextElement):  # noqa: N801
    """A link to a tag page (``target``: its docname), written as a link by page-per-document HTML."""


def tags_line(catalog: Catalog, docname: str, lang: str) -> nodes.paragraph | None:
    """"Tags: tea, craft" in the page's language; None for a note without tags."""
    tags = catalog.tags_of(docname) if docname in catalog.pages else []
    if not tags:
        return None
    line = nodes.paragraph(classes=["notes-tags"])
    line += nodes.Text(translate(lang, "Tags:") + " ")
    for index, tag in enumerate(tags):
        if index:
            line += nodes.Text(", ")
        line += notes_tag_link("", tag.name, target=catalog.tag_page(tag), classes=["notes-tag"])
    return line


def visit_tag_link_html(translator: Any, node: notes_tag_link) -> None:
    builder = translator.builder
    node["notes_linked"] = builder.name != "singlehtml"  # a single page has no tag pages
    if node["notes_linked"]:
        url = builder.get_relative_uri(builder.current_docname, node["target"])
        translator.body.append(translator.starttag(node, "a", "", href=url, CLASS="reference internal"))


def depart_tag_link_html(translator: Any, node: notes_tag_link) -> None:
    if node.get("notes_linked"):
        translator.body.append("</a>")


def children_only(translator: Any, node: nodes.Node) -> None:
    """Formats without tag pages write the tag's name."""


def setup_tags(app: Sphinx) -> None:
    plain = (children_only, children_only)
    app.add_node(notes_tag_link, html=(visit_tag_link_html, depart_tag_link_html), latex=plain, text=plain,
                 man=plain, texinfo=plain)
