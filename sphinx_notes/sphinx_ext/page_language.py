"""Per-page language in HTML: ``<html lang="…" dir="…">`` from the note, not from the build.

The page's tag goes into the template context as ``language`` (which every usual theme writes
into ``<html lang>``). No theme writes ``dir``, and ``basic/layout.html`` has no block around
the ``<html>`` tag, so the rendered page's opening tag gets ``dir`` added, once, after rendering.
"""

from __future__ import annotations

import re
from typing import Any

from sphinx.application import Sphinx

from .domain import notes_domain

_HTML_TAG = re.compile(r"<html\b[^>]*>", re.I)
_DIR_ATTR = re.compile(r"\sdir=(\"[^\"]*\"|'[^']*'|\S+)", re.I)


def page_language_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """``html-page-context``: the page's language and direction, when sphinx_notes made it."""
    domain = notes_domain(app.env)
    facts = domain.pages.get(pagename)
    if facts is None:
        return
    context["language"] = facts.lang
    context["notes_lang"] = facts.lang
    context["notes_dir"] = domain.language(facts.lang).direction


def with_direction(html: str, text_direction: str) -> str:
    """``html`` with ``dir`` set on its ``<html>`` tag."""
    def fix(match: re.Match[str]) -> str:
        tag = _DIR_ATTR.sub("", match.group(0))
        return f'{tag[:-1]} dir="{text_direction}">'
    return _HTML_TAG.sub(fix, html, count=1)


def wrap_renderer(app: Sphinx) -> None:
    """``builder-inited``: HTML builders render note pages with ``dir`` on ``<html>``."""
    templates = getattr(app.builder, "templates", None)
    if app.builder.format != "html" or templates is None:
        return
    render = templates.render

    def render_with_direction(template: str, context: dict[str, Any]) -> str:
        html = render(template, context)
        text_direction = context.get("notes_dir")
        return with_direction(html, text_direction) if text_direction else html

    templates.render = render_with_direction


def setup_page_language(app: Sphinx) -> None:
    app.connect("html-page-context", page_language_context)
    app.connect("builder-inited", wrap_renderer)
