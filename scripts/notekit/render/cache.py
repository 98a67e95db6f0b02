"""A folder of rendered fragments (SVG, HTML), keyed by a hash of everything that shapes them.

Build-time rendering (diagrams in Chromium, math in Node) costs seconds; its inputs change only
when a note does. The key covers the source, the renderer's version and the theme, so a warm build
renders nothing and a changed Mermaid or KaTeX pin re-renders everything, without any expiry.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path


def key(*parts: str) -> str:
    # NUL cannot occur in the parts (sources are text), so the joined form is unambiguous.
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


class RenderCache:
    def __init__(self, root: Path):
        self.root = root

    def _path(self, digest: str) -> Path:
        return self.root / digest[:2] / f"{digest}.html"

    def get(self, digest: str) -> str | None:
        try:
            return self._path(digest).read_text(encoding="utf-8")
        except (FileNotFoundError, UnicodeDecodeError):
            return None

    def put(self, digest: str, text: str) -> None:
        path = self._path(digest)
        path.parent.mkdir(parents=True, exist_ok=True)
        # Write then rename: a build stopped half-way never leaves a truncated entry behind.
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
