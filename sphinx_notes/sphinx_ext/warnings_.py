"""The ``notes.*`` warning subtypes, one per kind of problem, for ``suppress_warnings``."""

from __future__ import annotations

from enum import Enum

from sphinx.util import logging

LOGGER = logging.getLogger("sphinx_notes")


class NotesWarning(Enum):
    """Every warning sphinx_notes emits has type ``notes`` and one of these subtypes.

    Each member is ``(subtype, description)``; the description is what the docs list.
    """

    def __new__(cls, subtype: str, description: str) -> "NotesWarning":
        member = object.__new__(cls)
        member._value_ = subtype
        member.description = description
        return member

    CONFIG = ("config", 'A ``notes_*`` configuration value has the wrong type or an impossible value; the default is used.')
    PATH = ("path", 'A ``notes_paths`` entry does not exist or matches no note file.')
    READ = ("read", 'A note file cannot be read as text (permissions, binary content, a link out of the notes folder, too large).')
    ENCODING = ("encoding", 'A note file is not valid UTF-8; undecodable bytes are replaced and the note is built.')
    FRONT_MATTER = ("front_matter", 'The YAML front matter is invalid or not a mapping; the body is built without metadata.')
    METADATA = ("metadata", 'A front-matter key has a value of the wrong type (``date: 2025-13-45``, ``translated: maybe``).')
    LANGUAGE = ("language", "The note's language is unknown, missing, or disagrees with its file name or folder.")
    NO_TITLE = ("no_title", 'The front matter has no ``title``; the first heading or the file name is used.')
    EMPTY = ("empty", 'The note file is empty.')
    DUPLICATE = ("duplicate", 'Two files claim the same note and language; the second is built under its own name.')
    CITATION_UNDEFINED = ("citation_undefined", 'A citation (``[Site][9]``, ``[^9]``) names a label the note does not define; it stays as text.')
    CITATION_DUPLICATE = ("citation_duplicate", 'A link label is defined twice; the first definition is used.')
    CITATION_URL = ("citation_url", "A link definition's URL is empty, malformed or has an unsafe scheme (``javascript:``, ``data:``, ``vbscript:``, ``file:``); its citations are plain text.")
    CITATION_PARITY = ("citation_parity", "A translation cites sources its original does not, or lost some; the warning names the URLs.")
    LINK_URL = ("link_url", 'An ordinary link or image has an unsafe URL (``javascript:`` ...); its text is shown without the link.')
    def __str__(self) -> str:
        return f"notes.{self.value}"


def warn(subtype: NotesWarning | str, message: str, location: object = None) -> None:
    """Log a typed warning. ``location`` is a docname, a node, or ``"path:line"`` text."""
    value = subtype.value if isinstance(subtype, NotesWarning) else subtype
    LOGGER.warning(message, location=location, type="notes", subtype=value)


def file_location(path: str, line: int | None = None) -> str:
    """A location Sphinx prints as it is (a string with a colon is not taken for a docname)."""
    return f"{path}:{line}" if line else f"{path}:"
