"""One note file: its front matter read with python-frontmatter, its metadata made safe.

Loading never raises for bad input. Every problem found becomes a :class:`Problem` with the
warning subtype, a message and the line, so the Sphinx side can report it where it belongs.
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import frontmatter
import yaml

from .languages import is_language, normalize_tag
from .problems import NotesWarning, Problem
from .urls import normalize_url

NOTE_SUFFIXES = (".md", ".markdown", ".txt")
#: Front-matter keys that tie translations together explicitly (Hugo's name first).
GROUP_KEYS = ("translationKey", "translation_key", "note_id")
#: Front-matter keys of a note's tags, merged (Jekyll has both).
TAG_KEYS = ("tags", "categories")
#: The keys sphinx_notes reads; the only ones recovered from broken YAML.
KNOWN_KEYS = ("title", "lang", "date", "translated", "generated", "model", *GROUP_KEYS, "translated_from", *TAG_KEYS)
#: A ``translated_from`` value: the SHA-256 of the original's body, whole or its first 8+ hex digits.
_DIGEST = re.compile(r"(?:sha256:)?([0-9a-f]{8,64})")

_DATE_IN_NAME = re.compile(r"(?<!\d)(\d{4}-\d{2}-\d{2})(?!\d)")
_LEADING_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})-")
_LANG_SUFFIX = re.compile(r"^(?P<base>.+)-(?P<lang>[A-Za-z]{2,4}(?:[-_][A-Za-z0-9]{2,8})?)$")
_FRONT_MATTER = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n(.*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
_OPENING_FENCE = re.compile(r"\A---[ \t]*\n")
_TOP_LEVEL_KEY = re.compile(r"^(?P<key>[A-Za-z_][\w-]*):(?:[ \t]+(?P<value>.*))?$")
_FIRST_HEADING = re.compile(r"\A\s*#{1,6}[ \t]+(.+?)[ \t#]*(?:\r?\n|\Z)")
_LINK_URL = re.compile(r"""(?:\]\(\s*<?|^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*<?)(?P<url>[a-z][a-z0-9+.-]*:[^\s)>"']+)""", re.M | re.I)
_TRUTHY = {"true": True, "yes": True, "on": True, "1": True, "false": False, "no": False, "off": False, "0": False}


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
    #: ``translated_from``: the :func:`body_digest` of the original this was translated from (lower-case hex)
    translated_from: str | None = None
    #: :func:`body_digest` of this file's body, what a translation's ``translated_from`` names
    body_sha256: str | None = field(default=None, compare=False)
    #: ``tags`` and ``categories``, as the author spelled them, one of each (see :func:`tag_key`)
    tags: tuple[str, ...] = ()

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


def file_stamp(path: str | os.PathLike[str]) -> tuple[int, int]:
    """``(size, mtime_ns)``: what tells a changed file from an unchanged one without reading it."""
    stat = os.stat(path)
    return stat.st_size, stat.st_mtime_ns


#: Byte-order marks of the encodings a note may arrive in besides UTF-8 (longest first: the
#: UTF-32-LE mark starts with the UTF-16-LE one).
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


class UnusableNoteError(ValueError):
    """The file cannot be built as a note at all; the message says why."""


class BinaryNoteError(UnusableNoteError):
    """The file holds NUL bytes: it is not a text note."""


class NoteTooLargeError(UnusableNoteError):
    """The file is larger than the configured limit: building it could take hours."""


def read_text(path: Path, max_bytes: int | None = None) -> tuple[str, list[Problem]]:
    """Decode a note as UTF-8 (a BOM allowed), replacing what cannot be decoded, with a problem.

    UTF-16 and UTF-32 files with a byte-order mark are decoded too, with a problem; other files
    with NUL bytes are binary. Raises ``OSError`` and :class:`UnusableNoteError`.
    """
    if max_bytes is not None:
        size = path.stat().st_size
        if size > max_bytes:
            raise NoteTooLargeError(f"{size:,} bytes, more than notes_max_file_size ({max_bytes:,})")
    data = path.read_bytes()
    problems: list[Problem] = []
    wide = next((codec for bom, codec in _BOMS if data.startswith(bom)), None)
    if wide is not None:
        text = data.decode(wide, errors="replace")
        problems.append(Problem(NotesWarning.ENCODING, f"{wide.upper()} text, not UTF-8; decoded", 1))
    elif b"\x00" in data[:8192]:
        raise BinaryNoteError("binary content (NUL bytes), not a text note")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            text, problem = _decode_broken(data, err)
            problems.append(problem)
    text = text.lstrip("\ufeff").replace("\x00", "\ufffd")
    return text.replace("\r\n", "\n").replace("\r", "\n"), problems


