"""Listing the note files of ``notes_paths`` (no Sphinx here).

An entry is a folder (walked), a file, or a glob pattern relative to the folder of ``conf.py``.
Hidden files and folders, ``notes_exclude`` matches and files without a note suffix are
skipped; a file that looks like a note but cannot be one (a link out of the notes folders, a
FIFO) is a ``notes.read`` problem, an entry that finds nothing a ``notes.path`` problem.
"""

from __future__ import annotations

import fnmatch
import glob
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from .notefile import NOTE_SUFFIXES
from .problems import NotesWarning, Problem

_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


class Listing(NamedTuple):
    """The note files found, and what was wrong on the way (``(file, problem)``, in order)."""

    files: list[tuple[str, str]]  #: (path, path relative to its notes_paths entry), sorted
    problems: list[tuple[str, Problem]]


def _glob_anchor(confdir: Path, entry: str) -> Path:
    """The folder before the first wildcard of a glob entry: ``notes/*/*.md`` -> ``notes``."""
    fixed = re.split(r"[*?[]", entry, maxsplit=1)[0]
    return confdir / fixed.rsplit("/", 1)[0] if "/" in fixed else confdir


def notes_roots(confdir: Path, entries: list[str]) -> list[Path]:
    """The folders the ``notes_paths`` entries stand for, resolved: notes may read files there."""
    roots = []
    for entry in entries:
        base = _glob_anchor(confdir, entry) if glob.has_magic(entry) else confdir / entry
        roots.append((base if base.is_dir() else base.parent).resolve())
    return roots


def _refusal(path: Path, rel: str, roots: list[Path], walked: bool) -> str | None:
    """Why a file with a note's suffix cannot be a note, or None.

    ``walked``: found by :func:`_walk`, which does not enter linked folders, so only a link
    itself can lead out of the notes folders; the path of every other file is not resolved
    (several system calls a file, the larger part of listing thousands of notes).
    """
    if _CONTROL_CHARACTERS.search(rel):
        return "the file name holds control characters"
    try:
        mode = path.lstat().st_mode
    except OSError as err:  # gone since the folder was listed
        return f"cannot be read ({err.strerror or err})"
    link = stat.S_ISLNK(mode)
    if link and not path.exists():
        return f"a symbolic link to nothing ({os.readlink(path)})"
    if link or not walked:
        target = path.resolve()
        if not any(target.is_relative_to(root) for root in roots):
            return f"leads to {target}, outside the notes folders (a symbolic link)"
    if not (path.is_file() if link else stat.S_ISREG(mode)):
        return "not a regular file"
    return None


class _Candidate(NamedTuple):
    path: str
    rel: str  #: relative to its notes_paths entry, with ``/``
    plain: bool  #: a regular file (not a link) found by walking: nothing to check but its name


def _walk(folder: str, rel: str = "") -> Iterator[_Candidate]:
    """Every file and link under ``folder`` but hidden ones; linked folders are not entered.
    ``os.scandir`` gives each entry's type without a system call: listing 10 000 notes with
    ``Path.rglob`` and a ``stat`` each took seconds."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError:  # unreadable folders are skipped, as Path.rglob skips them
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            is_dir = entry.is_dir(follow_symlinks=False)
            plain = not is_dir and entry.is_file(follow_symlinks=False)
        except OSError:
            is_dir = plain = False
        if is_dir:
            yield from _walk(entry.path, f"{rel}{entry.name}/")
        else:
            yield _Candidate(entry.path, f"{rel}{entry.name}", plain)


def find_note_files(confdir: Path, entries: list[str], exclude: list[str]) -> Listing:
    """``(path, path relative to its entry)`` of every note file, sorted; problems for empty
    entries and for files that look like notes but cannot be (links out of the notes folders, FIFOs)."""
    found: dict[str, str] = {}
    problems: list[tuple[str, Problem]] = []
    roots = notes_roots(confdir, entries)
    conf_py = str(confdir / "conf.py")
    for entry in entries:
        base = confdir / entry
        if glob.has_magic(entry):
            root = Path(glob.escape(str(confdir)))
            anchor = _glob_anchor(confdir, entry)
            candidates = [_Candidate(p, Path(p).relative_to(anchor).as_posix(), False)
                          for p in sorted(glob.glob(str(root / entry), recursive=True))
                          if not (os.path.isdir(p) and not os.path.islink(p))]
            walked = False  # glob enters linked folders
        elif base.is_dir():
            candidates = list(_walk(str(base)))
            walked = True
        elif base.is_file():
            candidates = [_Candidate(str(base), base.name, False)]
            walked = False
        else:
            problems.append((conf_py, Problem(NotesWarning.PATH, f"notes_paths entry {entry!r} does not exist ({base})")))
            continue
        notes = [
            c for c in candidates
            if os.path.splitext(c.rel)[1].lower() in NOTE_SUFFIXES
            and (walked or not any(part.startswith(".") for part in c.rel.split("/")))  # walking skips them
            and not any(fnmatch.fnmatch(c.rel, pattern) for pattern in exclude)
        ]
        if not notes:
            problems.append((conf_py, Problem(
                NotesWarning.PATH, f"notes_paths entry {entry!r} matches no note file ({', '.join(NOTE_SUFFIXES)})")))
        for path, rel, plain in notes:
            if plain:
                refusal = "the file name holds control characters" if _CONTROL_CHARACTERS.search(rel) else None
            elif path != str(base):
                refusal = _refusal(Path(path), rel, roots, walked)
            else:
                refusal = None
            if refusal:
                problems.append((path, Problem(NotesWarning.READ, f"{refusal}; not built")))
            else:
                found.setdefault(path, rel)
    return Listing(sorted(found.items(), key=lambda item: item[0].split(os.sep)), problems)  # as Paths compare
