"""`new-note "Title" --tag TAG ...`: start a note that passes validation, with its self-check
questions file (an outline of TODOs too), list it, refresh README.

Every check runs before the first write, so a refusal leaves the repository as it was. The note is
judged by the build's own contract, `.pages` by the same reader; every write goes through `atomic`.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from datetime import date
from pathlib import Path

from notekit.commands.command import parse, report
from notekit.notes import contract, drafts, inline, questions
from notekit.notes.collection import Collection, load_collection
from notekit.notes.config import Settings
from notekit.notes.errors import NotesError, Problem, display_path
from notekit.notes.order import PAGES_FILE
from notekit.outputs import readme
from notekit.outputs.atomic import write_atomic
from notekit.outputs.pages_file import add_to_pages

PROG = "new-note"
# The outlines live with the notes stage, which reads them to refuse a note that still holds them.
TEMPLATE = drafts.NOTE_TEMPLATE
QUESTIONS_TEMPLATE = drafts.QUESTIONS_TEMPLATE
# docs/notes/index.md would become the section's own page (Material's navigation.indexes).
RESERVED_SLUGS = frozenset({"index"})
# Apostrophes join their word ("don't" -> "dont") instead of splitting it into two.
_APOSTROPHES = re.compile("['\u2018\u2019`]")
_ARGUMENTS = {"title": "title", "tags": "--tag"}  # the contract's fields, as the command line names them


class Refused(NotesError):
    """The one reason the note is not created, printed on its own."""


def refuse(field: str, problem: str, hint: str = "") -> Refused:
    """A refusal of the command line itself, which has no file and line to point at."""
    return Refused([Problem(PROG, None, field, problem, hint)])


def slugify(title: str) -> str:
    """Kebab-case ASCII for a file name: 'Running llama.cpp' -> 'running-llama-cpp'."""
    # casefold before NFKD so that 'ß' becomes 'ss' instead of vanishing with the non-ASCII rest.
    text = unicodedata.normalize("NFKD", _APOSTROPHES.sub("", title).casefold())
    return "-".join(re.findall(r"[a-z0-9]+", text.encode("ascii", "ignore").decode("ascii")))


def render_note(title: str, tags: list[str]) -> str:
    """notes/templates/new-note.md: front-matter that passes validation, and an outline of TODOs."""
    # A JSON string is a YAML double-quoted scalar: it reads back as exactly the text, whatever it holds.
    tags_yaml = "\n".join(f"  - {json.dumps(tag)}" for tag in tags)
    fields = {"title": title, "title_yaml": json.dumps(title, ensure_ascii=False), "tags_yaml": tags_yaml,
              "today": f"{date.today():%Y-%m-%d}"}  # fmt: skip
    return re.sub(r"\{(\w+)\}", lambda m: fields.get(m[1], m[0]), TEMPLATE.read_text(encoding="utf-8"))


def checked_note(raw_title: str, tags: list[str], settings: Settings) -> tuple[str, Path, str]:
    """(title, path, text) of a note the contract accepts, or Refused with the first problem."""
    if not tags:
        raise refuse("--tag", "give at least one tag", "allowed: " + ", ".join(sorted(settings.allowed_tags)))
    wanted = raw_title.strip() if "\n" in raw_title.strip() else inline.one_line(raw_title)
    text = render_note(wanted, tags)
    try:  # the build's own rules (title, tags), worded for the command line
        note = contract.parse_note(text.encode("utf-8"), PROG, "notes/new.md", settings.allowed_tags)
    except NotesError as exc:
        first = exc.problems[0]
        raise refuse(_ARGUMENTS.get(first.field, first.field), first.problem, first.hint) from None
    title, slug = note.title, slugify(note.title)
    if not slug:
        raise refuse("title", f"'{title}' has no ASCII letters or digits to make a file name from",
                     "include at least one Latin letter or digit in the title")  # fmt: skip
    if slug in RESERVED_SLUGS:
        raise refuse("title", f"'{slug}.md' is reserved for the section's own page", "choose another title")
    if title != wanted:
        raise refuse("title", "cannot be written to YAML unchanged", "remove unusual control characters")
    return title, settings.notes_dir / f"{slug}.md", text


def check_unique(title: str, path: Path, collection: Collection) -> None:
    """Refused if the file, its questions file, or a note with the same title (ignoring case),
    already exists."""
    taken = [n for n in collection.notes if n.title.casefold() == title.casefold()]
    where = (display_path(path, collection.settings.root), 1) if path.exists() else None
    if where:
        raise Refused([Problem(*where, "file name", "a note with this name already exists",
                               "edit that note, or choose a different title")])  # fmt: skip
    if (asked := questions.path_for(path)).exists():
        raise Refused([Problem(display_path(asked, collection.settings.root), 1, "file name",
                               "questions for a note of this name already exist",
                               "rename or remove them, or choose a different title")])  # fmt: skip
    if taken:
        raise Refused([Problem(taken[0].path, taken[0].lines.get(("title",), 1), "title",
                               f"'{taken[0].title}' is already the title of this note",
                               "titles must be unique across notes; choose another title")])  # fmt: skip


def carry_out(path: Path, text: str, pages: Path, config_file: Path, root: Path) -> bool:
    """Write the note, its questions and .pages, then refresh README; undo the rest if the refresh
    fails."""
    before = pages.read_bytes() if pages.exists() else None
    asked = questions.path_for(path)
    shown = display_path(pages, root)
    try:
        after = (
            add_to_pages(before.decode("utf-8"), path.name, shown).encode() if before is not None else None
        )
    except NotesError as exc:
        raise Refused(exc.problems[:1]) from None
    with path.open("x", encoding="utf-8", newline="\n") as handle:  # "x": never overwrite
        handle.write(text)
    try:
        with asked.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(QUESTIONS_TEMPLATE.read_text(encoding="utf-8").replace("{slug}", path.stem))
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    try:
        if after is not None:
            write_atomic(pages, after, shown)
        return readme.write(load_collection(config_file))
    except BaseException:
        path.unlink(missing_ok=True)
        asked.unlink(missing_ok=True)
        if before is not None:
            write_atomic(pages, before, shown)
        raise


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=PROG, description=__doc__.split("\n")[0])
    parser.add_argument(
        "title", help='the note\'s title, e.g. "KV cache basics"; the file name comes from it'
    )
    parser.add_argument("--tag", dest="tags", action="append", default=[], metavar="TAG",
                        help="a tag from tags_allowed in mkdocs.yml; repeat for more (1 to 6)")  # fmt: skip
    if (args := parse(parser, argv)) is None:
        return 2
    try:
        collection = load_collection(args.config)
        readme.check(collection)  # only for its refusal of a missing README or broken markers
        title, path, text = checked_note(args.title, args.tags, collection.settings)
        check_unique(title, path, collection)
        pages = collection.settings.notes_dir / PAGES_FILE
        changed = carry_out(path, text, pages, args.config, collection.settings.root)
    except Refused as exc:
        print(exc.problems[0], file=sys.stderr)
        return 1
    except NotesError as exc:
        return report(exc.problems, f"{PROG}: fix the problems above first; nothing was written.")
    print(f"Created {display_path(path, collection.settings.root)}", end="")
    print(f" and {display_path(questions.path_for(path), collection.settings.root)}.")
    if pages.exists():
        print(f"Listed it last in {display_path(pages, collection.settings.root)}.")
    print(f"{readme.README_FILE} {'updated' if changed else 'already up to date'}.")
    print(
        "Next: replace the TODOs (the questions' too), add sources, then preview with "
        "`python3 scripts/dev.py mkdocs serve`."
    )
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
