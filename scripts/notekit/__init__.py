"""notekit: the one library that reads, validates and renders the notes' front-matter.

Every consumer (the `notes-index` command, the MkDocs hooks, the tests) goes through
`notekit.notes.collection.load_collection`, so the README and the site cannot disagree.

Its folders are the stages the data passes through, and a module imports only its own stage and
those before it (tests/test_layers.py): notes/ and render/ (1), index/ and markdown/ (2),
outputs/ (3), site.py (4), commands/ (5). Each folder's __init__.py says what it holds.
"""
