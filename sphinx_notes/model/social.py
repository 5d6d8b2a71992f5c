"""Social cards: the OpenGraph properties of a note page (https://ogp.me), from plain data.

A card says what the page is in its own language: ``og:locale`` is the note's language in
OpenGraph's ``ll_TT`` form and each other translation is one ``og:locale:alternate``, so a
reader's share shows the page in the language it links to.
"""

from __future__ import annotations

from dataclasses import dataclass

from .feeds import rfc3339


@dataclass(frozen=True)
class SocialCard:
    title: str
    url: str | None  #: absolute; None without a base URL (OpenGraph has no relative URLs)
    description: str
    locale: str  #: ``de_DE``
    alternate_locales: tuple[str, ...]  #: of the note's other translations
    published: str | None  #: ISO date
    site_name: str


def opengraph_properties(card: SocialCard) -> list[tuple[str, str]]:
    """``(property, content)`` pairs, each property once except ``og:locale:alternate``."""
    properties = [("og:title", card.title), ("og:type", "article")]
    if card.url:
        properties.append(("og:url", card.url))
    properties += [("og:site_name", card.site_name), ("og:description", card.description or card.title),
                   ("og:locale", card.locale)]
    properties += [("og:locale:alternate", locale) for locale in dict.fromkeys(card.alternate_locales)
                   if locale != card.locale]
    if card.published:
        properties.append(("article:published_time", rfc3339(card.published)))
    return properties
