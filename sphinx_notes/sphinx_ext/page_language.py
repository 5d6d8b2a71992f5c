"""Per-page language in HTML: ``<html lang="…" dir="…">`` from the note, not from the build.

The page's tag goes into the template context as ``language`` (which every usual theme writes
into ``<html lang>``). No theme writes ``dir``, and ``basic/layout.html`` has no block around
the ``<html>`` tag, so the rendered page's opening tag gets ``dir`` added, once, after rendering
(:func:`~.patches.render_with_direction`).
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from .domain import notes_domain
from .patches import render_with_direction


def page_language_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """``html-page-context``: the page's language and direction, when sphinx_notes made it."""
    domain = notes_domain(app.env)
    facts = domain.pages.get(pagename)
    if facts is None:
        return
    context["language"] = facts.lang
    context["notes_lang"] = facts.lang
    context["notes_dir"] = domain.language(facts.lang).direction


def setup_page_language(app: Sphinx) -> None:
    app.connect("html-page-context", page_language_context)
    app.connect("builder-inited", render_with_direction)
