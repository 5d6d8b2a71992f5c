"""Raw HTML in a note body: does it run code?

Notes are text nobody reviewed (often written by a model), so raw HTML that would run in a
reader's browser is found here and shown as text instead. The check is deliberately narrow:
formatting HTML (``<br>``, ``<sub>``, ``<details>``, ``<img src="https://…">``) passes; what
runs code or changes where the page loads things from does not.
"""

from __future__ import annotations

from html.parser import HTMLParser

from .urls import is_safe_url

#: Elements that run code, embed other documents, or change how the page loads and submits.
ACTIVE_ELEMENTS = frozenset({
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "meta", "link",
    "form", "style", "template", "portal",
})


class _ActiveFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.reasons: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ACTIVE_ELEMENTS:
            self.reasons.append(f"a <{tag}> element")
        for name, value in attrs:
            if name.startswith("on"):
                self.reasons.append(f"an {name} attribute on <{tag}>")
            elif value and not is_safe_url(value):
                self.reasons.append(f"a {value.split(':', 1)[0].strip().lower()}: URL in {name}")
            elif name == "style" and value and ("expression(" in value.lower() or "url(" in value.lower()):
                self.reasons.append(f"a style attribute that loads or computes on <{tag}>")

    handle_startendtag = handle_starttag


def active_html(text: str) -> str | None:
    """Why ``text`` (an HTML fragment) would run code in a browser, or None when it would not."""
    finder = _ActiveFinder()
    try:
        finder.feed(text)
        finder.close()
    except Exception:  # noqa: BLE001 - html.parser is lenient; anything it chokes on is suspect
        return "HTML the checker cannot parse"
    return finder.reasons[0] if finder.reasons else None
