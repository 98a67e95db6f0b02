"""Append a note to `docs/notes/.pages` (the sidebar order), leaving comments and layout untouched."""

from __future__ import annotations

import re

from notekit.notes import strict_yaml
from notekit.notes.errors import NotesError, Problem

# Lines with their own endings kept, so untouched lines come back byte for byte.
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip())]


def _nav_of(text: str) -> strict_yaml.YamlDocument:
    return strict_yaml.load(text.replace("\r\n", "\n").replace("\r", "\n"), subject="nav")


def add_to_pages(text: str, name: str, display: str) -> str:
    """`.pages` text with `- name` appended as the last nav item; NotesError if that is not safe."""
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(bom) :]
    doc = _nav_of(body)  # already read once by load_collection, so it parses
    nav = doc.value["nav"]
    lines = _LINE.findall(body)
    last = doc.line_of("nav", len(nav) - 1) - 1  # 0-based index of the last item's first line
    indent = _indent(lines[last])
    if not lines[last].lstrip().startswith("- "):
        problem = "written in flow style, which new-note cannot extend"
        hint = "list the notes one `- file.md` per line"
        raise NotesError([Problem(display, doc.line_of("nav"), "nav", problem, hint)])
    end = last + 1
    # An item may continue on deeper-indented lines; the new entry goes after all of them.
    while end < len(lines) and lines[end].strip() and len(_indent(lines[end])) > len(indent):
        end += 1
    newline = re.search(r"\r\n|\r|\n", body)
    eol = newline.group() if newline else "\n"
    if end == len(lines) and lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += eol
    lines.insert(end, f"{indent}- {name}{eol}")
    result = "".join(lines)
    # Read the result back: the nav must be the old one plus the new entry, and nothing else moved.
    if _nav_of(result).value != {**doc.value, "nav": [*nav, name]}:
        hint = f"add `- {name}` by hand"
        raise NotesError(
            [Problem(display, doc.line_of("nav"), "nav", "could not add the entry safely", hint)]
        )
    return bom + result
