"""Parsed pages kept from one build to the next: each page's HTML and what parsing it found, keyed
by a hash of everything that shapes them.

Parsing the Markdown is half of a build (a 1,000-note build under the profiler: 31 of 62 s) and the
search index's reading of each page another sixth, yet between two builds, and above all between
two `mkdocs serve` rebuilds, nearly every page is what it was. MkDocs has no cache of its own
(`--dirty` skips pages by file date and leaves stale links, tables and backlinks behind), so this
one is ours. What a page's parse depends on is hashed into its key by the caller (its Markdown after
every hook changed it, its address, the other files' addresses, the Markdown extensions and their
settings, the installed packages and our own code); a key that is found is a page parsed from the
same inputs, so nothing ever expires and nothing has to be invalidated.

A store is one JSON file (no pickle: a cache file must never run code when read), named by the
part of the key all of a build's pages share, so two kinds of build of one site (say, the site and
its offline copy) keep a store each. A build reads its store once and, when anything changed,
writes back the entries it used, so pages that were deleted or edited drop out by themselves and a
store never grows past one site's pages; the oldest stores beyond `KEEP` are deleted. It is written
to a temporary file and renamed: a build stopped half-way leaves the old file whole.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from notekit.render import cache

FORMAT = 1  # bumped when what an entry holds changes
# Stores kept in one folder, newest first: a contributor has a site or two, a test run makes a new
# site per test (each in its own temporary folder), and a store is megabytes.
KEEP = 16


def fingerprint(value: Any) -> str:
    """A stable text for settings that may hold functions and objects (Markdown extensions'
    options): a function by its qualified name, an object by its `identity()` when it has one,
    any other object by its type. Its own settings come in through the config file's text, which
    the caller hashes too."""

    def plain(item: Any) -> Any:
        if item is None or isinstance(item, (str, int, float, bool)):
            return item
        if isinstance(item, dict):
            return {str(k): plain(v) for k, v in sorted(item.items(), key=lambda kv: str(kv[0]))}
        if isinstance(item, (list, tuple)):
            return [plain(v) for v in item]
        if isinstance(item, (set, frozenset)):
            return sorted(str(plain(v)) for v in item)
        identity = getattr(item, "identity", None)
        if callable(identity) and not isinstance(item, type):
            return {"identity": str(identity())}
        owner = getattr(item, "__self__", None)  # a bound method: its function and its object
        if owner is not None and callable(getattr(owner, "identity", None)):
            return {"method": getattr(item, "__qualname__", ""), "of": str(owner.identity())}
        name = getattr(item, "__qualname__", None) or type(item).__qualname__
        return {"callable" if callable(item) else "object": f"{getattr(item, '__module__', '')}.{name}"}

    return json.dumps(plain(value), sort_keys=True, ensure_ascii=False)


def installed(search_path: Iterable[str]) -> list[str]:
    """Every installed distribution as `name-version`, from the folder names installers write
    (`name-version.dist-info`): a new version of anything parses every page anew. Reading each
    distribution's metadata instead took 40 ms, in every build and every test's build."""
    found: set[str] = set()
    for entry in search_path:
        try:
            with os.scandir(entry or ".") as children:
                found.update(c.name for c in children if c.name.endswith((".dist-info", ".egg-info")))
        except OSError:  # a zip file or a missing folder on the path
            continue
    return sorted(found)


def source_digest(roots: Iterable[Path]) -> str:
    """One hash of every Python file under `roots`, by its path inside its root: an edit to our
    own code parses pages anew, and a copy of the project elsewhere shares the stores."""
    files = sorted(
        (root.name, path.relative_to(root).as_posix(), path)
        for root in roots
        for path in root.rglob("*.py")
        if "__pycache__" not in path.parts
    )
    return cache.key(*(f"{name}/{inner}\0{path.read_text(encoding='utf-8')}" for name, inner, path in files))


class PageStore:
    """The entries of one site's last build, read at the start of this one."""

    def __init__(self, path: Path):
        self.path = path
        self._old: dict[str, Any] = self._read(path)
        self._used: dict[str, Any] = {}
        self._added = False

    @staticmethod
    def _read(path: Path) -> dict[str, Any]:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError):
            return {}  # missing or damaged: every page is parsed again, nothing else goes wrong
        if (
            not isinstance(data, dict)
            or data.get("format") != FORMAT
            or not isinstance(data.get("entries"), dict)
        ):
            return {}
        entries: dict[str, Any] = data["entries"]
        return entries

    def get(self, key: str) -> Any | None:
        found = self._used.get(key)
        if found is None and (found := self._old.get(key)) is not None:
            self._used[key] = found
        return found

    def put(self, key: str, entry: Any) -> None:
        self._used[key] = entry
        self._added = True

    def save(self) -> bool:
        """Write this build's entries when they differ from what was read; True if written."""
        if not self._added and self._used.keys() == self._old.keys():
            return False
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump({"format": FORMAT, "entries": self._used}, handle, ensure_ascii=False)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        self._old, self._added = dict(self._used), False
        self._prune()
        return True

    def _prune(self) -> None:
        stores = []
        for path in self.path.parent.glob("*.json"):
            try:
                stores.append((path.stat().st_mtime, path))
            except FileNotFoundError:  # pruned meanwhile by another build
                continue
        for _, path in sorted(stores, reverse=True)[KEEP:]:
            if path != self.path:
                path.unlink(missing_ok=True)


Logged = list[tuple[str, int, str]]  # (logger, level, message): what a parse said, to say again


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: Logged = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


@contextmanager
def logged(*loggers: logging.Logger) -> Iterator[Logged]:
    """What reaches `loggers` meanwhile at INFO or above, still logged as usual: a reused page
    says it again (a strict build counts its warnings again)."""
    handler = _Records()
    for logger in loggers:
        logger.addHandler(handler)
    try:
        yield handler.records
    finally:
        for logger in loggers:
            logger.removeHandler(handler)
