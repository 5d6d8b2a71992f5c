"""Writing systems of characters and languages, and the split of a text into runs that each
need one font: what a PDF needs to typeset multilingual notes with XeLaTeX.

Sphinx-free. Python's :mod:`unicodedata` has no Script property, so the blocks of the scripts
the PDF output gives a font of their own are listed here (the Unicode block ranges); every other
character is ``common`` (Latin, digits, punctuation, symbols) or a ``mark`` (combining marks,
joiners, variation selectors) that goes with the character before it.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

#: (first, last, script) of the Unicode blocks of scripts that get fonts of their own
_BLOCKS = sorted([
    (0x0370, 0x03FF, "greek"), (0x1F00, 0x1FFF, "greek"),
    (0x0400, 0x052F, "cyrillic"), (0x1C80, 0x1C8F, "cyrillic"), (0x2DE0, 0x2DFF, "cyrillic"),
    (0xA640, 0xA69F, "cyrillic"),
    (0x0530, 0x058F, "armenian"), (0xFB13, 0xFB17, "armenian"),
    (0x0590, 0x05FF, "hebrew"), (0xFB1D, 0xFB4F, "hebrew"),
    (0x0600, 0x06FF, "arabic"), (0x0750, 0x077F, "arabic"), (0x0870, 0x08FF, "arabic"),
    (0xFB50, 0xFDFF, "arabic"), (0xFE70, 0xFEFF, "arabic"),
    (0x0700, 0x074F, "syriac"), (0x0780, 0x07BF, "thaana"),
    (0x0900, 0x097F, "devanagari"), (0xA8E0, 0xA8FF, "devanagari"),
    (0x0980, 0x09FF, "bengali"), (0x0A00, 0x0A7F, "gurmukhi"), (0x0A80, 0x0AFF, "gujarati"),
    (0x0B00, 0x0B7F, "oriya"), (0x0B80, 0x0BFF, "tamil"), (0x0C00, 0x0C7F, "telugu"),
    (0x0C80, 0x0CFF, "kannada"), (0x0D00, 0x0D7F, "malayalam"), (0x0D80, 0x0DFF, "sinhala"),
    (0x0E00, 0x0E7F, "thai"), (0x0E80, 0x0EFF, "lao"), (0x0F00, 0x0FFF, "tibetan"),
    (0x1000, 0x109F, "myanmar"), (0x10A0, 0x10FF, "georgian"), (0x2D00, 0x2D2F, "georgian"),
    (0x1100, 0x11FF, "hangul"), (0x3130, 0x318F, "hangul"), (0xA960, 0xA97F, "hangul"),
    (0xAC00, 0xD7FF, "hangul"),
    (0x1200, 0x139F, "ethiopic"), (0x2D80, 0x2DDF, "ethiopic"),
    (0x1780, 0x17FF, "khmer"), (0x19E0, 0x19FF, "khmer"),
    (0x2E80, 0x2FDF, "cjk"), (0x3000, 0x303F, "cjk"), (0x3040, 0x30FF, "kana"), (0x3100, 0x312F, "cjk"),
    (0x31A0, 0x31FF, "cjk"), (0x3200, 0x33FF, "cjk"), (0x3400, 0x4DBF, "cjk"), (0x4E00, 0x9FFF, "cjk"),
    (0xF900, 0xFAFF, "cjk"), (0xFE30, 0xFE4F, "cjk"), (0xFF00, 0xFFEF, "cjk"), (0x20000, 0x3FFFF, "cjk"),
])
_STARTS = [b[0] for b in _BLOCKS]

RTL_SCRIPTS = frozenset({"arabic", "hebrew", "syriac", "thaana"})
#: scripts whose letters change shape with their neighbours: set only in a font declared for them
COMPLEX_SCRIPTS = RTL_SCRIPTS | {"devanagari", "bengali", "gurmukhi", "gujarati", "oriya", "tamil", "telugu",
                                 "kannada", "malayalam", "sinhala", "thai", "lao", "tibetan", "myanmar", "khmer"}
#: scripts a main (Latin) font often covers: they need no font of their own when it does
SIMPLE_SCRIPTS = frozenset({"latin", "greek", "cyrillic", "armenian", "georgian", "ethiopic"})
#: characters that only modify the one before them, dropped where the font has no glyph for them
_INVISIBLE = frozenset({0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0xFE0E, 0xFE0F, 0x20E3})


def script_of(char: str) -> str:
    """``latin`` for letters outside the listed blocks, ``common`` for digits, punctuation,
    spaces and symbols, ``mark`` for combining marks and joiners, else the block's script
    (kana and hangul apart from the other CJK characters)."""
    code = ord(char)
    index = bisect.bisect_right(_STARTS, code) - 1
    category = unicodedata.category(char)
    if category[0] == "M" or code in _INVISIBLE or 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF:
        return "mark"
    if index >= 0 and code <= _BLOCKS[index][1]:
        script = _BLOCKS[index][2]
        return script if category[0] == "L" or script in ("cjk", "kana", "hangul") else "common"
    return "latin" if category[0] == "L" else "common"


#: primary language subtag -> (script, polyglossia language name or None)
_LANGUAGES = {
    "ar": ("arabic", "arabic"), "fa": ("arabic", "persian"), "ur": ("arabic", "urdu"), "ps": ("arabic", None),
    "sd": ("arabic", "sindhi"), "ckb": ("arabic", "kurdish"), "ug": ("arabic", "uyghur"),
    "he": ("hebrew", "hebrew"), "iw": ("hebrew", "hebrew"), "yi": ("hebrew", None), "syr": ("syriac", "syriac"),
    "dv": ("thaana", "divehi"),
    "hi": ("devanagari", "hindi"), "mr": ("devanagari", "marathi"), "ne": ("devanagari", "nepali"),
    "sa": ("devanagari", "sanskrit"), "bn": ("bengali", "bengali"), "as": ("bengali", "assamese"),
    "pa": ("gurmukhi", "punjabi"), "gu": ("gujarati", "gujarati"), "or": ("oriya", "odia"),
    "ta": ("tamil", "tamil"), "te": ("telugu", "telugu"), "kn": ("kannada", "kannada"),
    "ml": ("malayalam", "malayalam"), "si": ("sinhala", "sinhala"), "th": ("thai", "thai"), "lo": ("lao", "lao"),
    "bo": ("tibetan", "tibetan"), "my": ("myanmar", None), "km": ("khmer", "khmer"),
    "ka": ("georgian", "georgian"), "hy": ("armenian", "armenian"), "am": ("ethiopic", "amharic"),
    "ti": ("ethiopic", None),
    "zh": ("cjk", "chinese"), "ja": ("cjk", "japanese"), "ko": ("cjk", "korean"),
    "el": ("greek", "greek"), "ru": ("cyrillic", "russian"), "uk": ("cyrillic", "ukrainian"),
    "bg": ("cyrillic", "bulgarian"), "sr": ("cyrillic", "serbian"), "be": ("cyrillic", "belarusian"),
    "mk": ("cyrillic", "macedonian"), "kk": ("cyrillic", "kazakh"), "mn": ("cyrillic", "mongolian"),
    "en": ("latin", "english"), "de": ("latin", "german"), "fr": ("latin", "french"), "es": ("latin", "spanish"),
    "it": ("latin", "italian"), "pt": ("latin", "portuguese"), "nl": ("latin", "dutch"), "pl": ("latin", "polish"),
    "cs": ("latin", "czech"), "sk": ("latin", "slovak"), "sl": ("latin", "slovenian"), "hr": ("latin", "croatian"),
    "sv": ("latin", "swedish"), "da": ("latin", "danish"), "nb": ("latin", "norwegian"), "no": ("latin", "norwegian"),
    "nn": ("latin", "norwegian"), "fi": ("latin", "finnish"), "et": ("latin", "estonian"), "lv": ("latin", "latvian"),
    "lt": ("latin", "lithuanian"), "hu": ("latin", "hungarian"), "ro": ("latin", "romanian"), "tr": ("latin", "turkish"),
    "ca": ("latin", "catalan"), "eu": ("latin", "basque"), "gl": ("latin", "galician"), "ga": ("latin", "irish"),
    "cy": ("latin", "welsh"), "is": ("latin", "icelandic"), "sq": ("latin", "albanian"), "vi": ("latin", "vietnamese"),
    "id": ("latin", "bahasai"), "ms": ("latin", "bahasam"), "af": ("latin", "afrikaans"), "la": ("latin", "latin"),
    "eo": ("latin", "esperanto"),
}


def language_script(tag: str) -> str:
    """The script a language is written in (``latin`` when not known): ``sr-Latn`` is Latin."""
    parts = tag.replace("_", "-").split("-")
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            return {"Latn": "latin", "Cyrl": "cyrillic", "Arab": "arabic", "Hant": "cjk", "Hans": "cjk",
                    "Deva": "devanagari", "Hebr": "hebrew", "Grek": "greek"}.get(part.title(), "latin")
    return _LANGUAGES.get(parts[0].lower(), ("latin", None))[0]


def polyglossia_languages() -> dict[str, tuple[str, str]]:
    """polyglossia language -> (a language tag for it, its script)."""
    found: dict[str, tuple[str, str]] = {}
    for tag, (script, name) in _LANGUAGES.items():
        if name:
            found.setdefault(name, (tag, script))
    return found


def polyglossia_name(tag: str) -> str | None:
    """Polyglossia's name of a language (``ar`` -> ``arabic``), or None when it has none."""
    return _LANGUAGES.get(tag.replace("_", "-").split("-")[0].lower(), (None, None))[1]


