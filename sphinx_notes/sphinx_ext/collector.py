"""Python's cyclic garbage collector, kept off the environment Sphinx loads.

Sphinx unpickles the environment between ``config-inited`` and ``builder-inited``: at 10 000
pages millions of objects that all survive. Each batch of them sets off a collection that walks
every object made so far, so loading took twice as long as the unpickling itself, and every
later collection of the build walked the whole environment again (loading the 15 MB scan cache
took 3.8 s in an edited build, 0.26 s on its own: measured). So the collector is paused while
the environment loads and, once it is loaded, the loaded objects are frozen (``gc.freeze``: left
out of collections, as Python's documentation advises before forking workers) for the rest of
the build, and so is what reading added, after reading, when forked writers write;
``build-finished`` unfreezes them, so that a process running several builds (tests, a server)
can collect them again.

When the process exits, Python's last collections would free the whole environment object by
object: at 10 000 pages 11 s of a 20 s no-op rebuild went there, after "build succeeded" (py-spy:
the main thread in ``gc_collect_main`` with no Python frame). The memory goes back to the system
with the process anyway, so at exit everything is frozen again and those collections skip it.
"""

from __future__ import annotations

import atexit
import gc
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

from .writing import writes_in_parallel

#: whether this extension paused the collector (and not the caller, with its own gc.disable())
_paused: list[bool] = []
#: whether this process will freeze its objects at exit
_frozen_at_exit: list[bool] = []


def pause_collector(app: Sphinx, config: Config) -> None:
    """``config-inited``, last: the environment is loaded next."""
    if gc.isenabled():
        gc.disable()
        _paused.append(True)


def freeze_environment(app: Sphinx) -> None:
    """``builder-inited``, first: the environment is loaded."""
    if _paused:
        _paused.clear()
        gc.freeze()
        gc.enable()


def freeze_read_documents(app: Sphinx, env: Any) -> None:
    """``env-updated``, last: when forked writers will write (see :mod:`.writing`), what reading
    added to the environment joins the frozen objects, so that the collections while writing walk
    only the pages being written. Not in a serial build: there the main process has kept the
    doctrees it read for writing them, which would then never be collected."""
    if gc.get_freeze_count() and writes_in_parallel(app):
        gc.freeze()


def unfreeze(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``, last: collect again; at exit, leave the heap to the system."""
    gc.unfreeze()
    if not _frozen_at_exit:
        _frozen_at_exit.append(True)
        atexit.register(gc.freeze)


def setup_collector(app: Sphinx) -> None:
    app.connect("config-inited", pause_collector, priority=10_000)
    app.connect("builder-inited", freeze_environment, priority=0)
    app.connect("env-updated", freeze_read_documents, priority=10_000)
    app.connect("build-finished", unfreeze, priority=10_000)
