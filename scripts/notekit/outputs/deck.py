"""Every note's self-check questions as flashcards: one Anki deck (`.apkg`) for the site, with a
sub-deck per note, and a plain CSV of the same cards.

- A card's identity (the Anki note's guid) comes from the note's slug and the question's id, so
  rewording or reordering a question updates the card a reader already has instead of adding a
  second one.
- Questions and answers are Markdown, rendered here to the HTML Anki shows: code as `<code>`,
  formulas as `\\(...\\)` and `\\[...\\]` text, which Anki's MathJax typesets. Links to the note's
  own headings or to other notes point at the site (absolute with a site URL, else relative).
- Reproducible: two builds of one commit write byte-identical files. genanki takes `time.time()`
  for note and card ids and modification times unless given a time, and zip entries carry one
  too: all of them are the commit's time (`source_date`: SOURCE_DATE_EPOCH, else the last commit,
  else a constant).

genanki writes the SQLite collection; the zip around it is written here, with fixed dates.
"""

from __future__ import annotations

import csv
import hashlib
import importlib.metadata
import io
import json
import os
import posixpath
import re
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import genanki
import markdown

from notekit.index import history
from notekit.notes import inline
from notekit.notes.questions import KIND_LABELS, QuestionSet
from notekit.render import cache
from notekit.render.page_store import PageStore

# Used when neither SOURCE_DATE_EPOCH nor git says when the sources were last changed.
FALLBACK_EPOCH = 1_767_225_600  # 2026-01-01 00:00:00 UTC
CSV_COLUMNS = ("guid", "deck", "note", "id", "kind", "question", "answer", "section", "link", "tags")
_FIELDS = ("Question", "Answer", "Kind", "Section", "Note", "Id")
_HREF = re.compile(r'(<a\b[^>]*?\bhref=")([^"]*)(")')

_CSS = """\
.card { font-family: system-ui, sans-serif; font-size: 20px; line-height: 1.45; text-align: left;
  color: #1f2328; background: #fff; max-width: 40em; margin: 0 auto; }
.nightMode .card, .card.nightMode { color: #e6edf3; background: #0d1117; }
.kind { font-size: 0.7em; text-transform: uppercase; letter-spacing: 0.05em; opacity: 0.7; }
.source { font-size: 0.8em; opacity: 0.85; }
code { font-size: 0.9em; }
pre { overflow-x: auto; }
"""


def _stable_id(text: str) -> int:
    """A 31-bit id from a name, the same on every build (genanki wants fixed model and deck ids)."""
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:4], "big") >> 1


MODEL = genanki.Model(
    _stable_id("notekit self-check question, version 1"),
    "LLM Study Notes self-check question",
    fields=[{"name": name} for name in _FIELDS],
    templates=[
        {
            "name": "Question, then answer",
            "qfmt": '<div class="kind">{{Kind}}</div>\n{{Question}}',
            "afmt": '{{FrontSide}}\n<hr id="answer">\n{{Answer}}\n'
            '<p class="source">Explained in {{Section}} ({{Note}})</p>',
        }
    ],
    css=_CSS,
)


@dataclass(frozen=True)
class Card:
    guid: str  # from the note's slug and the question's id: the card's identity
    deck: str  # "Site name::Note title"
    note: str  # the note's slug
    id: str  # the question's id
    kind: str
    question: str  # HTML
    answer: str  # HTML
    section: str  # the explaining heading, plain text
    link: str  # its address on the site
    tags: tuple[str, ...]


def guid(slug: str, question_id: str) -> str:
    return str(genanki.guid_for(slug, question_id))


def file_stem(site_name: str) -> str:
    """`LLM Study Notes` -> `llm-study-notes`: the deck is <stem>.apkg and <stem>.csv."""
    return "-".join(re.findall(r"[a-z0-9]+", site_name.lower())) or "notes"


def deck_name(site_name: str, note_title: str) -> str:
    # "::" separates sub-decks in Anki: a title may not add a level of its own.
    return f"{site_name.replace('::', ':')}::{note_title.replace('::', ':')}"


