"""Translation status in the site: the ``notes-outdated`` notice, the status page,
``notes-status.json``, and the ``notes.outdated`` / ``notes.missing_translation`` gate.

The status is computed once per build at ``builder-inited``, right after the catalog (see
:func:`prepare_status`, called by :mod:`.pages`), from the notes' front matter and one read of git
(:mod:`..model.history`); it is kept, unpickled, beside the catalog, so forked ``-j`` readers and
writers inherit it and every process sees the same. What a page shows of it goes into its stub's
digest: a new commit that makes a translation outdated (or current again) rewrites that page's
stub and the status page's, and Sphinx re-reads exactly those.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from ..model.catalog import Catalog
from ..model.dates import format_day
from ..model.history import iso_date
from ..model.languages import native_name
from ..model.listing import notes_roots
from ..model.status import (
    COUNTED,
    CURRENT,
    MISSING,
    ORIGINAL,
    OUTDATED,
    UNKNOWN,
    GroupStatus,
    SiteStatus,
    gate_problems,
    history_message,
    matrix_pages,
    read_status,
)
from .config import notes_config
from .domain import ThisBuildOnly, notes_domain
from .i18n import translate, translator
from .links import doc_link, page_links
from .outputs import built_here, other_output_link, other_output_url
from .sections import titled_section
from .warnings_ import NotesWarning, report_located, warn

STATUS_PAGE = "status"
STATUS_JSON = "notes-status.json"
#: Builders whose pages have one URL each (the JSON lists URLs).
URL_BUILDERS = ("html", "dirhtml")
LOGGER = logging.getLogger(__name__)


def state_words(lang: str) -> dict[str, str]:
    """The states' names in ``lang`` (each spelled out, so the extractor finds it)."""
    return {ORIGINAL: translate(lang, "original"), CURRENT: translate(lang, "current"),
            OUTDATED: translate(lang, "outdated"), MISSING: translate(lang, "missing"),
            UNKNOWN: translate(lang, "unknown")}


def status_docname(catalog: Catalog, number: int = 1) -> str:
    """Page ``number`` of the status page (the first is ``<root>/status``, then ``status-2``…)."""
    return f"{catalog.root}/{STATUS_PAGE}" + (f"-{number}" if number > 1 else "")


def status_page_number(docname: str) -> int:
    match = re.search(rf"/{STATUS_PAGE}-(\d+)$", docname)
    return int(match.group(1)) if match else 1


def site_status(env: BuildEnvironment) -> SiteStatus | None:
    holder = notes_domain(env).data.get("status")
    return holder.value if isinstance(holder, ThisBuildOnly) else None


def prepare_status(app: Sphinx, catalog: Catalog) -> tuple[dict[str, Any], dict[Path, str]]:
    """``builder-inited``, after the catalog: compute the status, say what must be said, and
    return (what each note page shows of it, by docname, for its stub's digest; the status
    page's stub text, by path)."""
    from .pages import STUB_SUFFIX, _digest, stub_header  # pages calls this function

    config = notes_config(app)
    status, broken = read_status(catalog, notes_roots(Path(app.confdir), list(config.paths)), Path(app.doctreedir))
    if broken:
        warn(NotesWarning.HISTORY, f"translation status: git history unusable ({broken}); every translation is 'unknown'")
    notes_domain(app.env).data["status"] = ThisBuildOnly(status)
    _report(app, catalog, status)
    shown = {p.docname: (p.state, p.original, p.original_changed) for p in status.outdated()}
    # what each page of the status page shows: the page links; on the first the counts; its
    # notes' titles and links, each cell's state and link
    pages = matrix_pages(status)
    stubs = {}
    for number, groups in enumerate(pages, 1):
        matrix = [(g.id, _title_page(catalog, g), catalog.pages[_title_page(catalog, g)].note.title,
                   sorted((lang, p.state, p.docname) for lang, p in g.pages.items())) for g in groups]
        summary = status.summary() if number == 1 else None
        stub = Path(app.srcdir) / (status_docname(catalog, number) + STUB_SUFFIX)
        stubs[stub] = (f"{stub_header()}.. notes-status::\n"
                       f"   :digest: {_digest(status.languages, len(pages), summary, matrix)}\n")
    return shown, stubs


