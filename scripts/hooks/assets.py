"""MkDocs hook: self-host KaTeX and Mermaid through Material's privacy plugin, without the internet.

Before the privacy plugin looks for external files, fill its cache from pinned npm packages
(`notekit.assets`). Anything that cannot be fetched (no npm, no network) is excluded from the
plugin, stays on its CDN, and the build says so: it still succeeds.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from notekit import assets

log = logging.getLogger("mkdocs.hooks.assets")
_state: dict = {}


def _privacy(config: MkDocsConfig):
    plugin = config.plugins.get("material/privacy")
    return plugin.config if plugin is not None and plugin.config.enabled else None


def on_config(config: MkDocsConfig) -> None:
    privacy = _privacy(config)
    if privacy is None:
        return
    cache = Path(privacy.cache_dir) / privacy.assets_fetch_dir
    failed = assets.prepare(cache)
    for package, why in failed.items():
        privacy.assets_exclude.append(package.url_prefix.split("://", 1)[1] + "*")
        log.info(f"{package.spec} stays external ({why}); pages will load it from {package.url_prefix}")
    _state.update(cache=cache, failed=failed)


def on_post_build(config: MkDocsConfig) -> None:
    privacy = _privacy(config)
    if privacy is None:
        return
    # The privacy plugin follows absolute URLs only; KaTeX's style sheet names its fonts relatively
    # (fonts/KaTeX_*.woff2), so copy them to where the self-hosted style sheet will look.
    out = Path(config.site_dir) / privacy.assets_fetch_dir
    for package in assets.PACKAGES:
        if package in _state["failed"]:
            continue
        for path in package.files:
            # woff2 only: every browser Material supports reads it, and it comes first in the CSS.
            if not path.endswith((".woff2",)):
                continue
            source = assets.cache_path(_state["cache"], package.url(path))
            target = assets.cache_path(out, package.url(path))
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(source, target)  # the cache and the site are usually on one disk
            except OSError:
                shutil.copyfile(source, target)
