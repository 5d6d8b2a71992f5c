"""Where the notes sit in the site: under the root document, with a sidebar that stays flat.

The notes root is put in the root document's toctree (hidden) unless the user placed it
themselves, so ``sphinx-build -W`` needs nothing beyond ``notes_paths``. Under the default theme
a note page's sidebar would render the whole global toctree, a cost that grows with the number
of notes on every page; note pages get a lean sidebar instead, unless ``html_sidebars`` is set
(:data:`~.config.LEAN_SIDEBAR`, set with the other configuration changes in :mod:`.config`).
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx

from .directives import hidden_toctree
from .domain import notes_domain
from .i18n import translate


def link_notes_root(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read`` of the root document: a hidden toctree entry for the notes root."""
    env = app.env
    catalog = notes_domain(env).catalog
    if catalog is None or env.docname != app.config.root_doc:
        return
    root = f"{catalog.root}/index"
    if any(root in toctree["includefiles"] for toctree in doctree.findall(addnodes.toctree)):
        return
    doctree += hidden_toctree(env.docname, [root])


def languages_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """``html-page-context``: the languages for ``notes-languages.html``, as (name, url) pairs."""
    domain = notes_domain(app.env)
    catalog = domain.catalog
    if catalog is None:
        return
    from .outputs import page_url
    facts = domain.pages.get(pagename)
    context["notes_label"] = translate(facts.lang if facts else app.config.language or "en", "Notes")
    context["notes_root_url"] = context["pathto"](f"{catalog.root}/index")
    links = [(lang, page_url(catalog.language_index(lang), fromdoc=pagename, catalog=catalog,
                             config=app.config, builder=app.builder)) for lang in catalog.languages]
    context["notes_languages"] = [(lang, domain.language(lang).name, url) for lang, url in links if url]


def setup_navigation(app: Sphinx) -> None:
    app.connect("doctree-read", link_notes_root, priority=400)  # before the toctree collector
    app.connect("html-page-context", languages_context)