def _decode_broken(data: bytes, err: UnicodeDecodeError) -> tuple[str, Problem]:
    """Text that is not UTF-8: a file with no valid multi-byte UTF-8 character at all is in a
    single-byte encoding (read as Windows-1252, a superset of Latin-1 for text); otherwise it
    is UTF-8 with damage (a truncated file, a stray byte), whose bad bytes are replaced."""
    line = data[: err.start].count(b"\n") + 1
    text = data.decode("utf-8-sig", errors="replace")
    if all(ch < "\x80" or ch == "\ufffd" for ch in text):
        return (data.decode("cp1252", errors="replace"),
                Problem(NotesWarning.ENCODING, f"not UTF-8 (first bad byte on line {line}); read as Windows-1252", line))
    return text, Problem(NotesWarning.ENCODING, f"not valid UTF-8 (byte {err.start}); undecodable bytes were replaced", line)


class _FrontMatterLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when PyYAML has it
    """YAML's safe loader, except that a date that does not exist (``2025-13-45``) stays text
    instead of failing the whole front matter: the ``date`` check reports it."""

    def construct_yaml_timestamp(self, node: yaml.Node) -> object:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


_FrontMatterLoader.add_constructor("tag:yaml.org,2002:timestamp", _FrontMatterLoader.construct_yaml_timestamp)
#: python-frontmatter's YAML handler; the fence is found here because the handler's own
#: ``loads`` drops front matter that is not a mapping without a word.
_YAML = frontmatter.YAMLHandler()


def _recover_keys(yaml_text: str) -> dict:
    """What single top-level ``key: value`` lines of broken YAML still say (title, lang, ...)."""
    recovered: dict = {}
    for line in yaml_text.splitlines():
        match = _TOP_LEVEL_KEY.match(line)
        if not match or match.group("key") not in KNOWN_KEYS or match.group("key") in recovered:
            continue
        raw = (match.group("value") or "").strip()
        try:
            value = yaml.load(raw, Loader=_FrontMatterLoader) if raw else None
        except yaml.YAMLError:
            if match.group("key") in TAG_KEYS:  # "[unclosed, list" names no tags
                continue
            value = raw.strip("'\"") or None  # a truncated quote: the text is still the title
        if isinstance(value, (str, int, float, bool, dt.date)):
            recovered[match.group("key")] = value
    return recovered


def split_note(text: str) -> NoteText:
    """Front matter and body. Broken YAML keeps the body and what single lines still say, and
    reports the YAML error's line; no front matter at all is reported too."""
    match = _FRONT_MATTER.match(text)
    if not match:
        if _OPENING_FENCE.match(text):
            return NoteText({}, text, 1, (Problem(NotesWarning.FRONT_MATTER, "the front matter opened by '---' on line 1 is never closed; "
                "the whole file is the body", 1),))
        return NoteText({}, text, 1, (Problem(NotesWarning.NO_FRONT_MATTER, "no front matter", 1),) if text.strip() else ())
    offset = match.end()
    body = text[offset:]
    body_line = text[:offset].count("\n") + 1
    yaml_text = match.group(1) or ""
    try:
        metadata = _YAML.load(yaml_text, Loader=_FrontMatterLoader)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        recovered = _recover_keys(yaml_text)
        kept = f"; kept {', '.join(sorted(recovered))} from single lines" if recovered else ""
        return NoteText(recovered, body, body_line,
                        (Problem(NotesWarning.FRONT_MATTER, f"invalid YAML front matter: {problem}{kept}", line),), offset)
    if metadata is None:
        metadata = {}
    if not isinstance(metadata, dict):
        return NoteText({}, body, body_line, (Problem(NotesWarning.FRONT_MATTER, f"the front matter is a YAML {type(metadata).__name__}, not a mapping of keys to values", 2),),
            offset)
    return NoteText({str(k): v for k, v in metadata.items()}, body, body_line, (), offset)


_SCALARS = (str, int, float, dt.date)
_SOURCE_NAMES = {"front matter": "front-matter", "file name": "suffix", "folder": "folder", "default": "default"}
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


def _shown(value: object) -> str:
    """A short description of a front-matter value for a message (never the repr of a huge,
    or self-referencing, YAML structure)."""
    if isinstance(value, (*_SCALARS, bool)):
        text = repr(value)
        return text if len(text) <= 60 else text[:57] + "..."
    return f"a {type(value).__name__}"


