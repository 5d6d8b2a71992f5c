"""One site, or one output per language that still link to each other.

A build makes the pages of ``notes_languages`` (all languages when empty) and reaches the pages
of the other languages through ``notes_url_pattern``: ``{lang}`` is the other output's language
folder, ``{path}`` the page's path inside it. A relative pattern is relative to the root of this
output, so ``../{lang}/{path}`` works on ``file://`` as well as on a server.

Every build writes the generated sources of *every* page (so builds sharing a source folder agree
on them and never rewrite each other's), and leaves out the other languages' folders through
``exclude_patterns``, set at ``config-inited`` from configuration alone: the environment's
configuration check then sees the same value at every build.
"""

from __future__ import annotations

import os
import string
from collections.abc import Mapping
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.config import Config
from sphinx.util import logging

from ..model.catalog import Catalog
from ..model.languages import normalize_tag, url_segment
from .domain import notes_domain
from .warnings_ import NotesWarning, warn

#: ``notes_url_pattern`` preset: Read the Docs translation projects, ``/<lang>/<version>/``.
READTHEDOCS = "readthedocs"
PATTERN_FIELDS = frozenset({"lang", "path"})
LOGGER = logging.getLogger(__name__)


def readthedocs_pattern(environ: Mapping[str, str]) -> tuple[str, str] | None:
    """(URL pattern of the sibling projects, this project's language) on Read the Docs, where the
    canonical URL is ``https://host/<lang>/<version>/``; None outside Read the Docs."""
    lang, canonical = environ.get("READTHEDOCS_LANGUAGE"), environ.get("READTHEDOCS_CANONICAL_URL")
    if not lang or not canonical:
        return None
    parts = urlsplit(canonical)
    segments = parts.path.split("/")
    matches = [i for i, segment in enumerate(segments) if segment.lower() == lang.lower()]
    if not matches:
        return None
    escaped = [s.replace("{", "{{").replace("}", "}}") for s in segments]
    escaped[matches[-1]] = "{lang}"
    path = "/".join(escaped)
    base = urlunsplit(parts._replace(path=path if path.endswith("/") else path + "/", query="", fragment=""))
    return base + "{path}", lang


def pattern_problem(pattern: str) -> str | None:
    """Why ``pattern`` cannot be a ``notes_url_pattern``, or None."""
    try:
        fields = {name for _, name, _, _ in string.Formatter().parse(pattern) if name is not None}
    except ValueError as err:
        return f"{pattern!r} is not a valid pattern ({err})"
    if "path" not in fields or fields - PATTERN_FIELDS:
        return f"{pattern!r} must contain {{path}} and may contain {{lang}}, nothing else in braces"
    return None


def excluded_folders(root: str, kept: set[str]) -> list[str]:
    """Glob patterns matching ``<root>/<segment>/…`` for every folder name *not* in ``kept``.

    Sphinx's exclude patterns have no negation, so the complement is spelled out over the
    prefix tree of ``kept``: at each prefix, any other next character, the prefix alone when it
    is not kept, and anything longer after a kept leaf.
    """
    patterns: list[str] = []

    def walk(prefix: str) -> None:
        following = sorted({k[len(prefix)] for k in kept if k.startswith(prefix) and len(k) > len(prefix)})
        if prefix and prefix not in kept:
            patterns.append(f"{root}/{prefix}/**")
        if following:
            chars = "".join(c for c in following if c != "-") + ("-" if "-" in following else "")
            patterns.append(f"{root}/{prefix}[!{chars}]*/**")
            for char in following:
                walk(prefix + char)
        else:
            patterns.append(f"{root}/{prefix}?*/**")

    walk("")
    return patterns


def resolve_outputs(app: Sphinx, config: Config) -> None:
    """``config-inited``: settle which languages this build makes and how it reaches the others."""
    pattern = config.notes_url_pattern
    languages = [tag for tag in (normalize_tag(v) for v in config.notes_languages) if tag]
    if pattern == READTHEDOCS:
        found = readthedocs_pattern(os.environ)
        if found is None:
            LOGGER.info("notes_url_pattern = 'readthedocs' outside Read the Docs: one site for every language")
            pattern = ""
        else:
            pattern = found[0]
            languages = languages or [normalize_tag(found[1]) or found[1]]
    if pattern and (problem := pattern_problem(pattern)):
        warn(NotesWarning.CONFIG, f"notes_url_pattern: {problem}; using ''")
        pattern = ""
    if pattern and not languages:
        languages = [normalize_tag(config.language or "en") or "en"]
    config.notes_url_pattern = pattern
    config.notes_languages = languages
    if languages and config.notes_paths:
        kept = {url_segment(lang) for lang in languages}
        config.exclude_patterns = [*config.exclude_patterns, *excluded_folders(config.notes_output_dir, kept)]


def base_url(config: Config) -> str:
    """Where this output is published: ``html_baseurl``, else Read the Docs' canonical URL."""
    base = config.html_baseurl or os.environ.get("READTHEDOCS_CANONICAL_URL", "")
    return base if not base or base.endswith("/") else base + "/"


def _is_absolute(url: str) -> bool:
    return bool(urlsplit(url).scheme) or url.startswith("/")


def _segment(docname: str, catalog: Catalog) -> str:
    """The language folder of a note page or language index (``notes/de/x`` -> ``de``)."""
    return docname.removeprefix(catalog.root + "/").split("/")[0]


def built_here(docname: str, catalog: Catalog) -> bool:
    return catalog.built is None or _segment(docname, catalog) in {url_segment(tag) for tag in catalog.built}


def other_output_url(docname: str, *, catalog: Catalog, config: Config, builder: Builder) -> str | None:
    """The URL of a page another output builds, relative to that output's root (or absolute)."""
    if not config.notes_url_pattern:
        return None
    return config.notes_url_pattern.format(lang=_segment(docname, catalog), path=builder.get_target_uri(docname))


def page_url(docname: str, *, fromdoc: str, catalog: Catalog, config: Config, builder: Builder) -> str | None:
    """A link from ``fromdoc`` to a note page or language index, in this output or another;
    None when no output has it."""
    if docname == fromdoc:  # Sphinx's relative URI of a page to itself is empty
        return builder.get_target_uri(docname).rsplit("/", 1)[-1] or "./"
    if built_here(docname, catalog):
        return builder.get_relative_uri(fromdoc, docname)
    url = other_output_url(docname, catalog=catalog, config=config, builder=builder)
    if url is None or _is_absolute(url):
        return url
    return "../" * builder.get_target_uri(fromdoc).count("/") + url


def absolute_url(docname: str, *, catalog: Catalog, config: Config, builder: Builder) -> str | None:
    """The absolute URL of a page in this output or another; None without a base URL."""
    base = base_url(config)
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
    app.connect("config-inited", resolve_outputs, priority=200)
    plain = (children_only, children_only)
    app.add_node(other_output_link, html=(visit_other_output_link, depart_other_output_link),
                 latex=plain, text=plain, man=plain, texinfo=plain)
