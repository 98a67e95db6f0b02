"""The README as the `notes-index` command sees it: read, regenerate, compare, write atomically."""

from __future__ import annotations

import difflib
from pathlib import Path

from notekit.index.table import readme_link, render_table
from notekit.notes import markers
from notekit.notes.collection import Collection
from notekit.notes.errors import NotesError, Problem, display_path
from notekit.outputs.atomic import write_atomic

README_FILE = "README.md"


def readme_path(collection: Collection) -> Path:
    return collection.settings.root / README_FILE


def stale_problem() -> Problem:
    """What the check, the build and CI all say when the table is out of date."""
    return Problem(README_FILE, None, "topic table", "is stale", f"run `{markers.FIX_COMMAND}`")


def read_text(path: Path, display: str) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise NotesError(
            [
                Problem(
                    display,
                    1,
                    "readme",
                    "file not found",
                    "restore README.md from git (git checkout README.md)",
                )
            ]
        ) from None
    except OSError as exc:
        raise NotesError(
            [Problem(display, 1, "readme", f"cannot be read: {exc.strerror}", "check the file's permissions")]
        ) from None
    try:
        # newline="" semantics: keep CR/LF exactly; a BOM survives as U+FEFF.
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise NotesError(
            [Problem(display, line, "encoding", "not valid UTF-8", "save the file as UTF-8")]
        ) from None


def expected_readme(collection: Collection, current: str, display: str) -> str:
    table = render_table(collection.notes, readme_link, "github")
    return markers.replace_region(current, table, display)


def check(collection: Collection) -> tuple[bool, str]:
    """(up_to_date, unified diff) for the README of this collection; writes nothing."""
    path = readme_path(collection)
    display = display_path(path, collection.settings.root)
    current = read_text(path, display)
    expected = expected_readme(collection, current, display)
    if current == expected:
        return True, ""
    diff = difflib.unified_diff(
        current.splitlines(keepends=True),
        expected.splitlines(keepends=True),
        fromfile=f"{display} (current)",
        tofile=f"{display} (expected)",
    )
    return False, "".join(diff)


def write(collection: Collection) -> bool:
    """Rewrite the README region if stale; True if the file changed. Never leaves it half-written."""
    path = readme_path(collection)
    display = display_path(path, collection.settings.root)
    current = read_text(path, display)
    expected = expected_readme(collection, current, display)
    if current == expected:
        return False
    write_atomic(path, expected.encode("utf-8"), display)
    return True
