"""The note model: files, languages, groups and sources, with no Sphinx in it."""
