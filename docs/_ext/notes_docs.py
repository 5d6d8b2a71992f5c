"""Docs-only directive: the table of warning subtypes, read from the code so it cannot drift."""

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from sphinx_notes.sphinx_ext.warnings_ import NotesWarning


class WarningTable(SphinxDirective):
    def run(self):
        table = nodes.table(classes=["notes-warning-table"])
        group = nodes.tgroup(cols=2)
        table += group
        group += nodes.colspec(colwidth=1)
        group += nodes.colspec(colwidth=3)
        head = nodes.thead()
        body = nodes.tbody()
        group += [head, body]

        def row(*cells):
            r = nodes.row()
            for cell in cells:
                r += nodes.entry("", cell)
            return r

        head += row(nodes.paragraph(text="subtype"), nodes.paragraph(text="when"))
        for member in NotesWarning:
            text = self.parse_text_to_nodes(member.description)
            body += row(nodes.paragraph("", "", nodes.literal(text=str(member))), *[nodes.container("", *text)])
        return [table]


def setup(app):
    app.add_directive("notes-warning-table", WarningTable)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
