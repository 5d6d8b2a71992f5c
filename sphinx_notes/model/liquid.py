"""Notes written for Jekyll: Liquid's ``{% raw %}`` markers dropped, every other Liquid tag found.

Jekyll runs Liquid over a post before Markdown sees it, so its authors wrap text that looks like
Liquid in ``{% raw %}`` … ``{% endraw %}``, often around or inside a code block. sphinx_notes
runs no Liquid: the markers are dropped wherever they are (their content stays as written, as
Jekyll shows it), and any other tag (``{% include %}``, ``{% highlight %}``…) outside code and
outside a raw region is shown as written and reported, since on the Jekyll site it did
something this page cannot do. Code is told apart as Markdown does: fenced and indented blocks,
and inline code spans.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .problems import NotesWarning, Problem

_RAW_MARKER = re.compile(r"\{%-?[ \t]*(end)?raw[ \t]*-?%\}")
_TAG = re.compile(r"\{%-?[ \t]*(?:(end)?(raw)[ \t]*-?%\}|[^\n]*?-?%\})")
_FENCE = re.compile(r"^[ \t>]*?(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_LIST_ITEM = re.compile(r"^[ ]{0,3}(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)")
_BACKTICKS = re.compile(r"`+")


@dataclass(frozen=True)
class LiquidScan:
    """A body without its raw markers, and the Liquid tags it still holds outside code."""

    body: str
    problems: tuple[Problem, ...]


def scan_liquid(body: str, first_line: int) -> LiquidScan:
    """Drop ``{% raw %}`` / ``{% endraw %}`` from ``body`` (whose first line is ``first_line`` of
    its file) and report every other Liquid tag outside code and raw regions. Lines stay where
    they are: a marker alone on its line leaves that line empty, as Jekyll does."""
    if "{%" not in body:
        return LiquidScan(body, ())
    lines = body.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    code_lines = _code_lines([_RAW_MARKER.sub("", line) for line in lines])
    spans = _code_spans(body, lines, starts, code_lines)
    problems = []
    in_raw = False
    for match in _TAG.finditer(body):
        if match.group(2):  # raw or endraw
            in_raw = not match.group(1)
            continue
        line = _line_of(starts, match.start())
        if in_raw or line in code_lines or any(start <= match.start() < end for start, end in spans):
            continue
        shown = match.group(0) if len(match.group(0)) <= 60 else match.group(0)[:57] + "..."
        problems.append(Problem(NotesWarning.LIQUID, f"Liquid tag {shown} (Jekyll) is not run here; shown as written",
                                first_line + line))
    return LiquidScan(_RAW_MARKER.sub("", body), tuple(problems))


def _line_of(starts: list[int], offset: int) -> int:
    low, high = 0, len(starts) - 1
    while low < high - 1:
        middle = (low + high) // 2
        if starts[middle] <= offset:
            low = middle
        else:
            high = middle
    return low


def _code_lines(lines: list[str]) -> set[int]:
    """Indexes of the lines inside code blocks (fences with their fence lines, indented code)."""
    code: set[int] = set()
    fence: tuple[str, int] | None = None
    in_list = previous_blank = False
    previous_indented_code = False
    for index, line in enumerate(lines):
        blank = not line.strip()
        if fence is not None:
            code.add(index)
            match = _FENCE.match(line)
            if match and match.group("fence")[0] == fence[0] and len(match.group("fence")) >= fence[1] \
                    and not match.group("info").strip():
                fence = None
            continue
        match = _FENCE.match(line)
        if match and not (match.group("fence")[0] == "`" and "`" in match.group("info")):
            fence = (match.group("fence")[0], len(match.group("fence")))
            code.add(index)
            previous_blank = previous_indented_code = False
            continue
        indented = line.startswith(("    ", "\t"))
        if not blank and indented and not in_list and (previous_blank or previous_indented_code or index == 0):
            code.add(index)
            previous_indented_code, previous_blank = True, False
            continue
        if _LIST_ITEM.match(line):
            in_list = True
        elif not blank and not indented and previous_blank:
            in_list = False
        previous_indented_code = previous_indented_code and blank
        previous_blank = blank
    return code


def _code_spans(body: str, lines: list[str], starts: list[int], code_lines: set[int]) -> list[tuple[int, int]]:
    """``(start, end)`` offsets of the inline code spans of the body's paragraphs (a span may
    run over lines but not over a blank line or a code block; an unmatched backtick run is text)."""
    spans = []
    index = 0
    while index < len(lines):
        if index in code_lines or not lines[index].strip():
            index += 1
            continue
        end = index
        while end < len(lines) and end not in code_lines and lines[end].strip():
            end += 1
        text = body[starts[index]:starts[end] - 1]
        runs = list(_BACKTICKS.finditer(text))
        position = 0
        while position < len(runs):
            opening = runs[position]
            closing = next((k for k in range(position + 1, len(runs)) if len(runs[k].group(0)) == len(opening.group(0))), None)
            if closing is None or (opening.start() and text[opening.start() - 1] == "\\"):
                position += 1
                continue
            spans.append((starts[index] + opening.start(), starts[index] + runs[closing].end()))
            position = closing + 1
        index = end
    return spans
