"""Fetch the pinned browser assets (KaTeX, Mermaid) into the privacy plugin's cache, ahead of tests.

`python3 scripts/dev.py pytest` runs this first. The tests themselves never reach the network
(tests/conftest.py keeps npm offline), so the one download happens here, as part of setting up,
like pip's; once the cache is full this does nothing.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from notekit.render import assets

# Material's privacy plugin keeps its downloads under its `cache_dir` (default
# .cache/plugin/privacy; PRIVACY_CACHE in mkdocs.yml moves it, and scripts/dev.py moves it out of
# the repository for the tests) and mkdocs.yml's `assets_fetch_dir`. A coupling to the plugin's
# cache layout: docs-dev/COUPLINGS.md; tests/test_couplings.py compares it with the plugin's own config.
CACHE_DIR = Path(".cache", "plugin", "privacy")
FETCH_DIR = Path("assets", "external")
CACHE = CACHE_DIR / FETCH_DIR


def main(root: Path | None = None) -> int:
    cache = Path(os.environ.get("PRIVACY_CACHE") or CACHE_DIR) / FETCH_DIR
    for package, why in assets.prepare((root or Path.cwd()) / cache).items():
        print(f"prefetch: {package.spec} not fetched ({why}); builds leave it on its CDN", file=sys.stderr)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
