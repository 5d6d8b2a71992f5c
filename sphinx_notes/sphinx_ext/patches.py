"""Every place sphinx_notes reaches into Sphinx, docutils or myst-parser beyond their public API.

Each patch below says why no public way exists and which versions it was checked against:
Sphinx 9.0.x, myst-parser 5.x, docutils 0.22 (and the oldest supported, Sphinx 8.0, myst-parser
4.0, docutils 0.20, where noted). Nothing outside this module assigns to another project's
objects or uses an underscore name of theirs; a new need goes here, with its reason.

Reviewed and public, so not here:

- the package's templates are found through ``templates_path`` (set with the other
  configuration changes in :mod:`.config`), not by adding a loader to the builder's templates;
- ``md.validateLink = …`` (:func:`~sphinx_notes.model.citation_tokens.citation_plugin`) is
  markdown-it's documented way to change which links it accepts (its API documentation shows
  this very assignment).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import search as sphinx_search
from sphinx.application import Sphinx

# --- Sphinx: the browser half of the Snowball stemmers ---------------------------------------

#: Sphinx ships the JavaScript Snowball stemmers (and ``base-stemmer.js``) in this folder of its
#: package, for its own search page, and names it only in a private constant
#: (``sphinx.search._MINIFIED_JS_PATH``). There is no public accessor; the per-language search
#: index serves the same files. Checked: Sphinx 8.0 to 9.0.x.
SPHINX_STEMMER_JS = Path(sphinx_search.__file__).parent / "minified-js"


# --- Sphinx: ``dir`` on the ``<html>`` tag of a note page -------------------------------------

_HTML_TAG = re.compile(r"<html\b[^>]*>", re.I)
_DIR_ATTR = re.compile(r"\sdir=(\"[^\"]*\"|'[^']*'|\S+)", re.I)


def with_direction(html: str, text_direction: str) -> str:
    """``html`` with ``dir`` set on its ``<html>`` tag."""
    def fix(match: re.Match[str]) -> str:
        tag = _DIR_ATTR.sub("", match.group(0))
        return f'{tag[:-1]} dir="{text_direction}">'
    return _HTML_TAG.sub(fix, html, count=1)


def render_with_direction(app: Sphinx) -> None:
    """``builder-inited``: HTML builders render note pages with ``dir`` on ``<html>``.

    Why a patch: ``basic/layout.html`` writes ``<html lang="…">`` outside any block, so no
    template can add an attribute to it, and ``html-page-context`` can change the context and
    the template name but not the rendered text. The builder's ``templates.render`` is wrapped;
    pages whose context has no ``notes_dir`` (set by :mod:`.page_language`) pass unchanged.
    Checked: Sphinx 8.0 to 9.0.x (``StandaloneHTMLBuilder.handle_page`` calls
    ``self.templates.render(templatename, ctx)``).
    """
    templates = getattr(app.builder, "templates", None)
    if app.builder.format != "html" or templates is None:
        return
    render = templates.render

    def render_page(template: str, context: dict[str, Any]) -> str:
        html = render(template, context)
        text_direction = context.get("notes_dir")
        return with_direction(html, text_direction) if text_direction else html

    templates.render = render_page


# --- docutils: messages located in the note file ----------------------------------------------

@contextmanager
def reported_in(document: nodes.document, source: str) -> Iterator[None]:
    """Messages docutils and myst report while a note renders name the note file, not the stub
    page that holds the ``notes-file`` directive (their line numbers already are the note's).

    Why a patch: docutils' ``Reporter`` locates a message with ``get_source_and_line``, an
    attribute its rST state machine sets on the reporter (``RSTState.runtime_init``); there is
    no public way to say "these lines belong to another file" while a nested parser runs. It is
    set for the time a note renders and restored after. Checked: docutils 0.20 to 0.22.
    """
    reporter = document.reporter
    # set by docutils' rST state machine for a directive used by hand; absent when a stub is read
    saved = vars(reporter).get("get_source_and_line"), document["source"]
    reporter.get_source_and_line = lambda line=None: (source, line)
    document["source"] = source
    try:
        yield
    finally:
        if saved[0] is None:
            del reporter.get_source_and_line
        else:
            reporter.get_source_and_line = saved[0]
        document["source"] = saved[1]


# --- myst-parser: a renderer rooted at the note's section -------------------------------------

def root_sections_at(renderer: Any, section: nodes.section) -> None:
    """Make ``section`` (titled with the note's title, level 1) the parent of the body's ``##``
    headings, as if the body had been rendered under that title.

    Why a patch: myst's renderer keeps the open section of each heading level in the private
    ``_level_to_section`` (``{0: document}`` after ``setup_render``); the public
    ``current_node`` option moves where content goes, but headings would still be nested from
    the document. Checked: myst-parser 4.0 to 5.x (``DocutilsRenderer.setup_render``).
    """
    renderer.current_node = section
    renderer._level_to_section = {1: section}


# --- Sphinx: whether conf.py set a value ------------------------------------------------------

def set_by_project(config: Any, name: str) -> bool:
    """Whether ``conf.py`` or ``-D`` set the configuration value ``name``.

    Why a patch: Sphinx computes the defaults of the LaTeX values from other values
    (``latex_engine`` from ``language``, ``latex_use_xindy`` from ``latex_engine``), and
    ``Config`` has no public way to tell a default from a value the project chose (``name in
    config`` is true of every registered value, and reading it returns the computed default).
    The namespace ``conf.py`` left is the private ``Config._raw_config``; ``-D`` values are the
    public ``Config.overrides``. Checked: Sphinx 8.0 to 9.0.x (``Config.__init__`` keeps both;
    ``Config.__getattr__`` falls back to the default only when neither has the name).
    """
    raw = getattr(config, "_raw_config", None) or {}
    return name in raw or name in (getattr(config, "overrides", None) or {})


# --- Sphinx's LaTeX macros and fancyhdr: the main language inside other-language pages ---------

def latex_main_language_lines(main_language: str, main_font: str) -> list[str]:
    """Lines of ``sphinxnotes.sty`` that keep what LaTeX itself writes (page headers, a footnote's
    "page N," mark) in the main language and its font (``main_font``, a font-switch command)
    while the text around it is another language's (:mod:`.latex`).

    Why a patch: neither has a public hook for it. fancyhdr resets its state for each header
    and footer in the internal ``\\f@nch@reset``, the one place that runs inside them whatever
    language the page's text ends in; polyglossia's language is added to it. Sphinx writes
    the mark of a footnote printed on another page with ``\\sphinxthefootnotemark`` (defined in
    ``sphinx.sty``, not among the macros Sphinx documents for customisation), which is
    redefined to set it in the main language. Both are guarded by ``\\ifdefined``/``\\renewcommand``
    so that a change upstream fails loudly or not at all, never silently wrongly. Checked: Sphinx
    8.0 to 9.0.x (``sphinx.sty``), fancyhdr 4.1 (TeX Live 2022), polyglossia 1.59.
    """
    return [
        r"\ifdefined\f@nch@reset\g@addto@macro\f@nch@reset{\setforeignlanguage{%s}\csname captions%s\endcsname}\fi"
        % (main_language, main_language),
        "% a footnote's page, when not the page of its mark, in the main language's font",
        r"\DeclareRobustCommand\notes@footnotepage[1]{{\csname captions%s\endcsname%s"
        r"\ifdefined\pagename\pagename\space\else p. \fi #1, }}" % (main_language, main_font),
        r"\renewcommand\sphinxthefootnotemark[2]{\notes@footnotepage{#2}#1}",
    ]
