"""``notes-file`` ingests one note file; ``notes-index`` lists the notes of a language, or the
languages; ``notes-tag`` lists the notes of a tag in a language.

They are what the generated stubs contain, and can be used by hand in any page.
"""

from __future__ import annotations

import os
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.utils.smartquotes import smartchars
from sphinx import addnodes
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

from ..model.catalog import Catalog, Page, page_number, paginate
from ..model.feeds import summary_text
from ..model.languages import locale_name, native_name, primary_subtag, url_segment
from ..model.notefile import NoteFile, UnusableNoteError, load_body, load_note
from .also_in import add_also_in
from .citations import pending_citation, record_citations
from .config import notes_config
from .dates import date_node
from .domain import PageFacts, notes_domain
from .i18n import translate, translator
from .links import doc_link, page_links
from .outputs import built_here, other_output_link
from .render import render_body
from .sections import titled_section
from .status import outdated_notice, status_docname, status_link
from .tags import tags_line
from .warnings_ import NotesWarning, file_location, report_problems, warn


def _smartquotes_class(lang: str, excluded: list[str]) -> list[str]:
    """``language-xx`` only where docutils has quote rules and Sphinx does not exclude it;
    otherwise docutils warns "No smart quotes defined" (ar, hi)."""
    key = lang.lower()
    if key in smartchars.quotes and primary_subtag(lang) not in excluded and locale_name(lang) not in excluded:
        return [f"language-{key}"]
    return []


def note_link(catalog: Catalog, text: str, target: str, fromdoc: str) -> nodes.Node:
    """A link to a note page or language index, of this build or of another language's output."""
    if built_here(target, catalog):
        return doc_link(text, target, fromdoc)
    return other_output_link(text, text, target=target)


def hidden_toctree(docname: str, entries: list[str]) -> nodes.compound:
    """A toctree that puts ``entries`` in the document hierarchy (LaTeX, EPUB, prev/next)
    without listing them in the page: the visible listing is ours."""
    toctree = addnodes.toctree()
    toctree.update_all_atts({
        "parent": docname, "entries": [(None, e) for e in entries], "includefiles": list(entries),
        "maxdepth": 1, "caption": None, "glob": False, "hidden": True, "includehidden": False,
        "numbered": 0, "titlesonly": True,
    })
    return nodes.compound("", toctree, classes=["toctree-wrapper"])


def note_file(env: BuildEnvironment, document: nodes.document, argument: str) -> list[nodes.Node]:
    """``notes-file <path>``: the note's title as the section title, its body parsed with
    myst-parser. A note that cannot be read is a warning; one that fails to build is its text."""
    rel, path = env.relfn2path(argument, env.docname)
    env.note_dependency(rel)
    try:
        note, body = _load(env, Path(path), rel)
    except (OSError, UnusableNoteError) as err:
        warn(NotesWarning.READ, f"{getattr(err, 'strerror', None) or err}; not built", file_location(path))
        return []
    except Exception as err:  # noqa: BLE001 - one odd file must not cost the user the build
        return _plain_text_note(env, document, path, err)
    try:
        return [_note_section(env, document, note, body, path)]
    except Exception as err:  # noqa: BLE001
        return _plain_text_note(env, document, path, err, note)


def _note_section(env: BuildEnvironment, document: nodes.document, note: NoteFile, body: str,
                  path: str) -> nodes.section:
    """The note's title, provenance line and rendered body; its problems in one warning."""
    config = env.config
    domain = notes_domain(env)
    catalog: Catalog | None = domain.catalog
    problems = list(note.problems)
    problems += [problem for problem_path, problem in (catalog.problems if catalog else []) if problem_path == note.path]
    lang = note.lang
    section = titled_section(document, note.title,
                             ["notes-note", *_smartquotes_class(lang, config.smartquotes_excludes.get("languages", []))])
    section.source, section.line = path, 1
    if notes_config(config).show_provenance:
        line = provenance(note.translated, note.generated, note.model, note.date, lang)
        if line is not None:
            section += line
    tags = tags_line(catalog, env.docname, lang) if catalog else None
    if tags is not None:
        section += tags
    notice = outdated_notice(env, env.docname, lang)
    if notice is not None:
        section += notice
    roots = domain.data.get("roots") or [Path(env.srcdir).resolve()]
    before_body = len(section.children)
    citations = render_body(body, section=section, document=document, env=env,
                            source=path, first_line=note.body_line, roots=roots, problems=problems)
    summary = first_paragraph_text(section.children[before_body:])
    record_citations(env, document, section, citations, lang)
    add_also_in(env, section, lang)
    report_problems([*problems, *citations.problems], path, config.suppress_warnings)
    domain.note_page(env.docname, PageFacts(
        lang=lang, title=note.title, source=note.path, date=note.date,
        translated=note.translated, generated=note.generated, model=note.model, summary=summary))
    return section


