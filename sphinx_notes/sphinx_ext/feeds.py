"""One Atom feed per language, ``<notes_output_dir>/<lang>/atom.xml``, and its link in the
``<head>`` of that language's pages.

A feed is made from what every build already holds: the catalog (titles, dates, provenance,
rebuilt from the scan at each ``builder-inited``) and the summary each note page
recorded in the ``notes`` domain when it was read (so an edited, added or deleted note is in
its feed after an incremental build, and no doctree is read again). The feeds are written at
``build-finished``, in the main process, whatever ``-j`` is; a file is rewritten only when its
text changes, and the feed of a language the build no longer makes is deleted.

Feeds hold absolute URLs only: without ``html_baseurl`` (or Read the Docs' canonical URL) a
build writes none; it says so in one ``notes.config`` warning when ``notes_feed_size`` asks for
feeds, and quietly when the option is unset (a site without an address builds with ``-W``).
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from sphinx.application import Sphinx

from .. import __version__
from ..model.catalog import Catalog, Page
from ..model.feeds import MODEL_SCHEME, Category, Entry, Feed, atom_xml
from ..model.languages import url_segment
from .config import notes_config
from .domain import NotesDomain, notes_domain
from .i18n import translate, translator
from .manifest import URL_BUILDERS
from .outputs import absolute_url
from .warnings_ import NotesWarning, file_location, warn

FEED_FILE = "atom.xml"
#: Entries of a feed when ``notes_feed_size`` is unset.
DEFAULT_FEED_SIZE = 50


def feed_size(app: Sphinx) -> int:
    size = notes_config(app).feed_size
    return DEFAULT_FEED_SIZE if size is None else size


def feed_path(catalog: Catalog, lang: str) -> str:
    """The feed of ``lang``, relative to the output root (``notes/de/atom.xml``)."""
    return f"{catalog.root}/{url_segment(lang)}/{FEED_FILE}"


def feed_title(app: Sphinx, lang: str) -> str:
    """"My notes · Notizen · Deutsch": the site, and the language's notes in that language."""
    return " · ".join([app.config.project, translate(lang, "Notes"), notes_domain(app.env).language(lang).name])


def feeds_wanted(app: Sphinx) -> bool:
    """Whether this build writes feeds: an HTML build with notes, a base URL and a feed size."""
    notes = notes_config(app)
    return (app.builder.name in URL_BUILDERS and notes_domain(app.env).catalog is not None
            and feed_size(app) > 0 and bool(notes.base_url))


def provenance_categories(page: Page) -> tuple[Category, ...]:
    """``translated``, ``generated`` and the model's name, as the provenance line says them."""
    note = page.note
    _ = translator(note.lang)
    categories = []
    if note.translated:
        categories.append(Category("translated", _("Translated")))
    if note.generated or (note.model and note.generated is not False):
        categories.append(Category("generated", _("Generated")))
    if note.model and note.generated is not False:
        categories.append(Category(note.model, note.model, MODEL_SCHEME))
    return tuple(categories)


def language_feed(app: Sphinx, lang: str) -> Feed:
    """The feed of ``lang``: its :attr:`~.NotesConfig.feed_size` newest dated notes (an undated
    note has no place in a feed ordered by date)."""
    domain: NotesDomain = notes_domain(app.env)
    catalog = domain.catalog
    urls = {"catalog": catalog, "config": app.config, "builder": app.builder}
    base = notes_config(app).base_url
    entries = []
    for page in [p for p in catalog.pages_in(lang) if p.note.date][: feed_size(app)]:
        facts = domain.pages.get(page.docname)
        entries.append(Entry(title=page.note.title, url=absolute_url(page.docname, **urls), date=page.note.date,
                             summary=facts.summary if facts else "", categories=provenance_categories(page)))
    return Feed(lang=lang, title=feed_title(app, lang),
                url=urljoin(base, feed_path(catalog, lang)), home=absolute_url(catalog.language_index(lang), **urls),
                author=app.config.author or app.config.project, generator_version=__version__,
                entries=tuple(entries))


def write_feeds(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: every built language's feed; the one ``notes.config`` warning
    without a base URL; no feed left of a language this build does not make."""
    catalog = notes_domain(app.env).catalog
    if exception is not None or app.builder.name not in URL_BUILDERS or catalog is None:
        return
    notes = notes_config(app)
    outdir = Path(app.outdir)
    written = set()
    if feeds_wanted(app):
        for lang in catalog.built_languages:
            target = outdir / feed_path(catalog, lang)
            text = atom_xml(language_feed(app, lang))
            target.parent.mkdir(parents=True, exist_ok=True)
            if not target.is_file() or target.read_text(encoding="utf-8") != text:
                target.write_text(text, encoding="utf-8")
            written.add(target)
    elif notes.feed_size:  # asked for feeds, and none can be written
        warn(NotesWarning.CONFIG, "no Atom feeds written: they need the site's address (html_baseurl, or Read the "
             "Docs' canonical URL); set html_baseurl, or notes_feed_size = 0 for no feeds",
             file_location(str(Path(app.confdir) / "conf.py")))
    for stale in (outdir / catalog.root).glob(f"*/{FEED_FILE}"):
        if stale not in written:
            stale.unlink()


def feed_link(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """``html-page-context``: the ``<head>`` link to the feed of the page's language, on the note
    pages and indexes sphinx_notes made in a language this build has a feed of."""
    domain = notes_domain(app.env)
    facts = domain.pages.get(pagename)
    if facts is None or not feeds_wanted(app) or facts.lang not in domain.catalog.built_languages:
        return
    catalog = domain.catalog
    href = urljoin(notes_config(app).base_url, feed_path(catalog, facts.lang))
    title = feed_title(app, facts.lang)
    context["metatags"] = context.get("metatags", "") + (
        f'<link rel="alternate" type="application/atom+xml" hreflang="{escape(facts.lang)}" '
        f'title="{escape(title)}" href="{escape(href)}" />\n')


def setup_feeds(app: Sphinx) -> None:
    app.connect("html-page-context", feed_link)
    app.connect("build-finished", write_feeds)
