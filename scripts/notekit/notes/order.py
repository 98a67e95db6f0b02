"""The order of notes, read from `docs/notes/.pages` the way mkdocs-awesome-pages-plugin reads it.

The plugin orders the sidebar; we read the same file so that the README and home-page tables
follow the sidebar. We accept the plain subset of its syntax (file names, `Title: file` entries and
the `...` rest marker) and refuse the rest with a message, instead of guessing at its sorting rules;
the build hook also compares our order with the navigation the plugin produced.
"""

from __future__ import annotations

from pathlib import Path

from notekit.notes import source, strict_yaml
from notekit.notes.errors import NotesError, Problem

PAGES_FILE = ".pages"


def is_rest(entry: str) -> bool:
    """Whether awesome-pages reads a nav entry as its "rest" marker (`...`, `... | glob=a*`).

    The plugin's own test is a regex anchored on three dots; it is restated here so that notekit
    imports nothing of MkDocs (tests/test_couplings.py compares the two).
    """
    return entry.startswith("...")


def note_order(notes_dir: Path, names: set[str], display: str) -> list[str]:
    """File names of the notes in sidebar order, or NotesError if .pages and the disk disagree.

    `names` are the note files found on disk; `display` is how to name the .pages file in messages.
    """
    pages = notes_dir / PAGES_FILE
    if not pages.exists():
        # Without a .pages file awesome-pages keeps MkDocs' alphabetical order.
        return sorted(names)
    text = source.decode(pages.read_bytes(), display)
    try:
        doc = strict_yaml.load(text, subject="nav")
    except strict_yaml.YamlProblem as exc:
        raise NotesError([Problem(display, exc.line, exc.key or "nav", exc.message, exc.hint)]) from None
    meta = doc.value if isinstance(doc.value, dict) else {}
    problems: list[Problem] = []
    for key in sorted(set(meta) - {"nav", "title"}):
        problems.append(
            Problem(
                display,
                doc.line_of(key),
                key,
                "not supported for the notes folder",
                "state the order with `nav:` entries only",
            )
        )
    nav = meta.get("nav")
    if not isinstance(nav, list):
        problems.append(
            Problem(
                display,
                doc.line_of("nav"),
                "nav",
                "missing or not a list",
                "list the note files under `nav:`, one `- file.md` per line",
            )
        )
        raise NotesError(problems)

    ordered: list[str] = []
    rest_at: int | None = None
    for i, entry in enumerate(nav):
        line = doc.line_of("nav", i)
        if isinstance(entry, dict) and len(entry) == 1:
            entry = next(iter(entry.values()))  # `Custom title: file.md`
        if not isinstance(entry, str):
            problems.append(Problem(display, line, "nav", "entry must be a file name or `Title: file.md`"))
        elif is_rest(entry):
            if entry.strip() != "...":
                problems.append(
                    Problem(
                        display,
                        line,
                        "nav",
                        f"'{entry}' is not supported here",
                        "use a plain '...' or list the notes by name",
                    )
                )
            rest_at = len(ordered)
        elif entry not in names:
            problems.append(
                Problem(
                    display,
                    line,
                    "nav",
                    f"'{entry}' is listed but no such note exists",
                    f"create docs/notes/{entry} or remove the entry",
                )
            )
        elif entry in ordered:
            problems.append(Problem(display, line, "nav", f"'{entry}' is listed twice", "remove the repeat"))
        else:
            ordered.append(entry)
    rest = sorted(names - set(ordered))
    if rest_at is not None:
        ordered[rest_at:rest_at] = rest
    else:
        for name in rest:
            problems.append(
                Problem(
                    display,
                    doc.line_of("nav"),
                    "nav",
                    f"note '{name}' is not listed, so it would vanish from the sidebar",
                    f"add `- {name}` under nav:",
                )
            )
    if problems:
        raise NotesError(problems)
    return ordered