def cards(
    sets: Iterable[QuestionSet], urls: Mapping[str, str], site_name: str, converted: PageStore | None = None
) -> list[Card]:
    """The cards of every note's questions, in the order of the notes and of their questions.

    `urls` maps each note's src_path to its address (absolute with a site URL, else relative).
    `converted` keeps each text's Markdown converted between builds (`converted_store`).
    """
    result = []
    # One renderer for every card: making one costs more than a card does.
    renderer: markdown.Markdown | _Remembered = card_renderer()
    if converted is not None:
        renderer = _Remembered(card_renderer(), converted)
    for found in sets:
        note = found.note
        url = urls[note.src_path]
        for question in found.questions:
            result.append(
                Card(
                    guid=guid(found.slug, question.id),
                    deck=deck_name(site_name, note.title),
                    note=found.slug,
                    id=question.id,
                    kind=KIND_LABELS[question.kind],
                    question=card_html(question.question, note.src_path, urls, renderer),
                    answer=card_html(question.answer, note.src_path, urls, renderer),
                    section=inline.to_plain(question.section_title),
                    link=f"{url}#{question.section}",
                    tags=note.tags,
                )
            )
    return result


class _Remembered:
    """A card renderer that converts each text once across builds: a 1,000-note site has 12,000
    card texts, and converting them was a tenth of a build that reused every page."""

    def __init__(self, renderer: markdown.Markdown, store: PageStore):
        self.renderer, self.store = renderer, store

    def reset(self) -> _Remembered:
        return self

    def convert(self, text: str) -> str:
        key = cache.key(text)
        found = self.store.get(key)
        if isinstance(found, str):
            return found
        html = self.renderer.reset().convert(text)
        self.store.put(key, html)
        return html


def converted_store(render_cache: Path) -> PageStore:
    """The cards' converted texts, in the render cache; a store per version of this module and of
    the Markdown packages, which shape every conversion."""
    versions = [importlib.metadata.version(name) for name in ("markdown", "pymdown-extensions")]
    shaped_by = cache.key(Path(__file__).read_text(encoding="utf-8"), *versions)
    return PageStore(render_cache / "cards" / f"{shaped_by[:32]}.json")


def card_renderer() -> markdown.Markdown:
    """The Markdown of cards; `card_html` resets it before each."""
    return markdown.Markdown(
        extensions=["fenced_code", "tables", "pymdownx.arithmatex", "pymdownx.betterem", "pymdownx.tilde"],
        extension_configs={"pymdownx.arithmatex": {"generic": True}},
    )


def card_html(
    text: str, src_path: str, urls: Mapping[str, str], renderer: markdown.Markdown | _Remembered | None = None
) -> str:
    """Markdown as the HTML of a card: `$x$` stays TeX between `\\(` and `\\)` for Anki's
    MathJax, code is `<code>`, and links are resolved against the note's address on the site."""
    renderer = renderer or card_renderer()
    rendered = renderer.reset().convert(text)
    here = urls[src_path]
    by_path = urls  # looked up, never copied: a copy per card made the deck quadratic in notes

    def resolve(match: re.Match[str]) -> str:
        target = match.group(2)
        if urlsplit(target).scheme or target.startswith("//"):
            return match.group(0)
        path, _, fragment = target.partition("#")
        if not path:
            address = here
        else:
            joined = posixpath.normpath(posixpath.join(posixpath.dirname(src_path), path))
            address = by_path.get(joined) or urljoin(here, path)
        return f"{match.group(1)}{address}{'#' + fragment if fragment else ''}{match.group(3)}"

    rendered = _HREF.sub(resolve, rendered)
    single = re.fullmatch(r"<p>((?:(?!</?p>).)*)</p>", rendered, re.S)  # one paragraph: no wrapper
    return single.group(1) if single else rendered


