"""Stage 3, what is written: README's table, the feed, llms.txt, `.pages`, the Anki deck, the
book's assets and its PDF, and addresses that work wherever the site is served."""
