project = 'Tea notes'
author = 'A. Taster'
extensions = ['sphinx_notes']
notes_paths = ['notes']
html_baseurl = 'https://notes.example.org/'
