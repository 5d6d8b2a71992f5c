"""``notes-translations.json`` in every HTML output, and ``sitemap.xml`` with alternates on request.

Both come from the same catalog and URL functions as the switcher, so other tools (a search
page, a sibling site, a crawler) see exactly the translations the pages link to.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.config import Config
from sphinx.environment import BuildEnvironment

from .. import __version__
from ..model.translations import x_default
from .config import notes_config
from .domain import notes_domain
from .outputs import absolute_url, built_here, other_output_url
from .warnings_ import NotesWarning, warn

MANIFEST = "notes-translations.json"
SITEMAP = "sitemap.xml"
#: Builders whose pages have one URL each (``singlehtml`` and ``epub`` have no such URLs).
URL_BUILDERS = ("html", "dirhtml")


def _url(docname: str, *, catalog, config: Config, builder: Builder) -> str | None:
    """A URL relative to the root of this output (or absolute, for another output)."""
    if built_here(docname, catalog):
        return builder.get_target_uri(docname)
    return other_output_url(docname, catalog=catalog, config=config, builder=builder)


def translations_manifest(*, config: Config, env: BuildEnvironment, builder: Builder) -> dict[str, Any]:
    """group -> language -> {url, absolute_url, title, date, …}; URLs relative to this output's root."""
    domain = notes_domain(env)
    catalog = domain.catalog
    urls = {"catalog": catalog, "config": config, "builder": builder}
    groups: dict[str, Any] = {}
    for group in catalog.groups.values() if catalog else ():
        members = {}
        for docname in group.docnames:
            url = _url(docname, **urls)
            if url is None:
                continue
            note = catalog.pages[docname].note
            members[note.lang] = {
                "url": url, "absolute_url": absolute_url(docname, **urls), "title": note.title,
                "date": note.date, "translated": note.translated, "generated": note.generated,
                "model": note.model, "in_this_output": catalog.is_built(docname),
            }
        default = x_default(catalog, group.id, config.language)
        groups[group.id] = {"original": catalog.pages[group.original].note.lang if group.original else None,
                            "x_default": catalog.pages[default].note.lang, "translations": members}
    languages = {}
    for lang in catalog.languages if catalog else ():
        shown = domain.language(lang)
        languages[lang] = {"name": shown.name, "dir": shown.direction, "index": _url(catalog.language_index(lang), **urls)}
    return {"generator": f"sphinx_notes {__version__}", "version": 1, "base_url": notes_config(config).base_url or None,
            "languages_in_this_output": catalog.built_languages if catalog else [],
            "languages": languages, "groups": groups}


def manifest_json(manifest: dict[str, Any]) -> str:
    """JSON that is also safe inside an HTML ``<script>``: ``<``, ``>`` and ``&`` as escapes.
    Not indented: only then does ``json`` use its C encoder (10 000 pages: 1 s less a build)."""
    text = json.dumps(manifest, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") + "\n"


def sitemap_xml(*, config: Config, env: BuildEnvironment, builder: Builder) -> str:
    """Every page of this output, note pages with ``xhtml:link`` alternates to their translations."""
    base = notes_config(config).base_url
    catalog = notes_domain(env).catalog
    urls = {"catalog": catalog, "config": config, "builder": builder}
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    for docname in sorted(env.found_docs):
        lines.append(f"  <url><loc>{xml_escape(base + builder.get_target_uri(docname))}</loc>")
        if catalog is not None and catalog.is_built(docname):
            page = catalog.pages[docname]
            alternates = [(p.note.lang, absolute_url(p.docname, **urls)) for p in catalog.siblings(docname)]
            default = absolute_url(x_default(catalog, page.group, config.language), **urls)
            for lang, url in [*alternates, ("x-default", default)]:
                if url:
                    lines.append(f'    <xhtml:link rel="alternate" hreflang={quoteattr(lang)} href={quoteattr(url)}/>')
        lines.append("  </url>")
    lines.append("</urlset>\n")
    return "\n".join(lines)


def write_manifest(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: the manifest, and the sitemap when ``notes_sitemap`` is on."""
    if exception is not None or app.builder.name not in URL_BUILDERS or notes_domain(app.env).catalog is None:
        return
    outdir = Path(app.outdir)
    args = {"config": app.config, "env": app.env, "builder": app.builder}
    (outdir / MANIFEST).write_text(manifest_json(translations_manifest(**args)), encoding="utf-8")
    if notes_config(app).sitemap:
        if notes_config(app).base_url:
            (outdir / SITEMAP).write_text(sitemap_xml(**args), encoding="utf-8")
        else:
            warn(NotesWarning.CONFIG, "notes_sitemap needs html_baseurl (a sitemap lists absolute URLs); no sitemap written")


def setup_manifest(app: Sphinx) -> None:
    app.connect("build-finished", write_manifest)