def first_paragraph_text(body: list[nodes.Node]) -> str:
    """The text of the body's first paragraph with words in it, shortened; a paragraph of the text
    itself (not of a list, table or admonition) where there is one. Recorded while the page is
    read, so feeds and social cards never read the doctrees again."""
    paragraphs = [p for node in body for p in node.findall(nodes.paragraph)]
    for paragraph in sorted(paragraphs, key=lambda p: not isinstance(p.parent, nodes.section)):
        text = summary_text(_reading_text(paragraph))
        if text:
            return text
    return ""


#: inline nodes whose text is a marker, not words of the paragraph (a citation's site, a footnote's number)
_MARKERS = (pending_citation, nodes.footnote_reference, nodes.citation_reference)


def _reading_text(paragraph: nodes.paragraph) -> str:
    text = paragraph.deepcopy()
    for marker in list(text.findall(lambda node: isinstance(node, _MARKERS))):
        marker.parent.remove(marker)
    return text.astext()


def _plain_text_note(env: BuildEnvironment, document: nodes.document, path: str, err: Exception,
                     note: NoteFile | None = None) -> list[nodes.Node]:
    """A note whose building failed unexpectedly: its text as it is, under its title."""
    warn(NotesWarning.UNEXPECTED, f"could not build the note ({type(err).__name__}: {err}); "
         "its text is shown as it is", file_location(path))
    try:
        text = Path(path).read_bytes().decode("utf-8", errors="replace")
    except OSError:
        text = ""
    section = titled_section(document, note.title if note else Path(path).stem, ["notes-note"])
    section += nodes.literal_block(text, text)
    if note is not None:
        notes_domain(env).note_page(env.docname, PageFacts(lang=note.lang, title=note.title, source=note.path))
    return [section]


def _load(env: BuildEnvironment, path: Path, rel: str) -> tuple[NoteFile, str]:
    """The note as the scan found it, only its body read again; loaded afresh when the
    file changed since the scan or is not in the catalog (a hand-written directive)."""
    catalog = notes_domain(env).catalog
    page = catalog.page_of_file.get(os.path.normpath(path)) if catalog else None
    body = load_body(page.note) if page else None
    if body is not None:
        return page.note, body
    notes = notes_config(env)
    return load_note(path, rel, notes.default_language, notes.max_file_size)


def provenance(translated: bool | None, generated: bool | None, model: str | None,
               date: str | None, lang: str) -> nodes.paragraph | None:
    """"Translated · generated by openai/gpt-5 · 22 October 2025", in the page's language."""
    _ = translator(lang)
    parts: list[nodes.Node] = []
    if translated:
        parts.append(nodes.inline("", _("Translated"), classes=["notes-translated"]))
    if model and generated is not False:
        parts.append(nodes.inline("", _("generated by {model}").format(model=model), classes=["notes-model"]))
    elif generated:
        parts.append(nodes.inline("", _("Generated"), classes=["notes-generated"]))
    if date:
        parts.append(date_node(date, lang))
    if not parts:
        return None
    paragraph = nodes.paragraph(classes=["notes-provenance"])
    for index, part in enumerate(parts):
        if index:
            paragraph += nodes.Text(" · ")
        paragraph += part
    return paragraph


def notes_index(env: BuildEnvironment, document: nodes.document, lang: str | None, lineno: int) -> list[nodes.Node]:
    """``notes-index [lang]``: the notes of ``lang``, newest first; with no language, the languages."""
    catalog = notes_domain(env).catalog
    if catalog is None:
        warn(NotesWarning.CONFIG, "notes-index used but notes_paths finds no notes", (env.docname, lineno))
        return []
    if lang:
        return [_language_index(env, document, catalog, lang)]
    return [_root_index(env, document, catalog)]


def _root_index(env: BuildEnvironment, document: nodes.document, catalog: Catalog) -> nodes.section:
    _ = translator(env.config.language or "en")
    section = titled_section(document, _("Notes"), ["notes-root"])
    listing = nodes.bullet_list(classes=["notes-languages"])
    for lang in catalog.languages:
        count = len(catalog.pages_in(lang))
        item = nodes.paragraph()
        item += note_link(catalog, native_name(lang), catalog.language_index(lang), env.docname)
        item += nodes.Text(f" ({count})")
        # the class names the language for notes-language.js (see .home)
        listing += nodes.list_item("", item, classes=[f"notes-language-{url_segment(lang)}"])
    section += listing
    section += status_link(env, catalog)
    section += hidden_toctree(env.docname, [*(catalog.language_index(lang) for lang in catalog.built_languages),
                                            status_docname(catalog)])
    return section


