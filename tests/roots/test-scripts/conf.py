extensions = ['sphinx_notes']
notes_paths = ['notes']
project = 'Scripts'
copyright = '2025, sphinx_notes tests'
version = release = '1.0'
notes_feed_size = 0  # no html_baseurl: no feeds, and no warning that there are none
