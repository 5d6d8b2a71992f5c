"""One site, or one output per language that still link to each other.

A build makes the pages of ``notes_languages`` (all languages when empty) and reaches the pages
of the other languages through ``notes_url_pattern``: ``{lang}`` is the other output's language
folder, ``{path}`` the page's path inside it. A relative pattern is relative to the root of this
output, so ``../{lang}/{path}`` works on ``file://`` as well as on a server.

Every build writes the generated sources of *every* page (so builds sharing a source folder agree
on them and never rewrite each other's), and leaves out the other languages' folders through
``exclude_patterns``, set at ``config-inited`` from configuration alone (see :mod:`.config`): the
environment's configuration check then sees the same value at every build.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin, urlsplit

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.config import Config

from ..model.catalog import Catalog
from ..model.languages import url_segment
from ..model.urls import is_absolute
from .config import notes_config
from .domain import notes_domain


def _segment(docname: str, catalog: Catalog) -> str:
    """The language folder of a note page or language index (``notes/de/x`` -> ``de``)."""
    return docname.removeprefix(catalog.root + "/").split("/")[0]


def built_here(docname: str, catalog: Catalog) -> bool:
    return catalog.built is None or _segment(docname, catalog) in {url_segment(tag) for tag in catalog.built}


def other_output_url(docname: str, *, catalog: Catalog, config: Config, builder: Builder) -> str | None:
    """The URL of a page another output builds, relative to that output's root (or absolute)."""
    pattern = notes_config(config).url_pattern
    if not pattern:
        return None
    return pattern.format(lang=_segment(docname, catalog), path=builder.get_target_uri(docname))


def page_url(docname: str, *, fromdoc: str, catalog: Catalog, config: Config, builder: Builder) -> str | None:
    """A link from ``fromdoc`` to a note page or language index, in this output or another;
    None when no output has it."""
    if docname == fromdoc:  # Sphinx's relative URI of a page to itself is empty
        return builder.get_target_uri(docname).rsplit("/", 1)[-1] or "./"
    if built_here(docname, catalog):
        return builder.get_relative_uri(fromdoc, docname)
    url = other_output_url(docname, catalog=catalog, config=config, builder=builder)
    if url is None or is_absolute(url) or url.startswith("/"):  # not relative to this output
        return url
    return "../" * builder.get_target_uri(fromdoc).count("/") + url


def absolute_url(docname: str, *, catalog: Catalog, config: Config, builder: Builder) -> str | None:
    """The absolute URL of a page in this output or another; None without a base URL."""
    base = notes_config(config).base_url
    url = builder.get_target_uri(docname) if built_here(docname, catalog) else other_output_url(
        docname, catalog=catalog, config=config, builder=builder)
    if url is None or (not base and not urlsplit(url).scheme):
        return None
    return urljoin(base, url)


class other_output_link(nodes.Inline, nodes.TextElement):
    """A link to a page another output builds; its URL depends on the builder, so HTML writes it
    when the page is written and other formats show the text alone."""


def visit_other_output_link(translator: Any, node: other_output_link) -> None:
    builder = translator.builder
    catalog = notes_domain(builder.env).catalog
    url = page_url(node["target"], fromdoc=builder.current_docname, catalog=catalog, config=builder.config,
                   builder=builder) if catalog is not None else None
    node["notes_url"] = url
    if url:
        translator.body.append(translator.starttag(node, "a", "", href=url, CLASS="reference external notes-other-output"))


def depart_other_output_link(translator: Any, node: other_output_link) -> None:
    if node.get("notes_url"):
        translator.body.append("</a>")


def children_only(translator: Any, node: nodes.Node) -> None:
    """Visitor for formats without these links: the node's children are written as they are."""


def setup_outputs(app: Sphinx) -> None:
    plain = (children_only, children_only)
    app.add_node(other_output_link, html=(visit_other_output_link, depart_other_output_link),
                 latex=plain, text=plain, man=plain, texinfo=plain)
