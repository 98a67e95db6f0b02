"""What the project's commands (`notes-index`, `new-note`, `notes-reviews`) share on their
command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path


def add_config_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config",
        type=Path,
        default=Path("mkdocs.yml"),
        help="the MkDocs configuration (default: ./mkdocs.yml)",
    )


def config_found(config: Path) -> bool:
    """True if the configuration exists; otherwise say so, located like every other message."""
    if config.is_file():
        return True
    print(f"{config}:1: config: file not found (run from the repository root)", file=sys.stderr)
    return False


def parse(parser: argparse.ArgumentParser, argv: list[str] | None) -> argparse.Namespace | None:
    """The arguments, with the common `--config`; None (exit 2) when that file does not exist."""
    add_config_option(parser)
    args = parser.parse_args(argv)
    return args if config_found(args.config) else None


def report(problems: Iterable[object], closing: str) -> int:
    """Print every problem, then one line saying what was (not) done; the exit code for that."""
    for problem in problems:
        print(problem, file=sys.stderr)
    print(closing, file=sys.stderr)
    return 1
