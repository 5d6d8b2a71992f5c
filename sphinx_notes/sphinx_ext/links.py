"""Links between pages that every builder resolves, and the page links of paginated indexes.

A site of notes has hundreds of thousands of links between its pages (listings, the status
matrix, a source's "cited by"). Each is a :class:`pending_link` that :func:`resolve_links` makes
a reference of the builder at ``doctree-resolved``, with one URI per pair of pages: sending them
one by one through Sphinx's generic ``:doc:`` resolver was a measurable share of a build.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import NoUri


class pending_link(nodes.Inline, nodes.TextElement):  # noqa: N801 - docutils node naming
    """A link from page ``fromdoc`` to page ``todoc``, or to its element ``anchor``."""


def doc_link(text: str, target: str, fromdoc: str, anchor: str = "", classes: tuple[str, ...] = ()) -> pending_link:
    """A link to page ``target`` (to its element ``anchor`` if given) that every builder resolves."""
    return pending_link(text, text, fromdoc=fromdoc, todoc=target, anchor=anchor, classes=list(classes))


def page_links(here: str, targets: list[tuple[str, str]], label: str) -> nodes.paragraph:
    """"Pages: 1 · 2 · 3": a link to each page of a paginated index, the current one in bold."""
    line = nodes.paragraph(classes=["notes-pages"])
    line += nodes.Text(f"{label}: ")
    for position, (target, text) in enumerate(targets):
        if position:
            line += nodes.Text(" · ")
        line += nodes.strong(text, text) if target == here else doc_link(text, target, here)
    return line


def resolve_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: each :class:`pending_link` becomes a reference of this builder;
    where the builder has no URI for its page (or it is the page itself), the words stay."""
    uris: dict[tuple[str, str], str | None] = {}
    for node in list(doctree.findall(pending_link)):
        fromdoc, todoc, anchor = node["fromdoc"], node["todoc"], node["anchor"]
        if fromdoc == todoc and anchor:
            reference = nodes.reference("", "", *node.children, internal=True, refid=anchor)
        else:
            if (fromdoc, todoc) not in uris:
                uris[fromdoc, todoc] = None if fromdoc == todoc else _relative_uri(app, fromdoc, todoc)
            uri = uris[fromdoc, todoc]
            if uri is None:
                node.replace_self(nodes.Text(node.astext()))
                continue
            reference = nodes.reference("", "", *node.children, internal=True,
                                        refuri=f"{uri}#{anchor}" if anchor else uri)
        reference["classes"] = node["classes"]
        node.replace_self(reference)


def _relative_uri(app: Sphinx, fromdoc: str, todoc: str) -> str | None:
    if todoc not in app.env.all_docs:
        return None
    try:
        return app.builder.get_relative_uri(fromdoc, todoc)
    except NoUri:
        return None


def setup_links(app: Sphinx) -> None:
    app.add_node(pending_link)
    app.connect("doctree-resolved", resolve_links)
