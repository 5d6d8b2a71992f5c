"""``-j`` writing of HTML with a bounded queue, so the main process never holds the whole site.

Sphinx's parallel writer (``Builder._write_parallel``) has the main process resolve every
document, batch after batch, and queue each batch for one of ``-j - 1`` forked writers; it does
not wait for them. When writing a page costs more than resolving it (24 ms against 14 ms for a
note page at 10 000 pages, measured), the queue grows to most of the site, and the main process
with it: 2 GiB at 10 000 pages, twice plain myst-parser's peak, whose main process also stems
every word for Sphinx's search index and so stays the slower side.

The HTML builders here keep Sphinx's own steps (``get_and_resolve_doctree`` and
``write_doc_serialized`` in the main process, ``write_doc`` in forked processes through
:class:`sphinx.util.parallel.ParallelTasks`, which also hands their warnings back), but in
small batches, and the main process resolves the next batch while ``-j`` writers write and then
waits for the oldest one: at most ``-j + 1`` batches are held at a time. A written batch is
collected at once (docutils nodes link to their parents, so only the cyclic collector frees
them; the environment is frozen by then, see :mod:`.collector`, so a collection walks little
more than the batches in flight). Sphinx's scheduler also keeps every batch it has handed out
referenced until the last one is written. With the main process
waiting instead of running ahead, ``-j`` writers (not ``-j - 1``) share the cores with it.

They are the builders ``html`` and ``dirhtml`` (Sphinx's own classes with this method added,
through the public ``app.add_builder(..., override=True)``), and only when no other extension
has replaced those builders already.
"""

from __future__ import annotations

import gc
from collections import deque
from collections.abc import Set as AbstractSet
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.dirhtml import DirectoryHTMLBuilder
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.locale import __
from sphinx.util.build_phase import BuildPhase
from sphinx.util.display import status_iterator
from sphinx.util.parallel import ParallelTasks

#: Documents per batch: few enough that the batches in flight stay small, enough that forking a
#: writer (a few milliseconds) is paid rarely.
BATCH = 64


def writes_in_parallel(app: Sphinx) -> bool:
    """Whether this build's writing will be forked (Sphinx decides ``parallel_ok`` only after
    reading, with this same test)."""
    builder = app.builder
    return app.parallel > 1 and builder.allow_parallel and app.is_parallel_allowed("write")


class BoundedParallelWriting:
    """Added to an HTML builder: :func:`write_documents` with a bounded queue (see the module),
    and :func:`render_partial` rendering each page title once per process."""

    def __init__(self, app: Sphinx, env: Any) -> None:
        super().__init__(app, env)  # type: ignore[call-arg]
        self.notes_writers = app.parallel
        self.notes_titles: dict[nodes.title, dict[str, str]] = {}

    def render_partial(self, node: nodes.Node | None) -> dict[str, str]:
        """Each page title rendered once per process: every page renders the titles of its
        previous, next and parent pages, a docutils document, transforms and translator each
        time (about half of a note page's ``get_doc_context``)."""
        if not isinstance(node, nodes.title):
            return super().render_partial(node)  # type: ignore[misc]
        parts = self.notes_titles.get(node)
        if parts is None:
            parts = self.notes_titles[node] = super().render_partial(node)  # type: ignore[misc]
        return dict(parts)

    def write_documents(self, docnames: AbstractSet[str]) -> None:
        if not self.parallel_ok or len(docnames) <= BATCH:  # type: ignore[attr-defined]
            super().write_documents(docnames)  # type: ignore[misc]
            return
        first, *rest = sorted(docnames)
        self._write_resolved([(first, self._resolve(first))])  # warms the caches the writers inherit
        batches = [rest[i:i + BATCH] for i in range(0, len(rest), BATCH)]
        writing: deque[ParallelTasks] = deque()
        for batch in status_iterator(batches, __("writing output... "), "darkgreen", len(batches),
                                     self.config.verbosity):  # type: ignore[attr-defined]
            resolved = [(docname, self._resolve(docname)) for docname in batch]
            while len(writing) >= self.notes_writers:
                writing.popleft().join()
                gc.collect()  # a written batch's doctrees are cycles (parent links): free them now
            tasks = ParallelTasks(1)
            tasks.add_task(self._write_resolved, resolved)
            writing.append(tasks)
        for tasks in writing:
            tasks.join()

    def _resolve(self, docname: str) -> Any:
        """In the main process: Sphinx's resolving and serial step for one document."""
        self.phase = BuildPhase.RESOLVING
        doctree = self.env.get_and_resolve_doctree(docname, self, tags=self.tags)  # type: ignore[attr-defined]
        self.write_doc_serialized(docname, doctree)  # type: ignore[attr-defined]
        return doctree

    def _write_resolved(self, resolved: list[tuple[str, Any]]) -> None:
        """In a writer (or, for the first document, the main process): write resolved documents."""
        self.phase = BuildPhase.WRITING
        for docname, doctree in resolved:
            self.write_doc(docname, doctree)  # type: ignore[attr-defined]


def setup_writing(app: Sphinx) -> None:
    for name, sphinx_class in (("html", StandaloneHTMLBuilder), ("dirhtml", DirectoryHTMLBuilder)):
        if app.registry.builders.get(name) is sphinx_class:
            bounded = type(sphinx_class.__name__, (BoundedParallelWriting, sphinx_class), {
                "__doc__": sphinx_class.__doc__, "__module__": __name__})
            app.add_builder(bounded, override=True)
