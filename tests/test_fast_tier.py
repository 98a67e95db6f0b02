"""scripts/fast_tier.py: the watch around the fast tier notices each broken promise."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time

import pytest

from support import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import fast_tier  # noqa: E402 - a script, not a package


def test_a_file_written_changed_or_removed_is_named(tmp_path):
    (tmp_path / "kept").write_text("a")
    (tmp_path / "edited").write_text("a")
    (tmp_path / "gone").write_text("a")
    before = fast_tier.snapshot(tmp_path)
    (tmp_path / "edited").write_text("bb")
    (tmp_path / "gone").unlink()
    (tmp_path / "new-folder").mkdir()
    (tmp_path / "new-folder" / "file").write_text("a")
    assert fast_tier.changes(before, fast_tier.snapshot(tmp_path)) == [
        "written: new-folder/",
        "written: new-folder/file",
        "removed: gone",
        "changed: edited",
    ]


def test_what_other_worktrees_write_in_git_is_not_watched(tmp_path):
    (tmp_path / ".git" / "objects").mkdir(parents=True)
    (tmp_path / ".git" / "index").write_text("a")
    before = fast_tier.snapshot(tmp_path)
    (tmp_path / ".git" / "objects" / "ab").write_text("a")
    (tmp_path / ".git" / "index").write_text("bb")
    assert fast_tier.changes(before, fast_tier.snapshot(tmp_path)) == ["changed: .git/index"]


def test_a_stand_in_called_and_a_file_written_are_each_named(tmp_path):
    careless = 'import subprocess, pathlib\nsubprocess.run(["npm", "--version"])\npathlib.Path("left.txt").write_text("x")'
    code, problems = fast_tier.watched([sys.executable, "-c", careless], tmp_path)
    assert code == 0  # the program itself succeeded; what it broke is what fails the run
    assert problems == ["a stand-in was called: npm --version", "written: left.txt"]


@pytest.mark.skipif(not shutil.which("sleep") or sys.platform != "linux", reason="needs /proc and sleep(1)")
def test_a_renderer_started_from_the_run_is_seen_however_it_was_found(tmp_path):
    # A copy of sleep(1) named chromium, run by its full path (no stand-in on PATH can catch it):
    # the watch knows a browser by the file its process runs and the run by the token it inherits.
    fake = tmp_path / "chromium"
    shutil.copy(shutil.which("sleep"), fake)
    watch = fast_tier.ProcessWatch("t0ken")
    watch.start()
    ours = subprocess.Popen([fake, "30"], env={fast_tier.TOKEN_NAME: "t0ken"})
    other = subprocess.Popen([fake, "30"], env={fast_tier.TOKEN_NAME: "another run"})
    try:
        started = watch.scans
        deadline = time.monotonic() + 10
        # A state, polled: two full passes over the process table since both started.
        while watch.scans < started + 2 and time.monotonic() < deadline:
            time.sleep(0.02)
    finally:
        ours.kill()
        other.kill()
        watch.stop.set()
        watch.join()
    assert watch.seen == {ours.pid: f"{fake} 30"}


def test_a_run_that_keeps_its_promises_is_clean(tmp_path):
    code, problems = fast_tier.watched([sys.executable, "-c", "print('quiet')"], tmp_path)
    assert (code, problems) == (0, [])
