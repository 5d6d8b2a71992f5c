# Configuration of a sphinx_notes site (written by `python -m sphinx_notes init`).
# Every option: https://www.sphinx-doc.org/en/master/usage/configuration.html and the
# sphinx_notes configuration page.

project = "My notes"
author = "Me"

extensions = ["sphinx_notes"]  # sets up myst-parser itself
notes_paths = ["notes"]  # folders or globs of note files, relative to this file

exclude_patterns = ["_build", "README.md"]

# The site's address, for the <head> alternates, the sitemap, the Atom feeds of every language,
# the social cards' og:url and the 404 page (Read the Docs gives it by itself). Without it
# there are no feeds:
# html_baseurl = "https://example.org/notes/"

# PDF (`make latexpdf`): sphinx_notes picks XeLaTeX and fonts for every script by itself; it
# needs Debian's texlive-xetex texlive-latex-extra texlive-lang-arabic texlive-lang-other
# texlive-lang-cjk latexmk fonts-noto-core fonts-noto-cjk (see "PDF and e-books").
# latex_engine = "xelatex"
