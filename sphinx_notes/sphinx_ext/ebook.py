"""EPUB: every page of a note in its language, the book's package listing every language.

Sphinx's EPUB pages open with the builder's ``html_tag`` (``<html xmlns=… xmlns:epub=…>``), the
same for every page; a note page's gets ``lang`` and ``xml:lang`` of its note through the
template context (``dir`` is added by :mod:`.page_language`, as for HTML). The package document
(``content.opf``) has one ``dc:language`` from ``epub_language``: at ``build-finished`` the note
languages are added after it and the book is zipped again with the builder's own ``build_epub``.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from .domain import notes_domain

_LANG_ATTRS = re.compile(r'\s(?:xml:)?lang="[^"]*"')


def epub_page_language(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """``html-page-context``: ``lang`` and ``xml:lang`` on the ``<html>`` tag of an EPUB page."""
    tag = context.get("html_tag")
    if not tag or app.builder.name not in ("epub",):
        return
    facts = notes_domain(app.env).pages.get(pagename)
    lang = facts.lang if facts is not None else (app.config.epub_language or app.config.language)
    if not lang:
        return
    bare = _LANG_ATTRS.sub("", tag)
    context["html_tag"] = f'{bare[:-1]} lang="{escape(lang)}" xml:lang="{escape(lang)}">'


def book_languages(app: Sphinx) -> list[str]:
    """``epub_language`` first, then every language of the notes, in tag order."""
    domain = notes_domain(app.env)
    first = app.config.epub_language or app.config.language or "en"
    return list(dict.fromkeys([first, *sorted({facts.lang for facts in domain.pages.values()})]))


def with_languages(opf: str, languages: list[str]) -> str:
    """``content.opf`` with a ``dc:language`` for each of ``languages`` it lacks."""
    present = set(re.findall(r"<dc:language>([^<]*)</dc:language>", opf))
    missing = [lang for lang in languages if escape(lang) not in present]
    match = list(re.finditer(r"[ \t]*<dc:language>[^<]*</dc:language>\n?", opf))
    if not missing or not match:
        return opf
    last = match[-1]
    indent = re.match(r"[ \t]*", last.group(0)).group(0)
    added = "".join(f"{indent}<dc:language>{escape(lang)}</dc:language>\n" for lang in missing)
    return opf[:last.end()] + added + opf[last.end():]


def add_book_languages(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: the package lists the notes' languages; the book is zipped again."""
    if exception is not None or app.builder.name != "epub":
        return
    opf = Path(app.builder.outdir) / "content.opf"
    if not opf.is_file():
        return
    text = opf.read_text(encoding="utf-8")
    fixed = with_languages(text, book_languages(app))
    if fixed != text:
        opf.write_text(fixed, encoding="utf-8")
        app.builder.build_epub()


def setup_ebook(app: Sphinx) -> None:
    app.connect("html-page-context", epub_page_language)
    app.connect("build-finished", add_book_languages)
