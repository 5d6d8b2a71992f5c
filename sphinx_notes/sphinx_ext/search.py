"""Per-language search: each page's words are split and stemmed in the page's own language.

A Sphinx build has one search language; a notes site has many. While a note page (or a
language index) is fed to the search index, the index uses that page's language: Sphinx's own
:class:`~sphinx.search.SearchLanguage` where Sphinx has one (da de en es fi fr hu it ja nl no
pt ro ru sv tr zh), a Snowball stemmer for the languages Sphinx lacks and Snowball covers
(Arabic, Hindi, Greek, …), and no stemming for the rest. Other pages keep the build's language.

Stemming is also memoised per language for the whole build, where Sphinx memoises per page:
the same words recur across thousands of notes, and the pure-Python Snowball stemmers were the
largest single cost of indexing them.

Query side: every HTML page loads ``notes-search.js``, which gives search forms a ``lang``
field with the page's language; on the search page, ``notes-search-data.js`` carries the
stemmers and stop words of the site's languages, and the query is stemmed and filtered with
those of ``lang``, so it meets the words of that language's pages as they were indexed.
"""

from __future__ import annotations

import json
import re
from importlib import import_module
from pathlib import Path
from typing import Any, Callable

import snowballstemmer
from docutils import nodes
from sphinx import search as sphinx_search
from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.search import SearchLanguage

from .domain import notes_domain

#: Languages Sphinx has no search support for, whose Snowball stemmer it ships in JavaScript.
SNOWBALL_ONLY = {
    "ar": "arabic", "ca": "catalan", "el": "greek", "et": "estonian", "eu": "basque", "ga": "irish",
    "hi": "hindi", "hy": "armenian", "id": "indonesian", "lt": "lithuanian", "ne": "nepali",
    "sr": "serbian", "ta": "tamil", "yi": "yiddish",
}
_STEMMER_JS = Path(sphinx_search.__file__).parent / "minified-js"
#: Distinct words remembered per language; bounds the memo on very large sites.
_STEM_MEMO_SIZE = 1 << 17
SCRIPT = "notes-search.js"
DATA_SCRIPT = "notes-search-data.js"
#: Combining marks that belong inside words: vowel signs and viramas of the Indic scripts
#: (Devanagari to Sinhala, dandas excepted), Arabic and Hebrew vowel points, Thai and Lao vowel
#: signs, zero-width joiners, combining accents. ``\w`` (and JavaScript's ``\p{Letter}``) stop
#: at them, cutting ``विकास`` into ``वि``, ``क``, ``स``; the query side splits with the same set.
WORD_MARKS = ("\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7"
              "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed"
              "\u0900-\u0963\u0966-\u0dff\u0e31\u0e34-\u0e3a\u0e47-\u0e4e\u0eb1\u0eb4-\u0ebc"
              "\u0ec8-\u0ecd\u1ab0-\u1aff\u1dc0-\u1dff\u200c\u200d\u20d0-\u20ff\ufe20-\ufe2f")
_WORD = re.compile(f"[\\w{WORD_MARKS}]+")


def split_words(text: str) -> list[str]:
    """Words with their combining marks: Sphinx's ``\\w+`` splitter, marks kept inside words."""
    return _WORD.findall(text)


class SnowballSearchLanguage(SearchLanguage):
    """A language Sphinx has no search support for, stemmed with its Snowball algorithm."""

    def __init__(self, options: dict[str, str], lang: str, algorithm: str) -> None:
        super().__init__(options)
        self.lang = lang
        self.language_name = algorithm.title()
        self.js_stemmer_rawcode = f"{algorithm}-stemmer.js"
        self.stemmer = snowballstemmer.stemmer(algorithm)

    def stem(self, word: str) -> str:
        return self.stemmer.stemWord(word.lower())


class UnstemmedSearchLanguage(SearchLanguage):
    """Words as they are: better than another language's stemmer rewriting them."""

    def __init__(self, options: dict[str, str], lang: str) -> None:
        super().__init__(options)
        self.lang = lang


def primary_subtag(tag: str) -> str:
    return tag.replace("_", "-").split("-")[0].lower()


def make_search_language(tag: str, options: dict[str, str]) -> SearchLanguage:
    """The search language for a page in ``tag``, its stemming memoised for the whole build."""
    code = primary_subtag(tag)
    known = sphinx_search.languages.get(code)
    algorithm = SNOWBALL_ONLY.get(code)
    if known is not None:
        if isinstance(known, str):
            module, name = known.rsplit(".", 1)
            known = getattr(import_module(module), name)
        language: SearchLanguage = known(options)
    elif (algorithm in snowballstemmer.algorithms()
          and (_STEMMER_JS / f"{algorithm}-stemmer.js").is_file()):
        language = SnowballSearchLanguage(options, code, algorithm)
    else:
        language = UnstemmedSearchLanguage(options, code)
    if type(language).split is SearchLanguage.split:  # not the Chinese or Japanese segmenters
        language.split = split_words  # type: ignore[method-assign]
    language.stem = StemMemo(language.stem).__getitem__  # type: ignore[method-assign]
    return language


