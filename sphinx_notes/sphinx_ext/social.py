"""Social cards: OpenGraph properties in the ``<head>`` of every note page, alone or together
with sphinxext-opengraph, each property once.

Alone, the page gets every property of its :class:`~sphinx_notes.model.social.SocialCard`
(``og:url`` only with a base URL) and a ``<meta name="description">`` of the same text.

With ``sphinxext.opengraph`` loaded, that extension keeps what it does for the whole site: its
``html-page-context`` handler (at the default priority, 500) writes ``og:title``, ``og:url``
(from ``ogp_site_url``), ``og:site_name``, images and social cards, ``ogp_custom_meta_tags``, and
writes the page's ``og:*`` metadata fields over its own values, as its documentation says per-page
overrides are given. So this module's handler runs before it (priority 400) and gives it, in a copy
of the page's metadata (the page's own fields still win), the note's ``og:type`` (``article``),
``og:description`` (the summary, not the provenance line it would take from the page) and
``og:locale`` (and ``og:url`` when neither ``ogp_site_url`` nor ``ogp_canonical_url`` is set,
where it would write a relative one); and writes itself only what sphinxext-opengraph never writes:
``og:locale:alternate`` and ``article:published_time``. The ``description`` meta tag is written
before it runs, so it sees one and writes none of its own (none at all with
``ogp_enable_meta_description = False``). A page whose metadata has
``ogp_disable`` gets no property from either.
"""

from __future__ import annotations

from html import escape
from typing import Any

from sphinx.application import Sphinx

from ..model.languages import opengraph_locale
from ..model.social import SocialCard, opengraph_properties
from .domain import notes_domain
from .manifest import URL_BUILDERS
from .outputs import absolute_url, built_here, other_output_url

OPENGRAPH = "sphinxext.opengraph"
#: what sphinxext-opengraph writes from its own settings
WRITTEN_BY_OPENGRAPH = frozenset({"og:title", "og:url", "og:site_name"})
#: what it writes from the page's metadata fields, when they hold it
GIVEN_TO_OPENGRAPH = frozenset({"og:type", "og:description", "og:locale"})


def social_card(app: Sphinx, pagename: str) -> SocialCard | None:
    """The card of a note page of this build; None for any other page."""
    domain = notes_domain(app.env)
    catalog = domain.catalog
    if catalog is None or not catalog.is_built(pagename):
        return None
    urls = {"catalog": catalog, "config": app.config, "builder": app.builder}
    note = catalog.pages[pagename].note
    facts = domain.pages.get(pagename)
    others = [p.note.lang for p in catalog.siblings(pagename) if p.docname != pagename
              and (built_here(p.docname, catalog) or other_output_url(p.docname, **urls) is not None)]
    return SocialCard(title=note.title, url=absolute_url(pagename, **urls),
                      description=(facts.summary if facts else "") or note.title, locale=opengraph_locale(note.lang),
                      alternate_locales=tuple(opengraph_locale(lang) for lang in others), published=note.date,
                      site_name=app.config.project)


def _meta(attribute: str, name: str, content: str) -> str:
    return f'<meta {attribute}="{escape(name)}" content="{escape(content)}" />\n'


def add_social_card(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """``html-page-context``, priority 400 (before sphinxext-opengraph): the note page's card."""
    if app.builder.name not in URL_BUILDERS or "ogp_disable" in (context.get("meta") or {}):
        return
    card = social_card(app, pagename)
    if card is None:
        return
    properties = opengraph_properties(card)
    with_opengraph = OPENGRAPH in app.extensions
    written = [_meta("name", "description", card.description)]
    if with_opengraph and not app.config.ogp_enable_meta_description:
        written = []  # the project asked sphinxext-opengraph for no description tag
    if with_opengraph:
        given = {name: content for name, content in properties if name in GIVEN_TO_OPENGRAPH}
        if card.url and not (app.config.ogp_site_url or app.config.ogp_canonical_url):
            given["og:url"] = card.url  # it would write a relative one: OpenGraph URLs are absolute
        context["meta"] = {**given, **(context.get("meta") or {})}
        properties = [(name, content) for name, content in properties
                      if name not in WRITTEN_BY_OPENGRAPH | GIVEN_TO_OPENGRAPH]
    written += [_meta("property", name, content) for name, content in properties]
    context["metatags"] = context.get("metatags", "") + "".join(written)


def setup_social(app: Sphinx) -> None:
    app.connect("html-page-context", add_social_card, priority=400)
