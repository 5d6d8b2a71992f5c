extensions = ['sphinx_notes']
notes_paths = ['notes']
exclude_patterns = ['extra']
