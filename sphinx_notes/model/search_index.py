"""The per-language search index of the note pages, in shards a browser fetches one at a time.

Sphinx's search index is one file for the whole site, loaded whole for any query (16-19 MB at
10 000 pages), stemmed in one language, and re-loaded, pruned and re-written at every build.
Here every language has its own index, cut in two kinds of small files:

- *term shards*: ``stem -> [page, weight, page, weight, …]``; a stem lives in shard
  ``fnv1a(stem) % shards``, so a query fetches only the shards of its own words;
- *page chunks*: ``[name, title, summary]`` of :data:`PAGES_PER_CHUNK` pages each; a query
  fetches the chunks of the pages it shows.

Each page's terms are counted once, while the page is read (:func:`page_terms`, in the
parallel readers); the shards are made from those records (:func:`build_index`), so a rebuild
that re-reads one page re-reads none of the others. Pages are numbered in docname order, which
an edit never changes, so an edit rewrites only the shards of the words it touched.

Nothing here knows Sphinx: the caller passes the stemmer and the stop words.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

#: Bumped when the files' format changes, so every output is rewritten.
FORMAT = 1
#: Pages whose titles and summaries one chunk holds.
PAGES_PER_CHUNK = 200
#: Serialized postings aimed at per term shard (bytes); the shard count is a power of two.
SHARD_TARGET = 48_000
#: A title word counts as this many body words.
TITLE_WEIGHT = 10
#: Body occurrences counted per word, so one word repeated all over a page cannot swamp the rest.
MAX_COUNT = 5
SUMMARY_LENGTH = 180

#: Combining marks that belong inside words: vowel signs and viramas of the Indic scripts,
#: Arabic and Hebrew points, Thai and Lao vowel signs, zero-width joiners, combining accents.
#: ``\w`` stops at them and would cut ``विकास`` into ``वि``, ``क``, ``स``; the browser side
#: splits with the same set.
WORD_MARKS = ("\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7"
              "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed"
              "\u0900-\u0963\u0966-\u0dff\u0e31\u0e34-\u0e3a\u0e47-\u0e4e\u0eb1\u0eb4-\u0ebc"
              "\u0ec8-\u0ecd\u1ab0-\u1aff\u1dc0-\u1dff\u200c\u200d\u20d0-\u20ff\ufe20-\ufe2f")
#: Scripts written without spaces between words (Han, kana, Hangul, Thai, …): indexed as
#: overlapping pairs of characters, which needs no dictionary and finds any two-character word.
UNSPACED = ("\u0e00-\u0e7f\u0e80-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3100-\u312f"
            "\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f")
_WORD = re.compile(f"[\\w{WORD_MARKS}]+")
_DIGIT = re.compile(r"\d")
_UNSPACED_RUN = re.compile(f"([{UNSPACED}]+)")


def words(text: str) -> list[str]:
    """Lower-cased words of ``text``; runs of an unspaced script become overlapping pairs."""
    found: list[str] = []
    for word in _WORD.findall(text.casefold()):
        if not _UNSPACED_RUN.search(word):
            found.append(word)
            continue
        for part in _UNSPACED_RUN.split(word):
            if not part:
                continue
            if _UNSPACED_RUN.fullmatch(part):
                found.extend(part[i:i + 2] for i in range(max(1, len(part) - 1)))
            else:
                found.append(part)
    return found


@dataclass(frozen=True)
class Analyzer:
    """How one language's words become index terms."""

    stem: Callable[[str], str]
    stopwords: frozenset[str] = frozenset()

    def terms(self, text: str) -> list[str]:
        """Index terms: stop words and single Latin letters dropped, words stemmed except those
        with digits (``w638330``, ``gpt-5``'s ``5``), which no stemmer improves."""
        return [w if _DIGIT.search(w) else self.stem(w) for w in words(text)
                if w not in self.stopwords and (len(w) > 1 or not w.isascii())]


def page_terms(analyzer: Analyzer, title: str, body: str) -> dict[str, int]:
    """term -> weight of one page: each title term :data:`TITLE_WEIGHT`, plus its body count."""
    counts = Counter(analyzer.terms(body))
    weights = {term: min(count, MAX_COUNT) for term, count in counts.items()}
    for term in set(analyzer.terms(title)):
        weights[term] = weights.get(term, 0) + TITLE_WEIGHT
    return weights


def summary(text: str) -> str:
    """The first words of a page, cut at a word boundary, for the results list."""
    text = " ".join(text.split())
    if len(text) <= SUMMARY_LENGTH:
        return text
    cut = text[:SUMMARY_LENGTH].rsplit(" ", 1)[0]
    return (cut if len(cut) > SUMMARY_LENGTH // 2 else text[:SUMMARY_LENGTH]) + "…"


@dataclass(frozen=True)
class PageRecord:
    """What the index keeps of one page."""

    name: str  #: the page's name (a docname), which the search page turns into a link
    title: str
    summary: str
    terms: Mapping[str, int]


def fnv1a(text: str) -> int:
    """32-bit FNV-1a of the UTF-16 code units of ``text``: the browser computes the same."""
    value = 0x811C9DC5
    encoded = text.encode("utf-16-le", "surrogatepass")
    for i in range(0, len(encoded), 2):
        value ^= encoded[i] | (encoded[i + 1] << 8)
        value = (value * 0x01000193) & 0xFFFFFFFF
    return value


def shard_count(postings_bytes: int) -> int:
    count = 1
    while count * SHARD_TARGET < postings_bytes:
        count *= 2
    return count


def _compact(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def build_index(lang: str, pages: Iterable[PageRecord], meta: Mapping[str, object]) -> dict[str, str]:
    """Every file of one language's index: relative file name -> JavaScript text.

    Each file calls ``NotesSearch.load(lang, name, data)``, so the index loads by ``<script>``
    from a server and from ``file://`` alike. ``meta`` goes into ``index.js`` (stemmer, stop
    words) with the shard and chunk counts.
    """
    pages = list(pages)
    postings: dict[str, list[int]] = {}
    for number, page in enumerate(pages):
        for term, weight in page.terms.items():
            entry = postings.get(term)
            if entry is None:
                postings[term] = [number, weight]
            else:
                entry += (number, weight)
    sizes = sum(len(term) + 4 + 8 * len(entry) for term, entry in postings.items())
    count = shard_count(sizes)
    shards: list[dict[str, list[int]]] = [{} for _ in range(count)]
    for term in sorted(postings):
        shards[fnv1a(term) % count][term] = postings[term]
    chunks = [[[p.name, p.title, p.summary] for p in pages[i:i + PAGES_PER_CHUNK]]
              for i in range(0, len(pages), PAGES_PER_CHUNK)]

    def script(name: str, data: object) -> str:
        return f"NotesSearch.load({_compact(lang)},{_compact(name)},{_compact(data)});\n"

    files = {f"terms-{i}.js": script(f"terms-{i}", shard) for i, shard in enumerate(shards)}
    files.update({f"pages-{i}.js": script(f"pages-{i}", chunk) for i, chunk in enumerate(chunks)})
    info = dict(meta, format=FORMAT, shards=count, chunks=len(chunks), pages=len(pages),
                pagesPerChunk=PAGES_PER_CHUNK, titleWeight=TITLE_WEIGHT)
    files["index.js"] = script("index", info)
    return files
