"""When each page last changed, from git: one `git log` for the whole docs folder.

Hosting does not keep file modification times, so the dates come from commits. The date and feed
plugins we tried ask git twice per page and import GitPython, which alone cost more than the 25%
build-time budget of all reader features; one log of the folder answers every page at once.
"""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime
from pathlib import Path


def last_changed(docs_dir: Path) -> dict[str, datetime] | None:
    """{path relative to docs_dir: time of the last commit touching it}, or None without history."""
    try:
        result = subprocess.run(
            ["git", "-c", "core.quotepath=off", "-C", str(docs_dir), "log", "--relative",
             "--format=%x00%ct", "--name-only", "--no-renames", "--", "."],
            capture_output=True, text=True, encoding="utf-8", timeout=60, check=False,
        )  # fmt: skip
    except (OSError, subprocess.TimeoutExpired):
        return None
    if result.returncode != 0 or not result.stdout.strip():
        return None
    dates: dict[str, datetime] = {}
    for commit in result.stdout.split("\x00")[1:]:  # newest first
        stamp, *paths = commit.strip().split("\n")
        when = datetime.fromtimestamp(int(stamp), UTC)
        for path in paths:
            if path.strip():
                dates.setdefault(path.strip(), when)
    return dates


def human(when: datetime) -> str:
    """`November 29, 2026` inside a machine-readable <time> element."""
    return f'<time datetime="{when:%Y-%m-%d}">{when:%B} {when.day}, {when.year}</time>'