class StemMemo(dict):
    """word -> stem for the whole build, emptied when it reaches :data:`_STEM_MEMO_SIZE` words.
    Sphinx's own memo lives for one page; the same words recur on thousands of them."""

    def __init__(self, stem: Callable[[str], str]) -> None:
        super().__init__()
        self.stem = stem

    def __missing__(self, word: str) -> str:
        if len(self) >= _STEM_MEMO_SIZE:
            self.clear()
        stemmed = self[word] = self.stem(word)
        return stemmed


class PageLanguages:
    """One memoised search language per language of the site, made when first needed."""

    def __init__(self, options: dict[str, str]) -> None:
        self.options = options
        self.made: dict[str, SearchLanguage] = {}

    def __getitem__(self, tag: str) -> SearchLanguage:
        code = primary_subtag(tag)
        if code not in self.made:
            self.made[code] = make_search_language(code, self.options)
        return self.made[code]


def index_in_page_language(index_page: Callable[..., None], builder: StandaloneHTMLBuilder,
                           languages: PageLanguages) -> Callable[..., None]:
    """``builder.index_page`` feeding each notes page with its own language's words."""
    pages = notes_domain(builder.env).pages

    def index_page_in_its_language(pagename: str, doctree: nodes.document, title: str) -> None:
        indexer = builder.indexer
        facts = pages.get(pagename)
        if indexer is None or facts is None:
            index_page(pagename, doctree, title)
            return
        build_language = indexer.lang
        indexer.lang = languages[facts.lang]
        try:
            index_page(pagename, doctree, title)
        finally:
            indexer.lang = build_language

    return index_page_in_its_language


def setup_search_languages(app: Sphinx) -> None:
    """``builder-inited``: HTML builders that index for search index notes per language."""
    builder = app.builder
    if not isinstance(builder, StandaloneHTMLBuilder) or not builder.search or not app.config.notes_paths:
        return
    builder.index_page = index_in_page_language(  # type: ignore[method-assign]
        builder.index_page, builder, PageLanguages(app.config.html_search_options))
    app.add_js_file(SCRIPT, priority=600)  # in the package static folder (see .assets)


def search_page_data(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """``html-page-context``: the search page also loads the site's stemmers and stop words."""
    if templatename == "search.html" and getattr(app.builder, "search", False) and app.config.notes_paths:
        app.add_js_file(DATA_SCRIPT, priority=550)


def query_side_data(languages: list[SearchLanguage]) -> str:
    """``notes-search-data.js``: Snowball's base stemmer, each language's stemmer and stop words."""
    parts = []
    entries = {}
    for language in languages:
        stemmer = None
        if language.js_stemmer_rawcode and (_STEMMER_JS / language.js_stemmer_rawcode).is_file():
            parts.append((_STEMMER_JS / language.js_stemmer_rawcode).read_text(encoding="utf-8"))
            stemmer = f"{language.language_name}Stemmer"
        entries[language.lang] = {"stemmer": stemmer, "stopwords": sorted(language.stopwords),
                                  "marks": language.split == split_words}
    base = (_STEMMER_JS / "base-stemmer.js").read_text(encoding="utf-8")
    return "\n".join([base, *parts, f"window.NOTES_SEARCH_WORD_MARKS = {json.dumps(WORD_MARKS)};",
                       f"window.NOTES_SEARCH_LANGUAGES = {json.dumps(entries, ensure_ascii=False)};\n"])


def write_search_data(app: Sphinx) -> tuple[()]:
    """``html-collect-pages`` (before the search page is rendered, so it is linked with its
    checksum): the query-side data for the languages this site has. No page of its own."""
    builder = app.builder
    catalog = notes_domain(app.env).catalog
    if not isinstance(builder, StandaloneHTMLBuilder) or not builder.search or catalog is None:
        return ()
    static = Path(builder.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    languages = PageLanguages(app.config.html_search_options)
    data = query_side_data([languages[lang] for lang in sorted({primary_subtag(t) for t in catalog.languages})])
    target = static / DATA_SCRIPT
    if not target.is_file() or target.read_text(encoding="utf-8") != data:
        target.write_text(data, encoding="utf-8")
    return ()


def setup_search(app: Sphinx) -> None:
    app.connect("builder-inited", setup_search_languages)
    app.connect("html-page-context", search_page_data)
    app.connect("html-collect-pages", write_search_data)
