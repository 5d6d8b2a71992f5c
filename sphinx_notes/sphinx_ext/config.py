"""The ``notes_*`` configuration values, read once, and every change sphinx_notes makes to
Sphinx's own configuration, in one place.

Two ``config-inited`` handlers, in this order:

1. :func:`read_notes_config` (priority 100, before other extensions' handlers at the default
   500, so they see checked values): the ``notes_*`` values are checked
   (:func:`~sphinx_notes.model.config.read_config`, one ``notes.config`` warning per bad value),
   the environment is read (Read the Docs), and the result is kept as one frozen
   :class:`~sphinx_notes.model.config.NotesConfig`, which :func:`notes_config` returns from then on.
   The checked values are written back to ``config.notes_*``: Sphinx compares those between
   builds to decide what to read again.
2. :func:`update_sphinx_config` (priority 700, after a project's own handlers at the default
   priority, before Sphinx's checks at 800) changes Sphinx's values, in this order:

   a. ``html_static_path``: the package's ``static`` folder first. Sphinx copies it before it
      writes any page, so every page links the stylesheet and scripts with a checksum
      (``notes-switcher.css?v=…``) and browsers drop a cached copy when an upgrade changes
      them; a project's own file of the same name is copied after it and wins;
   b. ``exclude_patterns``: the other languages' folders in a per-language build (see
      :mod:`.outputs`), then the note files themselves where they sit in the source folder
      (only the generated stubs are pages, see :mod:`.pages`);
   c. ``templates_path``: the package's templates (sidebars), after the project's own;
   d. ``html_sidebars``: the lean sidebar of note pages under the default theme (see :mod:`.navigation`);
   e. the PDF of a project with notes (see :mod:`.latex`): ``latex_engine = "xelatex"`` unless
      the project chose its engine (pdflatex stops at the first Arabic or Devanagari letter),
      ``latex_use_xindy = False`` unless set (xindy is one more Debian package, and note pages
      have no index entries), and, with a Unicode engine and no ``fontpkg`` of the project's,
      ``latex_elements["fontpkg"]`` loading ``sphinxnotesmain.sty`` (the main fonts, chosen from
      the installed ones when the build ends). Whether the project set a value is told by
      :func:`~.patches.set_by_project`: Sphinx computes these defaults from other values.

Nothing else in sphinx_notes writes to the configuration, or reads ``config.notes_*``.
"""

from __future__ import annotations

import glob
import os
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

from ..model.config import OPTIONS, NotesConfig, read_config
from ..model.languages import url_segment
from ..model.notefile import NOTE_SUFFIXES
from .patches import set_by_project
from .warnings_ import file_location, warn

LOGGER = logging.getLogger(__name__)
#: Where the :class:`NotesConfig` of a build is kept: an attribute of Sphinx's ``Config``,
#: which pickling leaves out (names starting with ``_`` are not saved with the environment).
_ATTRIBUTE = "_sphinx_notes_config"
STATIC = Path(__file__).resolve().parent.parent / "static"
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
#: Sidebar of note pages under the default theme: nothing that grows with the site.
LEAN_SIDEBAR = ["notes-languages.html", "relations.html", "searchbox.html"]
#: LaTeX engines that set every script with installed fonts (fontspec, polyglossia)
UNICODE_LATEX_ENGINES = ("xelatex", "lualatex")
#: the package of the PDF's main fonts, written by :mod:`.latex` at ``build-finished``
MAIN_FONT_PACKAGE = "sphinxnotesmain"


def notes_config(holder: Any) -> NotesConfig:
    """The :class:`NotesConfig` of a build, from its Sphinx application, environment or ``Config``."""
    config = holder if isinstance(holder, Config) else holder.config  # no getattr: a Config raises for it
    found = config.__dict__.get(_ATTRIBUTE)
    if found is None:  # a Config that no config-inited has seen (built by hand): read it, silently
        found = _read(config, report=False)
    return found


def _read(config: Config, *, report: bool, confdir: str | os.PathLike[str] | None = None) -> NotesConfig:
    reading = read_config({option.name: getattr(config, option.name) for option in OPTIONS},
                          language=config.language, html_baseurl=config.html_baseurl, environ=os.environ)
    if report:
        conf_py = file_location(str(Path(confdir or ".") / "conf.py"))
        for problem in reading.problems:
            warn(problem.subtype, problem.message, conf_py)
        for notice in reading.notices:
            LOGGER.info(notice)
    for name, value in reading.config.sphinx_values().items():
        setattr(config, name, value)
    config.__dict__[_ATTRIBUTE] = reading.config
    return reading.config


