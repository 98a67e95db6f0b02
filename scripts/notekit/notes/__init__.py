"""Stage 1, the notes: each note's file read (source), its front-matter checked against the
contract, its questions file, mkdocs.yml's settings, the order of `.pages`, and the collection."""
