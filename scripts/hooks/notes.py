"""MkDocs hook: validate the notes, fill the home page's topic table, and set page meta.

Everything here happens in memory; nothing is written under docs/ (a write there would make
`mkdocs serve` rebuild forever). The parsing and rendering live in `notekit`, shared with the
`notes-index` command, so the site and README.md show the same table.
"""

from __future__ import annotations

import html
import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from notekit import markers, readme
from notekit.collection import Collection, load_collection
from notekit.config import NOTES_DIR
from notekit.errors import NotesError
from notekit.table import render_table, site_link

log = logging.getLogger("mkdocs.hooks.notes_index")

HOME_PAGE = "index.md"
_state: dict[str, Collection] = {}


def collection() -> Collection:
    """The notes of the current build; other hooks read them from here instead of parsing again."""
    return _state["collection"]


def on_config(config: MkDocsConfig) -> None:
    # on_config runs again on every `mkdocs serve` rebuild, so edits to the notes are picked up.
    try:
        notes = load_collection(Path(config.config_file_path))
    except NotesError as exc:
        for problem in exc.problems:
            log.error(str(problem))
        raise PluginError(f"{len(exc.problems)} problem(s) in the notes; nothing was built.") from None
    _state["collection"] = notes
    try:
        fresh, _diff = readme.check(notes)
    except NotesError as exc:
        fresh = True
        for problem in exc.problems:
            log.warning(str(problem))
    if not fresh:
        # A warning: `--strict` (on by default in mkdocs.yml) turns it into a failed build.
        log.warning(f"README.md: the topic table is stale; run `{markers.FIX_COMMAND}`")


def on_nav(nav: Navigation, config: MkDocsConfig, files) -> None:
    # awesome-pages built the sidebar from docs/notes/.pages; our table read the same file.
    # Check they agree, so a future change in either cannot reorder one without the other.
    in_nav = [page.file.src_uri for page in nav.pages if page.file.src_uri.startswith(f"{NOTES_DIR}/")]
    in_table = [note.src_path for note in collection().notes]
    if in_nav != in_table:
        log.warning(f"the sidebar order of the notes {in_nav} differs from the index order {in_table}")


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files) -> str:
    notes = collection()
    if page.file.src_uri == HOME_PAGE:
        table = render_table(notes.notes, site_link, "python-markdown")
        try:
            return markers.replace_region(markdown, table, f"{config.docs_dir}/{HOME_PAGE}")
        except NotesError as exc:
            raise PluginError(str(exc)) from None
    note = notes.by_src_path().get(page.file.src_uri)
    if note is None:
        return markdown
    # Our parser keeps `no` or `2024-01-02` as text where MkDocs' YAML loader converts them, and
    # MkDocs' templates do not escape meta values: set both from the validated note, escaped.
    page.meta["title"] = html.escape(note.title, quote=False)
    page.meta["description"] = html.escape(note.description_text, quote=True)
    page.meta["tags"] = list(note.tags)
    if markdown.lstrip("\ufeff").startswith("---"):
        # MkDocs could not split this front-matter (a form it reads more narrowly than we do):
        # never let raw YAML reach the page.
        return note.body
    return markdown
