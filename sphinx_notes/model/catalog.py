"""Translation groups and page names: which files are one note, and where each page lives.

The rules, applied in this order (documented in ``docs/grouping.md``):

1. an explicit front-matter key (``translationKey``, ``translation_key`` or ``note_id``);
2. the file name: ``<date>-<slug>-<lang>`` stems (the blog layout) and one folder per language
   (``de/foo.md``, ``fr/foo.md``) both give the key ``<date>-<slug>`` / ``foo``;
3. for files whose names say nothing, a fingerprint of what translation keeps: the link and image
   URLs. Two files in different languages join when they share at least two URLs and half of the
   smaller set.

Within a group one page is made per language. When two files claim one language the original
wins (``translated: false``, outside the blog's ``_posts/`` mirror); a ``_posts/<lang>/`` copy of
an original is folded into it, any other second file is kept under a distinct name and reported.
"""

from __future__ import annotations

import hashlib
import math
import os
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from .languages import url_segment
from .notefile import NoteFile, slugify, tag_key
from .problems import NotesWarning, Problem

#: Name of each language's Sources index page, never given to a note.
SOURCES_PAGE = "sources"
#: Notes listed on one page of a language's index, sources on one page of its Sources index:
#: pages a reader can use (and a browser can render) at any size of the site.
NOTES_PER_PAGE = 100
SOURCES_PER_PAGE = 200
#: Names of the language's own pages (``index``, ``index-2``, ``sources-3``…), never a note's.
_RESERVED = re.compile(r"(index|sources)(-\d+)?")
#: A URL shared by more files than this says nothing about translation (a site's home page).
_COMMON_URL = 50
#: Folder of a language's tag pages (``notes/en/tags/tea``, then ``tags/tea/2``…): a note's
#: page name has no ``/``, so no note and no tag page can take the other's name.
TAGS_FOLDER = "tags"


@dataclass(frozen=True)
class Page:
    """One built page: a note in one language."""

    docname: str
    group: str
    note: NoteFile


@dataclass(frozen=True)
class Group:
    """The translations of one note, one page per language, sorted by language tag."""

    id: str
    docnames: tuple[str, ...]
    original: str | None  #: docname of the original (``translated: false``), if known


@dataclass(frozen=True)
class Tag:
    """One tag in one language: its name as most of its notes spell it, its page name, its
    notes newest first."""

    lang: str
    slug: str
    name: str
    pages: tuple[Page, ...]


def paginate(pages: list[Page]) -> list[list[Page]]:
    """A listing cut into pages of :data:`NOTES_PER_PAGE` notes (one empty page for no notes)."""
    return [pages[i:i + NOTES_PER_PAGE] for i in range(0, len(pages), NOTES_PER_PAGE)] or [[]]


