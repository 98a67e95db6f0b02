"""Shared fixtures: a writable copy of the fixture site."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from support import FIXTURE_SITE, HOOK


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A copy of tests/fixtures/site whose hook path points back into this repository."""
    dest = tmp_path / "project"
    shutil.copytree(FIXTURE_SITE, dest)
    config = dest / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("../../../scripts/hooks/notes.py", HOOK.as_posix()), encoding="utf-8")
    return dest
