"""Dates on pages, in the page's language (:mod:`..model.dates`), machine-readable in HTML.

A date is a :class:`notes_time` node holding its text: HTML (and EPUB) write it as
``<time datetime="2025-10-22">22. Oktober 2025</time>``; LaTeX, text, man and Texinfo write the
text alone, as any inline text.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from ..model.dates import format_day, parse_day


class notes_time(nodes.Inline, nodes.TextElement):  # noqa: N801
    """A date: its text in the page's language, its ISO form in ``datetime``."""


def date_node(date: str, lang: str, classes: tuple[str, ...] = ("notes-date",)) -> nodes.Element:
    """``date`` (ISO) as the page's readers write it; text that is no date stays as it is."""
    day = parse_day(date)
    text = format_day(day or date, lang)
    if day is None:
        return nodes.inline("", text, classes=list(classes))
    return notes_time("", text, datetime=day.isoformat(), classes=list(classes))


def visit_time_html(translator: Any, node: notes_time) -> None:
    translator.body.append(translator.starttag(node, "time", "", datetime=node["datetime"]))


def depart_time_html(translator: Any, node: notes_time) -> None:
    translator.body.append("</time>")


def children_only(translator: Any, node: nodes.Node) -> None:
    """Formats without a date element write the text."""


def setup_dates(app: Sphinx) -> None:
    plain = (children_only, children_only)
    app.add_node(notes_time, html=(visit_time_html, depart_time_html), latex=plain, text=plain, man=plain,
                 texinfo=plain)
