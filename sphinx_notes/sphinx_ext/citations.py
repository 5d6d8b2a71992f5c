"""Citations as Sphinx footnotes, numbered the same way in every translation of a note.

Life cycle (the pattern of sphinxcontrib-bibtex):

1. *Reading* (:func:`record_citations`, called for each note page): each citation is a
   :class:`pending_citation` placeholder, the page gets a localized "Sources" section holding a
   :class:`pending_sources` placeholder, and the page's sources go into the notes domain
   (``sources``, per document, so ``-j`` and incremental builds merge and clear it).
2. *After reading* (``env-updated``, :func:`number_sources`): numbers per translation group
   (:func:`~sphinx_notes.model.citations.group_numbers`), the parity check, and each language's
   Sources index. Pages whose numbers or index changed although they were not re-read are
   returned to Sphinx to be written again.
3. *Writing* (:class:`ResolveCitations`, a post-transform): placeholders become
   ``footnote_reference`` and ``footnote`` nodes that every builder knows. It runs before
   Sphinx's LaTeX footnote transform (600), which turns the footnotes into real ``\\footnote``s
   at the citing places; :class:`LaTeXSourcesList` (650) then gives the emptied LaTeX Sources
   section a plain numbered list. Links between a page's sources and the index are
   :class:`~.links.pending_link` nodes, resolved at ``doctree-resolved`` where the builder is
   known; outside HTML a footnote's link to the index is dropped first
   (:func:`drop_index_links`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from ..model.catalog import page_number
from ..model.citation_tokens import CitationScan
from ..model.citations import IndexEntry, Source, group_numbers, parity, parity_message, source_anchor, sources_index
from .domain import PageFacts, notes_domain
from .i18n import translate, translator
from .links import doc_link, page_links, pending_link
from .sections import titled_section
from .warnings_ import NotesWarning, file_location, warn


class pending_citation(nodes.Inline, nodes.Element):  # noqa: N801 - docutils node naming
    """A citation of ``url`` on page ``docname``; its number is known only after reading."""


class pending_sources(nodes.General, nodes.Element):  # noqa: N801
    """Where the Sources list of page ``docname`` goes."""


class pending_sources_index(nodes.General, nodes.Element):  # noqa: N801
    """Where the Sources index of language ``lang`` goes."""


# --- reading -------------------------------------------------------------------------------

def record_citations(env: BuildEnvironment, document: nodes.document, section: nodes.section,
                     scan: CitationScan, lang: str) -> None:
    """Remember the note's sources and add its Sources section (its problems are reported with
    the note's others, in one warning)."""
    docname = env.docname
    notes_domain(env).data["sources"][docname] = tuple(zip(scan.sources, scan.lines))
    if scan.sources:
        sources = titled_section(document, translate(lang, "Sources"), ["notes-sources"])
        sources["notes_docname"] = docname
        sources += pending_sources(docname=docname, lang=lang)
        section += sources


def sources_index_page(env: BuildEnvironment, document: nodes.document, lang: str) -> list[nodes.Node]:
    """``notes-sources <lang>``: every source the notes of ``lang`` cite, with the notes citing it."""
    title = translate(lang, "Sources")
    section = titled_section(document, title, ["notes-sources-index"])
    section += pending_sources_index(lang=lang, docname=env.docname)
    notes_domain(env).note_page(env.docname, PageFacts(lang=lang, title=title))
    return [section]


class NotesSourcesDirective(SphinxDirective):
    """``.. notes-sources:: de``, for pages written by hand."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        return sources_index_page(self.env, self.state.document, self.arguments[0])


def remember_read_docs(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: parity is checked for the groups of the pages read now."""
    notes_domain(env).data["read_now"] = set(docnames)


# --- after reading ----------------------------------------------------------------------

def _urls(cited: Iterable[tuple[Source, int | None]]) -> list[str]:
    return [source.url for source, _ in cited]


