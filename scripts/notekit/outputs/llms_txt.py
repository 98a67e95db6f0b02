"""`/llms.txt` and `/llms-full.txt`, per the llms.txt proposal (https://llmstxt.org/).

llms.txt: an H1 with the site name, a blockquote summary, then a `## Notes` list of links with
their descriptions. llms-full.txt: every note's Markdown body, front-matter stripped, in order, with
the example files it includes by snippet written out and its sources listed.
Both are Markdown, so titles and descriptions are escaped as CommonMark text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import markdown
from markdown.preprocessors import Preprocessor

from notekit.index import page
from notekit.notes.collection import Collection
from notekit.notes.inline import markdown_text

# `urls` maps each note's src_path to its address, as MkDocs built it (directory URLs or not).


def llms_txt(collection: Collection, site_name: str, summary: str, urls: Mapping[str, str]) -> str:
    lines = [f"# {markdown_text(site_name)}", "", f"> {markdown_text(summary)}", "", "## Notes", ""]
    for note in collection.notes:
        title, description = markdown_text(note.title), markdown_text(note.description_text)
        lines.append(f"- [{title}]({urls[note.src_path]}): {description}")
    return "\n".join(lines) + "\n"


def llms_full_txt(collection: Collection, site_name: str, urls: Mapping[str, str]) -> str:
    parts = [f"# {markdown_text(site_name)}\n"]
    settings = collection.settings
    snippets = snippet_reader(settings.snippet_paths or (settings.root,))  # one for this build's notes
    for note in collection.notes:
        body = expand_snippets(note.body, snippets).strip()
        sources = page.sources_text(note)
        parts.append(f"<!-- {urls[note.src_path]} -->\n\n{body}\n" + (f"\n{sources}\n" if sources else ""))
    return "\n\n".join(parts)


def snippet_reader(base_paths: Sequence[Path]) -> Preprocessor:
    # The site's own snippet reader (pymdownx.snippets, looking where mkdocs.yml tells it to), so
    # llms-full.txt holds exactly the code the page shows.
    md = markdown.Markdown(
        extensions=["pymdownx.snippets"],
        extension_configs={
            "pymdownx.snippets": {"base_path": [str(p) for p in base_paths], "check_paths": True}
        },
    )
    return md.preprocessors["snippet"]


def expand_snippets(body: str, snippets: Preprocessor) -> str:
    """`body` with every `--8<--` include replaced by the included file's text."""
    if "--8<--" not in body:
        return body
    return "\n".join(snippets.run(body.split("\n")))
