"""Stage 5, the command-line tools: notes-index, new-note, notes-reviews (book-pdf lives with the
book, in outputs)."""
