"""The extension's stylesheet and scripts go through Sphinx's own static-file step.

Sphinx copies ``html_static_path`` before it writes any page, so every page links these files
with a checksum (``notes-switcher.css?v=…``) and browsers drop a cached copy when an upgrade
changes them. The package's folder comes first in ``html_static_path``: a project's own file of
the same name (say its own ``notes-switcher.css``) is copied after it and wins.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config

STATIC = Path(__file__).resolve().parent.parent / "static"


def add_static_path(app: Sphinx, config: Config) -> None:
    """``config-inited``: the package's ``static`` folder, ahead of the project's."""
    if str(STATIC) not in config.html_static_path:
        config.html_static_path = [str(STATIC), *config.html_static_path]


def setup_assets(app: Sphinx) -> None:
    app.connect("config-inited", add_static_path)
