"""`notes-reviews`: which notes are due for a fact check, by their `reviewed` date.

A report, never a failure: the weekly Links workflow prints it and keeps one issue up to date, and
a contributor can run it any time. The date a note was last *edited* (git) says nothing about
whether its facts still hold; `reviewed` is the day someone checked them against the sources.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date

from notekit.commands.command import parse, report
from notekit.notes.collection import load_collection
from notekit.notes.contract import Note
from notekit.notes.errors import NotesError

DEFAULT_MONTHS = 6


def months_before(day: date, months: int) -> date:
    """The same day `months` earlier (the month's last day where that day does not exist)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month + 1, candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has 28 days")


def due(notes: tuple[Note, ...], today: date, months: int = DEFAULT_MONTHS) -> list[Note]:
    """Notes whose facts were last checked before `months` ago, oldest review first."""
    cutoff = months_before(today, months)
    return sorted((n for n in notes if n.reviewed < cutoff), key=lambda n: (n.reviewed, n.path))


def markdown_report(notes: list[Note], today: date, months: int) -> str:
    if not notes:
        return f"Every note's facts were checked within the last {months} months (as of {today:%Y-%m-%d}).\n"
    lines = [
        f"{len(notes)} note(s) were last checked against their sources more than {months} months ago "
        f"(as of {today:%Y-%m-%d}). Re-check the facts, then update `reviewed:` in the front-matter.",
        "",
        "| Note | Facts checked on | Sources |",
        "| --- | --- | --- |",
    ]
    for note in notes:
        lines.append(f"| `{note.path}` | {note.reviewed:%Y-%m-%d} | {len(note.sources)} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="notes-reviews", description="List the notes whose facts are due for a check (always exits 0)."
    )
    parser.add_argument("--months", type=int, default=DEFAULT_MONTHS, help="how old a review may be")
    if (args := parse(parser, argv)) is None:
        return 2
    try:
        collection = load_collection(args.config)
    except NotesError as exc:
        return report(exc.problems, f"{len(exc.problems)} problem(s); no review report.")
    today = date.today()
    sys.stdout.write(markdown_report(due(collection.notes, today, args.months), today, args.months))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
