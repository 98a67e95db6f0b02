"""`/llms.txt` and `/llms-full.txt`, per the llms.txt proposal (https://llmstxt.org/).

llms.txt: an H1 with the site name, a blockquote summary, then a `## Notes` list of links with
their descriptions. llms-full.txt: every note's Markdown body, front-matter stripped, in order.
"""

from __future__ import annotations

from collections.abc import Mapping

from .collection import Collection
from .inline import one_line

# `urls` maps each note's src_path to its address, as MkDocs built it (directory URLs or not).


def llms_txt(collection: Collection, site_name: str, summary: str, urls: Mapping[str, str]) -> str:
    lines = [f"# {site_name}", "", f"> {one_line(summary)}", "", "## Notes", ""]
    for note in collection.notes:
        lines.append(f"- [{note.title}]({urls[note.src_path]}): {note.description_text}")
    return "\n".join(lines) + "\n"


def llms_full_txt(collection: Collection, site_name: str, urls: Mapping[str, str]) -> str:
    parts = [f"# {site_name}\n"]
    for note in collection.notes:
        parts.append(f"<!-- {urls[note.src_path]} -->\n\n{note.body.strip()}\n")
    return "\n\n".join(parts)
