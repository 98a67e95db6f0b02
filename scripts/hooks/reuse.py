"""MkDocs hook: a page parsed by an earlier build from the same inputs is not parsed again, and the
search index does not read again a page it read before (`notekit.render.page_store` says why).

- on_config: open this site's store, in the render cache; the search plugin's index reads each page
  through `_indexed_once`.
- on_pre_page: the page's `render` (MkDocs' Markdown parse) goes through `_parsed_once`.
- on_post_build: the store keeps this build's pages.

A page's key holds everything its parse reads: its Markdown after every hook changed it, its own
addresses, every file's addresses (links are resolved and checked against them), the Markdown
extensions and their settings, the config file's text, link validation, the installed packages,
our own code, and what each hook that draws into the page says shapes its part (`PagePart`). A
page that pulls other files in (pymdownx.snippets' `--8<--`) is always parsed: its key would need
those files. What a parse logged (a broken link, an illegible diagram) is logged again when it is
reused, so a strict build still fails on it; a page whose renderer failed half-way is not kept.

tests/test_reuse.py checks that a site built from reused pages is, file for file, the site a fresh
build writes (after an edit, a new file, a changed setting, a damaged store; with drawings), and
tests/test_couplings.py that MkDocs' `Page.render` still sets only what `_parsed_once` restores.
"""

from __future__ import annotations

import logging
import platform
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents
from notekit_mkdocs import keep, kept, page_parts, settings

import notekit
from notekit.render import cache, page_store

log = logging.getLogger("mkdocs.hooks.reuse")
KEY = "notekit_reuse"
SNIPPET = "--8<--"  # pymdownx.snippets' marker: the page pulls another file in


@dataclass
class _Reuse:
    """One build's store and the part of every key that is the same for all its pages."""

    folder: Path  # the stores, in the render cache
    config_text: str
    snippets: bool
    shared: str = ""  # made at the first page, once every hook has set its extensions up
    store: page_store.PageStore | None = None  # the one named by `shared`, opened with it
    reused: dict[str, int] = field(default_factory=lambda: {"pages": 0})


def on_config(config: MkDocsConfig) -> None:
    setup = settings(config)
    try:
        text = Path(config.config_file_path).read_bytes().decode("utf-8", "replace")
    except OSError:
        text = ""
    snippets = "pymdownx.snippets" in config.markdown_extensions
    state = keep(config, KEY, _Reuse(setup.render_cache / "pages", text, snippets))
    search = config.plugins.get("material/search")
    index = getattr(search, "search_index", None)  # made by the plugin's own on_config, run before ours
    if index is not None:
        settings_once = page_store.fingerprint(index.config)  # the same for every page of the build
        index.add_entry_from_context = partial(
            _indexed_once, state, index, settings_once, index.add_entry_from_context
        )


def on_pre_page(page: Page, config: MkDocsConfig, files: Files) -> Page:
    state = kept(config, KEY, _Reuse)
    _shared(state, config, files)  # every hook has set its extensions and files up by now
    page.render = partial(_parsed_once, state, page, page.render)  # type: ignore[method-assign]
    return page


@event_priority(-100)  # after the search plugin has written its index
def on_post_build(config: MkDocsConfig) -> None:
    state = kept(config, KEY, _Reuse)
    if state.store is not None:
        try:
            state.store.save()
        except OSError as exc:  # a full disk or a read-only cache: the next build parses again
            log.info(f"parsed pages not kept for the next build: {exc}")
    if state.reused["pages"]:
        log.info(f"reused from an earlier build: {state.reused['pages']} parsed pages")


# One page ------------------------------------------------------------------------------------


