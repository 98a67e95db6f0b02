"""The line under a note's title that says who wrote it and since when."""

from __future__ import annotations

import html
import re
from datetime import datetime

from .history import human

# Where the byline goes: after the reading time the notes hook puts under the title, or else
# right after the title itself.
_ANCHORS = (re.compile(r'<p class="note-reading-time">.*?</p>', re.S), re.compile(r"</h1>"))


def names(people: list[str]) -> str:
    """`A`, `A and B`, `A, B and C`."""
    escaped = [html.escape(p) for p in people]
    return escaped[0] if len(escaped) == 1 else f"{', '.join(escaped[:-1])} and {escaped[-1]}"


def byline(people: list[str], added: datetime) -> str:
    return f'<p class="note-byline">Written by {names(people)}; first added {human(added)}</p>'


def insert(page_html: str, line: str) -> str:
    for anchor in _ANCHORS:
        found = anchor.search(page_html)
        if found:
            return f"{page_html[: found.end()]}\n{line}{page_html[found.end() :]}"
    return f"{line}\n{page_html}"
