"""Links between pages that every builder resolves, and the page links of paginated indexes."""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes


def doc_link(text: str, target: str, fromdoc: str, **attributes: str) -> addnodes.pending_xref:
    """A link to another page that every builder resolves (``:doc:``)."""
    return addnodes.pending_xref("", nodes.inline(text, text), refdomain="std", reftype="doc",
                                 reftarget="/" + target, refexplicit=True, refdoc=fromdoc, **attributes)


def page_links(here: str, targets: list[tuple[str, str]], label: str) -> nodes.paragraph:
    """"Pages: 1 · 2 · 3": a link to each page of a paginated index, the current one in bold."""
    line = nodes.paragraph(classes=["notes-pages"])
    line += nodes.Text(f"{label}: ")
    for position, (target, text) in enumerate(targets):
        if position:
            line += nodes.Text(" · ")
        line += nodes.strong(text, text) if target == here else doc_link(text, target, here)
    return line
