extensions = ['sphinx_notes']
notes_paths = ['notes']
project = 'Scripts'
copyright = '2025, sphinx_notes tests'
version = release = '1.0'
