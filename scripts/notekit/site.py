"""One build of the site, as `notekit` sees it: the notes, how they connect, when they changed,
and every text the build adds. Nothing here imports MkDocs; `scripts/hooks/notes.py` only hands
MkDocs' events to these methods (and would hand them to another generator as easily). A `Build` is
made from one `notekit.notes.config.Settings` and holds all it learns: nothing is kept between builds.
"""

from __future__ import annotations

import html
import posixpath
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin

from notekit.index import byline, glossary, graph, history, page, sizing
from notekit.index.table import render_table, site_link
from notekit.notes import drafts, markers, questions
from notekit.notes.collection import Collection, load_notes
from notekit.notes.config import Settings, no_tags_problem
from notekit.notes.errors import NotesError, Problem, display_path
from notekit.outputs import deck, feed, llms_txt, readme
from notekit.render.page_store import PageStore

HOME_PAGE = "index.md"
UNDATED_PAGES = {HOME_PAGE, "tags.md"}


@dataclass
class Build:
    collection: Collection
    features: bool  # reader features on (settings.reader_features)
    connections: graph.Connections | None
    history: history.History | None  # None without git history, or with reader features off
    glossary: glossary.Glossary | None  # None where the project has no glossary file
    questions: questions.Loaded  # every note's self-check questions, checked
    built: datetime
    # What notes still lack besides questions: the outline's placeholders kept, too few sources.
    unfinished: tuple[Problem, ...] = ()
    urls: dict[str, str] = field(default_factory=dict)  # src_path -> the note's address
    # src_path -> the note's address relative to the site's root, as the generator built it
    file_urls: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, settings: Settings) -> Build:
        """Read and validate every note, its questions and the glossary, with the build's settings
        (`Settings.from_values` in the hooks, `read_settings` elsewhere); NotesError with every
        problem found. What notes still lack (questions, sources, their own words in place of
        new-note's outline) is `draft_problems`, for the caller to refuse (a strict build) or only
        report (a preview). Everything read lives on the returned
        object: two builds, in one process or one after the other, share nothing."""
        if not settings.allowed_tags:
            raise NotesError([no_tags_problem(settings.config_name)])
        collection = load_notes(settings)
        features = settings.reader_features
        bodies = {note.src_path: note.body for note in collection.notes}
        found = questions.load_all(collection.notes, settings.notes_dir, settings.root)
        return cls(
            collection=collection,
            features=features,
            connections=graph.connect(collection.notes) if features else None,
            history=history.read(settings.docs_dir) if features else None,
            glossary=glossary.load_checked(settings.root, bodies),
            questions=found,
            built=datetime.now(UTC).replace(microsecond=0),
            unfinished=unfinished(collection, found),
        )

    @property
    def settings(self) -> Settings:
        return self.collection.settings

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

    @property
    def draft_problems(self) -> tuple[Problem, ...]:
        """What notes still lack: text of new-note's outline kept verbatim (note or questions),
        fewer than three sources, self-check questions missing or too few. The strict build
        refuses them, a preview only says so."""
        return self.unfinished + self.questions.coverage

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
        found = self.questions.sets.get(src_path)
        if not self.features:  # the questions are part of the note; the deck is a reader feature
            return markdown + (f"\n\n{questions.page_markdown(found)}\n" if found else "")
        asked = questions.page_markdown(found, self.downloads_html(src_path)) if found else ""
        related = self.connections.related[src_path] if self.connections else ()
        backlinks = self.connections.backlinks[src_path] if self.connections else ()
        people = self.history.authors.get(src_path) if self.history else None
        by = byline.byline(people, self.history.added[src_path]) if people and self.history else ""
        return page.note_markdown(markdown, note, related, backlinks, by, asked)

    def deck_files(self) -> tuple[str, str]:
        """The names of the Anki deck and the CSV of its cards, at the site's root."""
        stem = deck.file_stem(self.collection.settings.site_name)
        return f"{stem}.apkg", f"{stem}.csv"

    def downloads_html(self, src_path: str) -> str:
        """Links from a note to the deck and the CSV, relative to the note's own address."""
        apkg, csv = (self.relative(src_path, name) for name in self.deck_files())
        return (
            '<p class="note-downloads">To review them later: the questions of every note as an '
            f'<a href="{html.escape(apkg)}" download>Anki deck</a> (a sub-deck per note) or a '
            f'<a href="{html.escape(csv)}" download>CSV file</a> of the same cards.</p>'
        )

    def relative(self, src_path: str, target: str) -> str:
        """`target` (a path from the site's root) as a link from the page of `src_path`."""
        page_url = self.file_urls.get(src_path, src_path)
        folder = page_url if page_url.endswith("/") else posixpath.dirname(page_url)
        return posixpath.relpath(target, folder.strip("/") or ".")

    def glossary_page(self) -> str | None:
        """The Glossary page's Markdown, generated in memory; None without a glossary."""
        if self.glossary is None:
            return None
        return glossary.page_markdown(self.glossary, {n.src_path: n.title for n in self.collection.notes})

    def set_urls(self, file_urls: dict[str, str | None], site_url: str) -> None:
        """Each note's address as the site generator built it (notes/foo/ or notes/foo.html):
        absolute with a site URL, relative to the site root without one (OFFLINE=true)."""
        self.file_urls = {
            note.src_path: file_urls[note.src_path] or note.src_path for note in self.collection.notes
        }
        self.urls = {
            note.src_path: urljoin(site_url, file_urls[note.src_path] or note.src_path)
            for note in self.collection.notes
        }

    # Files written next to the pages ------------------------------------------------------------

    def extra_files(
        self, site_name: str, summary: str, site_url: str, converted: PageStore | None = None
    ) -> dict[str, str | bytes]:
        """{file name: text or bytes} for llms.txt, llms-full.txt, the feed, the Anki deck and
        its CSV; `converted` keeps the cards' Markdown between builds (`deck.converted_store`)."""
        if not self.features:
            return {}
        notes = self.collection
        dates = {note.src_path: self.changed(note.src_path) for note in notes.notes}
        apkg_name, csv_name = self.deck_files()
        sets = [self.questions.sets[n.src_path] for n in notes.notes if n.src_path in self.questions.sets]
        cards = deck.cards(sets, self.urls, notes.settings.site_name, converted)
        return {
            "llms.txt": llms_txt.llms_txt(notes, site_name, summary, self.urls),
            "llms-full.txt": llms_txt.llms_full_txt(notes, site_name, self.urls),
            feed.FEED_FILE: feed.rss(notes, dates, self.urls, site_name, summary, site_url),
            apkg_name: deck.apkg(cards, deck.source_date(notes.settings.root)),
            csv_name: deck.csv_text(cards),
        }


def unfinished(collection: Collection, found: questions.Loaded) -> tuple[Problem, ...]:
    """Each note's placeholders and missing sources, note by note, with those of its questions.
    The templates are read on every build, so an edited outline moves the rule with it."""
    template = drafts.read_template()
    problems: list[Problem] = []
    for note in collection.notes:
        problems += drafts.note_problems(note, template)
        if asked := found.sets.get(note.src_path):
            problems += drafts.questions_problems(asked.path, asked.questions, template)
    return tuple(problems)
