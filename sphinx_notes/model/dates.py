"""Dates as a page's readers write them: ``22. Oktober 2025`` on a German page, ``22 أكتوبر 2025``
on an Arabic one, from CLDR through Babel (already a Sphinx dependency).

A page's language is a BCP-47 tag of ours (``zh-Hant``, or the blog's ``hant``); Babel wants a
locale it has data for. The tag is tried as it is, then without its region or variant, then as
its language alone; a language CLDR does not know gets the ISO date, never an error.
"""

from __future__ import annotations

import datetime as dt
import functools

from babel import Locale, UnknownLocaleError
from babel.dates import format_date

from .languages import normalize_tag, primary_subtag


@functools.lru_cache(maxsize=256)
def babel_locale(tag: str) -> Locale | None:
    """The Babel locale for a language tag (``hant`` -> ``zh_Hant``), or None when CLDR has none."""
    canonical = normalize_tag(tag) or str(tag).replace("_", "-")
    subtags = canonical.split("-")
    for candidate in dict.fromkeys(("-".join(subtags), "-".join(subtags[:2]), primary_subtag(canonical))):
        try:
            return Locale.parse(candidate, sep="-")
        except (UnknownLocaleError, ValueError, TypeError):
            continue
    return None


def parse_day(text: str | None) -> dt.date | None:
    """The day of an ISO date (``2025-10-22``, or a timestamp starting with one); None otherwise."""
    try:
        return dt.date.fromisoformat(str(text)[:10]) if text else None
    except ValueError:
        return None


def format_day(day: dt.date | str, lang: str | None, length: str = "long") -> str:
    """``day`` written in ``lang`` (``length``: CLDR's ``short``, ``medium``, ``long`` or ``full``);
    the ISO date for a language CLDR does not know, the text as it is when it is no date."""
    date = day if isinstance(day, dt.date) else parse_day(day)
    if date is None:
        return str(day)
    locale = babel_locale(lang) if lang else None
    if locale is None:
        return date.isoformat()
    try:
        return format_date(date, format=length, locale=locale)
    except (KeyError, ValueError, AttributeError):  # incomplete CLDR data for an odd locale
        return date.isoformat()
