"""``-j`` reading whose cost grows with the site, not with its square.

Each batch of documents is read in a process forked from the main one, which sends
its whole environment back, pickled, and the main process unpickles it to merge the batch's
documents. A batch forked late therefore carries every document read before it: at 10 000 pages
45 batches send back 45 growing copies of the site (``tocs``, ``titles``, the notes domain…).
A reader needs nothing of the documents it does not read, and Sphinx merges only the batch's own
documents (``merge_info_from``, ``merge_other``, ``merge_domaindata`` take ``docnames``), so at
its first ``source-read`` a forked reader empties the per-document tables it inherited
(:func:`forget_inherited_documents`). Only the forked copy is emptied; the main process keeps
everything.

A forked process also inherits the main process's millions of objects, which its cyclic garbage
collector would walk again and again (copying every memory page it touches, the copy-on-write
that ``gc.freeze`` exists to avoid): readers and writers freeze them once, when they start.
"""

from __future__ import annotations

import gc
import os
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .domain import notes_domain

#: The environment's own tables keyed by document name, filled while reading a document.
PER_DOCUMENT_TABLES = ("tocs", "toc_num_entries", "titles", "longtitles", "metadata", "dependencies",
                       "included", "toctree_includes", "files_to_rebuild")


class _State:
    """Which process forks the readers and writers, and which forked process has done its once-only work."""

    def __init__(self) -> None:
        self.main_pid = os.getpid()
        self.emptied_in: int | None = None
        self.frozen_in: int | None = None


_STATE = _State()


def remember_main_process(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: the process that forks the readers."""
    _STATE.main_pid = os.getpid()
    _STATE.emptied_in = None


def forget_inherited_documents(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: in a forked reader, once, drop what the parent had read."""
    pid = os.getpid()
    if pid == _STATE.main_pid or _STATE.emptied_in == pid:
        return
    _STATE.emptied_in = pid
    env = app.env
    for table in PER_DOCUMENT_TABLES:
        getattr(env, table).clear()
    notes_domain(env).forget_documents()
    gc.freeze()


def freeze_inherited_objects(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """``html-page-context``: in a forked writer, once, keep the collector off the parent's objects."""
    pid = os.getpid()
    if pid != _STATE.main_pid and _STATE.frozen_in != pid:
        _STATE.frozen_in = pid
        gc.freeze()


def setup_parallel(app: Sphinx) -> None:
    app.connect("env-before-read-docs", remember_main_process)
    app.connect("source-read", forget_inherited_documents, priority=100)
    app.connect("html-page-context", freeze_inherited_objects)