def _as_bool(value: object, key: str, problems: list[Problem]) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _TRUTHY:
        return _TRUTHY[value.strip().lower()]
    problems.append(Problem(NotesWarning.METADATA, f"{key!r} should be true or false, not {_shown(value)}; ignored", 1))
    return None


def _one_line(value: object) -> str:
    """Text on one line: YAML block scalars and control characters become single spaces."""
    return " ".join(_CONTROL.sub(" ", str(value)).split())


def _as_text(value: object, key: str, problems: list[Problem]) -> str | None:
    if value is None:
        return None
    if isinstance(value, _SCALARS) and not isinstance(value, bool):
        return _one_line(value) or None
    if isinstance(value, (list, tuple)) and value and all(isinstance(v, _SCALARS) for v in value):
        problems.append(Problem(NotesWarning.METADATA, f"{key!r} should be text, not a list; its items were joined", 1))
        return _one_line(" ".join(str(v) for v in value)) or None
    problems.append(Problem(NotesWarning.METADATA, f"{key!r} should be text, not {_shown(value)}; ignored", 1))
    return None


def tag_key(tag: str) -> str:
    """What makes two spellings one tag: ``Tea`` and ``tea`` are one."""
    return unicodedata.normalize("NFC", tag).casefold()


def _as_tags(meta: dict, problems: list[Problem]) -> tuple[str, ...]:
    """The tags of ``tags`` and ``categories``, each a list or a comma-separated text: white
    space made single, the first spelling of each tag kept. A tag that is no text or empty is
    reported; ``tags: []`` says "no tags" and is not."""
    found: dict[str, str] = {}
    for key in TAG_KEYS:
        value = meta.get(key)
        if value is None:
            continue
        if isinstance(value, str):
            if not value.strip():
                problems.append(Problem(NotesWarning.METADATA, f"{key!r} is empty; ignored", 1))
            items = [item for item in value.split(",") if item.strip()]  # "tea, craft," has two
        elif isinstance(value, (list, tuple)):
            items = list(value)
        else:
            problems.append(Problem(NotesWarning.METADATA, f"{key!r} should be a list of tags or a comma-separated "
                                    f"text, not {_shown(value)}; ignored", 1))
            continue
        for item in items:
            tag = _one_line(item) if isinstance(item, str) else None
            if tag:
                found.setdefault(tag_key(tag), tag)
            else:
                what = "empty" if isinstance(item, str) else f"not text but {_shown(item)}"
                problems.append(Problem(NotesWarning.METADATA, f"a tag in {key!r} is {what}; ignored", 1))
    return tuple(found.values())


def _as_date(value: object, file_name: str, problems: list[Problem]) -> str | None:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    found = _DATE_IN_NAME.search(file_name)
    try:
        fallback = dt.date.fromisoformat(found.group(1)).isoformat() if found else None
    except ValueError:
        fallback = None
    if value is not None:
        text = str(value).strip() if isinstance(value, _SCALARS) else ""
        try:
            return dt.date.fromisoformat(text[:10]).isoformat()
        except ValueError:
            instead = f"the file name's date {fallback} is used" if fallback else "the note has no date"
            problems.append(Problem(NotesWarning.METADATA, f"'date' is not a valid date: {_shown(value)}; {instead}", 1))
    return fallback


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


def _language(meta: dict, stem: str, folder: str | None, default_language: str,
              problems: list[Problem]) -> tuple[str, str, str, str | None]:
    """``(tag, where it came from, stem without its language suffix, suffix language)``."""
    raw = meta.get("lang")
    raw_text = str(raw) if isinstance(raw, _SCALARS) and not isinstance(raw, bool) else None
    stem, suffix_lang = split_stem(stem, (raw_text, folder))
    lang = normalize_tag(raw_text) if raw_text is not None else None
    source = "front matter"
    for candidate, where in ((suffix_lang, "file name"), (folder, "folder")):
        if lang is None and candidate and is_language(candidate):
            lang, source = normalize_tag(candidate), where
    if lang is None:
        lang, source = normalize_tag(default_language) or "en", "default"
    if raw is not None and source != "front matter":
        instead = "notes_default_language" if source == "default" else f"the {source}"
        problems.append(Problem(NotesWarning.LANGUAGE, f"unknown language tag {_shown(raw)} in front matter; "
                                f"using {lang!r} from {instead}", 1))
    elif source == "front matter":
        for candidate, where in ((suffix_lang, "file name"), (folder, "folder")):
            other = normalize_tag(candidate) if candidate else None
            if other and other != lang:
                problems.append(Problem(NotesWarning.LANGUAGE, f"front matter says {lang!r} but the {where} says "
                                        f"{other!r}; using {lang!r}", 1))
    return lang, source, stem, suffix_lang


