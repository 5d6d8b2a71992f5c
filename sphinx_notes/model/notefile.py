"""One note file: its front matter read with python-frontmatter, its metadata made safe.

Loading never raises for bad input. Every problem found becomes a :class:`Problem` with the
warning subtype, a message and the line, so the Sphinx side can report it where it belongs.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import frontmatter
import yaml

from .languages import is_language, normalize_tag
from .urls import normalize_url

NOTE_SUFFIXES = (".md", ".markdown", ".txt")
#: Front-matter keys that tie translations together explicitly (Hugo's name first).
GROUP_KEYS = ("translationKey", "translation_key", "note_id")

_DATE_IN_NAME = re.compile(r"(?<!\d)(\d{4}-\d{2}-\d{2})(?!\d)")
_LEADING_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})-")
_LANG_SUFFIX = re.compile(r"^(?P<base>.+)-(?P<lang>[A-Za-z]{2,4}(?:[-_][A-Za-z0-9]{2,8})?)$")
_FRONT_MATTER = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n(.*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
_FIRST_H1 = re.compile(r"\A\s*#[ \t]+(.+?)[ \t#]*(?:\r?\n|\Z)")
_LINK_URL = re.compile(r"""(?:\]\(\s*<?|^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*<?)(?P<url>[a-z][a-z0-9+.-]*:[^\s)>"']+)""", re.M | re.I)
_TRUTHY = {"true": True, "yes": True, "on": True, "1": True, "false": False, "no": False, "off": False, "0": False}


@dataclass(frozen=True)
class Problem:
    """Something wrong with a note, reported as a ``notes.<subtype>`` warning."""

    subtype: str
    message: str
    line: int | None = None


@dataclass(frozen=True)
class NoteFile:
    """What the site needs to know of one note file, cheap to pickle."""

    path: str  #: absolute path
    rel: str  #: path relative to the ``notes_paths`` entry it was found under, POSIX style
    title: str
    lang: str  #: BCP-47 tag
    lang_source: str  #: where ``lang`` came from: front-matter, suffix, folder or default
    date: str | None  #: ISO date
    translated: bool | None
    generated: bool | None
    model: str | None
    group_key: str | None  #: explicit key or name stem; None: group by content fingerprint
    name_stem: str  #: file stem without its date prefix and language suffix
    urls: frozenset[str]  #: link and image URLs, the fingerprint translations keep
    body_line: int  #: 1-based line of the file where the body starts
    problems: tuple[Problem, ...] = field(default=(), compare=False)
    #: offset of the body in the decoded text, so a second reader slices it instead of re-parsing
    body_offset: int = field(default=0, compare=False)
    #: (size, mtime_ns) of the file when it was read: the same stamp means the same text
    stamp: tuple[int, int] | None = field(default=None, compare=False)

    @property
    def parts(self) -> tuple[str, ...]:
        return Path(self.rel).parts

    @property
    def mirrored_post(self) -> bool:
        """A copy under the blog's ``_posts/<lang>/`` folders (the original lives in ``notes/``)."""
        return "_posts" in self.parts


@dataclass(frozen=True)
class NoteText:
    """The text of a note file split into metadata and body."""

    metadata: dict
    body: str
    body_line: int
    problems: tuple[Problem, ...]
    body_offset: int = 0


def file_stamp(path: Path) -> tuple[int, int]:
    """``(size, mtime_ns)``: what tells a changed file from an unchanged one without reading it."""
    stat = path.stat()
    return stat.st_size, stat.st_mtime_ns


