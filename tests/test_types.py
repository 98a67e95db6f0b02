"""notekit and the MkDocs hooks pass a strict static type check (mypy, configured in pyproject.toml).

The check's cache lives in the system's temporary folder, one per checkout, so the repository is
never written and a second run takes about a second.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from support import ROOT


def test_notekit_and_the_hooks_pass_mypy_strict():
    checkout = hashlib.sha256(str(ROOT).encode()).hexdigest()[:12]
    cache = Path(tempfile.gettempdir()) / f"notekit-mypy-{checkout}"
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-error-summary"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "MYPY_CACHE_DIR": str(cache)},
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
