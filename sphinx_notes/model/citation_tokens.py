"""Find citations among markdown-it tokens (no docutils, no Sphinx).

A reference-style link whose label is one of the note's link definitions is a citation:
``[Site][1]``, ``[1]`` and ``[1][]``, plus ``[^1]`` when ``1`` is a link definition and not a
footnote (myst reads every ``[^x]`` as a footnote reference). It becomes one :data:`CITATION` token; parentheses holding only citations
(``([Site][1])``, ``([A][1], [B][2])``) go with them. Ordinary links stay links, with tracking
parameters removed and unsafe schemes turned into plain text.

The parser accepts every URL (:func:`citation_plugin`) so that one bad definition does not turn
the definitions after it into paragraph text; the checks here decide what may become a link.
Problems carry the line they are on: an inline token's first line plus the line breaks before.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.normalize_url import validateLink
from markdown_it.common.utils import normalizeReference
from markdown_it.token import Token

from .citations import Source, make_source, source_url_problem
from .problems import NotesWarning, Problem
from .urls import is_absolute, is_safe_url, normalize_url

CITATION = "notes_citation"

_OPEN = re.compile(r"\s*[(（]\s*$")
_CLOSE = re.compile(r"^\s*[)）]")
_SEPARATOR = re.compile(r"^[\s,;，、；]*$")
_FULL_REFERENCE = re.compile(r"\[([^\[\]]+)\]\[([^\[\]]+)\]")


@dataclass
class CitationScan:
    """What the scan of one note found: its sources in first-citation order, and its problems."""

    sources: list[Source] = field(default_factory=list)
    lines: list[int | None] = field(default_factory=list)  #: file line of each source's first citation
    problems: list[Problem] = field(default_factory=list)

    def cite(self, source: Source, line: int | None) -> Source:
        """The page's source for ``source.url``: the first citation names it."""
        for known in self.sources:
            if known.url == source.url:
                return known
        self.sources.append(source)
        self.lines.append(line)
        return source


def citation_plugin(md: MarkdownIt) -> None:
    """Accept every link destination: what may become a link is decided by :func:`scan_citations`."""
    md.validateLink = lambda url: True  # type: ignore[method-assign]


def scan_citations(tokens: Sequence[Token], md_env: dict[str, Any], first_line: int) -> CitationScan:
    """Turn citations into :data:`CITATION` tokens and make every link safe, in place.

    ``first_line`` is the file line of the body's first line; block tokens' maps are already in
    file lines (0-based).
    """
    scan = CitationScan()
    definitions: dict[str, dict] = md_env.get("references", {})
    for duplicate in md_env.pop("duplicate_refs", []):  # reported here, in the note file, not by myst
        line = duplicate["map"][0]
        first = definitions.get(duplicate["label"], {}).get("map", [line])[0]
        scan.problems.append(Problem(NotesWarning.CITATION_DUPLICATE, f"link label [{duplicate['label']}] is defined again; "
                                     f"the first definition (line {first + first_line}) is used", line + first_line))
    bad_labels: set[str] = set()
    for label, definition in definitions.items():
        problem = source_url_problem(definition["href"]) if is_absolute(definition["href"]) or not definition["href"].strip() else None
        if problem is not None:
            bad_labels.add(label)
            scan.problems.append(Problem(NotesWarning.CITATION_URL, f"link definition [{label}]: {problem}; "
                                         "its citations are shown as plain text", definition["map"][0] + first_line))
    footnotes = {str(t.meta.get("label")) for t in tokens if t.type == "footnote_reference_open"}
    for token in tokens:
        if token.type == "inline" and token.children:
            line = token.map[0] + 1 if token.map else None
            children = _mark(token.children, definitions, bad_labels, footnotes, scan, line)
            token.children = _drop_parentheses(children)
    return scan


def _mark(children: list[Token], definitions: dict[str, dict], bad_labels: set[str], footnotes: set[str],
          scan: CitationScan, line: int | None) -> list[Token]:
    """Citation links -> CITATION tokens (their link text in ``meta["inner"]``); other links made safe."""
    out: list[Token] = []
    index = 0
    while index < len(children):
        token = children[index]
        if token.type == "link_open":
            close = next(i for i in range(index + 1, len(children)) if children[i].type == "link_close")
            inner = children[index + 1:close]
            out.extend(_link(token, inner, children[close], definitions, bad_labels, scan, line))
            index = close + 1
            continue
        if token.type in ("softbreak", "hardbreak") and line is not None:
            line += 1
        if token.type == "image":
            out.append(_image(token, scan, line))
        elif token.type == "footnote_ref":
            out.append(_caret(token, definitions, bad_labels, footnotes, scan, line))
        elif token.type == "text":
            _undefined(token, definitions, scan, line)
            out.append(token)
        else:
            out.append(token)
        index += 1
    return out


