"""``-j 2`` builds: forked readers send back only what they read, and the result is the serial
build's, page for page."""

from __future__ import annotations

import dataclasses
import os
import pickle
from pathlib import Path

import pytest
from docutils import nodes
from sphinx.testing.util import SphinxTestApp

from conftest import copy_root

TABLES = ("tocs", "titles", "longtitles", "metadata", "dependencies", "toctree_includes", "files_to_rebuild")


def _build(src: Path, jobs: int, setup=lambda app: None) -> tuple[Path, object]:
    app = SphinxTestApp("html", srcdir=src, parallel=jobs)
    setup(app)
    try:
        app.build()
    finally:
        app.cleanup()
    with open(Path(app.doctreedir) / "environment.pickle", "rb") as f:
        return Path(app.outdir), pickle.load(f)


def _pages(outdir: Path) -> dict[str, str]:
    return {p.relative_to(outdir).as_posix(): p.read_text(encoding="utf-8") for p in sorted(outdir.rglob("*.html"))}


def _facts(env) -> dict:
    """The per-document tables of ``env``, comparable across source folders."""
    def plain(value):
        if isinstance(value, nodes.Node):
            return value.pformat()
        if isinstance(value, (set, list)):
            return sorted(os.path.relpath(v, env.srcdir) if os.path.isabs(str(v)) else str(v) for v in value)
        return value

    notes = env.domaindata["notes"]
    facts = {table: {k: plain(v) for k, v in getattr(env, table).items() if v} for table in TABLES}
    facts["notes"] = {key: notes[key] for key in ("sources", "numbers", "sources_index", "source_pages")}
    facts["notes"]["pages"] = {k: dataclasses.replace(v, source=v.source and os.path.relpath(v.source, env.srcdir))
                               for k, v in notes["pages"].items()}
    return facts


@pytest.fixture(scope="module")
def serial(tmp_path_factory):
    return _build(copy_root("seeds", tmp_path_factory.mktemp("serial")), 1)


def test_readers_send_back_only_their_own_documents(tmp_path, serial):
    merged: list[tuple[set[str], set[str]]] = []

    def watch(app):
        app.connect("env-merge-info", lambda app, env, docnames, other: merged.append(
            (set(docnames), set(other.tocs) | set(other.domaindata["notes"]["pages"]))))

    outdir, env = _build(copy_root("seeds", tmp_path), 2, watch)
    assert len(merged) > 1, "the seeds are read in more than one batch"
    assert all(sent <= docnames for docnames, sent in merged), merged
    assert _facts(env) == _facts(serial[1])
    assert _pages(outdir) == _pages(serial[0])


def test_environment_loads_with_the_collector_paused_and_stays_frozen_until_the_end(tmp_path, monkeypatch):
    import gc

    from sphinx.application import Sphinx

    src = copy_root("seeds", tmp_path)
    _build(src, 1)
    seen = []
    load = Sphinx._load_existing_env

    def watched(self, *args, **kwargs):
        seen.append(gc.isenabled())
        return load(self, *args, **kwargs)

    monkeypatch.setattr(Sphinx, "_load_existing_env", watched)
    frozen = []
    _build(src, 1, lambda app: app.connect("env-updated", lambda app, env: frozen.append(gc.get_freeze_count())))
    assert seen == [False] and gc.isenabled()
    assert frozen[0] > 0 and gc.get_freeze_count() == 0


def test_the_process_leaves_its_heap_to_the_system_at_exit(tmp_path):
    """Collectable again after the build, frozen when the interpreter exits: the probe, registered
    before the build, runs after sphinx_notes' exit handler (atexit runs the last registered first)."""
    import subprocess
    import sys

    probe = ("import atexit, gc, sys\n"
             "from sphinx.cmd.build import build_main\n"
             "atexit.register(lambda: print('at exit', gc.get_freeze_count()))\n"
             "status = build_main(['-q', '-b', 'html', sys.argv[1], sys.argv[2]])\n"
             "print('after the build', gc.get_freeze_count())\n"
             "sys.exit(status)\n")
    src = copy_root("seeds", tmp_path)
    run = subprocess.run([sys.executable, "-c", probe, str(src), str(tmp_path / "out")],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    after, at_exit = (int(line.split()[-1]) for line in run.stdout.splitlines()[-2:])
    assert after == 0 and at_exit > 100_000


def test_bounded_writing_holds_few_batches_and_writes_the_serial_pages(tmp_path, serial, monkeypatch):
    from sphinx.builders.html import StandaloneHTMLBuilder

    from sphinx_notes.sphinx_ext import writing

    monkeypatch.setattr(writing, "BATCH", 2)
    held, writers_log = [], tmp_path / "writers.log"

    def watch(app):
        assert isinstance(app.builder, writing.BoundedParallelWriting)
        assert isinstance(app.builder, StandaloneHTMLBuilder)
        # resolved in the main process minus written anywhere: what the main process holds
        app.connect("doctree-resolved", lambda app, doctree, docname: held.append(docname))
        def log_writer(app, pagename, *args) -> None:
            with writers_log.open("a") as log:
                log.write(f"{os.getpid()}\n")

        app.connect("html-page-context", log_writer)

    outdir, _env = _build(copy_root("seeds", tmp_path), 2, watch)
    assert _pages(outdir) == _pages(serial[0])
    assert len(held) > 3 * writing.BATCH  # several batches went through the bounded queue
    assert len(set(writers_log.read_text().split())) > 2  # the main process (first page), a writer per batch