def _report(app: Sphinx, catalog: Catalog, status: SiteStatus) -> None:
    """The history's unavailability (once), and the gate's warnings."""
    config = notes_config(app)
    if status.history_reason:
        message = history_message(status.history_reason)
        if config.warn_outdated:
            warn(NotesWarning.HISTORY, message)
        else:
            LOGGER.info(message)
    report_located(gate_problems(catalog, status, warn_outdated=config.warn_outdated,
                                 required_languages=config.required_languages))


def _link(catalog: Catalog, text: str, target: str, fromdoc: str) -> nodes.Node:
    if built_here(target, catalog):
        return doc_link(text, target, fromdoc)
    return other_output_link(text, text, target=target)


def outdated_notice(env: BuildEnvironment, docname: str, lang: str) -> nodes.paragraph | None:
    """"The original was updated on 12 March 2025, after this translation. Read the original
    (English)", in the page's language; None unless the page is an outdated translation."""
    status = site_status(env)
    page = status.page(docname) if status else None
    catalog = notes_domain(env).catalog
    if page is None or page.state != OUTDATED or catalog is None or page.original not in catalog.pages:
        return None
    _ = translator(lang)
    date = iso_date(page.original_changed)
    if date is not None:
        text = _("The original was updated on {date}, after this translation.").format(date=format_day(date, lang))
    else:
        text = _("The original has changed since this translation was made.")
    notice = nodes.paragraph(classes=["notes-outdated"])
    notice += nodes.Text(text + " ")
    original_lang = catalog.pages[page.original].note.lang
    label = _("Read the original") + f" ({native_name(original_lang)})"
    notice += _link(catalog, label, page.original, docname)
    return notice


def status_link(env: BuildEnvironment, catalog: Catalog) -> nodes.paragraph:
    """The notes root's link to the status page."""
    _ = translator(env.config.language or "en")
    paragraph = nodes.paragraph(classes=["notes-status-link"])
    paragraph += doc_link(_("Translation status"), status_docname(catalog), env.docname)
    return paragraph


def _table(header: list[str], rows: list[list[nodes.Node | str]], classes: list[str],
           cell_classes: list[list[str]] | None = None) -> nodes.table:
    table = nodes.table(classes=classes)
    group = nodes.tgroup(cols=len(header))
    table += group
    for column, text in enumerate(header):  # widths in characters: what the text builder lays out
        cells = [row[column] for row in rows]
        width = max([len(text), *(len(c if isinstance(c, str) else c.astext()) for c in cells)])
        group += nodes.colspec(colwidth=min(width, 40) + 2)
    head, body = nodes.thead(), nodes.tbody()
    group += [head, body]
    row = nodes.row()
    for text in header:
        row += nodes.entry("", nodes.paragraph(text=text))
    head += row
    for index, cells in enumerate(rows):
        row = nodes.row()
        for column, cell in enumerate(cells):
            paragraph = nodes.paragraph(text=cell) if isinstance(cell, str) else nodes.paragraph("", "", cell)
            extra = cell_classes[index][column] if cell_classes else ""
            row += nodes.entry("", paragraph, classes=[extra] if extra else [])
        body += row
    return table


def _title_page(catalog: Catalog, group: GroupStatus) -> str:
    """The page whose title names the note on the status page: the original, else the first."""
    return next((p.docname for p in group.pages.values() if p.state == ORIGINAL), catalog.groups[group.id].docnames[0])


