"""All notes, parsed, validated and ordered: the single entry point for every consumer."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from notekit.notes import config, contract, order, source, strict_yaml
from notekit.notes.errors import NotesError, Problem, display_path

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

    def show(path: Path) -> str:
        return display_path(path, settings.root)

    problems: list[Problem] = []
    files = _note_files(notes_dir, show, problems)
    problems.extend(_broken_links_outside_notes(settings.docs_dir, notes_dir, show))
    problems.extend(_other_pages_files(settings.docs_dir, notes_dir, show))
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
            data = path.read_bytes()
        except OSError as exc:
            problems.append(Problem(show(path), 1, "file", f"cannot be read: {exc.strerror}", READ_HINT))
            continue
        try:
            parsed[path.name] = contract.parse_note(data, show(path), src_path, settings.allowed_tags)
        except NotesError as exc:
            problems.extend(exc.problems)
    try:
        names = order.note_order(notes_dir, {p.name for p in files}, show(notes_dir / order.PAGES_FILE))
    except NotesError as exc:
        problems.extend(exc.problems)
        names = sorted(parsed)
    notes = [parsed[name] for name in names if name in parsed]
    problems.extend(_duplicate_titles(notes))
    if not files and not problems:
        problems.append(Problem(show(notes_dir), 1, "notes", "no notes found", "add docs/notes/<slug>.md"))
    if problems:
        raise NotesError(problems)
    return Collection(settings, tuple(notes))


READ_HINT = "check the file's permissions, or restore it from git"


def _other_pages_files(docs_dir: Path, notes_dir: Path, show: Callable[[Path], str]) -> list[Problem]:
    """Every other `.pages` file read as strictly as the notes' own: awesome-pages would stop the
    build with a traceback on malformed YAML (docs/notes/.pages is read by `order`)."""
    problems = []
    for path in sorted(docs_dir.rglob(order.PAGES_FILE)) if docs_dir.is_dir() else []:
        if path.parent == notes_dir or not path.is_file():
            continue
        try:
            strict_yaml.load(source.decode(path.read_bytes(), show(path)), subject="nav")
        except strict_yaml.YamlProblem as exc:
            problems.append(Problem(show(path), exc.line, exc.key or "nav", exc.message, exc.hint))
        except NotesError as exc:
            problems.extend(exc.problems)
        except OSError as exc:
            problems.append(Problem(show(path), 1, "file", f"cannot be read: {exc.strerror}", READ_HINT))
    return problems


def _broken_links_outside_notes(
    docs_dir: Path, notes_dir: Path, show: Callable[[Path], str]
) -> list[Problem]:
    """MkDocs stops with a traceback on a broken symlink anywhere under docs/: name it instead."""
    if not docs_dir.is_dir():
        return []
    return [
        Problem(show(path), 1, "file", "is a broken symlink", "remove it, or point it at a real file")
        for path in sorted(docs_dir.rglob("*"))
        if path.is_symlink() and not path.exists() and notes_dir not in path.parents
    ]


def _note_files(notes_dir: Path, show: Callable[[Path], str], problems: list[Problem]) -> list[Path]:
    """The note files directly in docs/notes/, and a Problem for everything there MkDocs would
    publish or choke on that is not one: a Markdown file in a subfolder (published, but outside
    the index and the sidebar order), a `.MD` or `.markdown` name (MkDocs copies it as a static
    file), a broken symlink (MkDocs stops with a traceback), or something that is not a file."""
    if not notes_dir.is_dir():
        return []
    files = []
    # Sorted by parts, as Path sorts on POSIX, without comparing Path objects (slow at 4,000 files).
    for path in sorted(notes_dir.rglob("*"), key=lambda found: found.parts):
        relative = path.relative_to(notes_dir)
        if any(part.startswith(".") for part in relative.parts):
            continue  # .pages, and hidden files MkDocs ignores too
        if path.is_symlink() and not path.exists():
            problems.append(
                Problem(show(path), 1, "file", "is a broken symlink", "remove it, or point it at a real note")
            )
            continue
        is_markdown = path.suffix.lower() in (".md", ".markdown", ".mdown", ".mkd", ".mkdn")
        if path.is_dir() or not is_markdown:
            continue
        if len(relative.parts) > 1:
            problems.append(
                Problem(
                    show(path),
                    1,
                    "file",
                    "a note in a subfolder of docs/notes/ is published but never validated or indexed",
                    f"move it to {show(notes_dir / path.name)} and list it in docs/notes/.pages",
                )
            )
        elif path.suffix != ".md":
            problems.append(
                Problem(
                    show(path),
                    1,
                    "file name",
                    f"ends in '{path.suffix}', so MkDocs would copy it as a file instead of a page",
                    f"rename it to {path.stem}.md",
                )
            )
        elif not path.is_file():
            problems.append(Problem(show(path), 1, "file", "is not a regular file", READ_HINT))
        else:
            files.append(path)
    return files


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
