"""Per-language search of the note pages, in small files a query fetches a few of.

The note pages, language indexes and Sources pages are kept out of Sphinx's global search index
by Sphinx's own switch, the ``nosearch`` file-wide metadata: Sphinx then feeds them with no
words, so the main process neither stems them, nor prunes and re-writes their words at every
build, and ``searchindex.js`` holds only the project's other pages. Instead:

1. *Reading* (``doctree-read``, in the parallel readers): each note page's terms, stemmed in the
   page's language, are written to a record of its own in the doctree folder
   (``sphinx_notes-search/<docname>.json``).
2. *After writing* (``html-collect-pages``, before the search page is rendered): each built
   language whose records changed gets its index re-made from them
   (:func:`~sphinx_notes.model.search_index.build_index`) under ``_static/notes-search/<lang>/``;
   only files whose text changed are written. ``languages.js``, linked from the search page with
   its checksum, names each language's index version, which the browser adds to its requests.
3. *Query* (``notes-search.js``): a search form sends the page's language; on the search page
   the query is stemmed in that language, the shards of its words and the chunks of the pages
   found are fetched, and the results are put first in Sphinx's own results list.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from collections.abc import Iterator
from importlib import import_module
from pathlib import Path
from typing import Any, Callable

import snowballstemmer
import sphinx
from babel import Locale, UnknownLocaleError
from docutils import nodes
from sphinx import search as sphinx_search
from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder

import sphinx_notes

from ..model.languages import primary_subtag, url_segment
from ..model.search_index import (
    FORMAT,
    UNSPACED,
    WORD_MARKS,
    Analyzer,
    PageRecord,
    build_index,
    page_terms,
    summary,
)
from .config import notes_config
from .domain import notes_domain
from .i18n import translate
from .pages import write_if_changed
from .patches import SPHINX_STEMMER_JS

SCRIPT = "notes-search.js"
RECORDS = "sphinx_notes-search"
OUTPUT = "notes-search"
#: Sphinx ships the browser half of the Snowball stemmers here.
_STEMMER_JS = SPHINX_STEMMER_JS
#: Distinct words remembered per language; bounds the memo on very large sites.
_STEM_MEMO_SIZE = 1 << 17


@functools.lru_cache(maxsize=None)
def snowball_algorithm(tag: str) -> str | None:
    """The Snowball algorithm of a language, when the browser can stem with it too
    (``de`` -> ``german``: CLDR's English name of the language is Snowball's name)."""
    try:
        name = Locale.parse(primary_subtag(tag)).get_language_name("en").lower()
    except (UnknownLocaleError, ValueError, TypeError, AttributeError):
        return None
    if name in snowballstemmer.algorithms() and (_STEMMER_JS / f"{name}-stemmer.js").is_file():
        return name
    return None


def stopwords(tag: str) -> frozenset[str]:
    """Sphinx's stop words for the language, where Sphinx has the language."""
    known = sphinx_search.languages.get(primary_subtag(tag))
    if isinstance(known, str):
        module, name = known.rsplit(".", 1)
        known = getattr(import_module(module), name)
    return frozenset(getattr(known, "stopwords", ()) or ())


@functools.lru_cache(maxsize=None)
def analyzer(tag: str) -> Analyzer:
    """The language's :class:`Analyzer`, its stemming remembered for the whole process (the
    same words recur on thousands of notes; the Snowball stemmers are pure Python)."""
    algorithm = snowball_algorithm(tag)
    stem: Callable[[str], str] = str
    if algorithm is not None:
        stemmer = snowballstemmer.stemmer(algorithm)
        stem = functools.lru_cache(maxsize=_STEM_MEMO_SIZE)(stemmer.stemWord)
    return Analyzer(stem=stem, stopwords=stopwords(tag))


def _record_path(doctreedir: str | os.PathLike[str], docname: str) -> str:
    """A string, not a ``Path``: every build stats the records of every page."""
    return os.path.join(doctreedir, RECORDS, f"{docname}.json")


def _summary_text(doctree: nodes.document) -> str:
    """The first paragraph with words of its own (not an image's alternative text)."""
    for paragraph in doctree.findall(nodes.paragraph):
        if not {"notes-provenance", "notes-switcher"} & set(paragraph["classes"]):
            text = "".join(node.astext() for node in paragraph.findall(nodes.Text)).strip()
            if text:
                return text
    return ""


def _text(node: nodes.Element) -> Iterator[str]:
    """The words of a page, less its Sources list (and the alternative text of its images)."""
    for child in node.children:
        if isinstance(child, nodes.Text):
            yield child.astext()
        elif not (isinstance(child, nodes.section) and "notes-sources" in child["classes"]):
            yield from _text(child)  # type: ignore[arg-type]


