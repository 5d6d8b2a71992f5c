"""Citations: sources keyed by their normalized URL, numbered the same way in every translation.

A *source* is a link definition (``[1]: https://… "Title"``) that the note cites. Its key is
:func:`~.urls.normalize_url` of the URL, so the same page cited with and without
``?utm_source=chatgpt.com`` is one source, whatever label or title each translation gives it.

Numbering rule (documented in ``docs/citations.md``): within a translation group, sources are
numbered by their first citation in the group's original; sources only translations cite come
after, taking the translations in the group's page order (languages sorted by tag) and each in
its own first-citation order. Every page of the group shows the same number for the same source.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from .urls import is_safe_url, normalize_url, url_scheme

#: Schemes whose URLs name a host: ``http:`` without one is malformed.
_HOST_SCHEMES = frozenset({"http", "https", "ftp", "ftps"})


@dataclass(frozen=True)
class Source:
    """One cited source as a page shows it."""

    url: str  #: normalized URL, the key
    title: str  #: title of the definition, or the URL when it has none
    site: str  #: the name the note cites it by (``The Official Board``), else the host name


@dataclass(frozen=True)
class IndexEntry:
    """One line of a Sources index: a source and the pages citing it, in page order."""

    source: Source
    citing: tuple[str, ...]


def host_name(url: str) -> str:
    """``https://www.geekwire.com/2016/…`` -> ``geekwire.com``."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")


def source_url_problem(href: str) -> str | None:
    """Why ``href`` cannot be a source's link, or None when it can."""
    if not href.strip():
        return "the URL is empty"
    if not is_safe_url(href):
        return f"the {url_scheme(href)}: scheme is not allowed"
    try:
        parts = urlsplit(href.strip())
        parts.port  # noqa: B018 - raises ValueError for a malformed port
    except ValueError as err:
        return f"the URL is malformed ({err})"
    if parts.scheme.lower() in _HOST_SCHEMES and not parts.hostname:
        return "the URL has no host"
    if any(ch.isspace() for ch in href.strip()):
        return "the URL contains spaces"
    return None


def make_source(href: str, title: str, cited_as: str, label: str) -> Source:
    """The source a definition describes; ``cited_as`` is the link text of its first citation."""
    url = normalize_url(href)
    site = cited_as.strip() if cited_as.strip() and cited_as.strip() != label.strip() else host_name(url)
    return Source(url=url, title=title.strip() or url, site=site or url)


def group_numbers(original: Sequence[str], translations: Iterable[Sequence[str]]) -> dict[str, int]:
    """Number every URL of a group: the original's order first, then what only translations cite."""
    numbers: dict[str, int] = {}
    for urls in (original, *translations):
        for url in urls:
            numbers.setdefault(url, len(numbers) + 1)
    return numbers


def parity(original: Sequence[str], translation: Sequence[str]) -> tuple[list[str], list[str]]:
    """(URLs the translation lost, URLs it gained) compared with the original, in citation order."""
    kept, own = set(original), set(translation)
    return [u for u in original if u not in own], [u for u in translation if u not in kept]


def parity_message(original_path: str, missing: Sequence[str], extra: Sequence[str]) -> str:
    """The ``citation_parity`` message of a translation of ``original_path`` (see :func:`parity`)."""
    parts = []
    if missing:
        parts.append(f"lost {len(missing)} source(s) its original cites: {', '.join(missing)}")
    if extra:
        parts.append(f"cites {len(extra)} source(s) its original does not: {', '.join(extra)}")
    return f"translation of {original_path} {'; '.join(parts)}"


def sources_index(pages: Mapping[str, Sequence[Source]], order: Sequence[str]) -> list[IndexEntry]:
    """Every distinct source of ``pages`` (docname -> sources) with the pages citing it.

    Entries are sorted by site, then title, then URL (case-insensitive); the citing pages follow
    ``order``. A source's site and title come from the first page in ``order`` citing it.
    """
    rank = {docname: i for i, docname in enumerate(order)}
    first: dict[str, Source] = {}
    citing: dict[str, list[str]] = {}
    for docname in sorted(pages, key=lambda d: (rank.get(d, len(rank)), d)):
        for source in pages[docname]:
            first.setdefault(source.url, source)
            citing.setdefault(source.url, []).append(docname)
    entries = [IndexEntry(first[url], tuple(docs)) for url, docs in citing.items()]
    entries.sort(key=lambda e: (e.source.site.casefold(), e.source.title.casefold(), e.source.url))
    return entries


def source_anchor(url: str) -> str:
    """A stable HTML id for a source on the Sources index page."""
    return "source-" + hashlib.sha1(url.encode("utf-8")).hexdigest()[:10]
