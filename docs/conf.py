"""The sphinx_notes documentation, with the five seed notes built as a live demo."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "sphinx_notes"
author = "sphinx_notes developers"
extensions = ["sphinx_notes", "notes_docs"]
notes_paths = ["seeds"]
# notes_feed_size unset: feeds where the site's address is known (Read the Docs gives it), none locally
html_theme = "alabaster"
html_title = "sphinx_notes"
exclude_patterns = ["_build"]
nitpicky = True
myst_heading_anchors = 2
