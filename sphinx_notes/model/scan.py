"""Scanning the notes: the metadata of every note file of ``notes_paths`` (no Sphinx here).

Every build groups all the notes, so every build scans them all; the scan cache
(:mod:`.scan_cache`) keeps what an unchanged file gave last time.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from .config import NotesConfig
from .listing import find_note_files
from .notefile import NoteFile, UnusableNoteError, load_note
from .problems import NotesWarning, Problem
from .scan_cache import cache_key, cached_note, load_scan_cache, save_scan_cache


class Scan(NamedTuple):
    """The notes found, and what was wrong (``(file, problem)``, listing first, in order)."""

    notes: list[NoteFile]
    problems: list[tuple[str, Problem]]


def scan_notes(confdir: Path, config: NotesConfig, doctreedir: Path | None = None) -> Scan:
    """Load the metadata of every note, from the scan cache in ``doctreedir`` where the file is
    unchanged (no cache without one); files that cannot be read at all are skipped, with a problem."""
    key = cache_key(config.default_language, config.max_file_size)
    cached = load_scan_cache(doctreedir, key) if doctreedir else {}
    scanned: dict[tuple[str, str], NoteFile] = {}
    listing = find_note_files(confdir, list(config.paths), list(config.exclude))
    problems = list(listing.problems)
    for path, rel in listing.files:
        note = cached_note(cached, path, rel)
        if note is None:
            try:
                note, _ = load_note(Path(path), rel, config.default_language, config.max_file_size)
            except (OSError, UnusableNoteError) as err:
                problems.append((path, Problem(NotesWarning.READ, f"{getattr(err, 'strerror', None) or err}; not built")))
                continue
            except Exception as err:  # noqa: BLE001 - one odd file must not cost the user the build
                problems.append((path, Problem(
                    NotesWarning.UNEXPECTED, f"could not read the note ({type(err).__name__}: {err}); not built")))
                continue
        scanned[path, rel] = note
    if doctreedir and (scanned.keys() != cached.keys()
                       or any(note is not cached[k] for k, note in scanned.items())):
        save_scan_cache(doctreedir, key, scanned)
    return Scan(list(scanned.values()), problems)