def read_text(path: Path) -> tuple[str, list[Problem]]:
    """Decode a note as UTF-8 (BOM allowed), replacing what cannot be decoded, with a problem."""
    problems: list[Problem] = []
    data = path.read_bytes()
    if b"\x00" in data[:8192]:
        raise BinaryNoteError(path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        problems.append(Problem("encoding", f"not valid UTF-8 (byte {err.start}); undecodable bytes were replaced", line))
        text = data.decode("utf-8-sig", errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n"), problems


class BinaryNoteError(ValueError):
    """The file holds NUL bytes: it is not a text note."""


def split_note(text: str) -> NoteText:
    """Front matter and body; broken YAML keeps the body and reports the YAML error's line."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return NoteText({}, text, 1, ())
    offset = match.end()
    body = text[offset:]
    body_line = text[:offset].count("\n") + 1
    try:
        # python-frontmatter loads with libyaml's CSafeLoader when PyYAML has it
        metadata, _ = frontmatter.parse(text[:offset])
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        return NoteText({}, body, body_line, (Problem("front_matter", f"invalid YAML front matter: {problem}", line),), offset)
    except Exception as err:  # noqa: BLE001 - frontmatter may raise anything on odd input
        return NoteText({}, body, body_line, (Problem("front_matter", f"unreadable front matter: {err}", 1),), offset)
    if not isinstance(metadata, dict):
        return NoteText({}, body, body_line, (Problem("front_matter", "front matter is not a mapping of keys to values", 1),), offset)
    return NoteText(metadata, body, body_line, (), offset)


def _as_bool(value: object, key: str, problems: list[Problem]) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _TRUTHY:
        return _TRUTHY[value.strip().lower()]
    problems.append(Problem("metadata", f"{key!r} should be true or false, not {value!r}; ignored", 1))
    return None


def _as_text(value: object, key: str, problems: list[Problem]) -> str | None:
    if value is None:
        return None
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return str(value).strip() or None
    if isinstance(value, (list, tuple)) and all(isinstance(v, (str, int, float)) for v in value):
        problems.append(Problem("metadata", f"{key!r} should be text, not a list; its items were joined", 1))
        return " ".join(str(v) for v in value).strip() or None
    problems.append(Problem("metadata", f"{key!r} should be text, not {type(value).__name__}; ignored", 1))
    return None


def _as_date(value: object, file_name: str, problems: list[Problem]) -> str | None:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if value is not None:
        text = str(value).strip()
        try:
            return dt.date.fromisoformat(text[:10]).isoformat()
        except ValueError:
            problems.append(Problem("metadata", f"'date' is not a valid date: {text!r}; the file name's date is used", 1))
    found = _DATE_IN_NAME.search(file_name)
    if found:
        try:
            return dt.date.fromisoformat(found.group(1)).isoformat()
        except ValueError:
            return None
    return None


def split_stem(stem: str, hints: tuple[str | None, ...]) -> tuple[str, str | None]:
    """``2025-10-22-foo-de`` -> (``2025-10-22-foo``, ``de``).

    A trailing ``-xx`` is read as a language only when it is one and something else backs it:
    the file name starts with a date (the blog layout), or the front matter or folder says the same
    language. So ``do-it.md`` stays a note about doing it, not an Italian note.
    """
    match = _LANG_SUFFIX.match(stem)
    if not match or not is_language(match.group("lang")):
        return stem, None
    tag = normalize_tag(match.group("lang"))
    dated = bool(_LEADING_DATE.match(stem))
    if dated or any(h and normalize_tag(h) == tag for h in hints):
        return match.group("base"), match.group("lang")
    return stem, None


def slugify(text: str) -> str:
    """An ASCII slug for URLs; empty when nothing of ``text`` is ASCII."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:80].strip("-")


def load_note(path: Path, rel: str, default_language: str) -> tuple[NoteFile, str]:
    """Read one note file: its :class:`NoteFile` and its body text. Raises ``OSError`` and
    :class:`BinaryNoteError` for files that cannot be read as text at all."""
    stamp = file_stamp(path)
    text, problems = read_text(path)
    parts = split_note(text)
    problems.extend(parts.problems)
    meta, body, body_offset = parts.metadata, parts.body, parts.body_offset
    if not text.strip():
        problems.append(Problem("empty", "the file is empty; it builds as an empty page", None))

    folder = Path(rel).parent.name or None
    raw_lang = meta.get("lang")
    stem, suffix_lang = split_stem(path.stem, (raw_lang if isinstance(raw_lang, str) else None, folder))
    lang, lang_source = None, "front-matter"
    if raw_lang is not None:
        lang = normalize_tag(raw_lang if isinstance(raw_lang, str) else str(raw_lang))
        if lang is None:
            problems.append(Problem("language", f"unknown language tag {raw_lang!r} in front matter", 1))
    for candidate, source in ((suffix_lang, "suffix"), (folder, "folder")):
        if lang is None and candidate and is_language(candidate):
            lang, lang_source = normalize_tag(candidate), source
    if lang is None:
        lang, lang_source = normalize_tag(default_language) or "en", "default"
        if raw_lang is None:
            problems.append(Problem("language", f"no language in front matter, file name or folder; using {lang!r}", 1))
    elif raw_lang is not None and lang_source == "front-matter":
        for candidate, source in ((suffix_lang, "file name"), (folder, "folder")):
            other = normalize_tag(candidate) if candidate else None
            if other and other != lang:
                problems.append(Problem("language", f"front matter says {lang!r} but the {source} says {other!r}; using {lang!r}", 1))

    title = _as_text(meta.get("title"), "title", problems)
    body_line = parts.body_line
    if title is None:
        first = _FIRST_H1.match(body)
        if first:  # the heading becomes the title, so it is not repeated below it
            title = first.group(1).strip()
            body_line += body[: first.end()].count("\n")
            body_offset += first.end()
            body = body[first.end():]
        else:
            title = path.stem
        problems.append(Problem("no_title", f"no 'title' in front matter; using {title!r}", 1))

    explicit = next((meta[k] for k in GROUP_KEYS if meta.get(k) not in (None, "")), None)
    name_stem = _LEADING_DATE.sub("", stem)
    if explicit is not None:
        group_key = f"key:{explicit}"
    elif suffix_lang or (folder and is_language(folder)):
        group_key = f"name:{stem}"
    else:
        group_key = None

    note = NoteFile(
        path=str(path),
        rel=rel,
        title=title,
        lang=lang,
        lang_source=lang_source,
        date=_as_date(meta.get("date"), path.name, problems),
        translated=_as_bool(meta.get("translated"), "translated", problems),
        generated=_as_bool(meta.get("generated"), "generated", problems),
        model=_as_text(meta.get("model"), "model", problems),
        group_key=group_key,
        name_stem=name_stem,
        urls=frozenset(normalize_url(m.group("url")) for m in _LINK_URL.finditer(body)),
        body_line=body_line,
        problems=tuple(problems),
        body_offset=body_offset,
        stamp=stamp,
    )
    return note, body


def load_body(note: NoteFile) -> str | None:
    """The body of an already loaded note, read again without parsing its front matter;
    None when the file changed since (the caller loads it afresh)."""
    path = Path(note.path)
    if note.stamp is None or file_stamp(path) != note.stamp:
        return None
    text, _ = read_text(path)
    return text[note.body_offset:]
