"""The headless Chromium every part of the project drives: build-time drawing, the book's PDF,
the browser tests and the benchmarks' Lighthouse runs. Found here, and only here.

Which browser: the one CHROME_PATH names (the Pages workflow sets the runner's Chrome, as
Lighthouse reads it too), else Debian's package, else the one `python -m playwright install
chromium` put in place. The flags suit a machine whose network is closed: no background fetches,
no QUIC, no sandbox (CI runs as root).

`Headless` starts the browser as a process of our own, in its own process group, so that a hung or
crashed browser can always be stopped, and nothing of it outlives the build.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
from pathlib import Path
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:  # Playwright is only needed where a browser is launched
    from playwright.sync_api import Browser, Playwright

DEBIAN = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


def executable() -> Path | None:
    """The Chromium to run, or None when there is none (not even Playwright's own)."""
    named = os.environ.get("CHROME_PATH")
    if named:
        return Path(named)
    if DEBIAN.exists():
        return DEBIAN
    return _playwright_browser()


def _playwright_browser() -> Path | None:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    try:
        with sync_playwright() as playwright:
            path = Path(playwright.chromium.executable_path)
    except Exception:  # no driver, or no browser downloaded: there is no Chromium here
        return None
    return path if path.exists() else None


def identity(path: Path) -> str:
    """What changes when the browser does (an upgrade replaces the file): for the render cache's
    key, without starting the browser."""
    try:
        real = path.resolve()
        stat = real.stat()
    except OSError:
        return str(path)
    return f"{real}:{stat.st_size}:{stat.st_mtime_ns}"


def launch(playwright: Playwright) -> Browser:
    """This Chromium through Playwright, with ARGS (Playwright raises if there is none)."""
    chosen = executable()
    return playwright.chromium.launch(executable_path=str(chosen) if chosen else None, args=ARGS)


class StartFailed(Exception):
    """The browser did not start, or did not say where to reach it, in time."""


_LISTENING = re.compile(r"DevTools listening on (ws://\S+)")


class Headless:
    """One headless Chromium process, reachable over the DevTools protocol; `kill` always works.

    Its standard error is read until the end by a thread of its own: the browser writes there for
    as long as it runs, and a pipe nobody reads would stop it once full.
    """

    def __init__(self, path: Path, args: list[str] = ARGS):
        self.path = path
        self.args = args
        self.process: subprocess.Popen[bytes] | None = None
        self._profile: str | None = None

    def start(self, timeout: float) -> str:
        """Starts the browser; returns the DevTools address to connect to."""
        self._profile = tempfile.mkdtemp(prefix="notekit-chromium-")
        command = [str(self.path), "--headless", "--remote-debugging-port=0",
                   f"--user-data-dir={self._profile}", *self.args, "about:blank"]  # fmt: skip
        try:
            self.process = subprocess.Popen(
                command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                start_new_session=True,
            )  # fmt: skip
        except OSError as exc:
            self.kill()
            raise StartFailed(f"it could not be run ({exc.strerror or exc})") from None
        found: list[str] = []
        ready = threading.Event()

        def read(stream: IO[bytes]) -> None:
            for raw in stream:
                if not found and (match := _LISTENING.search(raw.decode("utf-8", "replace"))):
                    found.append(match.group(1))
                    ready.set()
            ready.set()  # the stream ended: the browser exited

        threading.Thread(
            target=read, args=(self.process.stderr,), daemon=True, name="chromium-stderr"
        ).start()
        if not ready.wait(timeout) or not found:
            code = None
            if ready.is_set():  # its output ended: it has exited, or is about to
                try:
                    code = self.process.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    pass
            self.kill()
            if code is None:
                raise StartFailed(f"it did not answer within {timeout:g} s")
            raise StartFailed(f"it exited with code {code} while starting")
        return found[0]

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def exit_code(self) -> int | None:
        return None if self.process is None else self.process.poll()

    def kill(self) -> None:
        """Stops the browser and every process it started, at once; safe to call again."""
        if self.process is not None:
            if self.process.poll() is None:
                try:
                    if hasattr(os, "killpg"):
                        os.killpg(self.process.pid, signal.SIGKILL)
                    else:  # Windows: no process groups to kill at once
                        self.process.kill()
                except (ProcessLookupError, PermissionError):
                    pass
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
        if self._profile:
            shutil.rmtree(self._profile, ignore_errors=True)
            self._profile = None