@dataclass
class Catalog:
    """Everything the site knows about its notes before any page is read."""

    root: str  #: docname folder of the generated pages
    pages: dict[str, Page] = field(default_factory=dict)
    groups: dict[str, Group] = field(default_factory=dict)
    #: (file folded into a page, docname of that page): blog mirrors of an original
    folded: list[tuple[NoteFile, str]] = field(default_factory=list)
    #: (path, problem) found while grouping
    problems: list[tuple[str, Problem]] = field(default_factory=list)
    #: languages whose pages this build makes; None: all. A per-language build (one output per
    #: language) still knows every page, so it can link to the pages the other outputs make.
    built: frozenset[str] | None = None

    # Computed once, after build_catalog: every page's sidebar and every index asks for them.
    @cached_property
    def languages(self) -> list[str]:
        """Every language of the notes, whichever output builds it."""
        return sorted(self._by_language)

    @cached_property
    def _by_language(self) -> dict[str, list[Page]]:
        """Each language's pages, newest first, then by title."""
        by_language: dict[str, list[Page]] = defaultdict(list)
        for page in self.pages.values():
            by_language[page.note.lang].append(page)
        for pages in by_language.values():
            pages.sort(key=lambda p: p.note.title.casefold())
            pages.sort(key=lambda p: p.note.date or "", reverse=True)
        return dict(by_language)

    @cached_property
    def page_of_file(self) -> dict[str, Page]:
        """The page each note file is built as, by normalised absolute path."""
        return {os.path.normpath(page.note.path): page for page in self.pages.values()}

    @property
    def built_languages(self) -> list[str]:
        return [lang for lang in self.languages if self.built is None or lang in self.built]

    def is_built(self, docname: str) -> bool:
        """True when ``docname`` is a page of this build (not of another language's output)."""
        page = self.pages.get(docname)
        return page is not None and (self.built is None or page.note.lang in self.built)

    def siblings(self, docname: str) -> list[Page]:
        """The pages of ``docname``'s group, itself included, in language order."""
        group = self.groups[self.pages[docname].group]
        return [self.pages[d] for d in group.docnames]

    def language_index(self, lang: str, number: int = 1) -> str:
        """Page ``number`` of the language's index (the first is ``<lang>/index``)."""
        return f"{self.root}/{url_segment(lang)}/index" + (f"-{number}" if number > 1 else "")

    def listing_pages(self, lang: str) -> list[list[Page]]:
        """The language's pages as its index shows them: :data:`NOTES_PER_PAGE` a page, newest first."""
        return paginate(self._by_language.get(lang, []))

    @cached_property
    def _tags(self) -> dict[str, dict[str, Tag]]:
        """Each language's tags, by :func:`~.notefile.tag_key`. A tag's page name is its ASCII
        slug (a hash of it when it has no ASCII letter), made unique within the language."""
        tags: dict[str, dict[str, Tag]] = {}
        for lang, pages in self._by_language.items():
            tagged: dict[str, list[Page]] = defaultdict(list)
            spellings: dict[str, Counter[str]] = defaultdict(Counter)
            for page in pages:
                for tag in page.note.tags:
                    tagged[tag_key(tag)].append(page)
                    spellings[tag_key(tag)][tag] += 1
            slugs = {key: slugify(key) or "tag-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:8] for key in tagged}
            used: set[str] = set()
            tags[lang] = {}
            for key in sorted(tagged, key=lambda k: (slugs[k], k)):
                slug, n = slugs[key], 1
                while slug in used:
                    n += 1
                    slug = f"{slugs[key]}-{n}"
                used.add(slug)
                tags[lang][key] = Tag(lang, slug, spellings[key].most_common(1)[0][0], tuple(tagged[key]))
        return tags

    def tags_in(self, lang: str) -> list[Tag]:
        """A language's tags, by page name."""
        return sorted(self._tags.get(lang, {}).values(), key=lambda tag: tag.slug)

    def tags_of(self, docname: str) -> list[Tag]:
        """The tags of a note page, in the order its front matter gives them."""
        note = self.pages[docname].note
        in_language = self._tags.get(note.lang, {})
        return [in_language[tag_key(tag)] for tag in note.tags]

    @cached_property
    def _tag_by_slug(self) -> dict[tuple[str, str], Tag]:
        return {(tag.lang, tag.slug): tag for in_language in self._tags.values() for tag in in_language.values()}

    def tag(self, lang: str, slug: str) -> Tag | None:
        return self._tag_by_slug.get((lang, slug))

    def tag_page(self, tag: Tag, number: int = 1) -> str:
        """Page ``number`` of the tag's listing (the first is ``<lang>/tags/<slug>``, then ``…/<slug>/2``)."""
        return f"{self.root}/{url_segment(tag.lang)}/{TAGS_FOLDER}/{tag.slug}" + (f"/{number}" if number > 1 else "")

    def recent(self, lang: str | None, limit: int, prefer: str | None = None) -> list[Page]:
        """The ``limit`` newest notes, newest first: the pages of ``lang``, or with no language
        one page per translation group, in ``prefer`` where the group has that language, else
        its original, else its first language."""
        if lang is not None:
            return self._by_language.get(lang, [])[:limit]
        chosen = []
        for group in self.groups.values():
            pages = [self.pages[docname] for docname in group.docnames]
            chosen.append(next((p for p in pages if prefer and p.note.lang == prefer), None)
                          or (self.pages[group.original] if group.original else pages[0]))
        chosen.sort(key=lambda p: (p.note.title.casefold(), p.docname))
        chosen.sort(key=lambda p: p.note.date or "", reverse=True)
        return chosen[:limit]

    def sources_index(self, lang: str, number: int = 1) -> str:
        """Page ``number`` of the index of every source the notes in ``lang`` cite."""
        return f"{self.root}/{url_segment(lang)}/{SOURCES_PAGE}" + (f"-{number}" if number > 1 else "")

    @cached_property
    def _sources_pages(self) -> dict[str, int]:
        counts = {}
        for lang, pages in self._by_language.items():
            urls = set().union(*(page.note.urls for page in pages))
            counts[lang] = max(1, math.ceil(len(urls) / SOURCES_PER_PAGE))
        return counts

    def sources_page_count(self, lang: str) -> int:
        """How many pages the language's Sources index has, known before any note is read: the
        links the notes hold bound the sources they cite (what is cited is known only after
        reading, so the entries are then spread evenly over these pages)."""
        return self._sources_pages.get(lang, 1)

    def shown_in_listing(self, pages: list[Page]) -> list[tuple]:
        """What a listing shows of its notes (link, title, date, the languages of each): when it
        changes, the page holding the listing must be read again."""
        return [(p.docname, p.note.title, p.note.date, [s.note.lang for s in self.siblings(p.docname)]) for p in pages]

    def pages_in(self, lang: str) -> list[Page]:
        """A language's pages, newest first, then by title."""
        return list(self._by_language.get(lang, ()))


def page_number(docname: str) -> int:
    """Which page of an index ``docname`` is: 2 for ``notes/de/index-2``, ``notes/de/sources-2``
    and ``notes/de/tags/tee/2``, 1 for a first page or a page written by hand."""
    match = re.search(rf"/(?:index|sources)-(\d+)$|/{TAGS_FOLDER}/[^/]+/(\d+)$", docname)
    return int(match.group(1) or match.group(2)) if match else 1


def _rank(note: NoteFile) -> tuple:
    """Sort key putting the original first: ``translated: false``, then outside ``_posts``."""
    return (note.translated is not False, note.mirrored_post, note.translated is None, note.rel, note.path)


def _fingerprint_groups(notes: list[NoteFile]) -> list[list[NoteFile]]:
    """Union files that share their sources, never two files of one language in a group."""
    by_url: dict[str, list[int]] = defaultdict(list)
    for i, note in enumerate(notes):
        for url in note.urls:
            by_url[url].append(i)
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for members in by_url.values():
        if len(members) > _COMMON_URL:
            continue
        for a in range(len(members)):
            for b in range(a + 1, len(members)):
                shared[members[a], members[b]] += 1
    candidates = []
    for (i, j), count in shared.items():
        score = count / min(len(notes[i].urls), len(notes[j].urls))
        if count >= 2 and score >= 0.5 and notes[i].lang != notes[j].lang:
            candidates.append((-score, -count, i, j))
    parent = list(range(len(notes)))
    langs = [{note.lang} for note in notes]

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for _, _, i, j in sorted(candidates):
        ri, rj = find(i), find(j)
        if ri != rj and not (langs[ri] & langs[rj]):
            parent[rj] = ri
            langs[ri] |= langs[rj]
    groups: dict[int, list[NoteFile]] = defaultdict(list)
    for i, note in enumerate(notes):
        groups[find(i)].append(note)
    return list(groups.values())


def _group_slug(key: str | None, members: list[NoteFile]) -> str:
    if key is not None:
        return slugify(key.partition(":")[2]) or "note"
    first = members[0]
    date = f"{first.date}-" if first.date else ""
    for note in members:
        slug = slugify(note.title)
        if slug:
            return date + slug
    return date + (slugify(first.name_stem) or "note")


def build_catalog(notes: list[NoteFile], root: str = "notes") -> Catalog:
    """Group ``notes`` into translation groups and give every page its docname."""
    catalog = Catalog(root=root)
    keyed: dict[str, list[NoteFile]] = defaultdict(list)
    loose = []
    for note in notes:
        (keyed[note.group_key] if note.group_key else loose).append(note)
    raw_groups = [(key, sorted(members, key=_rank)) for key, members in keyed.items()]
    raw_groups += [(None, sorted(members, key=_rank)) for members in _fingerprint_groups(loose)]
    raw_groups.sort(key=lambda kg: (_group_slug(kg[0], kg[1]), kg[1][0].path))

    used: set[str] = set()

    def claim(slug: str) -> str:
        unique, n = slug, 1
        while unique in used or _RESERVED.fullmatch(unique):
            n += 1
            unique = f"{slug}-{n}"
        used.add(unique)
        return unique

    for key, members in raw_groups:
        slug = claim(_group_slug(key, members))
        chosen: dict[str, NoteFile] = {}
        extra: list[NoteFile] = []
        for note in members:
            winner = chosen.get(note.lang)
            if winner is None:
                chosen[note.lang] = note
            elif note.mirrored_post and not winner.mirrored_post:
                catalog.folded.append((note, f"{root}/{url_segment(note.lang)}/{slug}"))
            else:
                extra.append(note)
        _add_group(catalog, slug, list(chosen.values()))
        for note in extra:  # a second file for one note and language: its own page, reported
            own = claim(slug)
            catalog.problems.append((note.path, Problem(NotesWarning.DUPLICATE, f"a second file for note {slug!r} in {note.lang!r} (the first is "
                f"{chosen[note.lang].rel}); built separately as {root}/{url_segment(note.lang)}/{own}", 1)))
            _add_group(catalog, own, [note])
    return catalog


def _add_group(catalog: Catalog, slug: str, members: list[NoteFile]) -> None:
    members.sort(key=lambda n: n.lang)
    docnames = []
    original = None
    for note in members:
        docname = f"{catalog.root}/{url_segment(note.lang)}/{slug}"
        catalog.pages[docname] = Page(docname=docname, group=slug, note=note)
        docnames.append(docname)
        if note.translated is False and original is None:
            original = docname
    catalog.groups[slug] = Group(id=slug, docnames=tuple(docnames), original=original)
