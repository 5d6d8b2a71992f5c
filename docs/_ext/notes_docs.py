"""Docs-only directives: the tables of warning subtypes and of configuration values, read from the
code so they cannot drift."""

import json
import re

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from sphinx_notes.model.config import OPTIONS
from sphinx_notes.model.problems import NotesWarning

_LOCATION = re.compile(r"^(\S+:\d*:) (.*)$", re.S)


class WarningTable(SphinxDirective):
    """One row per :class:`NotesWarning` member: its tag, when it is emitted, an example message
    as a build prints it, and the ``suppress_warnings`` entry that silences it."""

    def run(self):
        table = nodes.table(classes=["notes-warning-table"])
        group = nodes.tgroup(cols=3)
        table += group
        for width in (1, 4, 1):
            group += nodes.colspec(colwidth=width)
        head = nodes.thead()
        body = nodes.tbody()
        group += [head, body]

        def row(*cells):
            r = nodes.row()
            for cell in cells:
                r += nodes.entry("", cell)
            return r

        head += row(*(nodes.paragraph(text=t) for t in ("subtype", "when, and an example", "silence it")))
        for member in NotesWarning:
            when = nodes.container("", *self.parse_text_to_nodes(member.description))
            located = _LOCATION.match(member.example)
            where, message = (located.group(1) + " ", located.group(2)) if located else ("", member.example)
            example = f"{where}WARNING: {message} [{member}]"  # as sphinx-build prints it
            when += nodes.literal_block(example, example, language="text", classes=["notes-warning-example"])
            silence = f'suppress_warnings = ["{member}"]'
            body += row(nodes.paragraph("", "", nodes.literal(text=str(member))), when,
                        nodes.paragraph("", "", nodes.literal(text=silence)))
        return [table]


def _literal(value):
    """A default as it is written in conf.py."""
    return repr(value) if isinstance(value, (bool, int)) else json.dumps(value, ensure_ascii=False)


class ConfigTable(SphinxDirective):
    """One row per ``notes_*`` option: its name, its default and what it means."""

    def run(self):
        table = nodes.table(classes=["notes-config-table"])
        group = nodes.tgroup(cols=3)
        table += group
        for width in (1, 1, 4):
            group += nodes.colspec(colwidth=width)
        head = nodes.thead()
        body = nodes.tbody()
        group += [head, body]

        def row(*cells):
            r = nodes.row()
            for cell in cells:
                r += nodes.entry("", cell)
            return r

        head += row(*(nodes.paragraph(text=t) for t in ("value", "default", "meaning")))
        for option in OPTIONS:
            meaning = nodes.container("", *self.parse_text_to_nodes(option.doc))
            body += row(nodes.paragraph("", "", nodes.literal(text=option.name)),
                        nodes.paragraph("", "", nodes.literal(text=_literal(option.default))), meaning)
        return [table]


def setup(app):
    app.add_directive("notes-warning-table", WarningTable)
    app.add_directive("notes-config-table", ConfigTable)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
