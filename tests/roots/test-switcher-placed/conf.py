extensions = ['sphinx_notes']
notes_paths = ['posts']
