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
from pathlib import Path
from typing import NamedTuple

from .notefile import NOTE_SUFFIXES
from .problems import NotesWarning, Problem

_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


class Listing(NamedTuple):
    """The note files found, and what was wrong on the way (``(file, problem)``, in order)."""

    files: list[tuple[Path, str]]  #: (path, path relative to its notes_paths entry), sorted
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

    ``walked``: found by ``Path.rglob``, which does not enter linked folders, so only a link
    itself can lead out of the notes folders; the path of every other file is not resolved
    (several system calls a file, the larger part of listing thousands of notes).
    """
    if _CONTROL_CHARACTERS.search(rel):
        return "the file name holds control characters"
    try:
        mode = path.lstat().st_mode
    except OSError as err:  # gone since the folder was listed
        return f"cannot be read ({err.strerror})"
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


def _path_order(path: Path) -> tuple[str, ...]:
    """The order of ``Path`` comparisons, as a key compared in C (thousands of notes are sorted)."""
    return path.parts


def find_note_files(confdir: Path, entries: list[str], exclude: list[str]) -> Listing:
    """``(path, path relative to its entry)`` of every note file, sorted; problems for empty
    entries and for files that look like notes but cannot be (links out of the notes folders, FIFOs)."""
    found: dict[Path, str] = {}
    problems: list[tuple[str, Problem]] = []
    roots = notes_roots(confdir, entries)
    conf_py = str(confdir / "conf.py")
    for entry in entries:
        base = confdir / entry
        if glob.has_magic(entry):
            root = Path(glob.escape(str(confdir)))
            anchor = _glob_anchor(confdir, entry)
            candidates = [(Path(p), Path(p).relative_to(anchor).as_posix())
                          for p in sorted(glob.glob(str(root / entry), recursive=True))]
            walked = False  # glob enters linked folders
        elif base.is_dir():
            candidates = [(p, p.relative_to(base).as_posix()) for p in sorted(base.rglob("*"), key=_path_order)]
            walked = True
        elif base.is_file():
            candidates = [(base, base.name)]
            walked = False
        else:
            problems.append((conf_py, Problem(NotesWarning.PATH, f"notes_paths entry {entry!r} does not exist ({base})")))
            continue
        notes = [
            (p, rel) for p, rel in candidates
            if p.suffix.lower() in NOTE_SUFFIXES and not (p.is_dir() and not p.is_symlink())
            and not any(part.startswith(".") for part in rel.split("/"))
            and not any(fnmatch.fnmatch(rel, pattern) for pattern in exclude)
        ]
        if not notes:
            problems.append((conf_py, Problem(
                NotesWarning.PATH, f"notes_paths entry {entry!r} matches no note file ({', '.join(NOTE_SUFFIXES)})")))
        for path, rel in notes:
            refusal = _refusal(path, rel, roots, walked) if base != path else None
            if refusal:
                problems.append((str(path), Problem(NotesWarning.READ, f"{refusal}; not built")))
            else:
                found.setdefault(path, rel)
    return Listing(sorted(found.items(), key=lambda item: _path_order(item[0])), problems)