def status_page(env: BuildEnvironment, document: nodes.document) -> list[nodes.Node]:
    """``notes-status``: one page of the status page. The first holds the counts and percentage
    per language; every page holds its share of the notes x languages matrix (see
    :func:`~sphinx_notes.model.status.matrix_pages`) between links to all the pages."""
    from .directives import hidden_toctree  # directives imports this module

    catalog = notes_domain(env).catalog
    status = site_status(env)
    if catalog is None or status is None:
        warn(NotesWarning.CONFIG, "notes-status used but notes_paths finds no notes", (env.docname, 1))
        return []
    here = env.docname
    lang = env.config.language or "en"
    _ = translator(lang)
    pages = matrix_pages(status)
    count = len(pages)
    number = min(status_page_number(here), count)
    title = _("Translation status")
    if number > 1:
        title = _("{language}, page {number} of {count}").format(language=title, number=number, count=count)
    section = titled_section(document, title, ["notes-status"])
    words = state_words(lang)
    if number == 1:
        summary_rows = []
        for tag in status.languages:
            counts = status.counts(tag)
            percent = status.percent_current(tag)
            summary_rows.append([_link(catalog, native_name(tag), catalog.language_index(tag), here),
                                 *(str(counts[state]) for state in COUNTED),
                                 "—" if percent is None else f"{percent} %"])
        section += _table([_("Language"), *(words[state] for state in COUNTED), _("Up to date")], summary_rows,
                          ["notes-status-summary"])
    others = [(status_docname(catalog, n), str(n)) for n in range(1, count + 1)]
    if count > 1:
        section += page_links(here, others, _("Pages"))
    rows, classes = [], []
    for group in pages[number - 1]:
        title_page = _title_page(catalog, group)
        row: list[nodes.Node | str] = [_link(catalog, catalog.pages[title_page].note.title, title_page, here)]
        row_classes = [""]
        for tag in status.languages:
            page = group.pages.get(tag)
            if page is None:
                row.append(words[MISSING])
                row_classes.append(f"notes-state-{MISSING}")
            elif page.docname == title_page:  # the title links to it already
                row.append(words[page.state])
                row_classes.append(f"notes-state-{page.state}")
            else:
                row.append(_link(catalog, words[page.state], page.docname, here))
                row_classes.append(f"notes-state-{page.state}")
        rows.append(row)
        classes.append(row_classes)
    section += _table([_("Note"), *(native_name(tag) for tag in status.languages)], rows,
                      ["notes-status-matrix"], classes)
    if count > 1:
        section += page_links(here, others, _("Pages"))
        if number == 1:  # the other pages hang under the first (LaTeX, EPUB, prev/next)
            section += hidden_toctree(here, [target for target, _text in others[1:]])
    return [section]


class NotesStatusDirective(SphinxDirective):
    """``.. notes-status::``: the translation status of every note (the generated status page)."""

    option_spec = {"digest": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        return status_page(self.env, self.state.document)


def status_json(status: SiteStatus, catalog: Catalog, builder: Any, config: Any) -> str:
    def url(docname: str) -> str | None:
        if built_here(docname, catalog):
            return builder.get_target_uri(docname)
        return other_output_url(docname, catalog=catalog, config=config, builder=builder)
    return json.dumps(status.to_json(url), ensure_ascii=False) + "\n"  # not indented: the C encoder


def write_status_json(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: ``notes-status.json`` at the output root."""
    catalog = notes_domain(app.env).catalog
    status = site_status(app.env)
    if exception is not None or app.builder.name not in URL_BUILDERS or catalog is None or status is None:
        return
    target = Path(app.outdir) / STATUS_JSON
    text = status_json(status, catalog, app.builder, app.config)
    try:
        if target.read_text(encoding="utf-8") == text:
            return
    except OSError:
        pass
    target.write_text(text, encoding="utf-8")


def setup_status(app: Sphinx) -> None:
    app.add_directive("notes-status", NotesStatusDirective)
    app.connect("build-finished", write_status_json)
