"""Publish multilingual Markdown notes with Sphinx: one page per note and language."""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"


def setup(app: Any) -> dict[str, Any]:
    from .sphinx_ext.also_in import setup_also_in
    from .sphinx_ext.citations import setup_citations
    from .sphinx_ext.collector import setup_collector
    from .sphinx_ext.config import setup_config
    from .sphinx_ext.dates import setup_dates
    from .sphinx_ext.directives import setup_directives
    from .sphinx_ext.domain import setup_domain
    from .sphinx_ext.ebook import setup_ebook
    from .sphinx_ext.feeds import setup_feeds
    from .sphinx_ext.home import setup_home
    from .sphinx_ext.latex import setup_latex
    from .sphinx_ext.links import setup_links
    from .sphinx_ext.manifest import setup_manifest
    from .sphinx_ext.navigation import setup_navigation
    from .sphinx_ext.not_found import setup_not_found
    from .sphinx_ext.outputs import setup_outputs
    from .sphinx_ext.page_language import setup_page_language
    from .sphinx_ext.page_parser import setup_page_parser
    from .sphinx_ext.pages import setup_pages
    from .sphinx_ext.parallel import setup_parallel
    from .sphinx_ext.search import setup_search
    from .sphinx_ext.social import setup_social
    from .sphinx_ext.status import setup_status
    from .sphinx_ext.switcher import setup_switcher
    from .sphinx_ext.tags import setup_tags
    from .sphinx_ext.writing import setup_writing

    app.setup_extension("myst_parser")
    setup_config(app)
    setup_domain(app)
    setup_pages(app)
    setup_page_parser(app)
    setup_directives(app)
    setup_links(app)
    setup_dates(app)
    setup_tags(app)
    setup_home(app)
    setup_citations(app)
    setup_page_language(app)
    setup_navigation(app)
    setup_outputs(app)
    setup_switcher(app)
    setup_manifest(app)
    setup_feeds(app)
    setup_social(app)
    setup_not_found(app)
    setup_search(app)
    setup_latex(app)
    setup_also_in(app)
    setup_ebook(app)
    setup_parallel(app)
    setup_collector(app)
    setup_status(app)
    setup_writing(app)
    return {"version": __version__, "env_version": 8, "parallel_read_safe": True, "parallel_write_safe": True}

