"""Language tags: BCP-47 normalisation, native names and writing direction.

Babel (already a Sphinx dependency) supplies the CLDR data, so no table is hand-written here.
The only local knowledge is the blog convention of writing ``hant``/``hans`` for the two
Chinese scripts.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from babel import Locale, UnknownLocaleError
from babel.core import get_global, parse_locale

#: Blog shorthands that are script subtags, not languages.
_SCRIPT_SHORTHANDS = {"hant": "zh-Hant", "hans": "zh-Hans"}
_BCP47 = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|\d{3}))?(?:-[A-Za-z0-9]{5,8})*$")


@functools.lru_cache(maxsize=512)
def _locale(tag: str) -> Locale | None:
    try:
        return Locale.parse(tag, sep="-")
    except (UnknownLocaleError, ValueError, TypeError):
        return None


@functools.lru_cache(maxsize=512)
def normalize_tag(raw: object) -> str | None:
    """The canonical BCP-47 form of ``raw`` (``zh_hant`` -> ``zh-Hant``), or None when it is
    not a language that CLDR knows."""
    if not isinstance(raw, str):
        return None
    text = raw.strip().replace("_", "-")
    text = _SCRIPT_SHORTHANDS.get(text.lower(), text)
    if not _BCP47.match(text):
        return None
    parts = text.split("-")
    canon = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            canon.append(part.title())
        elif len(part) in (2, 3) and (part.isalpha() or part.isdigit()):
            canon.append(part.upper())
        else:
            canon.append(part.lower())
    tag = "-".join(canon)
    return tag if _locale(tag) is not None else None


def is_language(raw: str) -> bool:
    """True when ``raw`` names a language (used to read ``-de`` file suffixes and ``de/`` folders)."""
    return normalize_tag(raw) is not None


@functools.lru_cache(maxsize=512)
def native_name(tag: str) -> str:
    """The language's name in itself (``de`` -> ``Deutsch``), first letter capitalised."""
    loc = _locale(tag)
    name = (loc.get_display_name(loc) if loc else None) or tag
    return name[:1].upper() + name[1:]


class Language(NamedTuple):
    """How a language is shown: its tag, its name in itself, its writing direction."""

    tag: str
    name: str
    direction: str


@functools.lru_cache(maxsize=512)
def describe(tag: str) -> Language:
    """The tag's :class:`Language`, from CLDR (loading that locale's data on first use)."""
    return Language(tag, native_name(tag), direction(tag))


@functools.lru_cache(maxsize=512)
def direction(tag: str) -> str:
    """``rtl`` or ``ltr``, from CLDR's character order for the language."""
    loc = _locale(tag)
    return "rtl" if loc is not None and loc.character_order == "right-to-left" else "ltr"


def url_segment(tag: str) -> str:
    """The folder name a language's pages live under: the tag in lower case (``zh-hant``)."""
    return tag.lower()


def primary_subtag(tag: str) -> str:
    """The language alone, in lower case: ``zh-Hant`` and ``zh_Hant`` -> ``zh``."""
    return tag.replace("_", "-").split("-")[0].lower()


def locale_name(tag: str) -> str:
    """The tag as gettext and Sphinx's ``language`` spell it: ``zh-Hant`` -> ``zh_Hant``."""
    return tag.replace("-", "_")


def same_language(tag: str, other: str) -> bool:
    """Whether two spellings name one language: ``zh-Hant``, ``zh_hant``."""
    return tag.replace("_", "-").lower() == other.replace("_", "-").lower()


@functools.lru_cache(maxsize=512)
def opengraph_locale(tag: str) -> str:
    """The tag in OpenGraph's ``ll_TT`` form: its own territory, else the most likely one for the
    language and script in CLDR (``de`` -> ``de_DE``, ``zh-Hant`` -> ``zh_TW``, ``ar`` -> ``ar_EG``);
    the language alone when CLDR knows none."""
    language, territory, script, _variant = parse_locale(locale_name(tag))
    if not territory:
        likely = get_global("likely_subtags")
        expanded = likely.get(f"{language}_{script}") if script else None
        expanded = expanded or likely.get(language)
        territory = parse_locale(expanded)[1] if expanded else None
    return f"{language}_{territory}" if territory else language
