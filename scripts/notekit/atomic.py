"""Replace a file's contents all at once, keeping its mode: a crash leaves the old or the new file."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from .errors import NotesError, Problem


def write_atomic(path: Path, data: bytes, display: str | None = None) -> None:
    """Write beside `path` and rename over it; NotesError if the existing file is read-only.

    The read-only bit is checked rather than os.access(), which says yes to root and would let
    a rename replace a file its owner protected.
    """
    mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else None
    if mode is not None and not mode & stat.S_IWUSR:
        problem = Problem(
            display or path.as_posix(), 1, "file", "not writable", "make it writable, then rerun"
        )
        raise NotesError([problem])
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        if mode is not None:
            os.chmod(tmp, mode)  # mkstemp creates 0600; the file keeps the mode it had
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
