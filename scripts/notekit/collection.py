"""All notes, parsed, validated and ordered: the single entry point for every consumer."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from . import config, contract, order
from .errors import NotesError, Problem, display_path

# File names become URLs; kebab-case keeps them stable, readable and the same on every OS.
KEBAB_CASE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\.md")


@dataclass(frozen=True)
class Collection:
    settings: config.Settings
    notes: tuple[contract.Note, ...]  # in sidebar order

    @cached_property
    def by_src_path(self) -> dict[str, contract.Note]:
        """Each note by its path under docs/ (notes/foo.md); built once, read for every page."""
        return {note.src_path: note for note in self.notes}


def load_collection(config_file: Path) -> Collection:
    """Read mkdocs.yml and every docs/notes/*.md; raise NotesError with all problems found."""
    settings = config.read_settings(config_file)
    return load_notes(settings)


def load_notes(settings: config.Settings) -> Collection:
    notes_dir = settings.notes_dir
    show = lambda path: display_path(path, settings.root)  # noqa: E731
    files = sorted(p for p in notes_dir.glob("*.md") if p.is_file()) if notes_dir.is_dir() else []
    problems: list[Problem] = []
    parsed: dict[str, contract.Note] = {}
    for path in files:
        if not KEBAB_CASE.fullmatch(path.name):
            slug = "-".join(re.findall(r"[a-z0-9]+", path.stem.lower())) or "note"
            problems.append(
                Problem(
                    show(path),
                    1,
                    "file name",
                    "not kebab-case",
                    f"rename it to {slug}.md and update docs/notes/.pages",
                )
            )
        src_path = path.relative_to(settings.docs_dir).as_posix()
        try:
            parsed[path.name] = contract.parse_note(
                path.read_bytes(), show(path), src_path, settings.allowed_tags
            )
        except NotesError as exc:
            problems.extend(exc.problems)
    try:
        names = order.note_order(notes_dir, {p.name for p in files}, show(notes_dir / order.PAGES_FILE))
    except NotesError as exc:
        problems.extend(exc.problems)
        names = sorted(parsed)
    notes = [parsed[name] for name in names if name in parsed]
    problems.extend(_duplicate_titles(notes))
    if not files:
        problems.append(Problem(show(notes_dir), 1, "notes", "no notes found", "add docs/notes/<slug>.md"))
    if problems:
        raise NotesError(problems)
    return Collection(settings, tuple(notes))


def _duplicate_titles(notes: list[contract.Note]) -> list[Problem]:
    seen: dict[str, contract.Note] = {}
    problems = []
    for note in notes:
        key = note.title.casefold()
        if key in seen:
            first = seen[key]
            problems.append(
                Problem(
                    note.path,
                    note.lines.get(("title",), 1),
                    "title",
                    f"duplicate title, also used by {first.path}:{first.lines.get(('title',), 1)}",
                    "titles must be unique across notes",
                )
            )
        else:
            seen[key] = note
    return problems
