"""Translation status: for every page, whether it is the original, a current or outdated
translation, or unknown; for every note, the languages it lacks.

The rules, in this order (documented in ``docs/status.md``):

1. the original of a group is its ``translated: false`` file; failing that, the one file of the
   group not marked ``translated: true``; a group with neither has no known original and every
   page of it is ``unknown``;
2. a translation whose front matter has ``translated_from`` is *current* when that names the
   SHA-256 of the original's present body (:func:`.notefile.body_digest`), *outdated* otherwise;
3. else git: *outdated* when the original's body was committed after the translation's last
   commit, *current* otherwise; *unknown* when the history is unavailable (no git, a shallow
   clone) or either file was never committed.

Everything here is known before any page is read: the notes' front matter and git.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .catalog import NOTES_PER_PAGE, Catalog, Group
from .history import History, read_history, unavailable
from .problems import NotesWarning, Problem

ORIGINAL, CURRENT, OUTDATED, UNKNOWN, MISSING = "original", "current", "outdated", "unknown", "missing"
#: The states counted per language, in the order the status page and the JSON show them.
COUNTED = (CURRENT, OUTDATED, MISSING, UNKNOWN)
#: Cells (a note's title, then one per language) on one page of the status matrix. A cell is
#: under 200 bytes of HTML, so a page of the matrix stays far below the 300 KB any page may
#: weigh, whatever the number of notes or languages (see ``tests/test_status.py``).
MATRIX_CELLS_PER_PAGE = 600
#: Notes on one page of the matrix however many languages there are.
MATRIX_MIN_ROWS = 10


@dataclass(frozen=True)
class PageStatus:
    docname: str
    lang: str
    state: str  #: original, current, outdated or unknown
    #: how the state was decided: "translated_from", "git", or None (the original, or unknown)
    rule: str | None = None
    original: str | None = None  #: docname of the group's original
    original_changed: str | None = None  #: ISO 8601 time the original's body was last committed
    translation_changed: str | None = None  #: ISO 8601 time of this file's last commit
    generated: bool | None = None


@dataclass(frozen=True)
class GroupStatus:
    id: str
    original: str | None  #: language of the original
    pages: dict[str, PageStatus]  #: by language
    missing: tuple[str, ...]  #: site languages the note has no page in


@dataclass
class SiteStatus:
    languages: list[str]
    groups: dict[str, GroupStatus] = field(default_factory=dict)
    #: why git could not judge some translation (said once), or None
    history_reason: str | None = None

    def page(self, docname: str) -> PageStatus | None:
        return self._pages.get(docname)

    @property
    def _pages(self) -> dict[str, PageStatus]:
        pages = self.__dict__.get("_page_index")
        if pages is None:
            pages = {p.docname: p for g in self.groups.values() for p in g.pages.values()}
            self.__dict__["_page_index"] = pages
        return pages

    def counts(self, lang: str) -> dict[str, int]:
        """How many notes are current, outdated, missing and unknown in ``lang`` (the notes
        whose original is in ``lang`` are not counted)."""
        counts = dict.fromkeys(COUNTED, 0)
        for group in self.groups.values():
            if lang in group.missing:
                counts[MISSING] += 1
            elif lang in group.pages and group.pages[lang].state != ORIGINAL:
                counts[group.pages[lang].state] += 1
        return counts

    def summary(self) -> dict[str, dict[str, int]]:
        return {lang: self.counts(lang) for lang in self.languages}

    def percent_current(self, lang: str) -> int | None:
        """Share of the notes needing a translation into ``lang`` that have a current one; None
        when none needs one."""
        counts = self.counts(lang)
        total = sum(counts.values())
        return round(100 * counts[CURRENT] / total) if total else None

    def outdated(self) -> list[PageStatus]:
        return [p for g in self.groups.values() for p in g.pages.values() if p.state == OUTDATED]

    def to_json(self, url: Callable[[str], str | None]) -> dict[str, Any]:
        """The ``notes-status.json`` document; ``url`` gives a page's URL from its docname."""
        groups = {}
        for group in self.groups.values():
            translations = {lang: {"state": p.state, "url": url(p.docname), "generated": p.generated,
                                   "original_changed": p.original_changed,
                                   "translation_changed": p.translation_changed}
                            for lang, p in group.pages.items()}
            groups[group.id] = {"original": group.original, "translations": translations,
                                "missing": list(group.missing)}
        return {"languages": list(self.languages), "groups": groups, "summary": self.summary()}


