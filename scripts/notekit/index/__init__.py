"""Stage 2, what is derived from all notes: the topic table, related notes and backlinks, the
glossary, history and bylines, the sidebar's groups and each note page's additions."""
