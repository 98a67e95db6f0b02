"""MkDocs hook: the notes' front-matter, put to work on the site.

- validates every note before anything renders (a bad note stops the build with its location);
- fills the home page's topic table, the same table `notes-index` writes into README.md;
- sets each note's page meta (title, plain-text description, tags) from the validated values;
- adds the description as a lede, reading time, "Related notes" and "Linked from" sections to each note;
- shows when each page last changed (from one `git log`), and writes an RSS feed of the notes;
- writes /llms.txt and /llms-full.txt into the built site.

Everything happens in memory or in the output folder; nothing is written under docs/ (a write
there would make `mkdocs serve` rebuild forever). The logic lives in `notekit`; this file only
connects it to MkDocs events.
"""

from __future__ import annotations

import html
import logging
import posixpath
import re
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from notekit import feed, graph, history, llms_txt, markers, readme
from notekit.collection import Collection, load_collection
from notekit.config import NOTES_DIR
from notekit.contract import Note
from notekit.errors import NotesError
from notekit.table import render_table, site_link

log = logging.getLogger("mkdocs.hooks.notes")

HOME_PAGE = "index.md"
# A sidebar section longer than this is split into groups of this many, in order. With Material's
# navigation.prune each page then renders one group instead of every note: the sidebar stays
# usable at a thousand notes, and the build stops growing with the square of the note count.
NAV_GROUP_SIZE = 50
UNDATED_PAGES = {HOME_PAGE, "tags.md"}
_H1 = re.compile(r"^# .*$", re.M)
_state: dict = {}


def on_config(config: MkDocsConfig) -> None:
    # on_config runs again on every `mkdocs serve` rebuild, so edits to the notes are picked up.
    try:
        collection = load_collection(Path(config.config_file_path))
    except NotesError as exc:
        for problem in exc.problems:
            log.error(str(problem))
        raise PluginError(f"{len(exc.problems)} problem(s) in the notes; nothing was built.") from None
    _state["collection"] = collection
    _state["features"] = config.extra.get("reader_features", True) not in (False, "false")
    _state["connections"] = graph.connect(collection.notes) if _state["features"] else None
    dates = history.last_changed(Path(config.docs_dir)) if _state["features"] else {}
    if dates is None:
        log.info("no git history here: page dates and the feed fall back to the build date")
    _state["dates"] = dates or {}
    _state["built"] = datetime.now(UTC).replace(microsecond=0)
    try:
        fresh, _diff = readme.check(collection)
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
    in_table = [note.src_path for note in _collection().notes]
    if in_nav != in_table:
        log.warning(f"the sidebar order of the notes {in_nav} differs from the index order {in_table}")
    for section in _sections(nav.items):
        if len(section.children) > NAV_GROUP_SIZE:
            _split(section, NAV_GROUP_SIZE)


def _sections(items):
    for item in items:
        if isinstance(item, Section):
            yield item
            yield from _sections(item.children)


def _split(section: Section, size: int) -> None:
    groups = []
    for start in range(0, len(section.children), size):
        chunk = section.children[start : start + size]
        group = Section(f"{section.title} {start + 1}\u2013{start + len(chunk)}", chunk)
        group.parent = section
        for child in chunk:
            child.parent = group
        groups.append(group)
    section.children = groups


def on_files(files, config: MkDocsConfig) -> None:
    # Each note's address as MkDocs builds it (notes/foo/ or notes/foo.html), for the feed and
    # llms.txt: absolute with a site URL, relative to the site root without one (OFFLINE=true).
    urls = {}
    for note in _collection().notes:
        file = files.get_file_from_path(note.src_path)
        urls[note.src_path] = urljoin(config.site_url or "", file.url) if file else note.src_path
    _state["urls"] = urls


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files) -> str:
    collection = _collection()
    if page.file.src_uri == HOME_PAGE:
        table = render_table(collection.notes, site_link, "python-markdown")
        try:
            return markers.replace_region(markdown, table, f"{config.docs_dir}/{HOME_PAGE}")
        except NotesError as exc:
            raise PluginError(str(exc)) from None
    features = _state["features"]
    if features and page.file.src_uri not in UNDATED_PAGES:
        # Material shows `revision_date` as "last update" under the page.
        page.meta["revision_date"] = history.human(_changed(page.file.src_uri))
    note = collection.by_src_path.get(page.file.src_uri)
    if note is None:
        return markdown
    # Our parser keeps `no` or `2024-01-02` as text where MkDocs' YAML loader converts them, and
    # MkDocs' templates do not escape meta values: set them from the validated note, escaped.
    page.meta["title"] = html.escape(note.title, quote=False)
    page.meta["description"] = html.escape(note.description_text, quote=True)
    if markdown.lstrip("\ufeff").startswith("---"):
        # MkDocs could not split this front-matter (it reads a narrower form than we do):
        # never let raw YAML reach the page.
        markdown = note.body
    if not features:
        return markdown
    return _with_lede(markdown, note) + _connections_markdown(note)


def on_post_build(config: MkDocsConfig) -> None:
    if not _state["features"]:
        return
    collection = _collection()
    out = Path(config.site_dir)
    summary = config.site_description or config.site_name
    urls = _state["urls"]
    (out / "llms.txt").write_text(
        llms_txt.llms_txt(collection, config.site_name, summary, urls), encoding="utf-8"
    )
    (out / "llms-full.txt").write_text(
        llms_txt.llms_full_txt(collection, config.site_name, urls), encoding="utf-8"
    )
    dates = {note.src_path: _changed(note.src_path) for note in collection.notes}
    feed_xml = feed.rss(collection, dates, urls, config.site_name, summary, config.site_url or "")
    (out / feed.FEED_FILE).write_text(feed_xml, encoding="utf-8")


def _changed(src_path: str) -> datetime:
    """When a page last changed in git; the build time for a file git does not know yet."""
    return _state["dates"].get(src_path, _state["built"])


def _collection() -> Collection:
    return _state["collection"]


def _with_lede(markdown: str, note: Note) -> str:
    """Under the H1: the description as a lede, then the reading time.

    The lede is the first text of the page, so it is also what search results show for the note.
    """
    line = (
        f'<p class="note-lede">{note.description_html}</p>\n'
        f'<p class="note-reading-time">{graph.reading_minutes(note)} min read</p>'
    )
    heading = _H1.search(markdown)
    if heading is None:
        return f"{line}\n\n{markdown}"
    return f"{markdown[: heading.end()]}\n\n{line}\n{markdown[heading.end() :]}"


def _connections_markdown(note: Note) -> str:
    connections = _state["connections"]
    here = posixpath.dirname(note.src_path)
    link = lambda other: f"[{other.title}]({posixpath.relpath(other.src_path, here)})"  # noqa: E731
    sections = []
    related = connections.related[note.src_path]
    if related:
        items = [f"- {link(o)}: shares {', '.join(t for t in o.tags if t in note.tags)}" for o in related]
        sections.append("## Related notes\n\n" + "\n".join(items))
    backlinks = connections.backlinks[note.src_path]
    if backlinks:
        sections.append("## Linked from\n\n" + "\n".join(f"- {link(o)}" for o in backlinks))
    return "".join(f"\n\n{section}\n" for section in sections)
