"""The sphinx_notes documentation, with the five seed notes built as a live demo."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "sphinx_notes"
author = "sphinx_notes developers"
extensions = ["sphinx_notes", "notes_docs"]
notes_paths = ["seeds"]
# The feeds need the site's address: Read the Docs gives it; a local build writes none (and says nothing).
notes_feed_size = 50 if os.environ.get("READTHEDOCS_CANONICAL_URL") else 0
html_theme = "alabaster"
html_title = "sphinx_notes"
exclude_patterns = ["_build"]
nitpicky = True
myst_heading_anchors = 2
