"""Run the fast tier and prove what it promises: no browser, no Node, nothing written in the repository.

    python3 scripts/dev.py test --fast     # this, as contributors and CI run it
    python3 scripts/fast_tier.py [pytest arguments]   # the same, from inside the environment

The fast tier is `pytest -m "not browser and not slow"`. Around it this script:

- puts stand-ins for `chromium`, `google-chrome`, `node`, `npm` and `npx` first on PATH (and
  CHROME_PATH, PLAYWRIGHT_BROWSERS_PATH) that only write down that they were called and fail;
- watches the process table (Linux's /proc) for any Chromium or Node process started from the
  run, however it was found, by a token in the environment every child inherits;
- lists every file and folder of the repository before and after, ignored ones included
  (`.venv`, caches, `.git` but for the objects, refs, logs and worktrees that other worktrees
  of the same repository write while it runs), with size and modification time.

It fails, naming each, if a stand-in was called, a real browser or Node ran, or anything in the
repository changed. Caches the tests keep between runs (byte code, Hypothesis' examples, the
pinned browser assets) live outside the repository, in the folders scripts/dev.py names.

Standard library only. Why not a pytest plugin: a plugin runs inside the process it watches,
after pytest itself has written its caches, and cannot see what happens before it loads.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARKER = "not browser and not slow"
RENDERERS = (
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
    "node",
    "nodejs",
)
STAND_INS = (*RENDERERS, "npm", "npx")
# What a running browser or Node is called, by the file its process runs (/proc/PID/exe).
PROCESS_NAMES = {"chromium", "chrome", "headless_shell", "chrome_crashpad_handler", "node", "nodejs"}
TOKEN_NAME = "FAST_TIER_RUN"


# Shared by every worktree of the repository: a commit in another one writes here.
SHARED_GIT = {".git/objects", ".git/refs", ".git/logs", ".git/worktrees"}


def snapshot(root: Path) -> dict[str, tuple[int, int] | None]:
    """Every path under `root`: (size, modification time) for a file, None for a folder."""
    found: dict[str, tuple[int, int] | None] = {}
    for folder, dirs, files in os.walk(root):
        base = Path(folder)
        dirs[:] = [name for name in dirs if (base / name).relative_to(root).as_posix() not in SHARED_GIT]
        for name in dirs:
            found[(base / name).relative_to(root).as_posix() + "/"] = None
        for name in files:
            path = base / name
            try:
                info = path.lstat()
            except FileNotFoundError:  # removed while we looked
                continue
            found[path.relative_to(root).as_posix()] = (info.st_size, info.st_mtime_ns)
    return found


def changes(before: dict[str, tuple[int, int] | None], after: dict[str, tuple[int, int] | None]) -> list[str]:
    said = [f"written: {path}" for path in sorted(after) if path not in before]
    said += [f"removed: {path}" for path in sorted(before) if path not in after]
    said += [f"changed: {path}" for path in sorted(before) if path in after and before[path] != after[path]]
    return said


def stand_ins(folder: Path, log: Path) -> None:
    for name in STAND_INS:
        script = folder / name
        script.write_text(f'#!/bin/sh\necho "{name} $*" >> "{log}"\nexit 127\n', encoding="utf-8")
        script.chmod(0o755)


class ProcessWatch(threading.Thread):
    """Polls /proc for Chromium or Node processes that carry this run's token."""

    def __init__(self, token: str) -> None:
        super().__init__(daemon=True)
        self.needle = f"{TOKEN_NAME}={token}".encode()
        self.seen: dict[int, str] = {}
        self.scans = 0  # full passes over the process table so far
        self.stop = threading.Event()
        self.available = Path("/proc/self/exe").exists()

    def run(self) -> None:
        while self.available and not self.stop.wait(0.05):
            for entry in Path("/proc").glob("[0-9]*"):
                try:
                    exe = os.readlink(entry / "exe")
                    if Path(exe).name not in PROCESS_NAMES or int(entry.name) in self.seen:
                        continue
                    if self.needle in (entry / "environ").read_bytes().split(b"\0"):
                        command = (
                            (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                        )
                        self.seen[int(entry.name)] = command.strip()[:200]
                except OSError:  # gone, or not ours to read
                    continue
            self.scans += 1


def watched(command: list[str], root: Path) -> tuple[int, list[str]]:
    """Run `command` in `root` with the stand-ins and the watch: its exit code, and what it broke."""
    token = secrets.token_hex(8)
    with tempfile.TemporaryDirectory(prefix="fast-tier-") as temp:
        bin_dir, calls = Path(temp, "bin"), Path(temp, "calls.log")
        bin_dir.mkdir()
        stand_ins(bin_dir, calls)
        env = dict(os.environ)
        env.update(
            {
                TOKEN_NAME: token,
                "PATH": f"{bin_dir}{os.pathsep}{env.get('PATH', '')}",
                "CHROME_PATH": str(bin_dir / "chromium"),
                "PLAYWRIGHT_BROWSERS_PATH": str(Path(temp, "no-browsers")),
            }
        )
        before = snapshot(root)
        watch = ProcessWatch(token)
        watch.start()
        try:
            code = subprocess.run(command, cwd=root, env=env).returncode
        finally:
            watch.stop.set()
            watch.join()
        after = snapshot(root)
        called = calls.read_text(encoding="utf-8").splitlines() if calls.exists() else []
    problems = [f"a stand-in was called: {line}" for line in called]
    problems += [f"a renderer ran (pid {pid}): {cmd}" for pid, cmd in sorted(watch.seen.items())]
    if not watch.available:
        print("fast tier: no /proc here; only the stand-ins on PATH were watched", file=sys.stderr)
    return code, problems + changes(before, after)


def main(pytest_args: list[str]) -> int:
    started = time.monotonic()
    code, problems = watched([sys.executable, "-m", "pytest", "-m", MARKER, *pytest_args], ROOT)
    print(f"fast tier: pytest exited {code} after {time.monotonic() - started:.1f} s", file=sys.stderr)
    for problem in problems[:50]:
        print(f"fast tier: {problem}", file=sys.stderr)
    if len(problems) > 50:
        print(f"fast tier: ... and {len(problems) - 50} more", file=sys.stderr)
    if problems:
        print(
            "fast tier: it must start no browser or Node and write nothing in the repository", file=sys.stderr
        )
        return code or 1
    print("fast tier: no browser or Node started, nothing in the repository written", file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
