"""`notes-index`: rewrite README.md's topic table from the notes' front-matter (or check it)."""

from __future__ import annotations

import argparse
import sys

from notekit.commands.command import parse, report
from notekit.index import glossary
from notekit.notes.collection import load_collection
from notekit.notes.errors import NotesError
from notekit.outputs import readme


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="notes-index",
        description="Regenerate the topic table in README.md from docs/notes/*.md front-matter.",
    )
    parser.add_argument(
        "--check", action="store_true", help="change nothing; print a diff and exit 1 if README.md is stale"
    )
    if (args := parse(parser, argv)) is None:
        return 2
    try:
        collection = load_collection(args.config)
        glossary.load_checked(args.config.parent, {note.src_path: note.body for note in collection.notes})
        if args.check:
            fresh, diff = readme.check(collection)
            if fresh:
                print(f"{readme.README_FILE} is up to date ({len(collection.notes)} notes).")
                return 0
            sys.stdout.write(diff)
            print(readme.stale_problem(), file=sys.stderr)
            return 1
        changed = readme.write(collection)
    except NotesError as exc:
        return report(exc.problems, f"{len(exc.problems)} problem(s); README.md was not changed.")
    state = "updated" if changed else "already up to date"
    print(f"{readme.README_FILE} {state} ({len(collection.notes)} notes).")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
