"""One build of the site, as `notekit` sees it: the notes, how they connect, when they changed,
and every text the build adds. Nothing here imports MkDocs; `scripts/hooks/notes.py` only hands
MkDocs' events to these methods (and would hand them to another generator as easily).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin

from . import byline, feed, glossary, graph, history, llms_txt, markers, page, readme, sizing
from .collection import Collection, load_collection
from .errors import NotesError, Problem, display_path
from .table import render_table, site_link

HOME_PAGE = "index.md"
UNDATED_PAGES = {HOME_PAGE, "tags.md"}


@dataclass
class Build:
    collection: Collection
    features: bool  # reader features on (READER_FEATURES is not false)
    connections: graph.Connections | None
    history: history.History | None  # None without git history, or with reader features off
    glossary: glossary.Glossary | None  # None where the project has no glossary file
    built: datetime
    urls: dict[str, str] = field(default_factory=dict)  # src_path -> the note's address

    @classmethod
    def load(cls, config_file: Path, features: bool) -> Build:
        """Read and validate every note and the glossary; NotesError with every problem found."""
        collection = load_collection(config_file)
        bodies = {note.src_path: note.body for note in collection.notes}
        return cls(
            collection=collection,
            features=features,
            connections=graph.connect(collection.notes) if features else None,
            history=history.read(collection.settings.docs_dir) if features else None,
            glossary=glossary.load_checked(collection.settings.root, bodies),
            built=datetime.now(UTC).replace(microsecond=0),
        )

    # README -------------------------------------------------------------------------------------

    def readme_problems(self, refresh: bool) -> tuple[list[Problem], str]:
        """(problems, what was done): a stale README is a problem, or, with `refresh` (while
        previewing), rewritten in place; README.md lies outside docs/, so no rebuild follows."""
        try:
            fresh, _diff = readme.check(self.collection)
            if fresh:
                return [], ""
            if refresh:
                readme.write(self.collection)
                return [], f"{readme.README_FILE}: refreshed the topic table from the notes (commit it)"
        except NotesError as exc:
            return exc.problems, ""
        return [readme.stale_problem()], ""

    # Pages --------------------------------------------------------------------------------------

    def changed(self, src_path: str) -> datetime:
        """When a page last changed in git; the build time for a file git does not know yet."""
        return self.history.changed.get(src_path, self.built) if self.history else self.built

    def revision_date(self, src_path: str) -> str | None:
        """Material's "last update" value for a page, or None where none is shown."""
        if not self.features or src_path in UNDATED_PAGES:
            return None
        return history.human(self.changed(src_path))

    def home_markdown(self, markdown: str, docs_dir: Path) -> str:
        """The home page with the topic table between its markers; NotesError if they are broken."""
        table = render_table(self.collection.notes, site_link, "python-markdown")
        shown = display_path(docs_dir / HOME_PAGE, self.collection.settings.root)
        return markers.replace_region(markdown, table, shown)

    def page_meta(self, src_path: str) -> dict[str, str]:
        """Page meta to set: Material's "last update" date and, for a note, its title and description.

        Our parser keeps `no` or `2024-01-02` as text where MkDocs' YAML loader converts them, and
        MkDocs' templates do not escape meta values: they come from the validated note, escaped.
        """
        meta = {"revision_date": revision} if (revision := self.revision_date(src_path)) else {}
        if note := self.collection.by_src_path.get(src_path):
            meta["title"] = html.escape(note.title, quote=False)
            meta["description"] = html.escape(note.description_text, quote=True)
        return meta

    def page_markdown(self, markdown: str, src_path: str, docs_dir: Path) -> str:
        """The Markdown MkDocs renders for a page: the home page's table, a note's additions (and,
        where a note asks for it with its placeholder line, the sizing calculator)."""
        if src_path == HOME_PAGE:
            return self.home_markdown(markdown, docs_dir)
        if src_path not in self.collection.by_src_path:
            return markdown
        if markdown.lstrip("\ufeff").startswith("---"):
            # MkDocs could not split this front-matter (it reads a narrower form than we do):
            # never let raw YAML reach the page.
            markdown = self.collection.by_src_path[src_path].body
        return self.note_markdown(sizing.replace_placeholder(markdown), src_path)

    def note_markdown(self, markdown: str, src_path: str) -> str:
        note = self.collection.by_src_path[src_path]
        if not self.features:
            return markdown
        related = self.connections.related[src_path] if self.connections else ()
        backlinks = self.connections.backlinks[src_path] if self.connections else ()
        people = self.history.authors.get(src_path) if self.history else None
        by = byline.byline(people, self.history.added[src_path]) if people else ""
        return page.note_markdown(markdown, note, related, backlinks, by)

    def glossary_page(self) -> str | None:
        """The Glossary page's Markdown, generated in memory; None without a glossary."""
        if self.glossary is None:
            return None
        return glossary.page_markdown(self.glossary, {n.src_path: n.title for n in self.collection.notes})

    def set_urls(self, file_urls: dict[str, str | None], site_url: str) -> None:
        """Each note's address as the site generator built it (notes/foo/ or notes/foo.html):
        absolute with a site URL, relative to the site root without one (OFFLINE=true)."""
        self.urls = {
            note.src_path: urljoin(site_url, file_urls[note.src_path] or note.src_path)
            for note in self.collection.notes
        }

    # Files written next to the pages ------------------------------------------------------------

    def extra_files(self, site_name: str, summary: str, site_url: str) -> dict[str, str]:
        """{file name: text} for llms.txt, llms-full.txt and the feed."""
        if not self.features:
            return {}
        notes = self.collection
        dates = {note.src_path: self.changed(note.src_path) for note in notes.notes}
        return {
            "llms.txt": llms_txt.llms_txt(notes, site_name, summary, self.urls),
            "llms-full.txt": llms_txt.llms_full_txt(notes, site_name, self.urls),
            feed.FEED_FILE: feed.rss(notes, dates, self.urls, site_name, summary, site_url),
        }
