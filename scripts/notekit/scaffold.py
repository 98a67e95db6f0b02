"""`new-note`: start a note that already passes validation, list it in the sidebar, refresh README.

    new-note "Title" --tag TAG [--tag TAG ...] [--config mkdocs.yml]

Every check runs before the first write, so a refusal leaves the repository exactly as it was. The
rendered note is parsed back with the same contract the build uses, and the edited `.pages` with
the same YAML reader, so "valid" here means what it means everywhere else.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from . import contract, inline, readme
from .atomic import write_atomic
from .collection import Collection, load_collection
from .command import add_config_option, config_found, report
from .config import Settings, read_settings
from .errors import NotesError, Problem, display_path
from .order import PAGES_FILE
from .pages_file import add_to_pages

PROG = "new-note"
# docs/notes/index.md would become the section's own page (Material's navigation.indexes).
RESERVED_SLUGS = frozenset({"index"})
# One sentence, so the placeholder passes the description rules until the author replaces it.
DESCRIPTION_PLACEHOLDER = "TODO: say in one sentence what a reader will learn from this note."
# Apostrophes join their word ("don't" -> "dont") instead of splitting it into two.
_APOSTROPHES = re.compile("['\u2018\u2019`]")


def argument_problem(field: str, problem: str, hint: str = "") -> Problem:
    """A problem with the command line itself, which has no file and line to point at."""
    return Problem(PROG, None, field, problem, hint)


class Refused(Exception):
    """The one reason the note is not created, worded for the contributor."""

    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(str(problem))


@dataclass(frozen=True)
class Plan:
    """Everything to write, worked out and checked before anything is written."""

    note_path: Path
    note_text: str
    pages_path: Path | None  # None when the folder has no .pages file (alphabetical order)
    pages_before: bytes
    pages_after: bytes


# --- the pieces -------------------------------------------------------------------------------


def slugify(title: str) -> str:
    """Kebab-case ASCII for a file name: 'Running llama.cpp' -> 'running-llama-cpp'."""
    # casefold before NFKD so that 'ß' becomes 'ss' instead of vanishing with the non-ASCII rest.
    text = unicodedata.normalize("NFKD", _APOSTROPHES.sub("", title).casefold())
    ascii_text = text.encode("ascii", "ignore").decode("ascii")
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text))


def yaml_scalar(value: str) -> str:
    """`value` as a YAML scalar that reads back as the same text: plain when that is safe."""
    try:
        # A plain scalar is safe only if YAML neither guesses a type ('no', '2024-01-02') nor
        # finds syntax in it (': ', ' #', a leading '[').
        if yaml.safe_load(f"key: {value}") == {"key": value}:
            return value
    except yaml.YAMLError:
        pass
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def render_note(title: str, tags: list[str]) -> str:
    """The new note: valid front-matter and an outline whose TODOs say what goes where."""
    lines = [
        "---",
        f"title: {yaml_scalar(title)}",
        f"description: {yaml_scalar(DESCRIPTION_PLACEHOLDER)}",
        "tags:",
        *(f"  - {yaml_scalar(tag)}" for tag in tags),
        f"reviewed: {date.today():%Y-%m-%d}",
        "# sources: add at least three primary sources, each `- title: ...` with `url: https://...`",
        "---",
        "",
        f"# {title}",
        "",
        "TODO: the opening paragraph: what this note covers, who it is for, and what to read first.",
        "",
        "## Background",
        "",
        "TODO: the problem this topic solves and the ideas a reader needs before the details.",
        "",
        "## How it works",
        "",
        "TODO: the mechanism, step by step; keep the diagram if it helps, delete it if not.",
        "",
        "```mermaid",
        "flowchart LR",
        '    input["TODO: input"] --> step["TODO: step"] --> output["TODO: output"]',
        "```",
        "",
        "## In practice",
        "",
        "TODO: commands, code or a worked example, and the pitfalls you met.",
        "",
        "## Summary",
        "",
        "TODO: the points a reader should remember, and links to the notes to read next.",
        "",
    ]
    return "\n".join(lines)


# --- the checks -------------------------------------------------------------------------------


def check_title(raw: str) -> tuple[str, str]:
    """(title, slug) for a usable title, or Refused."""
    if "\n" in raw.strip() or "\r" in raw.strip():
        raise Refused(argument_problem("title", "must be a single line", "shorten the title to one line"))
    title = inline.one_line(raw)
    if not title:
        raise Refused(
            argument_problem("title", "is empty", 'give the note a title, e.g. new-note "KV cache basics"')
        )
    slug = slugify(title)
    if not slug:
        raise Refused(
            argument_problem(
                "title",
                f"'{title}' has no ASCII letters or digits to make a file name from",
                "include at least one Latin letter or digit in the title",
            )
        )
    if slug in RESERVED_SLUGS:
        raise Refused(
            argument_problem(
                "title", f"'{slug}.md' is reserved for the section's own page", "choose another title"
            )
        )
    return title, slug


def check_tags(tags: list[str], allowed: frozenset[str]) -> list[str]:
    """The tags as given, or Refused naming the first problem and the way out."""
    listing = "allowed: " + ", ".join(sorted(allowed))
    if not tags:
        raise Refused(argument_problem("--tag", "give at least one tag", listing))
    for tag in tags:
        if tag not in allowed:
            close = difflib.get_close_matches(tag, sorted(allowed), n=1, cutoff=0.5)
            hint = f"did you mean '{close[0]}'?" if close else listing
            raise Refused(argument_problem("--tag", f"unknown tag '{tag}'", hint))
        if tags.count(tag) > 1:
            raise Refused(argument_problem("--tag", f"tag '{tag}' is given twice", "give each tag once"))
    if len(tags) > contract.MAX_TAGS:
        raise Refused(
            argument_problem(
                "--tag",
                f"{len(tags)} tags, at most {contract.MAX_TAGS}",
                "keep the tags that best describe the note",
            )
        )
    return tags


def check_unique(title: str, slug: str, collection: Collection) -> Path:
    """The new note's path, or Refused if the file or the title is already taken."""
    settings = collection.settings
    path = settings.notes_dir / f"{slug}.md"
    if path.exists():
        raise Refused(
            Problem(
                display_path(path, settings.root),
                1,
                "file name",
                "a note with this name already exists",
                "edit that note, or choose a different title",
            )
        )
    for note in collection.notes:
        if note.title.casefold() == title.casefold():
            raise Refused(
                Problem(
                    note.path,
                    note.lines.get(("title",), 1),
                    "title",
                    f"'{note.title}' is already the title of this note",
                    "titles must be unique across notes; choose another title",
                )
            )
    return path


