"""Rewriting only the generated region of a Markdown file, between two marker comments.

Works on text decoded from bytes so that everything outside the markers, including a BOM and the
file's own line endings, comes back byte for byte.
"""

from __future__ import annotations

import re

from notekit.notes.errors import NotesError, Problem

START = "<!-- notes-index:start -->"
END = "<!-- notes-index:end -->"
FIX_COMMAND = "python3 scripts/dev.py notes-index"
GENERATED_NOTE = f"<!-- Generated from the notes' front-matter by `{FIX_COMMAND}`. Do not edit by hand. -->"


def newline_of(text: str) -> str:
    """The file's own line ending: that of its first line, LF when it has none."""
    match = re.search(r"\r\n|\n|\r", text)
    return match.group() if match else "\n"


def _line_of(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1 if "\n" in text else text.count("\r", 0, index) + 1


def find_region(text: str, path: str) -> tuple[int, int]:
    """(start, end) offsets of the text between the markers, or NotesError saying what is wrong."""
    hint = f"put '{START}' and '{END}' on their own lines, once each, start first"
    starts = [m.start() for m in re.finditer(re.escape(START), text)]
    ends = [m.start() for m in re.finditer(re.escape(END), text)]
    problems = []
    if not starts:
        problems.append(Problem(path, 1, "markers", f"'{START}' is missing", hint))
    if not ends:
        problems.append(Problem(path, 1, "markers", f"'{END}' is missing", hint))
    if len(starts) > 1:
        problems.append(Problem(path, _line_of(text, starts[1]), "markers", f"'{START}' appears twice", hint))
    if len(ends) > 1:
        problems.append(Problem(path, _line_of(text, ends[1]), "markers", f"'{END}' appears twice", hint))
    if not problems and ends[0] < starts[0]:
        problems.append(
            Problem(path, _line_of(text, ends[0]), "markers", f"'{END}' comes before '{START}'", hint)
        )
    if problems:
        raise NotesError(problems)
    return starts[0] + len(START), ends[0]


def replace_region(text: str, generated: str, path: str) -> str:
    """`text` with the region between the markers replaced by `generated` (LF-separated lines)."""
    start, end = find_region(text, path)
    newline = newline_of(text)
    # Blank lines around the table: Markdown linters (and some renderers) want a table set apart.
    body = newline.join([GENERATED_NOTE, "", *generated.split("\n"), ""])
    result = text[:start] + newline + body + newline + text[end:]
    # Never write a file the next run would refuse: the generated text must not carry a marker.
    # (The contract refuses markers in front-matter text; this catches any other way in.)
    if START in generated or END in generated:
        raise NotesError(
            [Problem(path, _line_of(text, start), "markers", "the generated table would contain a marker",
                     "a note's front-matter quotes a marker comment; remove it there")]
        )  # fmt: skip
    return result
