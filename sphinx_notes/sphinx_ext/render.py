"""Render a note body with myst-parser into a section of the current document.

The body is parsed by myst's own renderer bound to the *current* document, so footnotes,
targets and ids are registered where Sphinx's transforms will look for them. Two things differ
from a plain myst page: headings are rebased under the note title (no ``myst.header``
warnings), every node points at the note file and its real line numbers, and citations become
:class:`~.citations.pending_citation` placeholders (links lose their tracking parameters).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.parsers.rst.directives.misc import Raw
from markdown_it import MarkdownIt
from myst_parser.config.main import MdParserConfig
from myst_parser.mdit_to_docutils.base import token_line
from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
from myst_parser.parsers.mdit import create_md_parser
from sphinx.environment import BuildEnvironment

from ..model.citation_tokens import CitationScan, citation_plugin, scan_citations
from ..model.liquid import scan_liquid
from ..model.markdown import bracket_math_plugin, rebase_headings, unclosed_fences
from ..model.problems import NotesWarning, Problem
from .citations import pending_citation
from .patches import reported_in, root_sections_at
from .safety import file_insertion_refusal, make_body_safe, rst_file_insertion

#: Extensions real notes need: ``$…$`` math that leaves prices alone, and ``$$``/amsmath blocks.
_NOTE_EXTENSIONS = {"dollarmath", "amsmath"}
_PARSERS: dict[int, tuple[MdParserConfig, MarkdownIt]] = {}


class NoteRenderer(SphinxRenderer):
    """myst's Sphinx renderer, rooted at the note's section and located in the note file."""

    def setup_render(self, options: dict[str, Any], env: Any) -> None:
        super().setup_render(options, env)
        root_sections_at(self, options["notes_root"])
        self._notes_source = options["notes_source"]
        self._notes_roots = options["notes_roots"]
        self._notes_problems = options["notes_problems"]

    def run_directive(self, name: str, first_line: str, content: str, position: int,
                      additional_options: dict[str, str] | None = None, **kwargs: Any) -> list[nodes.Element]:
        """Directives run as in any myst page, except file insertions a note may not make
        (see :mod:`.safety`) and ``raw`` while ``raw_enabled`` is off: left out, or shown as text."""
        settings = self.document.settings
        directive_class, _ = directives.directive(name, self.language_module_rst, self.document)
        if directive_class is not None and issubclass(directive_class, Raw) and not settings.raw_enabled:
            self._notes_problems.append(Problem(NotesWarning.UNSAFE, "raw directive while raw_enabled is off; shown as text", position))
            return [nodes.literal_block(content, content, language="text")]
        if directive_class is not None:
            refusal = file_insertion_refusal(directive_class, name, first_line, content, self.sphinx_env,
                                             self._notes_roots, settings.file_insertion_enabled)
            if refusal:
                self._notes_problems.append(Problem(NotesWarning.UNSAFE, f"{refusal}; left out", position))
                return []
        return super().run_directive(name, first_line, content, position, additional_options, **kwargs)

    def render_restructuredtext(self, token: Any) -> None:
        """``eval-rst`` blocks, except those that read files: a note's rST may not."""
        if rst_file_insertion(token.content):
            self._notes_problems.append(Problem(NotesWarning.UNSAFE, "an eval-rst block that inserts a file "
                                                "(not allowed in notes); left out", token_line(token)))
            return
        super().render_restructuredtext(token)

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
                env: BuildEnvironment, source: str, first_line: int,
                roots: list[Path], problems: list[Problem]) -> CitationScan:
    """Parse ``body`` (without its ``{% raw %}`` markers) and append what it renders to
    ``section`` (whose title is level 1); returns the sources it cites. What the body may not do is refused and added to ``problems``
    (``roots``: the folders it may read files from)."""
    parser = note_parser(env)
    liquid = scan_liquid(body, first_line)  # a note written for Jekyll
    body = liquid.body
    problems.extend(liquid.problems)
    md_env: dict[str, Any] = {}
    tokens = parser.parse(body + "\n", md_env)
    for line in unclosed_fences(tokens, body.split("\n")):
        problems.append(Problem(NotesWarning.UNCLOSED_FENCE, f"the code fence opened on line {line + first_line} is never "
                                "closed; the rest of the note is shown as code", line + first_line))
    rebase_headings(tokens, top=2)
    for token in tokens:
        if token.map:
            token.map = [token.map[0] + first_line - 1, token.map[1] + first_line - 1]
    citations = scan_citations(tokens, md_env, first_line)
    options = dict(parser.options, document=document, notes_root=section, notes_source=source,
                   notes_roots=roots, notes_problems=problems)
    with reported_in(document, source):
        parser.renderer.render(tokens, options, md_env)
    problems.extend(make_body_safe(section, document.settings, env, roots))
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