def record_page(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``, in the parallel readers: keep the pages of the catalog out of Sphinx's
    index, and write each note page's terms to its record (atomically: a killed build leaves
    the old record or the new). Recorded for every builder, so that an HTML build sharing the
    doctree folder with another builder's finds every record."""
    env = app.env
    docname = env.docname
    domain = notes_domain(env)
    catalog = domain.catalog
    if catalog is None or not docname.startswith(catalog.root + "/") or docname == f"{catalog.root}/index":
        return
    env.metadata[docname]["nosearch"] = ""
    facts = domain.pages.get(docname)
    if facts is None or not catalog.is_built(docname):
        return
    record = {"format": FORMAT, "title": facts.title, "summary": summary(_summary_text(doctree)),
              "terms": page_terms(analyzer(facts.lang), facts.title, " ".join(_text(doctree)))}
    path = Path(_record_path(app.doctreedir, docname))
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.tmp")
    partial.write_text(json.dumps(record, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    os.replace(partial, path)


def _load_record(path: str, title: str) -> tuple[str, str, dict[str, int]]:
    try:
        with open(path, encoding="utf-8") as file:
            record = json.load(file)
        if record.get("format") == FORMAT:
            return record["title"], record["summary"], record["terms"]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return title, "", {}  # never expected: the page is found by nothing but its absence


def _stemmer_script(algorithm: str) -> str:
    """Sphinx's JavaScript Snowball stemmer of ``algorithm``, with the base class it needs."""
    return "\n".join((_STEMMER_JS / name).read_text(encoding="utf-8")
                     for name in ("base-stemmer.js", f"{algorithm}-stemmer.js"))


def language_index_files(app: Sphinx, lang: str, docnames: list[str]) -> dict[str, str]:
    """The index files of one language, from its pages' records."""
    catalog = notes_domain(app.env).catalog
    records = []
    for docname in docnames:
        title, text, terms = _load_record(_record_path(app.doctreedir, docname), catalog.pages[docname].note.title)
        records.append(PageRecord(name=docname, title=title, summary=text, terms=terms))
    algorithm = snowball_algorithm(lang)
    meta = {"lang": lang, "stemmer": f"{algorithm.title()}Stemmer" if algorithm else None,
            "stopwords": sorted(analyzer(lang).stopwords)}
    files = build_index(lang, records, meta)
    if algorithm:
        files["stemmer.js"] = _stemmer_script(algorithm)
    return files


def write_search_index(app: Sphinx) -> tuple[()]:
    """``html-collect-pages``: re-make the index of each language whose records changed, and
    take the pages of the catalog out of Sphinx's index (``nosearch`` pages still have their
    names and file names there, 65 bytes a page that every search would download)."""
    builder = app.builder
    catalog = notes_domain(app.env).catalog
    if catalog is None or not isinstance(builder, StandaloneHTMLBuilder) or not builder.search:
        return ()
    if builder.indexer is not None:
        ours = catalog.root + "/"
        builder.indexer.prune({d for d in app.env.all_docs if not d.startswith(ours) or d == f"{ours}index"})
    root = Path(builder.outdir) / "_static" / OUTPUT
    languages = {}
    for lang in catalog.built_languages:
        docnames = sorted(p.docname for p in catalog.pages_in(lang))
        folder = root / url_segment(lang)
        stamps = []
        for docname in docnames:
            try:
                stat = os.stat(_record_path(app.doctreedir, docname))
                stamps.append((docname, stat.st_mtime_ns, stat.st_size))
            except OSError:
                stamps.append((docname, 0, 0))
        # the stemmers and stop words come with Sphinx, the format with sphinx_notes
        versions = (FORMAT, sphinx.__version__, sphinx_notes.__version__)
        stamp = hashlib.sha1(repr((versions, lang, stamps)).encode("utf-8")).hexdigest()
        marker = folder / "signature.txt"
        try:
            kept_stamp, version = marker.read_text(encoding="utf-8").split()
        except (OSError, ValueError):
            kept_stamp, version = "", ""
        if kept_stamp != stamp:
            files = language_index_files(app, lang, docnames)
            for name, text in files.items():
                write_if_changed(folder / name, text)
            for stale in folder.glob("*.js"):
                if stale.name not in files:
                    stale.unlink()
            version = hashlib.sha1(repr(sorted(files.items())).encode("utf-8")).hexdigest()[:16]
            marker.write_text(f"{stamp} {version}\n", encoding="utf-8")  # last: an interrupted write is re-done
        languages[lang.lower()] = {"folder": url_segment(lang), "name": notes_domain(app.env).language(lang).name,
                                   "version": version}
    label = translate(app.config.language or "en", "Search the notes in")
    data = {"languages": languages, "label": label, "marks": WORD_MARKS, "unspaced": UNSPACED}
    write_if_changed(root / "languages.js", f"NotesSearch.languages({json.dumps(data, ensure_ascii=False)});\n")
    return ()


def setup_search_script(app: Sphinx) -> None:
    """``builder-inited``: HTML pages get the script that searches the notes in their language."""
    if isinstance(app.builder, StandaloneHTMLBuilder) and app.builder.search and notes_config(app).paths:
        app.add_js_file(SCRIPT, priority=600)  # in the package static folder (see .config)


def search_page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """``html-page-context``: the search page also loads the list of the notes' languages."""
    if templatename == "search.html" and getattr(app.builder, "search", False) and notes_domain(app.env).catalog:
        app.add_js_file(f"{OUTPUT}/languages.js", priority=650)  # after notes-search.js


def setup_search(app: Sphinx) -> None:
    app.connect("builder-inited", setup_search_script)
    app.connect("doctree-read", record_page)
    app.connect("html-page-context", search_page_context)
    app.connect("html-collect-pages", write_search_index)
