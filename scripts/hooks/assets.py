"""MkDocs hook: third-party browser assets (KaTeX, Mermaid) served and drawn by the site itself.

- on_config: fill Material's privacy-plugin cache from pinned npm packages (`notekit.assets`);
  what cannot be fetched (no npm, no network) stays on its CDN, and the build says so.
- on_page_context: the print-site plugin's style sheets and script only on the book page
  (`notekit.book_assets`).
- on_post_page: draw diagrams and typeset math at build time (`notekit.prerender`); PRERENDER=false,
  or no Chromium or Node, leaves that to the reader's browser. The browser and the Node process
  live for one build: closed when it ends, fails, or `mkdocs serve` stops.
- on_post_build: the same for the printable book (with every self-check answer open,
  `notekit.questions.open_all`), KaTeX's fonts beside its style sheet, and script addresses that
  work wherever the site is served (`notekit.portable_urls`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.utils import get_relative_url

from notekit import assets, book_assets, portable_urls, prerender, questions

log = logging.getLogger("mkdocs.hooks.assets")


@dataclass
class _State:
    cache: Path | None = None
    failed: dict[assets.Package, str] = field(default_factory=dict)
    renderer: prerender.Prerenderer | None = None
    # (the build's config, its copy for pages): made once per build, not once per page.
    page_config: tuple[MkDocsConfig, MkDocsConfig] | None = None


_state = _State()


def _privacy(config: MkDocsConfig):
    plugin = config.plugins.get("material/privacy")
    return plugin.config if plugin is not None and plugin.config.enabled else None


def on_config(config: MkDocsConfig) -> None:
    if (privacy := _privacy(config)) is None:
        return
    _state.cache = Path(privacy.cache_dir) / privacy.assets_fetch_dir
    _state.failed = assets.prepare(_state.cache)
    for package, why in _state.failed.items():
        privacy.assets_exclude.append(package.url_prefix.split("://", 1)[1] + "*")
        log.info(f"{package.spec} stays external ({why}); pages will load it from {package.url_prefix}")
    if config.extra.get("prerender", True) not in (False, "false"):  # drawn with the self-hosted copies
        root = Path(config.config_file_path).parent
        _state.renderer = prerender.Prerenderer(root, _state.cache, privacy.assets_fetch_dir, log.info)


def on_page_context(context: dict, page, config: MkDocsConfig, nav) -> dict:
    # Every page the plugin does not draw itself: the book page comes from the 404 context.
    if _state.page_config is None or _state.page_config[0] is not config:
        _state.page_config = (config, book_assets.without_book_assets(config))
    context["config"] = _state.page_config[1]
    return context


@event_priority(-75)  # after the privacy plugin (-50) has rewritten the page's external links
def on_post_page(output: str, page, config: MkDocsConfig) -> str:
    if (renderer := _state.renderer) is None:
        return output
    href = get_relative_url(renderer.katex_css, page.url)
    return renderer.page(output, page.file.content_string, f"docs/{page.file.src_uri}", href, log.warning)


def on_post_build(config: MkDocsConfig) -> None:
    # The print-site plugin writes the book in its own on_post_build, which runs before ours.
    book = getattr(config.plugins.get("print-site"), "print_page", None)
    if book and (path := Path(book.file.abs_dest_path)).is_file():
        text = path.read_text(encoding="utf-8")
        text = portable_urls.relative_root(text, config.site_url or "/", book.file.url)
        text = questions.open_all(text)
        if _state.renderer:
            href = get_relative_url(_state.renderer.katex_css, book.file.url)
            text = _state.renderer.page(text, "", "the book", href, log.warning)
        path.write_text(text, encoding="utf-8")
    _close()
    if (privacy := _privacy(config)) is None:
        return
    assets.copy_fonts(_state.cache, Path(config.site_dir) / privacy.assets_fetch_dir, _state.failed)
    if config.site_url:
        portable_urls.fix_site(Path(config.site_dir), config.site_url, privacy.assets_fetch_dir)


def _close() -> None:
    renderer, _state.renderer = _state.renderer, None
    if renderer and (done := renderer.close()):
        log.info(f"rendered at build time: {done} (the rest from .cache/render)")


def on_build_error(error) -> None:
    _close()


def on_shutdown() -> None:
    _close()
