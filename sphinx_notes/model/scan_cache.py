"""The front-matter scan of every note, remembered between builds in Sphinx's doctree dir.

Every build groups all the notes, so every build needs every note's metadata; reading and
YAML-parsing thousands of files to learn that nothing changed is most of a no-op rebuild.
A file whose ``(size, mtime_ns)`` is unchanged keeps its :class:`NoteFile` from the last scan.
The cache is keyed by what a :class:`NoteFile` depends on besides the file: the sphinx_notes
and Babel versions and ``notes_default_language`` (the path relative to its ``notes_paths``
entry is part of each entry's key). Anything else, or an unreadable cache, means a full scan.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path

from babel import __version__ as babel_version

import sphinx_notes

from .notefile import NoteFile, file_stamp

CACHE_FILE = "sphinx_notes-scan.pickle"
#: Bumped when what the cache holds changes shape (2: problems typed by NotesWarning; 3: a
#: note's ``translated_from`` and body digest; 4: its tags).
CACHE_FORMAT = 4

#: (absolute path, path relative to its notes_paths entry) -> the note as last scanned
Entries = dict[tuple[str, str], NoteFile]


def cache_key(default_language: str, max_file_size: int) -> tuple[object, ...]:
    """What the scanned metadata depends on besides the file itself."""
    return (CACHE_FORMAT, sphinx_notes.__version__, babel_version, default_language, max_file_size)


def load_scan_cache(doctreedir: Path, key: tuple[str, ...]) -> Entries:
    """The entries of the last scan, or none when they were made under another key."""
    try:
        with open(doctreedir / CACHE_FILE, "rb") as stream:
            stored_key, entries = pickle.load(stream)
    except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError, ImportError):
        return {}
    return entries if stored_key == key else {}


def save_scan_cache(doctreedir: Path, key: tuple[str, ...], entries: Entries) -> None:
    """Write atomically: an interrupted build leaves the old cache or the new one, never half."""
    doctreedir.mkdir(parents=True, exist_ok=True)
    partial = doctreedir / (CACHE_FILE + ".tmp")
    with open(partial, "wb") as stream:
        pickle.dump((key, entries), stream, pickle.HIGHEST_PROTOCOL)
    os.replace(partial, doctreedir / CACHE_FILE)


def cached_note(entries: Entries, path: str, rel: str) -> NoteFile | None:
    """The last scan's note for this file if the file has not changed since."""
    note = entries.get((path, rel))
    if note is None:
        return None
    try:
        return note if file_stamp(path) == note.stamp else None
    except OSError:
        return None
