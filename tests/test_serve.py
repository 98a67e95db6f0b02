"""`mkdocs serve` keeps previewing while an author edits: a changed title refreshes README instead of
stopping the preview, and a broken note restored with `git checkout` brings the preview back.

Each step waits for a state (a line in the server's log, a page's content), never for a time.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from notekit.commands import cli, scaffold

DEADLINE = 60.0  # seconds; only reached when something is broken


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    def __init__(self, site: Path):
        self.port = _free_port()
        # The fixture's site_url ends in /notes/, and `mkdocs serve` mounts the site there.
        self.base = f"http://127.0.0.1:{self.port}/notes/"
        self.log: list[str] = []
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-f", str(site / "mkdocs.yml"),
             "-a", f"127.0.0.1:{self.port}"],
            cwd=site, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stderr:
            self.log.append(line.rstrip("\n"))

    def get(self, path: str) -> str | None:
        try:
            with urllib.request.urlopen(f"{self.base}notes/{path}", timeout=5) as response:
                return response.read().decode("utf-8")
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return None

    def wait_for(self, what: str, condition: Callable[[], bool]) -> None:
        end = time.monotonic() + DEADLINE
        while not condition():
            assert self.process.poll() is None, "the server stopped:\n" + "\n".join(self.log)
            assert time.monotonic() < end, f"waited in vain for {what}; log:\n" + "\n".join(self.log)
            time.sleep(0.1)  # polling interval of the state check, not a wait for the server

    def logged(self, text: str, after: int = 0) -> Callable[[], bool]:
        return lambda: any(text in line for line in self.log[after:])


@pytest.fixture
def server(site: Path) -> Iterator[Server]:
    assert cli.main(["--config", str(site / "mkdocs.yml")]) == 0
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-C", str(site)]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "fixture"], check=True)
    server = Server(site)
    try:
        server.wait_for("the first build", lambda: (server.get("first-note/") or "").count("First note") > 0)
        yield server
    finally:
        server.process.terminate()
        server.process.wait(timeout=30)


def test_a_new_title_refreshes_readme_and_the_preview_keeps_going(server, site):
    note = site / "docs/notes/first-note.md"
    mark = len(server.log)
    note.write_text(note.read_text().replace("title: First note", "title: First note, renamed"))
    server.wait_for(
        "the new title on the page", lambda: "First note, renamed" in (server.get("first-note/") or "")
    )
    assert server.logged("README.md: refreshed the topic table", mark)()
    assert "[First note, renamed](docs/notes/first-note.md)" in (site / "README.md").read_text()
    assert not server.logged("is stale", mark)()
    # A strict build outside the preview agrees with the refreshed README.
    assert cli.main(["--config", str(site / "mkdocs.yml"), "--check"]) == 0


def test_a_broken_note_restored_with_git_checkout_brings_the_preview_back(server, site):
    note = site / "docs/notes/first-note.md"
    # The second break leaves the file the same size as the fixed one.
    for broken in ("tags: [alpha", "tags: [alpha}"):
        mark = len(server.log)
        note.write_text(note.read_text().replace("tags: [alpha]", broken))
        server.wait_for(
            f"the located error ({broken})", server.logged("docs/notes/first-note.md:4: front-matter", mark)
        )
        mark = len(server.log)
        subprocess.run(["git", "-C", str(site), "checkout", "--", "docs/notes/first-note.md"], check=True)
        server.wait_for(f"a good rebuild ({broken})", server.logged("Reloading browsers", mark))
        assert "First note" in (server.get("first-note/") or "")


def test_a_note_without_its_questions_is_still_previewed_with_a_note_in_the_log(server, site):
    mark = len(server.log)
    (site / "docs/notes/second-note.questions.yml").unlink()
    missing = (
        "draft: docs/notes/second-note.md:1: questions: the note has no self-check questions (write 6 to "
        "10 in docs/notes/second-note.questions.yml (CONTRIBUTING.md, 'Self-check questions'))"
    )
    server.wait_for("the draft's note in the log", server.logged(missing, mark))
    server.wait_for("a good rebuild", server.logged("Reloading browsers", mark))
    page = server.get("second-note/") or ""
    assert "The second note" in page and "self-check-questions" not in page
    assert not server.logged("Aborted", mark)()


def test_a_new_note_full_of_placeholders_is_previewed_as_a_draft(server, site, capsys):
    mark = len(server.log)
    assert scaffold.main(["Prompt caching basics", "--tag", "rag", "--config", str(site / "mkdocs.yml")]) == 0
    capsys.readouterr()
    sources = (
        "draft: docs/notes/prompt-caching-basics.md:2: sources: 0 sources, at least 3 (add at least three "
        "sources (title, url, kind) — CONTRIBUTING.md, 'The front-matter contract')"
    )
    diagram = (
        "draft: docs/notes/prompt-caching-basics.md:23: diagram: still the template's example diagram "
        "(draw the note's own, or delete it; CONTRIBUTING.md, 'Add a note')"
    )
    server.wait_for("the draft's sources in the log", server.logged(sources, mark))
    server.wait_for("the draft's diagram in the log", server.logged(diagram, mark))
    server.wait_for(
        "the new note's page", lambda: "Prompt caching basics" in (server.get("prompt-caching-basics/") or "")
    )
    assert server.logged("draft: the strict build refuses the notes above until they are finished", mark)()
    assert not server.logged("ERROR", mark)() and not server.logged("Aborted", mark)()
