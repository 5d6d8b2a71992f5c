"""OpenGraph tags of note pages on real builds, alone and with sphinxext-opengraph: each property
once, the page's own locale and one alternate per other translation."""

from __future__ import annotations

import importlib.util
from collections import Counter

import pytest

from sphinx_notes.model.languages import opengraph_locale

from conftest import html_pages, note_pages

BASE = "https://notes.example.org/"
ONCE = ("og:title", "og:type", "og:url", "og:description", "og:locale", "article:published_time")
#: translations of each note page of the test-site root, itself excluded
OTHER_LOCALES = {"notes/en/2025-10-22-tee.html": {"ar_EG", "de_DE", "zh_TW"},
                 "notes/de/2025-10-22-tee.html": {"ar_EG", "en_US", "zh_TW"},
                 "notes/ar/2025-10-22-tee.html": {"de_DE", "en_US", "zh_TW"},
                 "notes/zh-hant/2025-10-22-tee.html": {"ar_EG", "de_DE", "en_US"}}


def properties(soup) -> list[tuple[str, str]]:
    return [(meta["property"], meta["content"]) for meta in soup.head.select("meta[property]")]


def check_note_pages(outdir) -> dict[str, dict[str, str]]:
    """Every note page's card, checked for what every card must hold; returns them by page."""
    cards = {}
    for name, soup in note_pages(outdir).items():
        found = properties(soup)
        counts = Counter(prop for prop, _ in found)
        dated = name != "notes/de/undated.html"
        for prop in ONCE:
            assert counts[prop] == (1 if dated or prop != "article:published_time" else 0), (name, prop, counts)
        card = dict(found)
        assert card["og:type"] == "article"
        assert card["og:url"] == BASE + name
        assert card["og:locale"] == opengraph_locale(soup.html["lang"])
        alternates = {content for prop, content in found if prop == "og:locale:alternate"}
        assert counts["og:locale:alternate"] == len(alternates) == len(OTHER_LOCALES.get(name, ()))
        assert alternates == OTHER_LOCALES.get(name, set())
        assert len(soup.head.select('meta[name="description"]')) == 1
        cards[name] = card
    return cards


@pytest.mark.sphinx("html", testroot="site", srcdir="site-social")
def test_every_note_page_has_one_card(app):
    app.build()
    cards = check_note_pages(app.outdir)
    german = cards["notes/de/2025-10-22-tee.html"]
    assert german["og:title"] == "Tee und Kessel"
    assert german["og:description"] == "Grüner Tee will Wasser mit 80 Grad, nicht kochend."  # not the provenance line
    assert german["og:locale"] == "de_DE"
    assert german["og:site_name"] == "Tea notes"
    assert german["article:published_time"] == "2025-10-22T00:00:00Z"
    assert cards["notes/ar/2025-10-22-tee.html"]["og:locale"] == "ar_EG"
    assert cards["notes/zh-hant/2025-10-22-tee.html"]["og:locale"] == "zh_TW"
    assert cards["notes/en/2025-10-22-tee.html"]["og:title"] == 'Tea & "kettles" <early>'
    # the indexes are not articles
    assert properties(html_pages(app.outdir)["notes/de/index.html"]) == []


@pytest.mark.skipif(importlib.util.find_spec("sphinxext.opengraph") is None, reason="needs sphinxext-opengraph")
@pytest.mark.sphinx("html", testroot="site", srcdir="site-social-ogp", confoverrides={
    "extensions": ["sphinx_notes", "sphinxext.opengraph"], "ogp_site_url": BASE, "ogp_site_name": "Tea site",
    "ogp_image": "https://notes.example.org/card.png",
    "ogp_custom_meta_tags": ['<meta property="fb:app_id" content="42" />']})
def test_with_sphinxext_opengraph_nothing_twice_and_its_settings_apply(app):
    app.build()
    cards = check_note_pages(app.outdir)  # each property once, although both extensions write cards
    german = cards["notes/de/2025-10-22-tee.html"]
    assert german["og:site_name"] == "Tea site"
    assert german["og:image"] == "https://notes.example.org/card.png"
    assert german["fb:app_id"] == "42"
    assert german["og:description"] == "Grüner Tee will Wasser mit 80 Grad, nicht kochend."
    for soup in note_pages(app.outdir).values():
        assert Counter(prop for prop, _ in properties(soup))["og:image"] == 1
    # other pages keep sphinxext-opengraph's own card
    index = dict(properties(html_pages(app.outdir)["notes/de/index.html"]))
    assert index["og:type"] == "website" and "og:locale" not in index


@pytest.mark.skipif(importlib.util.find_spec("sphinxext.opengraph") is None, reason="needs sphinxext-opengraph")
@pytest.mark.sphinx("html", testroot="site", srcdir="site-social-ogp-nosite",
                    confoverrides={"extensions": ["sphinx_notes", "sphinxext.opengraph"]})
def test_with_sphinxext_opengraph_without_its_site_url_og_url_stays_absolute(app):
    app.build()
    check_note_pages(app.outdir)  # og:url from html_baseurl, once


@pytest.mark.sphinx("html", testroot="site", srcdir="site-social-nobase",
                    confoverrides={"html_baseurl": "", "notes_feed_size": 0})
def test_without_base_url_no_og_url(app):
    app.build()
    card = dict(properties(note_pages(app.outdir)["notes/de/2025-10-22-tee.html"]))
    assert "og:url" not in card  # OpenGraph URLs are absolute
    assert card["og:locale"] == "de_DE" and card["og:type"] == "article"


def test_opengraph_locales():
    assert [opengraph_locale(tag) for tag in ("de", "ar", "hi", "zh", "zh-Hant", "zh-Hans", "ja", "pt-BR", "en")] == [
        "de_DE", "ar_EG", "hi_IN", "zh_CN", "zh_TW", "zh_CN", "ja_JP", "pt_BR", "en_US"]
