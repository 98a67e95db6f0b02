"""`/llms.txt` and `/llms-full.txt`, per the llms.txt proposal (https://llmstxt.org/).

llms.txt: an H1 with the site name, a blockquote summary, then a `## Notes` list of links with
their descriptions. llms-full.txt: every note's Markdown body, front-matter stripped, in order.
"""

from __future__ import annotations

from .collection import Collection
from .contract import Note
from .inline import one_line


def page_url(site_url: str, note: Note) -> str:
    """The note's URL with directory URLs (notes/foo.md -> <site_url>notes/foo/)."""
    return site_url.rstrip("/") + "/" + note.src_path.removesuffix(".md") + "/"


def llms_txt(collection: Collection, site_name: str, summary: str, site_url: str) -> str:
    lines = [f"# {site_name}", "", f"> {one_line(summary)}", "", "## Notes", ""]
    for note in collection.notes:
        lines.append(f"- [{note.title}]({page_url(site_url, note)}): {note.description_text}")
    return "\n".join(lines) + "\n"


def llms_full_txt(collection: Collection, site_name: str, site_url: str) -> str:
    parts = [f"# {site_name}\n"]
    for note in collection.notes:
        parts.append(f"<!-- {page_url(site_url, note)} -->\n\n{note.body.strip()}\n")
    return "\n\n".join(parts)