def cjk_variant(tag: str | None) -> str:
    """Which CJK glyph forms a language reads: ``sc``, ``tc``, ``jp`` or ``kr``."""
    tag = (tag or "").lower().replace("_", "-")
    if tag.startswith("ja"):
        return "jp"
    if tag.startswith("ko"):
        return "kr"
    if tag.startswith("zh") and any(p in tag.split("-") for p in ("hant", "tw", "hk", "mo")):
        return "tc"
    return "sc"


def parse_charset(text: str) -> frozenset[int] | None:
    """fontconfig's ``%{charset}`` (``20-7e a0 ...``) as code points; None when not one."""
    codes: set[int] = set()
    for item in text.split():
        match = re.fullmatch(r"([0-9a-fA-F]+)(?:-([0-9a-fA-F]+))?", item)
        if not match:
            return None
        first = int(match.group(1), 16)
        codes.update(range(first, int(match.group(2) or match.group(1), 16) + 1))
    return frozenset(codes)


@dataclass(frozen=True)
class Run:
    """A stretch of text that needs ``slot`` (None: the surrounding font and language), set
    right to left when ``rtl``; ``slot == "missing"``: no installed font has these characters."""

    text: str
    slot: str | None
    rtl: bool = False


@dataclass(frozen=True)
class Context:
    """Where a text is typeset: the language's script and direction, and what its font covers."""

    script: str
    rtl: bool
    covers: Callable[[int], bool]


