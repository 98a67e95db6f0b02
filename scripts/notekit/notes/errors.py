"""Errors a contributor can act on: `path:line: field: problem (hint)`."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

_PLAIN_FIELD = re.compile(r"[\w-][\w.\- ]*")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input, located to a line (or, for a command line, to no line)."""

    path: str
    line: int | None
    field: str
    problem: str
    hint: str = ""

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        # A field can be a key someone typed: quote one that could be mistaken for message syntax.
        field = self.field if _PLAIN_FIELD.fullmatch(self.field) else repr(self.field)
        text = f"{where}: {field}: {self.problem}"
        text = f"{text} ({self.hint})" if self.hint else text
        # One line, always: control characters from the input are shown as escapes.
        return _CONTROL.sub(lambda m: repr(m[0])[1:-1], text)


class NotesError(Exception):
    """Raised with every problem found, so one run reports them all."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def display_path(path: Path, root: Path | None) -> str:
    """The path as a contributor would type it: relative to the repository, with `/`.

    A symlink is named as itself, not as what it points to (it may point nowhere).
    """
    if root is None:
        return path.as_posix()
    try:
        return Path(os.path.abspath(path)).relative_to(os.path.abspath(root)).as_posix()
    except ValueError:
        pass
    try:  # only then the costlier way, through symlinks (a checkout under a linked folder)
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