def plan_note(title: str, slug: str, tags: list[str], collection: Collection) -> Plan:
    """Work out both writes and check each result the way the build will read it."""
    settings: Settings = collection.settings
    path = check_unique(title, slug, collection)
    text = render_note(title, tags)
    shown = display_path(path, settings.root)
    src_path = path.relative_to(settings.docs_dir).as_posix()
    # The build's own contract: if this fails, the template and the contract disagree.
    parsed = contract.parse_note(text.encode("utf-8"), shown, src_path, settings.allowed_tags)
    if parsed.title != title:
        raise Refused(
            argument_problem(
                "title", "cannot be written to YAML unchanged", "remove unusual control characters"
            )
        )
    pages = settings.notes_dir / PAGES_FILE
    if not pages.exists():
        return Plan(path, text, None, b"", b"")
    before = pages.read_bytes()
    display = display_path(pages, settings.root)
    try:
        current = before.decode("utf-8")
    except UnicodeDecodeError:  # pragma: no cover - load_collection already refused such a file
        raise Refused(Problem(display, 1, "encoding", "not valid UTF-8", "save the file as UTF-8")) from None
    try:
        after = add_to_pages(current, path.name, display).encode("utf-8")
    except NotesError as exc:
        raise Refused(exc.problems[0]) from None
    return Plan(path, text, pages, before, after)


# --- the writes -------------------------------------------------------------------------------


def carry_out(plan: Plan, config_file: Path) -> bool:
    """Write the note and .pages, then refresh README; undo the first two if the refresh fails."""
    # Mode "x": refuse to overwrite a note that appeared after the checks ran.
    with plan.note_path.open("x", encoding="utf-8", newline="\n") as handle:
        handle.write(plan.note_text)
    try:
        if plan.pages_path is not None:
            write_atomic(plan.pages_path, plan.pages_after)
        return readme.write(load_collection(config_file))
    except BaseException:
        plan.note_path.unlink(missing_ok=True)
        if plan.pages_path is not None:
            write_atomic(plan.pages_path, plan.pages_before)
        raise


# --- the command ------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Create docs/notes/<slug>.md with valid front-matter and an outline, list it last in "
        "docs/notes/.pages and refresh README.md's topic table.",
    )
    parser.add_argument(
        "title", help='the note\'s title, e.g. "KV cache basics"; the file name comes from it'
    )
    parser.add_argument(
        "--tag",
        dest="tags",
        action="append",
        default=[],
        metavar="TAG",
        help="a tag from tags_allowed in mkdocs.yml; repeat for more (1 to 6)",
    )
    add_config_option(parser)
    args = parser.parse_args(argv)
    if not config_found(args.config):
        return 2
    try:
        settings = read_settings(args.config)
        title, slug = check_title(args.title)
        tags = check_tags(args.tags, settings.allowed_tags)
        collection = load_collection(args.config)
        readme.check(collection)  # only for its refusal of a missing README or broken markers
        plan = plan_note(title, slug, tags, collection)
    except Refused as exc:
        print(exc.problem, file=sys.stderr)
        return 1
    except NotesError as exc:
        return report(exc.problems, f"{PROG}: fix the problems above first; nothing was written.")
    readme_changed = carry_out(plan, args.config)
    root = settings.root
    print(f"Created {display_path(plan.note_path, root)}.")
    if plan.pages_path is not None:
        print(f"Listed it last in {display_path(plan.pages_path, root)}.")
    print(f"{readme.README_FILE} {'updated' if readme_changed else 'already up to date'}.")
    print("Next: replace the TODOs, add sources, then preview with `python3 scripts/dev.py mkdocs serve`.")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
