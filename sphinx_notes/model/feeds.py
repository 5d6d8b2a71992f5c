"""Atom feeds (RFC 4287) from plain data: one feed per language, its newest notes first.

The glue (:mod:`sphinx_notes.sphinx_ext.feeds`) gathers a language's pages from the catalog and
the summary each page recorded when it was read, with absolute URLs; this module only turns
that into XML, with the standard library's ElementTree (which escapes every text and attribute)
and without the characters XML 1.0 cannot hold, so any title or summary gives a feed that parses.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: ``<category scheme>`` of the provenance terms (``translated``, ``generated``) and of model names
PROVENANCE_SCHEME = "urn:sphinx-notes:provenance"
MODEL_SCHEME = "urn:sphinx-notes:model"
#: Longest summary (and social card description), in characters: a first paragraph can be a page long.
SUMMARY_LENGTH = 300
#: The ``<updated>`` of a feed with no entries (Atom requires one; the build's time would change every build).
EPOCH = "1970-01-01"
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class Category:
    term: str
    label: str  #: the term in the feed's language
    scheme: str = PROVENANCE_SCHEME


@dataclass(frozen=True)
class Entry:
    """One note page in its language's feed. Its one link is the page (feed readers take any
    other ``alternate`` for the entry's link: the page's own ``<head>`` names its translations)."""

    title: str
    url: str  #: absolute; also the entry's id
    date: str  #: ISO date, the note's own: published and updated
    summary: str = ""
    categories: tuple[Category, ...] = ()


@dataclass(frozen=True)
class Feed:
    lang: str
    title: str
    url: str  #: the feed's own absolute URL, also its id
    home: str  #: absolute URL of the language's index
    author: str
    generator_version: str
    entries: tuple[Entry, ...] = ()


def rfc3339(date: str) -> str:
    """An ISO date as an RFC 3339 timestamp: midnight UTC (notes have a day, not a time)."""
    return f"{date}T00:00:00Z"


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids (control characters, lone surrogates)."""
    return _NOT_XML.sub("", text)


def summary_text(text: str, limit: int = SUMMARY_LENGTH) -> str:
    """A paragraph's text on one line, cut at a word (or, in scripts without spaces, a character)
    with an ellipsis when longer than ``limit``."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,;:.") + "…"


def _add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: xml_text(v) for k, v in attributes.items() if v})
    if text is not None:
        element.text = xml_text(text)
    return element


def atom_xml(feed: Feed) -> str:
    """The feed as an Atom document, entries in the order given."""
    root = ET.Element("feed", {"xmlns": ATOM, XML_LANG: feed.lang})
    _add(root, "title", feed.title, type="text")
    _add(root, "id", feed.url)
    _add(root, "link", rel="self", type="application/atom+xml", href=feed.url)
    _add(root, "link", rel="alternate", type="text/html", hreflang=feed.lang, href=feed.home)
    _add(root, "updated", rfc3339(max((e.date for e in feed.entries), default=EPOCH)))
    _add(_add(root, "author"), "name", feed.author)
    _add(root, "generator", "sphinx_notes", version=feed.generator_version)
    for entry in feed.entries:
        element = _add(root, "entry")
        _add(element, "title", entry.title, type="text")
        _add(element, "id", entry.url)
        _add(element, "link", rel="alternate", type="text/html", hreflang=feed.lang, href=entry.url)
        _add(element, "published", rfc3339(entry.date))
        _add(element, "updated", rfc3339(entry.date))
        if entry.summary:
            _add(element, "summary", entry.summary, type="text")
        for category in entry.categories:
            _add(element, "category", term=category.term, scheme=category.scheme, label=category.label)
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
