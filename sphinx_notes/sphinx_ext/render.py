"""Render a note body with myst-parser into a section of the current document.

The body is parsed by myst's own renderer bound to the *current* document, so footnotes,
targets and ids are registered where Sphinx's transforms will look for them. Two things differ
from a plain myst page: headings are rebased under the note title (no ``myst.header``
warnings), every node points at the note file and its real line numbers, and citations become
:class:`~.citations.pending_citation` placeholders (links lose their tracking parameters).
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from markdown_it import MarkdownIt
from myst_parser.config.main import MdParserConfig
from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
from myst_parser.parsers.mdit import create_md_parser
from sphinx.environment import BuildEnvironment

from ..model.citation_tokens import CitationScan, citation_plugin, scan_citations
from ..model.markdown import bracket_math_plugin, rebase_headings
from .citations import pending_citation

#: Extensions real notes need: ``$…$`` math that leaves prices alone, and ``$$``/amsmath blocks.
_NOTE_EXTENSIONS = {"dollarmath", "amsmath"}
_PARSERS: dict[int, tuple[MdParserConfig, MarkdownIt]] = {}


class NoteRenderer(SphinxRenderer):
    """myst's Sphinx renderer, rooted at the note's section and located in the note file."""

    def setup_render(self, options: dict[str, Any], env: Any) -> None:
        super().setup_render(options, env)
        root = options["notes_root"]
        self.current_node = root
        self._level_to_section = {1: root}
        self._notes_source = options["notes_source"]

    def render_notes_citation(self, token: Any) -> None:
        """A citation found by :func:`~sphinx_notes.model.citation_tokens.scan_citations`."""
        source = token.meta["source"]
        node = pending_citation("", nodes.Text(source.site), url=source.url, docname=self.sphinx_env.docname)
        self.add_line_and_source_path(node, token)
        self.current_node.append(node)

    def add_line_and_source_path(self, node: nodes.Node, token: Any) -> None:
        super().add_line_and_source_path(node, token)
        node.source = self._notes_source

    def add_line_and_source_path_r(self, nodes_: list[nodes.Node], token: Any) -> None:
        super().add_line_and_source_path_r(nodes_, token)
        for node in nodes_:
            for child in node.findall():
                child.source = self._notes_source


def note_parser(env: BuildEnvironment) -> MarkdownIt:
    """A markdown-it parser for notes, built once per process from the project's myst config."""
    base: MdParserConfig = env.myst_config  # type: ignore[attr-defined]
    cached = _PARSERS.get(id(base))
    if cached is not None and cached[0] is base:
        return cached[1]
    config = base.copy(
        enable_extensions=set(base.enable_extensions) | _NOTE_EXTENSIONS,
        dmath_allow_digits=False,  # ``$2.7 trillion … $28.9 trillion`` is money
        dmath_allow_space=False,  # ``4.150 $/Unze … 49 $`` too
    )
    parser = create_md_parser(config, NoteRenderer)
    parser.use(bracket_math_plugin)
    parser.use(citation_plugin)
    parser.options["store_labels"] = True  # link tokens name their definition: citations are found by it
    _PARSERS[id(base)] = (base, parser)
    return parser


def render_body(body: str, *, section: nodes.section, document: nodes.document,
                env: BuildEnvironment, source: str, first_line: int) -> CitationScan:
    """Parse ``body`` and append what it renders to ``section`` (whose title is level 1);
    returns the sources it cites and the problems found in them."""
    parser = note_parser(env)
    md_env: dict[str, Any] = {}
    tokens = parser.parse(body + "\n", md_env)
    rebase_headings(tokens, top=2)
    for token in tokens:
        if token.map:
            token.map = [token.map[0] + first_line - 1, token.map[1] + first_line - 1]
    citations = scan_citations(tokens, md_env, first_line)
    options = dict(parser.options, document=document, notes_root=section, notes_source=source)
    parser.renderer.render(tokens, options, md_env)
    remove_misplaced_transitions(section)
    return citations


def remove_misplaced_transitions(root: nodes.Element) -> None:
    """Drop ``---`` rules docutils rejects: first in a section, next to another, or last of all.

    The check is on the tree, not the text: a rule followed only by link definitions renders
    last although it is not last in the text.
    """
    for section in [root, *root.findall(nodes.section)]:
        children = section.children
        first_body = 1 if children and isinstance(children[0], nodes.title) else 0
        while len(children) > first_body and isinstance(children[first_body], nodes.transition):
            section.remove(children[first_body])
        for index in range(len(children) - 1, first_body, -1):
            if isinstance(children[index], nodes.transition) and isinstance(children[index - 1], nodes.transition):
                section.remove(children[index])
    node: nodes.Element = root
    while node.children:
        last = node.children[-1]
        if isinstance(last, nodes.transition):
            node.remove(last)
        elif isinstance(last, nodes.section):
            node = last
        else:
            break
