"""The reader of the ``.notepage`` stubs that :mod:`.pages` writes.

A stub is one line of rST (``.. notes-file:: <path>``, ``.. notes-index:: [lang]``,
``.. notes-sources:: <lang>``, ``.. notes-status::`` or ``.. notes-tag:: <lang> <slug>``, plus
a digest). Handing it to docutils' rST parser would build a whole rST state machine per page: hundreds of objects in reference cycles that Python's
garbage collector must then trace, which made up much of sphinx_notes' cost over plain myst
(see the performance docs). This parser reads the one line and calls the code behind the
directive directly; the stub stays valid rST for anyone who opens it.
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from docutils.parsers.rst import Parser as RSTParser
from sphinx.parsers import Parser

from .citations import sources_index_page
from .directives import note_file, notes_index, tag_page
from .pages import STUB_SUFFIX
from .status import status_page
from .warnings_ import NotesWarning, warn

STUB_FILETYPE = "notepage"
_STUB_LINE = re.compile(r"^\.\. (notes-file|notes-index|notes-sources|notes-status|notes-tag)::[ \t]*(.*?)[ \t]*$", re.MULTILINE)


class NotePageParser(Parser):
    """Builds a note page, language index or Sources index from its stub."""

    supported = (STUB_FILETYPE,)
    settings_spec = RSTParser.settings_spec  # what myst's renderer reads from the settings
    # a docutils.conf's [parsers], [myst parser] and [restructuredtext parser] sections apply
    config_section = "restructuredtext parser"
    config_section_dependencies = ("parsers", "myst parser")

    def parse(self, inputstring: str, document: nodes.document) -> None:
        self.setup_parse(inputstring, document)
        env: Any = document.settings.env
        match = _STUB_LINE.search(inputstring)
        if match is None:
            warn(NotesWarning.READ, "not a page stub written by sphinx_notes; nothing built", (env.docname, 1))
        else:
            name, argument = match.groups()
            lineno = inputstring.count("\n", 0, match.start()) + 1
            if name == "notes-file":
                document += note_file(env, document, argument)
            elif name == "notes-index":
                document += notes_index(env, document, argument or None, lineno)
            elif name == "notes-status":
                document += status_page(env, document)
            elif name == "notes-tag":
                document += tag_page(env, document, argument)
            else:
                document += sources_index_page(env, document, argument)
        self.finish_parse()


def setup_page_parser(app: Any) -> None:
    app.add_source_suffix(STUB_SUFFIX, STUB_FILETYPE)
    app.add_source_parser(NotePageParser)
