"""Replacing a file the way an editor's "save" does: all or nothing, keeping the file's mode.

Writing beside the file and renaming over it means a crash, a full disk or a refused write leaves
either the old file or the new one, never half of each; the temporary file is created with mode
0600, so the original mode is copied onto it first. A file that is read-only is refused rather
than silently replaced (a rename ignores the target's permissions).
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from notekit.notes.errors import NotesError, Problem


def write_atomic(path: Path, data: bytes, display: str | None = None) -> None:
    """Replace `path` with `data`; NotesError (located at `display`) if it cannot be done."""
    display = display or path.as_posix()
    if path.is_symlink():  # replace what the link points at, and keep the link
        path = path.resolve()
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    except OSError as exc:
        raise _problem(display, f"cannot be read: {exc.strerror}") from None
    # os.access alone says yes to root for any file; the owner's write bit says what was meant.
    if path.exists() and (not mode & stat.S_IWUSR or not os.access(path, os.W_OK)):
        raise _problem(display, "is read-only", "make it writable (chmod u+w) if it should change")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise _problem(display, f"cannot be written: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise _problem(display, f"cannot be written: {exc.strerror or exc}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _problem(display: str, problem: str, hint: str = "") -> NotesError:
    hint = hint or "check the disk space and the folder's permissions; nothing was changed"
    return NotesError([Problem(display, 1, "file", problem, hint)])
