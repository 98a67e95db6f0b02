"""When each page changed and who wrote it, from git: one `git log` for the whole docs folder.

Hosting does not keep file modification times, so the dates come from commits. The date and feed
plugins we tried ask git twice per page and import GitPython, which alone cost more than the 25%
build-time budget of all reader features; one log of the folder answers every page at once: the
last change, the first commit (when the page was added) and its authors, `Co-authored-by:`
trailers included. Names follow `.mailmap` (`%aN` for authors; one `git check-mailmap` call for
the co-authors, since git does not map trailers). No GitHub API: a fork or an offline clone gets
the same answer.

The log is read once per commit of HEAD: `mkdocs serve` rebuilds on every save, and only a new
commit can change what git says.
"""

from __future__ import annotations

import re
import subprocess
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

_IDENT = re.compile(r"(?P<name>.+?)\s*<(?P<email>[^<>]*)>\s*$")
_cache: dict[tuple[str, str], History | None] = {}


@dataclass(frozen=True)
class History:
    changed: dict[str, datetime]  # path relative to docs_dir -> last commit touching it
    added: dict[str, datetime]  # -> first commit touching it
    authors: dict[str, list[str]] = field(default_factory=dict)  # -> names, most commits first


def _git(docs_dir: Path, *args: str) -> str | None:
    try:
        result = subprocess.run(
            ["git", "-c", "core.quotepath=off", "-C", str(docs_dir), *args],
            capture_output=True, text=True, encoding="utf-8", timeout=60, check=False,
        )  # fmt: skip
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout if result.returncode == 0 else None


def read(docs_dir: Path) -> History | None:
    """Everything git knows about the pages under docs_dir, or None without history."""
    head = _git(docs_dir, "rev-parse", "--verify", "-q", "HEAD")
    if not head:
        return None
    key = (str(docs_dir.resolve()), head.strip())
    if key not in _cache:
        _cache.clear()  # one entry: a new commit (`mkdocs serve` after a commit) reads afresh
        _cache[key] = _read(docs_dir)
    return _cache[key]


def _read(docs_dir: Path) -> History | None:
    out = _git(
        docs_dir, "log", "--relative", "--no-renames", "--name-only",
        "--format=%x00%ct%x1f%aN%x1f%(trailers:key=Co-authored-by,valueonly,separator=%x1e)",
        "--", ".",
    )  # fmt: skip
    if not out or not out.strip():
        return None
    changed: dict[str, datetime] = {}
    added: dict[str, datetime] = {}
    commits: dict[str, Counter[str]] = defaultdict(Counter)
    co_authors: set[str] = set()
    parsed = []
    for commit in out.split("\x00")[1:]:  # newest first
        header, *paths = commit.strip().split("\n")
        stamp, author, trailers = (header.split("\x1f") + ["", ""])[:3]
        names = [author, *(t.strip() for t in trailers.split("\x1e") if t.strip())]
        co_authors.update(names[1:])
        parsed.append(
            (datetime.fromtimestamp(int(stamp), UTC), names, [p.strip() for p in paths if p.strip()])
        )
    mapped = _mailmap(docs_dir, co_authors)
    for when, names, paths in parsed:
        people = dict.fromkeys([names[0], *(mapped.get(n, n) for n in names[1:])])  # once per commit
        for path in paths:
            changed.setdefault(path, when)
            added[path] = when  # the last one seen is the oldest
            commits[path].update(list(people))
    authors = {
        path: sorted(counts, key=lambda n: (-counts[n], n.casefold())) for path, counts in commits.items()
    }
    return History(changed, added, authors)


def _mailmap(docs_dir: Path, idents: set[str]) -> dict[str, str]:
    """{`Name <email>` as written in a trailer: the name .mailmap gives it}."""
    valid = sorted(i for i in idents if _IDENT.match(i))
    out = _git(docs_dir, "check-mailmap", *valid) if valid else None
    lines = out.splitlines() if out else valid  # without an answer, keep the names as written
    matches = {ident: _IDENT.match(line) for ident, line in zip(valid, lines, strict=True)}
    mapped = {ident: match.group("name") for ident, match in matches.items() if match}
    return {i: mapped.get(i, i) for i in idents}


def human(when: date) -> str:
    """`November 29, 2026` inside a machine-readable <time> element."""
    return f'<time datetime="{when:%Y-%m-%d}">{when:%B} {when.day}, {when.year}</time>'


def head_time(folder: Path) -> datetime | None:
    """When the checked-out commit was made (its committer date), or None without git history:
    the time a reproducible output records (notekit.outputs.deck)."""
    out = _git(folder, "log", "-1", "--format=%ct")
    return datetime.fromtimestamp(int(out.strip()), UTC) if out and out.strip().isdigit() else None
