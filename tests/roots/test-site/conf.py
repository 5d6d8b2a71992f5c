extensions = ['sphinx_notes']
notes_paths = ['notes']
