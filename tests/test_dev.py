"""scripts/dev.py: the installed packages' byte code is compiled into the tests' prefix once per
environment, not by the first test run; a command it runs stops with it."""

from __future__ import annotations

import importlib.util
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from support import ROOT


def load_dev():
    spec = importlib.util.spec_from_file_location("dev_script", ROOT / "scripts" / "dev.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_installed_byte_code_is_compiled_into_the_prefix_once(tmp_path: Path, monkeypatch):
    dev = load_dev()
    calls: list[list[str]] = []

    def run(command, **kwargs):
        calls.append([str(part) for part in command])
        out = "/venv/site-packages\n" if "-c" in command else ""
        return subprocess.CompletedProcess(command, 0, stdout=out)

    monkeypatch.setattr(dev.subprocess, "run", run)
    env = {"PYTHONPYCACHEPREFIX": str(tmp_path / "pycache")}
    dev.compile_installed(env)
    compiled = [c for c in calls if "compileall" in c]
    assert len(compiled) == 1 and compiled[0][-1] == "/venv/site-packages"
    assert compiled[0][0] == str(dev.venv_bin("python"))
    calls.clear()
    dev.compile_installed(env)  # the same environment: nothing to do
    assert calls == []
    monkeypatch.setattr(dev, "wanted_stamp", lambda: "another environment")
    dev.compile_installed(env)
    assert any("compileall" in c for c in calls)


def test_this_checkouts_own_code_is_compiled_into_the_prefix_before_every_run(tmp_path: Path, monkeypatch):
    dev = load_dev()
    calls: list[tuple[list[str], dict]] = []
    monkeypatch.setattr(dev.subprocess, "run", lambda command, **kwargs: calls.append((command, kwargs)))
    env = {"PYTHONPYCACHEPREFIX": str(tmp_path / "pycache")}
    for _ in range(2):  # compileall itself skips what is current
        dev.compile_own(env)
    assert len(calls) == 2
    command, kwargs = calls[0]
    assert command[1:3] == ["-m", "compileall"] and kwargs["env"] is env
    assert command[-2:] == [str(dev.ROOT / "scripts"), str(dev.ROOT / "tests")]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_a_sigterm_to_dev_py_stops_the_command_it_runs(tmp_path: Path):
    # An editor stopping `dev.py mkdocs serve` with SIGTERM must not leave the server holding its port.
    dev = load_dev()
    ready = tmp_path / "ready"
    script = f"import pathlib, time; pathlib.Path({str(ready)!r}).touch(); time.sleep(60)"
    done: list[int] = []
    before = signal.getsignal(signal.SIGTERM)
    started = time.monotonic()

    def stop_when_ready() -> None:
        while not ready.exists() and time.monotonic() - started < 30:
            time.sleep(0.01)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=stop_when_ready, daemon=True).start()
    done.append(dev.run_forwarding([sys.executable, "-c", script]))
    assert done == [-signal.SIGTERM]
    assert time.monotonic() - started < 30
    assert signal.getsignal(signal.SIGTERM) == before  # this process's own handler is back
