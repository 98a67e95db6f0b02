"""MkDocs hook: third-party browser assets (KaTeX, Mermaid) served and drawn by the site itself.

- on_config: the print-site plugin renames the book's ids in one pass (`notekit.outputs.book_anchors`);
  fill Material's privacy-plugin cache from pinned npm packages (`notekit.render.assets`);
  what cannot be fetched (no npm, no network) stays on its CDN, and the build says so. Unless
  PRERENDER=false, hand the build's `notekit.render.drawing.Drawing` to the Markdown stage: as the
  Mermaid fence's formatter and to `notekit.markdown.math_markdown`.
  Material's search plugin then reads each page with its drawings as their words
  (`notekit.render.search_view`).
- on_files: Material's main style sheet with its plain-table rules widened to the tables
  `notekit.markdown.table_wraps` writes in Material's wrapper (in memory, from the installed theme).
- on_page_markdown: tell the drawing which page is parsed next (for located messages).
- on_page_context: the print-site plugin's files only on the book page (`notekit.outputs.book_assets`),
  and katex.js only where a formula was left to the browser.
- on_post_page: KaTeX's style sheet in the head of a page with math, not in its article, after
  preloads of the fonts its formulas use, except in the OFFLINE=true copy
  (`notekit.outputs.book_assets.katex_style_sheet_in_head`, `katex_font_preloads`); that copy loads Mermaid
  only where a diagram was left to the browser.
- on_post_build: the book with every self-check answer open (`notekit.notes.questions.open_all`) and
  one KaTeX style sheet at its own address (`notekit.outputs.book_assets.one_katex_style_sheet`), KaTeX's
  fonts beside its style sheet, and addresses that work wherever the site is served
  (`notekit.outputs.portable_urls`). The browser and Node live for one build: closed when it
  ends, fails, or `mkdocs serve` stops.

This build's state (the drawing, the cache, what stayed external) lives on its config
(`notekit_mkdocs`), never in this module: MkDocs keeps a hook module for the whole process.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url
from notekit_mkdocs import PagePart, close_with, keep, kept, page_parts, settings

from notekit.markdown import table_wraps
from notekit.notes import questions
from notekit.outputs import book_anchors, book_assets, portable_urls
from notekit.render import assets, drawing, search_view

log = logging.getLogger("mkdocs.hooks.assets")
KEY = "notekit_assets"


@dataclass
class _Assets:
    """One build's assets: made in on_config, kept on that build's config."""

    cache: Path | None = None
    failed: dict[assets.Package, str] = field(default_factory=dict)
    drawing: drawing.Drawing | None = None
    # The page templates' copies of the config (without the book's files; with and without
    # katex.js): made once per build, not once per page.
    page_configs: dict[bool, MkDocsConfig] = field(default_factory=dict)

    def close(self) -> None:
        draw, self.drawing = self.drawing, None
        if draw and (done := draw.close()):
            log.info(f"drawn at build time: {done} (the rest from the render cache)")


def _linear_book_anchors() -> None:
    """The print-site plugin renames the book's ids with our linear function instead of its own
    quadratic one (why: `notekit.outputs.book_anchors`). Its `fix_internal_links` looks the name up
    in its module when called, so replacing it there is enough; tests/test_couplings.py checks
    that the name is still there and still called."""
    try:
        from mkdocs_print_site_plugin import urls
    except ImportError:  # the plugin is not installed: nothing to speed up
        return
    if hasattr(urls, "update_anchor_ids"):
        urls.update_anchor_ids = book_anchors.prefix_ids


def _privacy(config: MkDocsConfig) -> Any:
    plugin = config.plugins.get("material/privacy")
    return plugin.config if plugin is not None and plugin.config.enabled else None


def on_config(config: MkDocsConfig) -> None:
    state = keep(config, KEY, _Assets())
    _linear_book_anchors()
    if (privacy := _privacy(config)) is None:
        return
    build = settings(config)
    state.cache = Path(privacy.cache_dir) / privacy.assets_fetch_dir
    state.failed = assets.prepare(state.cache)
    for package, why in state.failed.items():
        privacy.assets_exclude.append(package.url_prefix.split("://", 1)[1] + "*")
        log.info(f"{package.spec} stays external ({why}); pages will load it from {package.url_prefix}")
    if not build.prerender:
        return
    state.drawing = draw = drawing.Drawing.start(
        build.render_cache, state.cache, privacy.assets_fetch_dir, build.render_timeout, log.info, log.warning
    )
    close_with(config, state.close)
    for fence in config.mdx_configs.get("pymdownx.superfences", {}).get("custom_fences", []):
        if fence.get("name") == "mermaid":
            fence["format"] = draw.fence
    if "notekit.markdown.math_markdown" in config.markdown_extensions:
        config.mdx_configs.setdefault("notekit.markdown.math_markdown", {})["drawing"] = draw
    _search_reads_words(config, draw)
    page_parts(config).append(
        PagePart("drawing", draw.identity, partial(_saved, draw), partial(_restore, draw))
    )


# Material's own style sheet, named by its content's hash.
MATERIAL_STYLE_SHEET = r"assets/stylesheets/main\.[0-9a-f]+\.min\.css"


def on_files(files: Files, config: MkDocsConfig) -> None:
    if "notekit.markdown.table_wraps" not in config.markdown_extensions:
        return
    sheets = [file for file in files if re.fullmatch(MATERIAL_STYLE_SHEET, file.src_uri)]
    try:
        if len(sheets) != 1:
            raise ValueError(f"{len(sheets)} files match {MATERIAL_STYLE_SHEET}, one expected")
        widened = table_wraps.material_style_sheet(sheets[0].content_string)
    except ValueError as error:
        raise PluginError(
            f"mkdocs.yml: markdown_extensions: notekit.markdown.table_wraps: {error}: this Material "
            "styles its tables otherwise than the extension expects (docs-dev/COUPLINGS.md); "
            "hint: remove the extension until it follows"
        ) from None
    files.remove(sheets[0])
    files.append(File.generated(config, sheets[0].src_uri, content=widened))


def _saved(draw: drawing.Drawing, page: Page) -> Any:
    record = draw.page(page.file.src_uri)
    return record.saved() if record is not None else None


def _restore(draw: drawing.Drawing, page: Page, saved: Any) -> None:
    # on_page_markdown began the page's record (its name and style sheet address) already.
    if saved is not None and (record := draw.page(page.file.src_uri)) is not None:
        record.restore(saved)


def _search_reads_words(config: MkDocsConfig, draw: drawing.Drawing) -> None:
    """Material's search plugin indexes each page in its page_context handler, from page.content:
    wrapped where the plugin collection keeps it, that handler reads the page with each drawing
    swapped for its words (why: `notekit.render.search_view`). tests/test_couplings.py checks that
    the plugin still indexes there."""
    search = config.plugins.get("material/search")
    handlers = config.plugins.events["page_context"]
    for index, handler in enumerate(handlers):
        if search is not None and getattr(handler, "__self__", None) is search:
            handlers[index] = partial(_indexed_as_words, handler, draw)


def _indexed_as_words(
    index: Callable[..., Any], draw: drawing.Drawing, context: dict[str, Any], *, page: Page, **kwargs: Any
) -> Any:
    record = draw.page(page.file.src_uri)
    if record is None:
        return index(context, page=page, **kwargs)
    page.content, swapped = record.search.hide(page.content or "")
    try:
        return index(context, page=page, **kwargs)
    finally:
        page.content = search_view.show(page.content or "", swapped)


@event_priority(100)  # before any other hook changes the page's Markdown
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if (draw := kept(config, KEY, _Assets).drawing) is not None:
        href = get_relative_url(draw.katex_css, page.url)
        draw.begin(page.file.src_uri, page.file.content_string, markdown, href)
    return markdown


def on_page_context(
    context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation
) -> dict[str, Any]:
    # Every page the plugin does not draw itself: the book page comes from the 404 context.
    state = kept(config, KEY, _Assets)
    record = state.drawing.page(page.file.src_uri) if state.drawing else None
    katex_js = record is None or record.raw_math
    if katex_js not in state.page_configs:
        state.page_configs[katex_js] = book_assets.page_config(config, katex_js)
    context["config"] = state.page_configs[katex_js]
    return context


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    state = kept(config, KEY, _Assets)
    record = state.drawing.page(page.file.src_uri) if state.drawing else None
    if record is not None and record.typeset:
        offline = config.plugins.get("material/offline")
        on_disk = offline is not None and offline.config.enabled
        typeset = "".join(item.fragment for item in record.search.drawn if item.kind == "formula")
        output = book_assets.katex_style_sheet_in_head(output, record.katex_css, None if on_disk else typeset)
    if record is not None and not record.raw_diagrams:
        return book_assets.without_mermaid_script(output)
    return output


def on_post_build(config: MkDocsConfig) -> None:
    state = kept(config, KEY, _Assets)
    # The print-site plugin writes the book in its own on_post_build, which runs before ours.
    book = getattr(config.plugins.get("print-site"), "print_page", None)
    if book and (path := Path(book.file.abs_dest_path)).is_file():
        text = path.read_text(encoding="utf-8")
        if state.drawing is not None:
            css = state.drawing.katex_css
            text = book_assets.one_katex_style_sheet(text, css, get_relative_url(css, book.file.url))
        text = portable_urls.relative_root(text, config.site_url or "/", book.file.url)
        path.write_text(questions.open_all(text), encoding="utf-8")
    state.close()
    if (privacy := _privacy(config)) is None or state.cache is None:
        return
    assets.copy_fonts(state.cache, Path(config.site_dir) / privacy.assets_fetch_dir, state.failed)
    if config.site_url:
        portable_urls.fix_site(Path(config.site_dir), config.site_url, privacy.assets_fetch_dir)