def source_date(folder: Path) -> int:
    """Seconds since the epoch for every time the deck records: SOURCE_DATE_EPOCH when set (the
    reproducible-builds convention), else the last commit's time, else a constant."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return int(epoch)
    committed = history.head_time(folder)
    return int(committed.timestamp()) if committed else FALLBACK_EPOCH


def apkg(deck_cards: Iterable[Card], timestamp: int) -> bytes:
    """The Anki package: a zip of the SQLite collection genanki writes and an empty media list."""
    decks: dict[str, genanki.Deck] = {}
    for card in deck_cards:
        deck = decks.setdefault(card.deck, genanki.Deck(_stable_id(card.deck), card.deck))
        deck.add_note(
            genanki.Note(
                model=MODEL,
                fields=[
                    card.question,
                    card.answer,
                    card.kind,
                    _section_html(card),
                    _escape(card.deck.split("::")[-1]),
                    card.id,
                ],
                tags=list(card.tags),
                guid=card.guid,
            )
        )
    package = genanki.Package(list(decks.values()))
    with tempfile.TemporaryDirectory() as folder:
        db_path = Path(folder) / "collection.anki2"
        connection = sqlite3.connect(db_path)
        try:
            cursor = connection.cursor()
            # genanki's own write_to_file, minus time.time(): ids count up from the fixed time.
            _write_to_db(package, cursor, timestamp, _ids(timestamp))
            connection.commit()
            connection.execute("VACUUM")  # the file's pages in one canonical layout
        finally:
            connection.close()
        collection = db_path.read_bytes()
    out = io.BytesIO()
    when = datetime.fromtimestamp(max(timestamp, 315_532_800), UTC).timetuple()[:6]  # zip dates start in 1980
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in (("collection.anki2", collection), ("media", b"{}")):
            entry = zipfile.ZipInfo(name, date_time=when)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 3  # the same on every system
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, data)
    return out.getvalue()


def _write_to_db(
    package: genanki.Package, cursor: sqlite3.Cursor, timestamp: int, ids: Iterator[int]
) -> None:
    """What genanki's `Package.write_to_db` writes, with the collection's list of decks written once.

    genanki's `Deck.write_to_db` reads that list (JSON in the `col` row), adds its own deck and
    writes it back, so a package of one sub-deck per note took time quadratic in the notes. The
    rest is its steps in its order (the list of note types included, written per deck as genanki
    does), so the file is the same byte for byte."""
    genanki.Package([]).write_to_db(cursor, timestamp, ids)  # the empty collection
    (decks_json,) = cursor.execute("SELECT decks FROM col").fetchone()
    decks = json.loads(decks_json)
    for deck in package.decks:
        decks[str(deck.deck_id)] = deck.to_json()
        (models_json,) = cursor.execute("SELECT models FROM col").fetchone()
        models = json.loads(models_json)
        for note in deck.notes:
            deck.add_model(note.model)
        models.update(
            {model.model_id: model.to_json(timestamp, deck.deck_id) for model in deck.models.values()}
        )
        cursor.execute("UPDATE col SET models = ?", (json.dumps(models),))
        for note in deck.notes:
            note.write_to_db(cursor, timestamp, deck.deck_id, ids)
    cursor.execute("UPDATE col SET decks = ?", (json.dumps(decks),))


def _ids(timestamp: int) -> Iterator[int]:
    count = timestamp * 1000
    while True:
        yield count
        count += 1


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _section_html(card: Card) -> str:
    return f'<a href="{_escape(card.link).replace(chr(34), "&quot;")}">{_escape(card.section)}</a>'


def csv_text(deck_cards: Iterable[Card]) -> str:
    """The same cards as CSV (RFC 4180, a header row): question and answer as the cards' HTML."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for card in deck_cards:
        writer.writerow(
            [
                card.guid,
                card.deck,
                card.note,
                card.id,
                card.kind,
                card.question,
                card.answer,
                card.section,
                card.link,
                " ".join(card.tags),
            ]  # fmt: skip
        )
    return out.getvalue()