def load_note(path: Path, rel: str, default_language: str,
              max_bytes: int | None = None) -> tuple[NoteFile, str]:
    """Read one note file: its :class:`NoteFile` and its body text. Raises ``OSError`` and
    :class:`UnusableNoteError` for files that cannot be read as text at all.

    A missing or broken front matter is one problem, whose message also says which title and
    language the note was built with, rather than three problems about one cause.
    """
    stamp = file_stamp(path)
    text, problems = read_text(path, max_bytes)
    parts = split_note(text)
    meta, body, body_line, body_offset = parts.metadata, parts.body, parts.body_line, parts.body_offset
    cause = parts.problems[0] if parts.problems else None
    if not text.strip():
        cause = Problem(NotesWarning.EMPTY, "the file is empty", 1)
    unwritten: list[tuple[NotesWarning, str]] = []  # (subtype, what was used instead), folded into ``cause``

    folder = Path(rel).parent.name or None
    lang, lang_source, stem, suffix_lang = _language(meta, path.stem, folder, default_language, problems)
    if lang_source == "default" and "lang" not in meta:
        unwritten.append((NotesWarning.LANGUAGE, f"language {lang!r} from notes_default_language"))

    title = _as_text(meta.get("title"), "title", problems)
    if title is None:
        first = _FIRST_HEADING.match(body)
        if first:  # the heading becomes the title, so it is not repeated below it
            title = _one_line(first.group(1)) or path.stem
            body_line += body[: first.end()].count("\n")
            body_offset += first.end()
            body = body[first.end():]
            where = "the first heading"
        else:
            title, where = path.stem, "the file name"
        unwritten.insert(0, (NotesWarning.NO_TITLE, f"title {title!r} from {where}"))

    if cause is not None:
        used = " and ".join(used for _, used in unwritten)
        problems.insert(0, Problem(cause.subtype, cause.message + (f"; built with the {used}" if used else ""), cause.line))
    else:
        missing = {NotesWarning.NO_TITLE: "no 'title' in front matter",
                   NotesWarning.LANGUAGE: "no language in front matter, file name or folder"}
        problems.extend(Problem(subtype, f"{missing[subtype]}; using the {used}", 1) for subtype, used in unwritten)

    explicit = next((meta[k] for k in GROUP_KEYS if isinstance(meta.get(k), _SCALARS) and meta[k] != ""), None)
    name_stem = _LEADING_DATE.sub("", stem)
    if explicit is not None:
        group_key = f"key:{explicit}"
    elif suffix_lang or (folder and is_language(folder)):
        group_key = f"name:{stem}"
    else:
        group_key = None

    translated_from = _as_digest(meta.get("translated_from"), problems)
    tags = _as_tags(meta, problems)
    note = NoteFile(
        path=str(path),
        rel=rel,
        title=title,
        lang=lang,
        lang_source=_SOURCE_NAMES[lang_source],
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
        translated_from=translated_from,
        body_sha256=body_digest(parts.body),
        tags=tags,
    )
    return note, body


def body_digest(body: str) -> str:
    """SHA-256 (hex) of a note's body: the text after the front matter, line endings as ``\\n``,
    leading and trailing white space removed, as UTF-8. It is what python-frontmatter's
    ``frontmatter.load(path).content`` holds, so a translation script can write
    ``translated_from: hashlib.sha256(post.content.encode()).hexdigest()``."""
    return hashlib.sha256(body.strip().encode("utf-8", errors="surrogatepass")).hexdigest()


def _as_digest(value: object, problems: list[Problem]) -> str | None:
    if value is None:
        return None
    text = str(value).strip().lower() if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
    match = _DIGEST.fullmatch(text)
    if match:
        return match.group(1)
    problems.append(Problem(NotesWarning.METADATA, f"'translated_from' should be the SHA-256 of the original's body "
                            f"(64 hex digits, or its first 8 or more), not {_shown(value)}; ignored", 1))
    return None


def load_body(note: NoteFile) -> str | None:
    """The body of an already loaded note, read again without parsing its front matter;
    None when the file changed since (the caller loads it afresh)."""
    path = Path(note.path)
    if note.stamp is None or file_stamp(path) != note.stamp:
        return None
    text, _ = read_text(path)
    return text[note.body_offset:]