def _shared(state: _Reuse, config: MkDocsConfig, files: Files) -> page_store.PageStore:
    """The part of every key that all pages share, and the store it names: builds that differ in
    it (OFFLINE=true, PRERENDER=false, another site) keep stores of their own and do not push each
    other's pages out."""
    if state.store is None:
        installed = page_store.installed(sys.path)
        addresses = sorted(f"{f.src_uri}\0{f.dest_uri}\0{f.url}\0{f.inclusion.name}" for f in files)
        state.shared = cache.key(
            str(page_store.FORMAT),
            platform.python_version(),
            *installed,
            page_store.source_digest([Path(notekit.__file__).parent, Path(__file__).parent]),
            state.config_text,
            page_store.fingerprint(config.markdown_extensions),
            page_store.fingerprint(config.mdx_configs),
            page_store.fingerprint(dict(config.validation)),
            str(config.use_directory_urls),
            *addresses,
        )
        state.store = page_store.PageStore(state.folder / f"{state.shared[:32]}.json")
    return state.store


def _parsed_once(state: _Reuse, page: Page, parse: Callable[[MkDocsConfig, Files], None],
                 config: MkDocsConfig, files: Files) -> None:  # fmt: skip
    markdown = page.markdown or ""
    if state.snippets and SNIPPET in markdown:
        return parse(config, files)
    store = _shared(state, config, files)
    parts = page_parts(config)
    shaped_by = [part.identity() for part in parts]
    file = page.file
    key = cache.key(state.shared, file.src_uri, file.dest_uri, file.url, markdown, *shaped_by)
    if (entry := store.get(key)) is not None:
        _restore(page, entry, files)
        for part in parts:
            part.restore(page, entry["parts"].get(part.name))
        for name, level, message in entry["logged"]:
            logging.getLogger(name).log(level, "%s", message)
        state.reused["pages"] += 1
        return None
    # MkDocs' loggers stop at "mkdocs" (it does not propagate); the Markdown extensions' reach the root.
    with page_store.logged(logging.getLogger("mkdocs"), logging.getLogger()) as logged:
        parse(config, files)
    if [part.identity() for part in parts] != shaped_by:  # a renderer failed: part left to the browser
        return None
    entry = _saved(page)
    entry["parts"] = {part.name: part.save(page) for part in parts}
    entry["logged"] = logged
    store.put(key, entry)
    return None


def _saved(page: Page) -> dict[str, Any]:
    """What `Page.render` sets, as JSON."""
    links = page.links_to_anchors
    return {
        "content": page.content,
        "toc": [_anchor(item) for item in page.toc],
        "title": page._title_from_render,
        "anchors": sorted(page.present_anchor_ids or ()),
        "links": None if links is None else {to.src_uri: dict(found) for to, found in links.items()},
    }


def _restore(page: Page, entry: dict[str, Any], files: Files) -> None:
    page.content = entry["content"]
    page.toc = TableOfContents([_link(item) for item in entry["toc"]])
    page._title_from_render = entry["title"]
    page.present_anchor_ids = set(entry["anchors"])
    if entry["links"] is not None and logging.getLogger("mkdocs").getEffectiveLevel() > logging.DEBUG:
        linked = {files.get_file_from_path(src): found for src, found in entry["links"].items()}
        page.links_to_anchors = {to: found for to, found in linked.items() if to is not None}


def _anchor(item: AnchorLink) -> list[Any]:
    return [item.title, item.id, item.level, [_anchor(child) for child in item.children]]


def _link(item: list[Any]) -> AnchorLink:
    title, id_, level, children = item
    link = AnchorLink(title, id_, level)
    link.children = [_link(child) for child in children]
    return link


# The search index ----------------------------------------------------------------------------


def _indexed_once(
    state: _Reuse, index: Any, index_settings: str, add: Callable[[Page], None], page: Page
) -> None:
    """Material's `SearchIndex.add_entry_from_context`, whose entries for a page depend on what it
    reads of the page: its content (with drawings as their words), address, title, table of
    contents, and its tags and search settings."""
    store = state.store
    if store is None:  # no page was parsed in this build
        return add(page)
    meta = {name: page.meta.get(name) for name in ("title", "tags", "search")}
    key = cache.key(
        "search",
        state.shared,
        index_settings,
        page.url,
        str(page.title),
        page_store.fingerprint(meta),
        page_store.fingerprint([_anchor(item) for item in page.toc]),
        page.content or "",
    )
    if (found := store.get(key)) is not None:
        index.entries.extend(dict(entry) for entry in found)
        return
    before = len(index.entries)
    add(page)
    store.put(key, index.entries[before:])
