"""The headless Chromium every part of the project drives: build-time drawing, the book's PDF,
the browser tests and the benchmarks' Lighthouse runs.

Debian's package by default; CHROME_PATH names another (the Pages workflow sets the runner's
Chrome, as Lighthouse reads it too). The flags suit a machine whose network is closed: no
background fetches, no QUIC, no sandbox (CI runs as root).
"""

from __future__ import annotations

import os
from pathlib import Path

DEBIAN = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


def executable() -> Path:
    return Path(os.environ.get("CHROME_PATH") or DEBIAN)


def launch(playwright):
    """This Chromium through Playwright, with ARGS; where it is missing, the browser that
    `python -m playwright install chromium` put in place (Playwright raises if there is none)."""
    chosen = executable()
    return playwright.chromium.launch(executable_path=str(chosen) if chosen.exists() else None, args=ARGS)
