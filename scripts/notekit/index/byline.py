"""The line under a note's title that says who wrote it and since when."""

from __future__ import annotations

import html
from datetime import datetime

from notekit.index.history import human


def names(people: list[str]) -> str:
    """`A`, `A and B`, `A, B and C`."""
    escaped = [html.escape(p) for p in people]
    return escaped[0] if len(escaped) == 1 else f"{', '.join(escaped[:-1])} and {escaped[-1]}"


def byline(people: list[str], added: datetime) -> str:
    return f'<p class="note-byline">Written by {names(people)}; first added {human(added)}</p>'
