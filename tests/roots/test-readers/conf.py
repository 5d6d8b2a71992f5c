extensions = ['sphinx_notes']
notes_paths = ['notes']
notes_feed_size = 0  # no html_baseurl here: no feeds, and no warning about them
