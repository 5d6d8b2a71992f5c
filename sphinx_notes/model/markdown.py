"""Markdown-level fixes for real notes, on markdown-it tokens (no docutils, no Sphinx).

- :func:`rebase_headings`: bodies start at ``##`` or ``###`` and skip levels; their headings are
  renumbered to consecutive levels under the note title.
- :func:`bracket_math_plugin`: notes written for MathJax under Jekyll double the backslashes
  (``\\\\(x\\\\)``, ``\\\\[x\\\\]``) so that Markdown leaves ``\\(x\\)``; here they become math tokens.
"""

from __future__ import annotations

from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

_INLINE_DELIMITERS = ((r"\\(", r"\\)", "math_inline"), (r"\\[", r"\\]", "math_inline_double"))
_BLOCK_OPEN, _BLOCK_CLOSE = r"\\[", r"\\]"


def rebase_headings(tokens: Sequence[Token], top: int) -> None:
    """Renumber top-level headings so the first is ``top`` and none skips a level.

    A heading's new level is ``top`` plus the number of open headings above it, so
    ``### a / ##### b / ## c`` becomes ``top / top+1 / top``.
    """
    open_levels: list[int] = []
    new_tag = ""
    for token in tokens:
        if token.level != 0:
            continue
        if token.type == "heading_open":
            level = int(token.tag[1:])
            while open_levels and open_levels[-1] >= level:
                open_levels.pop()
            open_levels.append(level)
            new_tag = token.tag = f"h{top + len(open_levels) - 1}"
        elif token.type == "heading_close":
            token.tag = new_tag


def _inline_math(state: StateInline, silent: bool) -> bool:
    for opener, closer, kind in _INLINE_DELIMITERS:
        if not state.src.startswith(opener, state.pos):
            continue
        start = state.pos + len(opener)
        end = state.src.find(closer, start)
        if end < 0 or end == start:
            return False
        if not silent:
            token = state.push(kind, "math", 0)
            token.content = state.src[start:end]
            token.markup = opener
        state.pos = end + len(closer)
        return True
    return False


def _block_math(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    begin = state.bMarks[start_line] + state.tShift[start_line]
    first = state.src[begin:state.eMarks[start_line]]
    if state.sCount[start_line] - state.blkIndent >= 4 or not first.startswith(_BLOCK_OPEN):
        return False
    text = first[len(_BLOCK_OPEN):]
    line = start_line
    while _BLOCK_CLOSE not in text:
        line += 1
        if line >= end_line:
            return False
        text += "\n" + state.src[state.bMarks[line] + state.tShift[line]:state.eMarks[line]]
    content, _, after = text.partition(_BLOCK_CLOSE)
    if after.strip():
        return False  # ``\\[x\\] and more`` is inline math inside a paragraph
    if not silent:
        token = state.push("math_block", "math", 0)
        token.block = True
        token.content = content.strip("\n")
        token.markup = _BLOCK_OPEN
        token.map = [start_line, line + 1]
    state.line = line + 1
    return True


def bracket_math_plugin(md: MarkdownIt) -> None:
    """Read ``\\\\(…\\\\)`` as inline and ``\\\\[…\\\\]`` as display math."""
    md.inline.ruler.before("escape", "notes_bracket_math", _inline_math)
    md.block.ruler.before("paragraph", "notes_bracket_math_block", _block_math,
                          {"alt": ["paragraph", "blockquote", "list"]})


def unclosed_fences(tokens: Sequence[Token], lines: Sequence[str]) -> list[int]:
    """The 0-based lines of code fences that are never closed: markdown-it lets them run to
    the end of the note (or of their list item or quote), which is code the author did not mean."""
    opened = []
    for token in tokens:
        if token.type != "fence" or not token.map:
            continue
        start, end = token.map
        last = lines[end - 1].strip().lstrip(">").strip() if start < end - 1 < len(lines) else ""
        marker = token.markup
        if not (len(last) >= len(marker) and set(last) == {marker[0]}):
            opened.append(start)
    return opened