def _language_index(env: BuildEnvironment, document: nodes.document, catalog: Catalog, lang: str) -> nodes.section:
    """One page of the language's index: its notes, links to every other page (so any note is
    two clicks from the first), and on the first page the Sources index."""
    _ = translator(lang)
    here = env.docname
    listing_pages = catalog.listing_pages(lang)
    count = len(listing_pages)
    number = min(page_number(here), count)
    pages = listing_pages[number - 1]
    title = native_name(lang) if number == 1 else _("{language}, page {number} of {count}").format(
        language=native_name(lang), number=number, count=count)
    section = titled_section(document, title, ["notes-language-index"])
    others = [(catalog.language_index(lang, n), str(n)) for n in range(1, count + 1)]
    _add_listing(section, catalog, pages, here, lang, others)
    sources = nodes.paragraph(classes=["notes-sources-link"])
    sources += doc_link(_("Sources"), catalog.sources_index(lang), here)
    section += sources
    entries = [page.docname for page in pages if catalog.is_built(page.docname)]
    if number == 1:  # the other pages hang under the first, in order (LaTeX, EPUB, prev/next)
        entries += [target for target, _text in others[1:]]
        entries += [catalog.sources_index(lang, n) for n in range(1, catalog.sources_page_count(lang) + 1)]
    section += hidden_toctree(here, entries)
    notes_domain(env).note_page(here, PageFacts(lang=lang, title=title))
    return section


def _add_listing(section: nodes.section, catalog: Catalog, pages: list[Page], here: str, lang: str,
                 others: list[tuple[str, str]]) -> None:
    """One page of a paginated listing: its notes, between links to every page (``others``:
    docname and label of each) when there are several."""
    links = page_links(here, others, translate(lang, "Pages")) if len(others) > 1 else None
    if links is not None:
        section += links
    listing = nodes.bullet_list(classes=["notes-listing"])
    for page in pages:
        listing += nodes.list_item("", listing_entry(catalog, page, here, lang))
    section += listing
    if links is not None:
        section += links.deepcopy()


def listing_entry(catalog: Catalog, page: Page, here: str, lang: str, language: bool = False) -> nodes.paragraph:
    """"22. Oktober 2025 · Tee · auch in English": a note in a listing on a page in ``lang``;
    ``language``: the note's language after its title (a listing of several languages)."""
    _ = translator(lang)
    entry = nodes.paragraph()
    if page.note.date:
        entry += date_node(page.note.date, lang)
        entry += nodes.Text(" · ")
    entry += note_link(catalog, page.note.title, page.docname, here)
    if language:
        entry += nodes.inline("", f" ({native_name(page.note.lang)})", classes=["notes-language"])
    others = [p for p in catalog.siblings(page.docname) if p.docname != page.docname]
    if others:
        entry += nodes.Text(" · ")
        also = nodes.inline("", "", classes=["notes-also"])
        also += nodes.Text(_("also in") + " ")
        for index, other in enumerate(others):
            if index:
                also += nodes.Text(", ")
            also += note_link(catalog, native_name(other.note.lang), other.docname, here)
        entry += also
    return entry


def tag_page(env: BuildEnvironment, document: nodes.document, argument: str) -> list[nodes.Node]:
    """``notes-tag <lang> <slug>``: one page of the notes with a tag in a language, newest first,
    under the tag as title. Tag pages are orphans (see :mod:`.tags`)."""
    catalog = notes_domain(env).catalog
    lang, _space, slug = argument.partition(" ")
    tag = catalog.tag(lang, slug) if catalog else None
    if tag is None:
        warn(NotesWarning.READ, f"no tag {slug!r} in {lang!r}; nothing built", (env.docname, 1))
        return []
    here = env.docname
    listing_pages = paginate(list(tag.pages))
    count = len(listing_pages)
    number = min(page_number(here), count)
    title = tag.name if number == 1 else translate(lang, "{tag}, page {number} of {count}").format(
        tag=tag.name, number=number, count=count)
    section = titled_section(document, title, ["notes-tag-page"])
    others = [(catalog.tag_page(tag, n), str(n)) for n in range(1, count + 1)]
    _add_listing(section, catalog, listing_pages[number - 1], here, lang, others)
    if here == catalog.tag_page(tag, number):  # a generated tag page, not a page of the user's
        env.metadata[here]["orphan"] = True
    notes_domain(env).note_page(here, PageFacts(lang=lang, title=title))
    return [section]


class NoteFileDirective(SphinxDirective):
    """``.. notes-file:: path``, for pages written by hand (the stubs are read by
    :class:`~.page_parser.NotePageParser`, which calls the same code)."""

    required_arguments = 1
    final_argument_whitespace = True
    option_spec = {"digest": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        return note_file(self.env, self.state.document, self.arguments[0])


class NotesIndexDirective(SphinxDirective):
    """``.. notes-index:: de`` lists the German notes, newest first; with no argument, the languages."""

    optional_arguments = 1
    option_spec = {"digest": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        return notes_index(self.env, self.state.document, self.arguments[0] if self.arguments else None, self.lineno)


class NotesTagDirective(SphinxDirective):
    """``.. notes-tag:: de tee``: the German notes tagged ``tee`` (the page of a stub, see :func:`tag_page`)."""

    required_arguments = 2
    option_spec = {"digest": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        return tag_page(self.env, self.state.document, " ".join(self.arguments))


def setup_directives(app) -> None:
    app.add_directive("notes-file", NoteFileDirective)
    app.add_directive("notes-index", NotesIndexDirective)
    app.add_directive("notes-tag", NotesTagDirective)
