"""What a note body may do: read files inside the project only, and put no running code on a page.

Notes are text nobody reviewed, so the user's docutils settings are obeyed and a little more:

- ``file_insertion_enabled`` (docutils, default on): off, a note inserts no file at all; on,
  a note may insert (``include``, ``literalinclude``, ``csv-table``/``raw`` ``:file:``, images,
  downloads) only files inside the source folder or a ``notes_paths`` folder, never by URL.
- ``raw_enabled`` (docutils, default on): off, raw HTML and ``raw`` content are shown as text;
  on, they pass unless they can run code (:func:`~sphinx_notes.model.html_check.active_html`).

Whatever is refused is shown as text or left out, and named in the note's one warning.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from docutils import nodes
from docutils.frontend import Values
from docutils.parsers.rst.directives.misc import Include
from myst_parser.parsers.directives import parse_directive_text
from sphinx import addnodes
from sphinx.directives.code import LiteralInclude
from sphinx.environment import BuildEnvironment

from ..model.html_check import active_html
from ..model.problems import NotesWarning, Problem
from ..model.urls import is_safe_url, url_scheme

#: rST lines of an ``eval-rst`` block that would read a file.
_HTML_COMMENTS = re.compile(r"(?:\s*<!--.*?-->)*\s*", re.S)
_RST_FILE_INSERTION = re.compile(r"^\s*(?:\.\.\s+(?:include|literalinclude)::|:(?:file|url):)", re.M)


def _resolved(target: str, env: BuildEnvironment, *, docutils_style: bool = False) -> Path:
    """Where ``target`` will be looked for: Sphinx reads ``/x`` from the source folder and ``x``
    beside the page; docutils (``:file:``) reads ``/x`` as it is."""
    target = target.strip()
    _, beside_page = env.relfn2path(target, env.docname)
    return (Path(target) if docutils_style and target.startswith("/") else Path(beside_page)).resolve()


def _resolves_inside(target: str, env: BuildEnvironment, roots: Iterable[Path]) -> bool:
    resolved = _resolved(target, env)
    return any(resolved.is_relative_to(root) for root in roots)


def rst_file_insertion(content: str) -> bool:
    """Whether an ``eval-rst`` block reads a file (``include``, ``literalinclude``, ``:file:``)."""
    return bool(_RST_FILE_INSERTION.search(content))


def file_insertion_refusal(directive_class: type, name: str, first_line: str, content: str,
                           env: BuildEnvironment, roots: list[Path], insertion_enabled: bool) -> str | None:
    """Why a directive in a note may not run, or None: the files and URLs it would read."""
    try:
        parsed = parse_directive_text(directive_class, first_line, content, validate_options=False)
    except Exception:  # noqa: BLE001 - myst reports malformed directives itself when it runs them
        return None
    if parsed.options.get("url"):
        return f"{name!r} reading the URL {str(parsed.options['url'])[:60]!r} at build time"
    targets = [(str(parsed.options["file"]), True)] if parsed.options.get("file") else []
    if issubclass(directive_class, (Include, LiteralInclude)) and parsed.arguments:
        targets.append((parsed.arguments[0], False))
    if targets and not insertion_enabled:
        return f"{name!r} inserting {targets[0][0][:60]!r} while file_insertion_enabled is off"
    for target, docutils_style in targets:
        if target.startswith("<") and target.endswith(">"):
            continue  # docutils' own include files
        place = _resolved(target, env, docutils_style=docutils_style)
        if not any(place.is_relative_to(root) for root in roots):
            return f"{name!r} reading {target[:60]!r}, outside the project"
        if not place.is_file():
            return f"{name!r} reading {target[:60]!r}, which is not a file in the project"
    return None


def _as_text(node: nodes.Element, text: str) -> nodes.Node:
    """``text`` shown as code where ``node`` was: inline inside a paragraph, else a block."""
    if isinstance(node.parent, nodes.TextElement):
        return nodes.literal(text, text)
    return nodes.literal_block(text, text, language="html")


def _local_path(uri: str) -> bool:
    return not url_scheme(uri) and not uri.startswith(("//", "#"))


def make_body_safe(section: nodes.Element, settings: Values, env: BuildEnvironment,
                   roots: list[Path]) -> list[Problem]:
    """Replace what a rendered note body must not show, and say what was replaced
    (``settings``: the docutils settings of the page, with the user's ``raw_enabled``)."""
    raw_enabled = getattr(settings, "raw_enabled", True)
    problems: list[Problem] = []

    def refuse(node: nodes.Element, replacement: list[nodes.Node], subtype: NotesWarning, message: str) -> None:
        node.replace_self(replacement)
        problems.append(Problem(subtype, message, node.line))

    for raw in list(section.findall(nodes.raw)):
        formats = raw.get("format", "").split()
        if not raw_enabled and _HTML_COMMENTS.fullmatch(raw.astext()):
            raw.parent.remove(raw)  # invisible either way
            continue
        reason = None if raw_enabled else "raw content while raw_enabled is off"
        if reason is None and "html" in formats:
            reason = active_html(raw.astext())
            reason = reason and f"raw HTML that can run code ({reason})"
        if reason:
            refuse(raw, [_as_text(raw, raw.astext())], NotesWarning.UNSAFE, f"{reason}; shown as text")
    for image in list(section.findall(nodes.image)):
        uri = image.get("uri", "")
        alt = image.get("alt", "") or uri
        if not is_safe_url(uri):
            refuse(image, [nodes.Text(alt)], NotesWarning.LINK_URL, f"image source {uri[:60]!r} is not allowed; its text is shown")
        elif _local_path(uri) and not _resolves_inside(uri, env, roots):
            refuse(image, [nodes.Text(alt)], NotesWarning.UNSAFE, f"image {uri[:60]!r} is outside the project; its text is shown")
    for ref in list(section.findall(nodes.reference)):
        if ref.get("refuri") and not is_safe_url(ref["refuri"]):
            refuse(ref, list(ref.children), NotesWarning.LINK_URL,
                   f"link to {ref['refuri'][:60]!r}: the scheme is not allowed; shown as plain text")
    for ref in list(section.findall(addnodes.download_reference)):
        target = ref.get("reftarget", "")
        if _local_path(target) and not _resolves_inside(target, env, roots):
            refuse(ref, list(ref.children), NotesWarning.UNSAFE, f"download {target[:60]!r} is outside the project; shown as text")
    return problems