def matrix_pages(status: SiteStatus) -> list[list[GroupStatus]]:
    """The rows of the status matrix, page by page: :data:`~.catalog.NOTES_PER_PAGE` notes a
    page, fewer when there are so many languages that the page would pass
    :data:`MATRIX_CELLS_PER_PAGE` cells (never fewer than :data:`MATRIX_MIN_ROWS`). In the
    catalog's group order."""
    per_page = max(MATRIX_MIN_ROWS, min(NOTES_PER_PAGE, MATRIX_CELLS_PER_PAGE // (len(status.languages) + 1)))
    groups = list(status.groups.values())
    return [groups[i:i + per_page] for i in range(0, len(groups), per_page)] or [[]]


def original_of(catalog: Catalog, group: Group) -> str | None:
    """The docname of the group's original (rule 1 of the module's docstring)."""
    if group.original is not None:
        return group.original
    candidates = [d for d in group.docnames if catalog.pages[d].note.translated is not True]
    return candidates[0] if len(candidates) == 1 else None


def compute_status(catalog: Catalog, history: History) -> SiteStatus:
    """Every page's :class:`PageStatus` and every group's missing languages."""
    status = SiteStatus(languages=list(catalog.languages))
    needed_git = False
    for group in catalog.groups.values():
        original = original_of(catalog, group)
        source = catalog.pages[original].note if original else None
        body_change = history.body_changed(source.path) if source and history.available else None
        original_changed = body_change.iso if body_change else None
        pages = {}
        for docname in group.docnames:
            note = catalog.pages[docname].note
            last = history.last_commit(note.path) if history.available else None
            changed = last.iso if last else None
            common = {"docname": docname, "lang": note.lang, "original": original, "generated": note.generated,
                      "original_changed": original_changed}
            if docname == original:
                pages[note.lang] = PageStatus(state=ORIGINAL, translation_changed=None, **common)
            elif source is None:
                pages[note.lang] = PageStatus(state=UNKNOWN, translation_changed=changed, **common)
            elif note.translated_from is not None and source.body_sha256:
                state = CURRENT if source.body_sha256.startswith(note.translated_from) else OUTDATED
                pages[note.lang] = PageStatus(state=state, rule="translated_from", translation_changed=changed,
                                              **common)
            elif body_change is not None and last is not None:
                state = OUTDATED if body_change.time > last.time else CURRENT
                pages[note.lang] = PageStatus(state=state, rule="git", translation_changed=changed, **common)
            else:
                needed_git = needed_git or not history.available
                pages[note.lang] = PageStatus(state=UNKNOWN, translation_changed=changed, **common)
        missing = tuple(lang for lang in status.languages if lang not in pages)
        status.groups[group.id] = GroupStatus(id=group.id, original=catalog.pages[original].note.lang if original else None,
                                              pages=pages, missing=missing)
    if needed_git:
        status.history_reason = history.reason
    return status


def history_message(reason: str) -> str:
    """What a build and ``check`` say when git's history cannot date the translations."""
    return f"translation status: {reason}; translations without translated_from are 'unknown'"


def gate_problems(catalog: Catalog, status: SiteStatus, *, warn_outdated: bool,
                  required_languages: Sequence[str]) -> list[tuple[str, Problem]]:
    """The translation gate, as ``(note file, problem)``: with ``warn_outdated`` every outdated
    translation this output builds; every note without a page in one of the
    ``required_languages`` this output builds. A build and ``check`` report the same."""
    problems: list[tuple[str, Problem]] = []
    if warn_outdated:
        for page in status.outdated():
            if not catalog.is_built(page.docname):
                continue
            original = catalog.pages[page.original].note if page.original else None
            if page.rule == "translated_from":
                why = "its translated_from does not name the original's present body"
            else:
                why = (f"the original's body was committed on {page.original_changed}, after this translation "
                       f"({page.translation_changed})")
            problems.append((catalog.pages[page.docname].note.path, Problem(
                NotesWarning.OUTDATED, f"outdated translation of {original.rel if original else 'its original'}: {why}")))
    required = [lang for lang in required_languages if catalog.built is None or lang in catalog.built]
    for group in status.groups.values() if required else ():
        lacking = [lang for lang in required if lang not in group.pages]
        if not lacking:
            continue
        where = next((p.docname for p in group.pages.values() if p.state == ORIGINAL),
                     catalog.groups[group.id].docnames[0])
        problems.append((catalog.pages[where].note.path, Problem(
            NotesWarning.MISSING_TRANSLATION,
            f"note {group.id!r} has no page in {', '.join(repr(x) for x in lacking)} (notes_required_languages)")))
    return problems


def read_status(catalog: Catalog, roots: Iterable[Path], cache_dir: Path | None) -> tuple[SiteStatus, str | None]:
    """Every page's status, with git read (once, cached in ``cache_dir``) only when a group has
    an original and a translation: (the status, why git's history was unusable or None).
    Never raises: a broken repository must not cost the user the build."""
    history = unavailable("no note has both an original and a translation")
    try:
        if any(len(group.docnames) > 1 and original_of(catalog, group) for group in catalog.groups.values()):
            history = read_history(roots, cache_dir)
        return compute_status(catalog, history), None
    except Exception as err:  # noqa: BLE001
        return compute_status(catalog, unavailable(str(err))), f"{type(err).__name__}: {err}"
    finally:
        history.close(cache_dir)
