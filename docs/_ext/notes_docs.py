"""Docs-only directives: the tables of warning subtypes and of configuration values, read from the
code so they cannot drift."""

import json
import re

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from sphinx_notes.model.config import OPTIONS
from sphinx_notes.model.problems import NotesWarning

_LOCATION = re.compile(r"^(\S+:\d*:) (.*)$", re.S)


def _table(cls, widths):
    """An empty table with ``widths`` columns: (table, its head, its body)."""
    table = nodes.table(classes=[cls])
    group = nodes.tgroup(cols=len(widths))
    table += group
    for width in widths:
        group += nodes.colspec(colwidth=width)
    head, body = nodes.thead(), nodes.tbody()
    group += [head, body]
    return table, head, body


def _row(*cells):
    row = nodes.row()
    for cell in cells:
        row += nodes.entry("", cell)
    return row


class WarningTable(SphinxDirective):
    """One row per :class:`NotesWarning` member: its tag, when it is emitted, an example message
    as a build prints it, and the ``suppress_warnings`` entry that silences it."""

    def run(self):
        table, head, body = _table("notes-warning-table", (1, 4, 1))
        head += _row(*(nodes.paragraph(text=t) for t in ("subtype", "when, and an example", "silence it")))
        for member in NotesWarning:
            when = nodes.container("", *self.parse_text_to_nodes(member.description))
            located = _LOCATION.match(member.example)
            where, message = (located.group(1) + " ", located.group(2)) if located else ("", member.example)
            example = f"{where}WARNING: {message} [{member}]"  # as sphinx-build prints it
            when += nodes.literal_block(example, example, language="text", classes=["notes-warning-example"])
            silence = f'suppress_warnings = ["{member}"]'
            body += _row(nodes.paragraph("", "", nodes.literal(text=str(member))), when,
                        nodes.paragraph("", "", nodes.literal(text=silence)))
        return [table]


def _literal(value):
    """A default as it is written in conf.py."""
    return repr(value) if isinstance(value, (bool, int)) else json.dumps(value, ensure_ascii=False)


class ConfigTable(SphinxDirective):
    """One row per ``notes_*`` option: its name, its default and what it means."""

    def run(self):
        table, head, body = _table("notes-config-table", (1, 1, 4))
        head += _row(*(nodes.paragraph(text=t) for t in ("value", "default", "meaning")))
        for option in OPTIONS:
            meaning = nodes.container("", *self.parse_text_to_nodes(option.doc))
            body += _row(nodes.paragraph("", "", nodes.literal(text=option.name)),
                        nodes.paragraph("", "", nodes.literal(text=_literal(option.default))), meaning)
        return [table]


def setup(app):
    app.add_directive("notes-warning-table", WarningTable)
    app.add_directive("notes-config-table", ConfigTable)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
