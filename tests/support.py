"""Helpers shared by the tests: paths, MkDocs builds in a subprocess, golden files.

(Kept out of conftest.py so that test modules can import them by a name no other folder uses.)
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURE_SITE = ROOT / "tests" / "fixtures" / "site"
GOLDEN = ROOT / "tests" / "golden"
HOOK = ROOT / "scripts" / "hooks" / "notes.py"


def with_our_hooks(config_text: str) -> str:
    """The fixture site's mkdocs.yml with its hooks (written relative to tests/fixtures/site)
    pointing into this repository, wherever the copy is."""
    return config_text.replace("../../../scripts/hooks/", f"{HOOK.parent.as_posix()}/")


def run_mkdocs(
    config: Path,
    site_dir: Path,
    *extra: str,
    env: dict[str, str | None] | None = None,
    timeout: float = 600,
) -> subprocess.CompletedProcess[str]:
    """`mkdocs build` in a process of its own; `env` adds variables to ours, and a None value
    removes one. Its log (stderr) is returned as a subprocess's would be.

    On Linux the process is a fork of this one with MkDocs already imported: the same isolation
    as a new interpreter (nothing of one build outlives it), without paying for the imports again,
    which took most of a small site's build (0.3 of 0.45 s). Elsewhere a new interpreter: Windows
    has no fork, and on macOS a fork of a process with threads may crash in Apple's frameworks.
    """
    merged = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    environment = {name: value for name, value in merged.items() if value is not None}
    args = ["build", "-f", str(config), "-d", str(site_dir), *extra]
    if sys.platform != "linux":
        return subprocess.run(
            [sys.executable, "-m", "mkdocs", *args],
            capture_output=True,
            text=True,
            env=environment,
            cwd=config.parent,
            timeout=timeout,
        )
    return _forked_mkdocs(args, environment, config.parent, timeout)


def _forked_mkdocs(
    args: list[str], env: dict[str, str], cwd: Path, timeout: float
) -> subprocess.CompletedProcess[str]:
    import tempfile
    import traceback

    import mkdocs.__main__  # noqa: F401 - imported here, once, so that each fork starts with it
    import mkdocs.commands.build  # noqa: F401

    with tempfile.TemporaryFile() as log:
        pid = os.fork()
        if pid == 0:  # the child: a `python -m mkdocs build` that ends with os._exit
            code = 1
            try:
                os.chdir(cwd)
                os.environ.clear()
                os.environ.update(env)
                null = os.open(os.devnull, os.O_RDWR)
                os.dup2(null, 0)
                os.dup2(null, 1)
                os.dup2(log.fileno(), 2)
                sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
                sys.stderr = open(2, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
                sys.argv = ["mkdocs", *args]
                try:
                    mkdocs.__main__.cli.main(args=args, prog_name="mkdocs")
                    code = 0
                except SystemExit as exc:
                    code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
                except BaseException:
                    traceback.print_exc()
            finally:
                with contextlib.suppress(BaseException):
                    sys.stderr.flush()
                    sys.stdout.flush()
                os._exit(code)
        fired = threading.Event()

        def stop() -> None:
            fired.set()
            os.kill(pid, 9)

        timer = threading.Timer(timeout, stop)
        timer.start()
        try:
            status = os.waitpid(pid, 0)[1]
        finally:
            timer.cancel()
        if fired.is_set():
            raise subprocess.TimeoutExpired(["mkdocs", *args], timeout)
        log.seek(0)
        stderr = log.read().decode("utf-8", "replace")
    return subprocess.CompletedProcess(["mkdocs", *args], os.waitstatus_to_exitcode(status), "", stderr)


def golden(name: str, actual: str) -> None:
    """Compare with tests/golden/<name>; UPDATE_GOLDEN=1 rewrites the file instead."""
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(actual.encode("utf-8"))
    assert path.exists(), f"missing golden file {path}; run with UPDATE_GOLDEN=1 once and review it"
    assert actual == path.read_bytes().decode("utf-8"), f"{name} differs from its golden file"


def tree_snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, with the site's own 404 page for unknown paths, as GitHub Pages serves it."""

    def log_message(self, *args) -> None:  # keep the test output quiet
        pass

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.exists():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class SiteServer(http.server.ThreadingHTTPServer):
    """A threaded loopback server for a built site that stays quiet when a browser hangs up early."""

    def __init__(self, folder: Path) -> None:
        super().__init__(("127.0.0.1", 0), functools.partial(SiteHandler, directory=str(folder)))

    def handle_error(self, request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a page closed mid-download
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serving(folder: Path, server: SiteServer | None = None) -> Iterator[str]:
    """Serve `folder` on a loopback port (or on `server`, already bound); yield its address."""
    server = server or SiteServer(folder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def wait_until(page, predicate: str, arg=None, timeout_ms: int = 10_000) -> None:
    """Wait until the JavaScript `predicate` holds in the browser page, or stop waiting quietly.

    For a state reached through several updates (search results per key, marks set when the
    browser is idle): the caller then asserts the state itself, and that assertion says what is
    wrong, where a timeout would only say that the time ran out.
    """
    from playwright.sync_api import Error  # the browser tests' dependency, not the fast tier's

    with contextlib.suppress(Error):
        page.wait_for_function(predicate, arg=arg, polling=100, timeout=timeout_ms)


def settled(page, promise: str, timeout_ms: int = 15_000):
    """What the JavaScript expression `promise` resolves to in the browser page; an error if it
    has not settled within `timeout_ms`.

    `page.evaluate` waits for a promise without a time limit, so one that never settles (a font
    that never finishes loading, an event that never comes) would hang the run instead of failing.
    """
    late = json.dumps(f"not settled within {timeout_ms} ms: {promise}")
    return page.evaluate(
        f"() => Promise.race([({promise}), new Promise((_, fail) => "
        f"setTimeout(() => fail(new Error({late})), {timeout_ms}))])"
    )


def fonts_loaded(page) -> None:
    """Wait until every font the page has asked for has loaded or failed (a state, with a limit)."""
    settled(page, "document.fonts.ready.then(() => true)")


def running(fragment: str) -> list[int]:
    """The processes of this machine whose command line contains `fragment` (Linux's /proc; on
    other systems none are found, so a test that relies on it should say where it runs)."""
    found = []
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if fragment in command and state != "Z":  # a zombie has ended; its parent just has not looked
            found.append(int(entry.name))
    return found