def split_runs(text: str, context: Context, choose: Callable[[str, str], str | None],
               cache: dict[str, str | None] | None = None) -> list[Run]:
    """``text`` cut into :class:`Run` s. ``choose(char, script)`` names the slot of a character
    the context's font cannot set (or whose script is not the context's), None when no font has
    it. Spaces between two characters of one slot stay in it; marks follow their base."""
    cache = {} if cache is None else cache
    slots: list[str | None] = []
    for char in text:
        if char in cache:
            slots.append(cache[char])
            continue
        script = script_of(char)
        slot: str | None
        if script == "mark":
            slot = "mark"
        elif char.isspace():
            slot = "space"
        elif script in ("kana", "hangul") and context.script == "cjk" and context.covers(ord(char)):
            slot = None
        elif (script == context.script and (script not in SIMPLE_SCRIPTS or context.covers(ord(char)))) or (
                script in ("common", *SIMPLE_SCRIPTS) and context.covers(ord(char))
                and not (context.rtl and script != "common")):
            slot = None
        else:
            slot = choose(char, script) or "missing"
        cache[char] = slot
        slots.append(slot)
    # marks take their base's slot (and go where no font has them); spaces join a slot on both sides
    for i, slot in enumerate(slots):
        if slot == "mark":
            slots[i] = slots[i - 1] if i else None
    runs: list[Run] = []
    for i, slot in enumerate(slots):
        if slot == "space":
            before = next((s for s in reversed(slots[:i]) if s != "space"), None)
            after = next((s for s in slots[i + 1:] if s != "space"), None)
            slot = before if before == after else None
        if runs and runs[-1].slot == slot:
            runs[-1] = Run(runs[-1].text + text[i], slot)
        else:
            runs.append(Run(text[i], slot))
    return [Run(r.text, r.slot, r.slot is not None and r.slot.split(":")[0] in RTL_SCRIPTS) for r in runs]
