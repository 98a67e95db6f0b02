"""notekit: the one library that reads, validates and renders the notes' front-matter.

Every consumer (the `notes-index` command, the MkDocs hooks, the tests) goes through
`notekit.notes.collection.load_collection`, so the README and the site cannot disagree.
"""