def _link(opening: Token, inner: list[Token], closing: Token, definitions: dict[str, dict],
          bad_labels: set[str], scan: CitationScan, line: int | None) -> list[Token]:
    href = str(opening.attrGet("href") or "")
    label = opening.meta.get("label")
    if label in bad_labels:
        return inner
    if label in definitions and is_absolute(href):
        text = "".join(t.content for t in inner if t.type in ("text", "code_inline"))
        source = make_source(href, definitions[label].get("title") or "", text, label)
        source = scan.cite(source, line)
        return [_citation_token(source, label, inner, bare=normalizeReference(text) == label)]
    if not is_safe_url(href):
        scan.problems.append(Problem(NotesWarning.LINK_URL, f"link to {href[:60]!r}: the scheme is not allowed; "
                                     "shown as plain text", line))
        return inner
    clean = normalize_url(href)
    if clean != href:
        opening.attrSet("href", clean)
        for token in inner:  # an autolink shows its URL
            if token.type == "text" and token.content == href:
                token.content = clean
    return [opening, *inner, closing]


def _image(token: Token, scan: CitationScan, line: int | None) -> Token:
    src = str(token.attrGet("src") or "")
    if not validateLink(src):
        scan.problems.append(Problem(NotesWarning.LINK_URL, f"image source {src[:60]!r} is not allowed; its text is shown", line))
        return _text_token(token.content)
    token.attrSet("src", normalize_url(src))
    return token


def _undefined(token: Token, definitions: dict[str, dict], scan: CitationScan, line: int | None) -> None:
    """``[Site][9]`` left as text: markdown-it found no ``[9]:`` definition."""
    for match in _FULL_REFERENCE.finditer(token.content):
        if normalizeReference(match.group(2)) not in definitions:
            scan.problems.append(Problem(NotesWarning.CITATION_UNDEFINED, f"{match.group(0)} cites [{match.group(2)}], "
                                         "which this note does not define; shown as text", line))


def _caret(token: Token, definitions: dict[str, dict], bad_labels: set[str], footnotes: set[str],
           scan: CitationScan, line: int | None) -> Token:
    """``[^1]`` is a footnote when ``[^1]:`` exists, else a citation of the link definition ``[1]:``."""
    label = str(token.meta.get("label", ""))
    if label in footnotes:
        return token
    key = normalizeReference(label)
    definition = definitions.get(key)
    if definition is None or key in bad_labels or not is_absolute(definition["href"]):
        scan.problems.append(Problem(NotesWarning.CITATION_UNDEFINED, f"[^{label}] cites [{label}], which this note defines "
                                     "neither as a link nor as a footnote; shown as text", line))
        return _text_token(f"[^{label}]")
    source = scan.cite(make_source(definition["href"], definition.get("title") or "", "", key), line)
    return _citation_token(source, key, [], bare=True)


def _text_token(content: str) -> Token:
    return Token("text", "", 0, content=content)


def _citation_token(source: Source, label: str, inner: list[Token], bare: bool) -> Token:
    token = Token(CITATION, "", 0)
    token.meta = {"source": source, "label": label, "inner": inner, "bare": bare}
    return token


def _drop_parentheses(children: list[Token]) -> list[Token]:
    """Parentheses holding only citations go; a citation outside them keeps its link text."""
    out: list[Token] = []
    index = 0
    while index < len(children):
        if children[index].type != CITATION:
            out.append(children[index])
            index += 1
            continue
        end = index  # a run of citations, maybe separated by commas
        while (end + 2 < len(children) and children[end + 1].type == "text"
               and _SEPARATOR.match(children[end + 1].content) and children[end + 2].type == CITATION):
            end += 2
        before = out[-1] if out and out[-1].type == "text" else None
        after = children[end + 1] if end + 1 < len(children) and children[end + 1].type == "text" else None
        if before is not None and after is not None and _OPEN.search(before.content) and _CLOSE.match(after.content):
            before.content = _OPEN.sub("", before.content)
            after.content = _CLOSE.sub("", after.content, count=1)
            out += children[index:end + 1:2]
        else:
            for token in children[index:end + 1]:
                if token.type == CITATION and not token.meta["bare"]:
                    out += token.meta["inner"]
                out.append(token)
        index = end + 1
    return out
