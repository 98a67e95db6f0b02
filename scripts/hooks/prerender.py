"""MkDocs hook: Mermaid diagrams and math rendered at build time (notekit.prerender), and
self-hosted script addresses that work at any address (notekit.portable_urls).

`PRERENDER=false` (or no Chromium / no Node) leaves drawing to the reader's browser, as before.
The browser and the Node process live for one build: closed when it ends, fails, or serve stops.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.utils import get_relative_url

from notekit import portable_urls, prerender

log = logging.getLogger("mkdocs.hooks.prerender")
_state: dict = {}


def _privacy(config: MkDocsConfig):
    plugin = config.plugins.get("material/privacy")
    return plugin.config if plugin is not None and plugin.config.enabled else None


def on_config(config: MkDocsConfig) -> None:
    privacy, wanted = _privacy(config), config.extra.get("prerender", True) not in (False, "false")
    # Self-hosted assets are the ones rendered with (and KaTeX's style sheet must be in the site).
    _state["renderer"] = privacy and wanted and prerender.Prerenderer(
        Path(config.config_file_path).parent, Path(privacy.cache_dir) / privacy.assets_fetch_dir,
        privacy.assets_fetch_dir, log.info,
    )  # fmt: skip


@event_priority(-75)  # after the privacy plugin (-50) has rewritten the page's external links
def on_post_page(output: str, page, config: MkDocsConfig) -> str:
    renderer = _state.get("renderer")
    if not renderer:
        return output
    href = get_relative_url(renderer.katex_css, page.url)
    return renderer.page(output, page.file.content_string, f"docs/{page.file.src_uri}", href, log.warning)


def on_post_build(config: MkDocsConfig) -> None:
    _close()
    privacy = _privacy(config)
    if privacy is not None and config.site_url:
        portable_urls.fix_site(Path(config.site_dir), config.site_url, privacy.assets_fetch_dir)


def _close() -> None:
    renderer = _state.pop("renderer", None)
    if renderer and (done := renderer.close()):
        log.info(f"rendered at build time: {done} (the rest from .cache/render)")


def on_build_error(error) -> None:
    _close()


def on_shutdown() -> None:
    _close()
