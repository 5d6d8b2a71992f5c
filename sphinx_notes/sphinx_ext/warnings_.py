"""How the model's problems reach Sphinx: ``notes.<subtype>`` warnings (see
:class:`~sphinx_notes.model.problems.NotesWarning`), which ``suppress_warnings`` silences."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sphinx.util import logging
from sphinx.util.logging import is_suppressed_warning

from ..model.problems import NotesWarning, Problem, merge_problems

LOGGER = logging.getLogger("sphinx_notes")


__all__ = ["NotesWarning", "file_location", "report_located", "report_problems", "warn"]


def warn(subtype: NotesWarning, message: str, location: object = None) -> None:
    """Log a typed warning. ``location`` is a docname, a node, or ``"path:line"`` text."""
    LOGGER.warning(message, location=location, type="notes", subtype=subtype.value)


def file_location(path: str, line: int | None = None) -> str:
    """A location Sphinx prints as it is (a string with a colon is not taken for a docname)."""
    return f"{path}:{line}" if line else f"{path}:"


def report_problems(problems: Iterable[Problem], path: str, suppressed: Sequence[str]) -> None:
    """One warning for a note's problems (whatever their number) so a broken file is named once.

    It carries the subtype and line of the first problem (by line) not silenced by
    ``suppress_warnings``; the others follow in its message, tagged with their own subtype.
    """
    merged = merge_problems(p for p in problems if not is_suppressed_warning("notes", p.subtype.value, list(suppressed)))
    if merged is not None:
        warn(merged.subtype, merged.message, file_location(path, merged.line))


def report_located(problems: Iterable[tuple[str, Problem]]) -> None:
    """One warning per ``(file, problem)``, in order: what listing and scanning the notes found."""
    for path, problem in problems:
        warn(problem.subtype, problem.message, file_location(path, problem.line))
