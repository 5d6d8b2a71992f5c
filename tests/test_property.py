"""Property: whatever the front matter and body, the build never raises, and every note file is
either built or named in a warning; nothing injected runs. One real Sphinx build per example."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tempfile
from io import StringIO
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sphinx.testing.util import SphinxTestApp
from test_broken import assert_nothing_runs

KEYS = ["title", "lang", "date", "translated", "generated", "model", "translationKey", "tags", "layout"]
text = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)
scalars = st.one_of(text, st.integers(), st.floats(allow_nan=False), st.booleans(), st.none(),
                    st.dates(min_value=dt.date(1900, 1, 1)), st.sampled_from(["en", "de", "zh_hant", "ar", "xx", "maybe"]))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
                      max_leaves=6)
mappings = st.dictionaries(st.sampled_from(KEYS) | text, values, max_size=6)


def _dump(mapping: dict) -> str:
    return yaml.safe_dump(mapping, allow_unicode=True, default_flow_style=False)


front_matter = st.one_of(
    st.just(""),  # none at all
    mappings.map(lambda m: f"---\n{_dump(m)}---\n"),
    text.map(lambda t: f"---\n{t}\n---\n"),  # whatever YAML makes of random text
    mappings.map(lambda m: f"---\n{_dump(m)}"),  # never closed
    st.just("---\n- a\n- b\n---\n"),
)
fragments = st.one_of(
    text,
    text.map(lambda t: f"\n## {t}\n"),
    text.map(lambda t: f"\n```python\n{t}\n"),  # a fence that may never close
    st.just("\n```\ncode\n```\n"),
    st.just("\n---\n"),
    st.just("\n<script>alert(1)</script>\n"),
    st.just('<span onclick="alert(2)">x</span>'),
    st.just("[x](javascript:alert(3))"),
    st.just("![i](data:text/html,alert)"),
    st.just("([Site][1])\n\n[1]: https://example.org/a?utm_source=x\n"),
    st.just("[^9] and [Gone][7]"),
    st.just("$x^2$ costs $5 and $$\\frac{1}{2}$$"),
    st.just("\n```{include} /etc/passwd\n```\n"),
    st.just("\n```{note}\nunclosed directive\n"),
    st.just("\n| a | b |\n|---|\n| 1 |\n"),
    st.just("\n> quote\n> ```\n"),
)
bodies = st.lists(fragments, max_size=8).map("\n".join)
notes = st.lists(st.tuples(front_matter, bodies), min_size=1, max_size=3)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(notes=notes)
def test_any_note_builds_or_is_warned_about(notes):
    root = Path(tempfile.mkdtemp(prefix="notes-property-"))
    try:
        src = root / "src"
        (src / "notes").mkdir(parents=True)
        (src / "conf.py").write_text("extensions = ['sphinx_notes']\nnotes_paths = ['notes']\n")
        (src / "index.md").write_text("# Site\n")
        paths = []
        for index, (head, body) in enumerate(notes):
            path = src / "notes" / f"note-{index}.md"
            path.write_text(head + body, encoding="utf-8", errors="surrogatepass")
            paths.append(str(path))
        warnings = StringIO()
        app = SphinxTestApp("html", srcdir=src, builddir=root / "build", status=StringIO(), warning=warnings)
        try:
            app.build()
            built = {facts.source for facts in app.env.get_domain("notes").pages.values() if facts.source}
        finally:
            app.cleanup()
        log = warnings.getvalue()
        assert "Traceback" not in log and "[notes.unexpected]" not in log, log
        for path in paths:
            assert path in built or re.search(rf"{re.escape(path)}:\d*: WARNING: .*\[notes\.\w+\]", log), (path, log)
        assert_nothing_runs(root / "build" / "html")
    finally:
        shutil.rmtree(root, ignore_errors=True)
