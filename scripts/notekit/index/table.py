"""The topic index table, rendered for README (GitHub) and for the home page (Python-Markdown).

Both tables come from the same rows; only the link target and the escaping differ (Markdown
source for GitHub, inert HTML for the site: see `inline`), so the rows, columns, order and visible
text are the same in both.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from notekit.notes.contract import Note
from notekit.notes.inline import Flavor, cell_markdown, plain_markdown, site_html, site_text

HEADER = ("Note", "What you will learn", "Tags")


def render_table(notes: Sequence[Note], link: Callable[[Note], str], flavor: Flavor) -> str:
    """A Markdown table, one row per note in the given order; `link` gives each title's target."""
    lines = [
        "| " + " | ".join(HEADER) + " |",
        "| " + " | ".join("---" for _ in HEADER) + " |",
    ]
    text, description = (plain_markdown, cell_markdown) if flavor == "github" else (site_text, site_html)
    for note in notes:
        cells = (
            f"[{text(note.title)}]({link(note)})",
            description(note.description),
            ", ".join(text(tag) for tag in note.tags),
        )
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def readme_link(note: Note) -> str:
    """README links to the note's Markdown source, so they work on GitHub and in forks."""
    return f"docs/{note.src_path}"


def site_link(note: Note) -> str:
    """The home page (docs/index.md) links to the note's source; MkDocs turns it into the page URL."""
    return note.src_path
