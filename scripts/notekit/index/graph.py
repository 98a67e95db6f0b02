"""How the notes connect: links between them, backlinks, related notes by shared tags, reading time.

All computed from the parsed collection, once per build, so every note page sees the same answer.
"""

from __future__ import annotations

import math
import posixpath
import re
from dataclasses import dataclass

from notekit.notes.contract import Note
from notekit.notes.headings import FENCED_CODE

# Fenced code and inline code hold examples, not links we follow.
_CODE_SPAN = re.compile(r"(`+).+?\1", re.S)
_LINK_TARGET = re.compile(r"""\]\(\s*<?([^)\s>#]+\.md)(?:#[^)\s>]*)?>?(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)""")
_WORD = re.compile(r"\w+")
WORDS_PER_MINUTE = 200
MAX_RELATED = 3


def prose(body: str) -> str:
    return _CODE_SPAN.sub(" ", FENCED_CODE.sub(" ", body))


def linked_notes(note: Note, known: set[str]) -> list[str]:
    """src_paths of the other notes this note links to, in order of first appearance."""
    found: list[str] = []
    base = posixpath.dirname(note.src_path)
    for target in _LINK_TARGET.findall(prose(note.body)):
        if "://" in target:
            continue
        path = posixpath.normpath(posixpath.join(base, target))
        if path in known and path != note.src_path and path not in found:
            found.append(path)
    return found


def reading_minutes(note: Note) -> int:
    """Whole minutes at 200 words a minute, code included (readers skim it, but they read it)."""
    return max(1, math.ceil(len(_WORD.findall(note.body)) / WORDS_PER_MINUTE))


@dataclass(frozen=True)
class Connections:
    related: dict[str, tuple[Note, ...]]  # src_path -> up to three notes sharing tags
    backlinks: dict[str, tuple[Note, ...]]  # src_path -> notes that link to it


def connect(notes: tuple[Note, ...]) -> Connections:
    position = {note.src_path: i for i, note in enumerate(notes)}
    known = set(position)
    backlinks: dict[str, list[Note]] = {path: [] for path in known}
    for note in notes:
        for target in linked_notes(note, known):
            backlinks[target].append(note)
    # Count shared tags through a tag -> notes index: linear in the pairs that do share a tag,
    # rather than comparing every note with every other.
    by_tag: dict[str, list[Note]] = {}
    for note in notes:
        for tag in note.tags:
            by_tag.setdefault(tag, []).append(note)
    related = {}
    for note in notes:
        shared: dict[str, int] = {}
        for tag in note.tags:
            for other in by_tag[tag]:
                if other is not note:
                    shared[other.src_path] = shared.get(other.src_path, 0) + 1
        best = sorted(shared, key=lambda path: (-shared[path], position[path]))[:MAX_RELATED]
        related[note.src_path] = tuple(notes[position[path]] for path in best)
    return Connections(
        related=related,
        backlinks={
            path: tuple(sorted(found, key=lambda n: position[n.src_path]))
            for path, found in backlinks.items()
        },
    )