def number_sources(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated``: group-stable numbers, parity warnings, Sources indexes.

    Only what the pages read now can change is computed again: the numbers of their groups, the
    indexes of their languages, and the footnote placements of both (a page removed, or no
    numbers yet, computes everything). Returns the pages to write again although they were not
    re-read: their numbers or their index changed because another page changed.
    """
    domain = notes_domain(env)
    catalog = domain.catalog
    cited: dict[str, tuple[tuple[Source, int | None], ...]] = domain.data["sources"]
    read_now = domain.data.pop("read_now", set())
    if not read_now and not domain.data.get("removed") and catalog is not None:
        return []  # nothing read, nothing gone: the numbers and indexes of the last build hold
    everything = catalog is None or bool(domain.data.get("removed")) or not domain.data["numbers"]
    groups = [group for group in (catalog.groups.values() if catalog else ())
              if everything or not read_now.isdisjoint(group.docnames)]
    numbers = {} if everything else dict(domain.data["numbers"])
    for group in groups:
        members = [d for d in group.docnames if d in cited]
        original = group.original or group.docnames[0]
        translations = [d for d in members if d != original]
        group_order = group_numbers(_urls(cited.get(original, ())), (_urls(cited[d]) for d in translations))
        for docname in members:
            numbers[docname] = {url: group_order[url] for url in _urls(cited[docname])}
        if original in cited and read_now.intersection(group.docnames):
            for docname in translations:
                _check_parity(catalog.pages[original].note.path, catalog.pages[docname].note.path,
                              cited[original], cited[docname])
    in_groups = {d for group in groups for d in group.docnames}
    for docname, sources in cited.items():  # notes-file used by hand, outside the catalog
        if (everything or docname in read_now) and docname not in in_groups:
            numbers[docname] = group_numbers(_urls(sources), ())

    languages = None if everything else {domain.pages[d].lang for d in read_now if d in domain.pages}
    index = {**({} if everything else domain.data["sources_index"]), **_sources_indexes(domain, cited, languages)}
    placed = {**({} if everything else domain.data["source_pages"]),
              **{lang: {entry.source.url: number for number, page in enumerate(pages, 1) for entry, _ in page}
                 for lang, pages in index.items() if everything or lang in languages}}
    placements = {} if everything else dict(domain.data["placements"])
    for docname, urls in numbers.items():
        facts = domain.pages.get(docname)
        if everything or docname in in_groups or docname in read_now or (facts and facts.lang in languages):
            placements[docname] = _placement(domain, docname, urls, placed)
    changed = [d for d in numbers if domain.data["numbers"].get(d) != numbers[d]
               or domain.data["placements"].get(d) != placements[d]]
    for lang, pages in (index.items() if catalog else ()):
        before = domain.data["sources_index"].get(lang, ())
        if before is pages:
            continue
        ranges_changed = [_page_range(p) for p in before] != [_page_range(p) for p in pages]
        changed += [catalog.sources_index(lang, n) for n, page in enumerate(pages, 1)
                    if ranges_changed or n > len(before) or before[n - 1] != page]
    domain.data["numbers"] = numbers
    domain.data["placements"] = placements
    domain.data["sources_index"] = index
    domain.data["source_pages"] = placed
    return [d for d in changed if d in env.all_docs]


def _placement(domain: Any, docname: str, urls: dict[str, int], placed: dict[str, dict[str, int]]) -> tuple:
    """The Sources page each source of ``docname`` is listed on: its footnotes link there."""
    facts = domain.pages.get(docname)
    pages = placed.get(facts.lang, {}) if facts else {}
    return tuple(pages.get(url, 1) for url in urls)


def _page_range(page: tuple) -> tuple[str, str] | None:
    """The first and last site of a Sources page: the label of its link."""
    return (page[0][0].source.site, page[-1][0].source.site) if page else None


def _check_parity(original_path: str, path: str, original: tuple, translation: tuple) -> None:
    missing, extra = parity(_urls(original), _urls(translation))
    if not missing and not extra:
        return
    lines = dict((source.url, line) for source, line in translation)
    line = lines.get(extra[0]) if extra else next((line for _, line in translation if line), None)
    warn(NotesWarning.CITATION_PARITY, parity_message(original_path, missing, extra),
         file_location(path, line))


def _sources_indexes(domain: Any, cited: dict, languages: set[str] | None = None) -> dict[str, tuple]:
    """lang -> its Sources pages, each a tuple of (entry, titles of the citing pages): the
    entries spread evenly over the pages the catalog made for them. Every language's, or
    those of ``languages``."""
    catalog = domain.catalog
    if catalog is None:
        return {}
    index = {}
    for lang in catalog.languages:
        if languages is not None and lang not in languages:
            continue
        order = [p.docname for p in catalog.pages_in(lang)]
        pages = {d: [s for s, _ in cited[d]] for d in order if d in cited}
        entries = [(entry, tuple(domain.pages[d].title for d in entry.citing if d in domain.pages))
                   for entry in sources_index(pages, order)]
        count = catalog.sources_page_count(lang)
        size = max(1, math.ceil(len(entries) / count))
        index[lang] = tuple(tuple(entries[i * size:(i + 1) * size]) for i in range(count))
    return index


# --- writing -------------------------------------------------------------------------------

def source_entry(source: Source) -> nodes.paragraph:
    """Title · site · URL (few nodes: a site has thousands of these entries)."""
    paragraph = nodes.paragraph(classes=["notes-source-entry"])
    paragraph += nodes.inline(source.title, source.title, classes=["notes-source-title"])
    site = f" · {source.site}" if source.site not in (source.title, source.url) else ""
    paragraph += nodes.Text(f"{site} · ")
    paragraph += nodes.reference(source.url, source.url, refuri=source.url, classes=["notes-source-url"])
    return paragraph


def page_sources(env: BuildEnvironment, docname: str) -> list[tuple[int, Source]]:
    """The sources of ``docname`` with their group numbers, by number."""
    domain = notes_domain(env)
    numbers = domain.data["numbers"].get(docname, {})
    cited = (source for source, _line in domain.data["sources"].get(docname, ()) if source.url in numbers)
    return sorted(((numbers[source.url], source) for source in cited), key=lambda pair: pair[0])


class ResolveCitations(SphinxPostTransform):
    """Placeholders -> ``footnote_reference``/``footnote`` nodes and the Sources index."""

    default_priority = 5  # before the reference resolver (10) and LaTeX's footnote transform (600)

    def run(self, **kwargs: Any) -> None:
        domain = notes_domain(self.env)
        refs_by_doc: dict[str, dict[int, list[str]]] = {}
        found: dict[type, list[nodes.Element]] = {pending_citation: [], pending_sources: [], pending_sources_index: []}
        for node in self.document.findall(lambda n: type(n) in found):  # one walk of the tree, not three
            found[type(node)].append(node)
        for node in found[pending_citation]:
            docname = node["docname"]
            number = domain.data["numbers"].get(docname, {}).get(node["url"])
            if number is None:  # the page's data is gone (never expected): keep the words
                node.replace_self(nodes.Text(node.astext()))
                continue
            backrefs = refs_by_doc.setdefault(docname, {}).setdefault(number, [])
            ref_id = f"notes-cite-{number}-{len(backrefs) + 1}"
            backrefs.append(ref_id)
            reference = nodes.footnote_reference("", str(number), ids=[ref_id], refid=f"notes-source-{number}",
                                                 docname=docname, classes=["notes-citation"])
            reference.source, reference.line = node.source, node.line
            node.replace_self(reference)
        for node in found[pending_sources]:
            node.replace_self(self.footnotes(node["docname"], node["lang"], refs_by_doc.get(node["docname"], {})))
        for node in found[pending_sources_index]:
            node.replace_self(self.sources_index(node["lang"], node["docname"]))

    def footnotes(self, docname: str, lang: str, backrefs: dict[int, list[str]]) -> list[nodes.footnote]:
        """One footnote per source, by number, each linking to its entry in the Sources index."""
        domain = notes_domain(self.env)
        catalog = domain.catalog
        listed = catalog is not None and docname in catalog.pages
        placed = domain.data["source_pages"].get(lang, {})
        footnotes = []
        for number, source in page_sources(self.env, docname):
            footnote = nodes.footnote("", nodes.label("", str(number)), ids=[f"notes-source-{number}"],
                                      backrefs=backrefs.get(number, []), docname=docname, classes=["notes-source"])
            entry = source_entry(source)
            if listed:
                entry += nodes.Text(" · ")
                entry += doc_link(translate(lang, "index of sources"), catalog.sources_index(lang, placed.get(source.url, 1)),
                                  docname, source_anchor(source.url), ("notes-source-index",))
            footnote += entry
            footnotes.append(footnote)
        return footnotes

    def sources_index(self, lang: str, here: str) -> list[nodes.Node]:
        """One page of the language's Sources index: its sources, each with links to the notes
        citing it, and a link to every page of the index, labelled with the sites it spans."""
        domain = notes_domain(self.env)
        pages: tuple = domain.data["sources_index"].get(lang, ())
        _ = translator(lang)
        number = page_number(here)
        entries: tuple[tuple[IndexEntry, tuple[str, ...]], ...] = pages[number - 1] if number <= len(pages) else ()
        if not any(pages):
            return [nodes.paragraph("", _("No note in this language cites a source."))]
        shown: list[nodes.Node] = []
        catalog = domain.catalog
        if len(pages) > 1 and catalog is not None:
            targets = [(catalog.sources_index(lang, n), " – ".join(_page_range(page) or ("…",)))
                       for n, page in enumerate(pages, 1)]
            shown.append(page_links(here, targets, _("Pages")))
        listing = nodes.bullet_list(classes=["notes-sources-index-list"])
        for entry, titles in entries:
            citing = nodes.paragraph(classes=["notes-cited-by"])
            citing += nodes.Text(_("cited by") + " ")
            for position, (docname, title) in enumerate(zip(entry.citing, titles)):
                if position:
                    citing += nodes.Text(", ")
                cited_as = domain.data["numbers"].get(docname, {}).get(entry.source.url)
                citing += doc_link(f"{title} [{cited_as}]", docname, here, f"notes-source-{cited_as}")
            listing += nodes.list_item("", source_entry(entry.source), citing, ids=[source_anchor(entry.source.url)])
        shown.append(listing)
        return shown


def drop_index_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``, before the links are resolved: outside HTML a footnote's link to
    the Sources index would be a dangling word (in text, a PDF)."""
    if app.builder.format == "html":
        return
    for node in list(doctree.findall(pending_link)):
        if "notes-source-index" in node["classes"]:
            drop_index_link(node)


def drop_index_link(node: pending_link) -> None:
    """Remove a footnote's link to the Sources index and the separator before it."""
    parent = node.parent
    index = parent.index(node)
    if index and isinstance(parent[index - 1], nodes.Text) and str(parent[index - 1]).endswith(" · "):
        before = str(parent[index - 1])[:-3]
        if before:
            parent[index - 1] = nodes.Text(before)
        else:
            parent.remove(parent[index - 1])
    parent.remove(node)


class LaTeXSourcesList(SphinxPostTransform):
    """LaTeX moved each source's footnote to its first citation: the Sources section lists them."""

    default_priority = 650  # after LaTeXFootnoteTransform (600)
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        for section in self.document.findall(nodes.section):
            if "notes-sources" not in section["classes"]:
                continue
            listing = nodes.bullet_list(classes=["notes-sources-list"])
            for number, source in page_sources(self.env, section["notes_docname"]):
                entry = source_entry(source)
                entry.insert(0, nodes.Text(f"[{number}] "))
                # what the Sources index's "cited by" links point to (LaTeX labels no footnote)
                entry.insert(0, nodes.target("", "", ids=[f"notes-source-{number}"]))
                listing += nodes.list_item("", entry)
            section += listing


def setup_citations(app: Sphinx) -> None:
    for node in (pending_citation, pending_sources, pending_sources_index):
        app.add_node(node)
    app.add_directive("notes-sources", NotesSourcesDirective)
    app.connect("env-before-read-docs", remember_read_docs)
    app.connect("env-updated", number_sources)
    app.add_post_transform(ResolveCitations)
    app.add_post_transform(LaTeXSourcesList)
    app.connect("doctree-resolved", drop_index_links, priority=400)