def read_notes_config(app: Sphinx, config: Config) -> None:
    """``config-inited``, priority 100: check and resolve the ``notes_*`` values once."""
    _read(config, report=True, confdir=app.confdir)


def excluded_folders(root: str, kept: set[str]) -> list[str]:
    """Glob patterns matching ``<root>/<segment>/…`` for every folder name *not* in ``kept``.

    Sphinx's exclude patterns have no negation, so the complement is spelled out over the
    prefix tree of ``kept``: at each prefix, any other next character, the prefix alone when it
    is not kept, and anything longer after a kept leaf.
    """
    patterns: list[str] = []

    def walk(prefix: str) -> None:
        following = sorted({k[len(prefix)] for k in kept if k.startswith(prefix) and len(k) > len(prefix)})
        if prefix and prefix not in kept:
            patterns.append(f"{root}/{prefix}/**")
        if following:
            chars = "".join(c for c in following if c != "-") + ("-" if "-" in following else "")
            patterns.append(f"{root}/{prefix}[!{chars}]*/**")
            for char in following:
                walk(prefix + char)
        else:
            patterns.append(f"{root}/{prefix}?*/**")

    walk("")
    return patterns


def note_source_patterns(confdir: Path, srcdir: Path, entries: tuple[str, ...]) -> list[str]:
    """Exclude patterns of the note files inside the source folder: only the stubs are pages."""
    srcdir = srcdir.resolve()
    found: list[str] = []
    for entry in entries:
        target = (confdir / entry).resolve() if not glob.has_magic(entry) else None
        if target is None:
            patterns = [os.path.relpath(confdir / entry, srcdir).replace(os.sep, "/")]
        elif target.is_relative_to(srcdir):
            rel = target.relative_to(srcdir).as_posix()
            patterns = [f"{rel}/**{s}" for s in NOTE_SUFFIXES] if target.is_dir() else [rel]
            patterns = [p.removeprefix("./").removeprefix("/") for p in patterns]
        else:
            patterns = []
        found += patterns
    return found


def update_sphinx_config(app: Sphinx, config: Config) -> None:
    """``config-inited``, priority 700: every change sphinx_notes makes to Sphinx's own values."""
    notes = notes_config(config)
    # a. the package's static files, ahead of the project's
    if str(STATIC) not in config.html_static_path:
        config.html_static_path = [str(STATIC), *config.html_static_path]
    # b. pages Sphinx must not read: other languages' folders, then the note files in the source folder
    if notes.languages and notes.paths:
        kept = {url_segment(lang) for lang in notes.languages}
        config.exclude_patterns = [*config.exclude_patterns, *excluded_folders(notes.output_dir, kept)]
    config.exclude_patterns = [*config.exclude_patterns,
                               *note_source_patterns(Path(app.confdir), Path(app.srcdir), notes.paths)]
    # c. the package's templates, found after the project's own
    if str(TEMPLATES) not in config.templates_path:
        config.templates_path = [*config.templates_path, str(TEMPLATES)]
    # d. the lean sidebar of note pages under the default theme
    if not config.html_sidebars and config.html_theme == "alabaster" and notes.paths:
        config.html_sidebars = {f"{notes.output_dir}/**": LEAN_SIDEBAR}
    # e. the PDF: XeLaTeX, no xindy, the main fonts from the installed ones
    if notes.paths:
        if not set_by_project(config, "latex_engine"):
            config.latex_engine = "xelatex"
        if not set_by_project(config, "latex_use_xindy"):
            config.latex_use_xindy = False
        if config.latex_engine in UNICODE_LATEX_ENGINES and "fontpkg" not in (config.latex_elements or {}):
            config.latex_elements = {**(config.latex_elements or {}),
                                     "fontpkg": rf"\usepackage{{{MAIN_FONT_PACKAGE}}}"}


def setup_config(app: Sphinx) -> None:
    for option in OPTIONS:
        app.add_config_value(option.name, option.default, "env", types=option.types, description=option.doc)
    app.connect("config-inited", read_notes_config, priority=100)
    app.connect("config-inited", update_sphinx_config, priority=700)


__all__ = ["LEAN_SIDEBAR", "MAIN_FONT_PACKAGE", "STATIC", "UNICODE_LATEX_ENGINES", "NotesConfig", "notes_config",
           "setup_config"]
