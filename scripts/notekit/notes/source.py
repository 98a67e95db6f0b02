"""Reading a note's bytes into text and splitting off its front-matter.

Decoding follows MkDocs (UTF-8, a leading BOM allowed) and Python's universal newlines (CRLF and
CR become LF), so the body we hand on is the body MkDocs renders.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from notekit.notes.errors import NotesError, Problem

# The same fence rule as MkDocs' meta parser: `---` alone on the first line, closed by `---` or `...`.
_OPEN = re.compile(r"---[ \t]*\n")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)


@dataclass(frozen=True)
class Parts:
    """A note split into its front-matter YAML and its Markdown body."""

    yaml_text: str
    body: str
    yaml_first_line: int  # file line of the first YAML line (the one after `---`)
    body_first_line: int  # file line where the body starts (placeholders are located from it)


def decode(data: bytes, path: str) -> str:
    """UTF-8 text with LF newlines, or a Problem naming the line of the first bad byte."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problem = f"not valid UTF-8 (byte 0x{data[exc.start]:02x})"
        raise NotesError([Problem(path, line, "encoding", problem, "save the file as UTF-8")]) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split(text: str, path: str) -> Parts:
    """Split `text` at its front-matter fences, or raise a Problem saying what is missing."""
    hint = "a note starts with a line '---', YAML keys, and a closing '---'"
    if not text.strip():
        raise NotesError([Problem(path, 1, "front-matter", "the file is empty", hint)])
    if not _OPEN.match(text):
        raise NotesError([Problem(path, 1, "front-matter", "missing: the first line is not '---'", hint)])
    opened = _OPEN.match(text)
    assert opened is not None  # checked just above
    start = opened.end()
    close = _CLOSE.search(text, start)
    if close is None:
        raise NotesError([Problem(path, 1, "front-matter", "the '---' block is never closed", hint)])
    yaml_text = text[start : close.start()]
    after = close.end() + 1 if close.end() < len(text) else close.end()
    return Parts(
        yaml_text=yaml_text,
        body=text[after:],
        yaml_first_line=2,
        body_first_line=text.count("\n", 0, after) + 1,
    )
