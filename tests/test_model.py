"""The Sphinx-free note model: languages, file names, grouping, heading rebasing."""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from sphinx_notes.model.catalog import build_catalog
from sphinx_notes.model.languages import direction, native_name, normalize_tag
from sphinx_notes.model.markdown import rebase_headings
from sphinx_notes.model.notefile import load_note, split_stem
from sphinx_notes.model.urls import normalize_url


@pytest.mark.parametrize(("raw", "tag"), [
    ("hant", "zh-Hant"), ("zh_hant", "zh-Hant"), ("pt_BR", "pt-BR"), ("DE", "de"), ("ar", "ar"),
    ("xx", None), ("", None), (123, None), ("en-", None),
])
def test_normalize_tag(raw, tag):
    assert normalize_tag(raw) == tag


def test_native_names_and_direction():
    assert native_name("de") == "Deutsch"
    assert native_name("ar") == "العربية"
    assert [direction(t) for t in ("ar", "he", "fa", "ur", "hi", "zh-Hant")] == ["rtl"] * 4 + ["ltr"] * 2


@pytest.mark.parametrize(("stem", "hints", "expected"), [
    ("2025-10-22-alibaba-cloud-cto-hant", (), ("2025-10-22-alibaba-cloud-cto", "hant")),
    ("2025-11-07-tcp-vs-udp-en", (), ("2025-11-07-tcp-vs-udp", "en")),
    ("do-it", (), ("do-it", None)),  # undated, nothing backs "it": not Italian
    ("bread-fr", ("fr",), ("bread", "fr")),
    ("2025-11-07-tidb-vs-cockroachdb", (), ("2025-11-07-tidb-vs-cockroachdb", None)),
])
def test_split_stem(stem, hints, expected):
    assert split_stem(stem, hints) == expected


def test_normalize_url_strips_tracking_only():
    assert normalize_url("https://a.org/x?utm_source=chatgpt.com") == "https://a.org/x"
    assert normalize_url("https://a.org/x?id=3&utm_medium=m&fbclid=z") == "https://a.org/x?id=3"
    assert normalize_url("https://a.org/x?q=a%3Bb") == "https://a.org/x?q=a%3Bb"
    assert normalize_url("https://a.org/x?utm%5Fsource=c&g=1") == "https://a.org/x?g=1"  # an encoded name
    assert normalize_url("https://a.org/x?g=1&UTM_Medium=m") == "https://a.org/x?g=1"
    assert normalize_url("https://a.org/x?sig=1&gclidx=2") == "https://a.org/x?sig=1&gclidx=2"  # not "si", "gclid"
    assert normalize_url("https://a.org/x#top?utm_source=c") == "https://a.org/x#top?utm_source=c"  # a fragment


def write(tmp_path: Path, rel: str, text: str):
    path = tmp_path / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return load_note(path, rel, "en")[0]


SOURCES = "\n[1]: https://a.org/1?utm_source=chatgpt.com\n[2]: https://b.org/2\n[3]: https://c.org/3\n"


def test_fingerprint_groups_translations_but_never_two_of_one_language(tmp_path):
    notes = [
        write(tmp_path, "x1.txt", f"---\ntitle: Eins\nlang: de\n---\n\nText [a][1] [b][2]\n{SOURCES}"),
        write(tmp_path, "x2.txt", f"---\ntitle: Un\nlang: fr\n---\n\nTexte [a][1] [c][3]\n{SOURCES}"),
        write(tmp_path, "x3.txt", f"---\ntitle: Zwei\nlang: de\n---\n\nAuch [a][1]\n{SOURCES}"),
        write(tmp_path, "x4.txt", "---\ntitle: Other\nlang: es\n---\n\n[z](https://z.org/)\n"),
    ]
    catalog = build_catalog(notes)
    groups = sorted(sorted(p.split("/")[1] for p in g.docnames) for g in catalog.groups.values())
    assert groups == [["de"], ["de", "fr"], ["es"]]


def test_order_of_files_does_not_change_the_result(tmp_path):
    notes = [write(tmp_path, f"{lang}/n{i}.md", f"---\ntitle: T{i}\n---\n\n{SOURCES}[a][1][b][2]")
             for i, lang in enumerate(["de", "fr", "es"])]
    first = build_catalog(notes)
    second = build_catalog(list(reversed(notes)))
    assert first.pages.keys() == second.pages.keys()
    assert {g.docnames for g in first.groups.values()} == {g.docnames for g in second.groups.values()}


def test_duplicate_language_in_group_is_kept_and_reported(tmp_path):
    notes = [
        write(tmp_path, "a/2025-01-01-x-de.md", "---\ntitle: A\n---\n"),
        write(tmp_path, "b/2025-01-01-x-de.md", "---\ntitle: B\n---\n"),
    ]
    catalog = build_catalog(notes)
    assert sorted(catalog.pages) == ["notes/de/2025-01-01-x", "notes/de/2025-01-01-x-2"]
    assert [p.subtype.value for _, p in catalog.problems] == ["duplicate"]


def tags(markdown: str) -> list[str]:
    tokens = MarkdownIt().parse(markdown)
    rebase_headings(tokens, top=2)
    return [t.tag for t in tokens if t.type in ("heading_open", "heading_close")]


def test_rebase_headings():
    assert tags("### a\n\n##### b\n\n## c\n") == ["h2", "h2", "h3", "h3", "h2", "h2"]
    assert tags("> ## quoted\n\n#### x\n") == ["h2", "h2", "h2", "h2"]  # quoted headings keep their tag
