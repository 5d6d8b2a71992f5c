"""``404.html`` at the root of every HTML output: in each language of the site, in that
language, a link to its notes.

A host serves the page for any missing URL, at any depth (``/notes/de/2020/gone/x.html``), so
none of its URLs may be relative to where it is written. The page is made through
``html-collect-pages`` (with the theme's ``page.html``, like ``genindex``) and its ``<head>``
starts with ``<base href>``: the page's own address, from the base URL (``html_baseurl`` or Read
the Docs'), else root-relative (``/404.html``, right for a site at the root of its host). Every
relative URL the theme writes (stylesheets, scripts, logo, sidebar links) then resolves as on the
page's own address, whatever the theme; the language links are absolute (or root-relative) in
any case. ``dirhtml`` writes the page as ``404/index.html``; it is copied to ``404.html`` too.

sphinx_notes steps aside where the project has a page of its own: with sphinx-notfound-page
loaded (``notfound.extension``), that extension writes the page (with its own absolute URLs,
``notfound_urls_prefix``) and this module only adds the language links to its body; a project
document named ``404`` is left alone.
"""

from __future__ import annotations

import shutil
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from sphinx.application import Sphinx

from .config import notes_config
from .domain import notes_domain
from .i18n import translate, translator
from .manifest import URL_BUILDERS
from .outputs import page_url

PAGENAME = "404"
NOTFOUND_PAGE = "notfound.extension"
#: marks the context of the page made here (other pages named ``404`` are not ours)
_OURS = "notes_not_found"


def joined(base: str, url: str) -> str:
    """``url`` resolved against ``base`` as a browser does, also for a root-relative ``base``
    (where :func:`~urllib.parse.urljoin` turns ``/404.html`` + ``../de/x`` into ``de/x``)."""
    if urlsplit(base).scheme:
        return urljoin(base, url)
    return urljoin("http://host" + base, url).removeprefix("http://host")


def page_base(app: Sphinx, pagename: str) -> str:
    """The address of ``pagename`` the way a browser must resolve its relative URLs: absolute
    with a base URL, else root-relative."""
    return joined(notes_config(app).base_url or "/", app.builder.get_target_uri(pagename))


def language_links(app: Sphinx, pagename: str, base: str) -> str:
    """One line per language of the site, in that language, linking to its notes: absolute URLs
    (or root-relative), resolved against ``base``, the address of the 404 page."""
    domain = notes_domain(app.env)
    catalog = domain.catalog
    urls = {"catalog": catalog, "config": app.config, "builder": app.builder}
    lines = ['<ul class="notes-not-found">']
    for lang in catalog.languages:
        url = page_url(catalog.language_index(lang), fromdoc=pagename, **urls)
        if url is None:
            continue
        _ = translator(lang)
        shown = domain.language(lang)
        message, link = _("There is no page at this address."), _("Go to the notes")
        lines.append(f'<li lang="{escape(lang)}" dir="{shown.direction}"><strong>{escape(shown.name)}</strong> · '
                     f'{escape(message)} <a href="{escape(joined(base, url))}" hreflang="{escape(lang)}">'
                     f'{escape(link)}</a></li>')
    lines.append("</ul>\n")
    return "\n".join(lines)


def _ours_to_make(app: Sphinx) -> bool:
    return (app.builder.name in URL_BUILDERS and notes_domain(app.env).catalog is not None
            and NOTFOUND_PAGE not in app.extensions and PAGENAME not in app.env.found_docs)


def collect_not_found(app: Sphinx) -> list[tuple[str, dict[str, Any], str]]:
    """``html-collect-pages``: the 404 page, unless the project or sphinx-notfound-page has one."""
    if not _ours_to_make(app):
        return []
    title = translate(app.config.language or "en", "Page not found")
    body = f"<h1>{escape(title)}</h1>\n" + language_links(app, PAGENAME, page_base(app, PAGENAME))
    return [(PAGENAME, {"title": title, "body": body, _OURS: True}, "page.html")]


def not_found_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """``html-page-context``: our page's ``<base>`` (first in ``<head>``, before any asset), and
    the language links in sphinx-notfound-page's page."""
    if context.get(_OURS):
        context["metatags"] = (f'<base href="{escape(page_base(app, pagename))}" />\n'
                               '<meta name="robots" content="noindex" />\n' + context.get("metatags", ""))
    elif (NOTFOUND_PAGE in app.extensions and pagename == app.config.notfound_pagename
          and app.builder.name in URL_BUILDERS and notes_domain(app.env).catalog is not None and "body" in context):
        base = notes_config(app).base_url or app.config.notfound_urls_prefix or "/"
        context["body"] += language_links(app, pagename, joined(base, app.builder.get_target_uri(pagename)))


def copy_dirhtml_page(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: ``dirhtml`` wrote ``404/index.html``; hosts look for ``404.html``."""
    if exception is not None or app.builder.name != "dirhtml" or not _ours_to_make(app):
        return
    written = Path(app.builder.get_outfilename(PAGENAME))
    if written.is_file():
        shutil.copyfile(written, Path(app.outdir) / f"{PAGENAME}.html")


def setup_not_found(app: Sphinx) -> None:
    app.connect("html-collect-pages", collect_not_found)
    app.connect("html-page-context", not_found_context)
    app.connect("build-finished", copy_dirhtml_page)
