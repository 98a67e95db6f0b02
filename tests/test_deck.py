"""The Anki deck and its CSV: read back as Anki would, stable card identities, reproducible bytes."""

from __future__ import annotations

import csv
import html
import io
import json
import os
import sqlite3
import subprocess
import zipfile
from pathlib import Path

import genanki
import pytest

from notekit.notes import questions
from notekit.notes.collection import load_collection
from notekit.outputs import deck
from support import FIXTURE_SITE

URL = "https://example.org/notes/"


def fixture_sets(site: Path = FIXTURE_SITE) -> list[questions.QuestionSet]:
    collection = load_collection(site / "mkdocs.yml")
    loaded = questions.load_all(collection.notes, collection.settings.notes_dir, collection.settings.root)
    return [loaded.sets[n.src_path] for n in collection.notes]


def urls(site_url: str = URL) -> dict[str, str]:
    names = ("first-note", "second-note", "tricky-note")
    return {f"notes/{name}.md": f"{site_url}notes/{name}/" for name in names}


def section_link(card: deck.Card) -> str:
    """The Section field Anki shows: a link to the card's section."""
    return f'<a href="{html.escape(card.link)}">{html.escape(card.section, quote=False)}</a>'


def read_apkg(data: bytes, tmp_path: Path) -> dict:
    """What Anki reads from the package: its decks, and each note with its card's deck."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert sorted(archive.namelist()) == ["collection.anki2", "media"]
        assert json.loads(archive.read("media")) == {}
        (tmp_path / "collection.anki2").write_bytes(archive.read("collection.anki2"))
    connection = sqlite3.connect(tmp_path / "collection.anki2")
    try:
        decks = json.loads(connection.execute("SELECT decks FROM col").fetchone()[0])
        names = {int(key): value["name"] for key, value in decks.items()}
        rows = connection.execute(
            "SELECT n.guid, n.flds, n.tags, n.mod, c.did, c.mod FROM notes n JOIN cards c ON c.nid = n.id "
            "ORDER BY n.id"
        ).fetchall()
        models = json.loads(connection.execute("SELECT models FROM col").fetchone()[0])
    finally:
        connection.close()
    return {
        "decks": sorted(names.values()),
        "notes": [
            {
                "guid": g,
                "fields": f.split("\x1f"),
                "tags": t.split(),
                "mod": m,
                "deck": names[d],
                "card_mod": cm,
            }
            for g, f, t, m, d, cm in rows
        ],
        "models": models,
    }


def test_the_deck_reads_back_with_a_sub_deck_per_note_and_every_card(tmp_path):
    cards = deck.cards(fixture_sets(), urls(), "Fixture notes")
    read = read_apkg(deck.apkg(cards, 1_790_000_000), tmp_path)
    assert read["decks"] == [
        "Default", "Fixture notes::2024-01-02", "Fixture notes::First note", "Fixture notes::no"
    ]  # fmt: skip
    assert len(read["notes"]) == len(cards) == 18
    for card, note in zip(cards, read["notes"], strict=True):
        assert note == {
            "guid": card.guid,
            "fields": [
                card.question,
                card.answer,
                card.kind,
                section_link(card),
                card.deck.split("::")[1],
                card.id,
            ],
            "tags": list(card.tags),
            "mod": 1_790_000_000,
            "deck": card.deck,
            "card_mod": 1_790_000_000,
        }
    (model,) = read["models"].values()
    assert [f["name"] for f in model["flds"]] == ["Question", "Answer", "Kind", "Section", "Note", "Id"]
    assert "{{Answer}}" in model["tmpls"][0]["afmt"] and "{{Section}}" in model["tmpls"][0]["afmt"]


def test_each_card_links_back_to_its_section_absolute_or_relative(tmp_path):
    first = next(c for c in deck.cards(fixture_sets(), urls(), "Fixture notes") if c.id == "double-it")
    assert first.link == "https://example.org/notes/notes/first-note/#first-note"
    (note,) = read_apkg(deck.apkg([first], 1_790_000_000), tmp_path)["notes"]
    assert (
        note["fields"][3] == '<a href="https://example.org/notes/notes/first-note/#first-note">First note</a>'
    )
    relative = next(c for c in deck.cards(fixture_sets(), urls(""), "Fixture notes") if c.id == "double-it")
    assert relative.link == "notes/first-note/#first-note"
    assert (first.deck, first.note, first.kind, first.tags) == (
        "Fixture notes::First note",
        "first-note",
        "Calculation",
        ("alpha",),
    )


def test_math_stays_tex_for_anki_and_code_stays_code():
    cards = {c.id: c for c in deck.cards(fixture_sets(), urls(), "Fixture notes")}
    assert (
        cards["double-it"].question
        == 'If <span class="arithmatex">\\(x = 21\\)</span>, what is <span class="arithmatex">\\(2x\\)</span>?'
    )
    assert cards["double-it"].answer == (
        '<p>Multiply: <span class="arithmatex">\\(2 \\times 21 = 42\\)</span>.</p>\n'
        "<p>So <code>2 * x</code> is <strong>42</strong>.</p>"
    )
    links = deck.card_html(
        "See [the table](#first-note), [another note](second-note.md#the-second-note) and "
        "[a site](https://example.com/x).\n\n```python\nprint(1 < 2)\n```\n\n$$\na = b\n$$",
        "notes/first-note.md",
        urls(),
    )
    assert links == (
        '<p>See <a href="https://example.org/notes/notes/first-note/#first-note">the table</a>, '
        '<a href="https://example.org/notes/notes/second-note/#the-second-note">another note</a> and '
        '<a href="https://example.com/x">a site</a>.</p>\n'
        '<pre><code class="language-python">print(1 &lt; 2)\n</code></pre>\n'
        '<div class="arithmatex">\\[\na = b\n\\]</div>'
    )


def test_the_csv_holds_the_same_cards():
    cards = deck.cards(fixture_sets(), urls(), "Fixture notes")
    rows = list(csv.reader(io.StringIO(deck.csv_text(cards), newline="")))
    assert rows[0] == list(deck.CSV_COLUMNS)
    assert rows[1:] == [
        [c.guid, c.deck, c.note, c.id, c.kind, c.question, c.answer, c.section, c.link, " ".join(c.tags)]
        for c in cards
    ]


def test_rewording_and_reordering_a_question_keeps_its_card(site, tmp_path):
    before = {
        c.id: c for c in deck.cards(fixture_sets(site), urls(), "Fixture notes") if c.note == "first-note"
    }
    path = site / "docs/notes/first-note.questions.yml"
    text = path.read_text(encoding="utf-8")
    head, *items = text.split("\n  - id: ")
    items = [items[-1], *items[:-1]]  # the last question first
    path.write_text(
        "\n  - id: ".join([head, *items]).replace(
            "If $x = 21$, what is $2x$?", "What is twice $x$ when $x = 21$?"
        ),
        encoding="utf-8",
    )
    after = [c for c in deck.cards(fixture_sets(site), urls(), "Fixture notes") if c.note == "first-note"]
    assert [c.id for c in after][:2] == ["count-the-notes", "what-it-holds"]
    assert {c.id: c.guid for c in after} == {i: c.guid for i, c in before.items()}
    reworded = next(c for c in after if c.id == "double-it")
    assert reworded.question != before["double-it"].question
    assert reworded.guid == genanki.guid_for("first-note", "double-it")
    # Anki matches an imported note to the one it has by guid: the same guids, in a new order.
    read = read_apkg(deck.apkg(after, 1_790_000_000), tmp_path)
    assert sorted(n["guid"] for n in read["notes"]) == sorted(c.guid for c in before.values())


def test_the_same_cards_and_time_give_the_same_bytes():
    cards = deck.cards(fixture_sets(), urls(), "Fixture notes")
    first = deck.apkg(cards, 1_790_000_000)
    assert first == deck.apkg(cards, 1_790_000_000)
    assert first != deck.apkg(cards, 1_790_000_001)  # the time is recorded: it must be a fixed one
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2026, 9, 21, 14, 13, 20)}


def test_the_recorded_time_is_the_commits(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert deck.source_date(tmp_path) == deck.FALLBACK_EPOCH  # no git history
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-C", str(tmp_path)]
    subprocess.run([*git, "init", "-q"], check=True)
    (tmp_path / "a.txt").write_text("a")
    subprocess.run([*git, "add", "a.txt"], check=True)
    env = {"GIT_COMMITTER_DATE": "2026-03-04T05:06:07Z", "GIT_AUTHOR_DATE": "2026-03-04T05:06:07Z"}
    subprocess.run([*git, "commit", "-qm", "a"], check=True, env={**os.environ, **env})
    assert deck.source_date(tmp_path) == 1_772_600_767
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert deck.source_date(tmp_path) == 1_700_000_000


@pytest.mark.parametrize(
    ("site_name", "stem", "name"),
    [("LLM Study Notes", "llm-study-notes", "LLM Study Notes::A:B"), ("!!", "notes", "!!::A:B")],
)
def test_file_and_deck_names(site_name, stem, name):
    assert deck.file_stem(site_name) == stem
    assert deck.deck_name(site_name, "A::B") == name  # a title adds no sub-deck of its own


def test_the_decks_are_written_as_genanki_writes_them(monkeypatch):
    # deck._write_to_db writes the collection's list of decks once instead of once per deck
    # (genanki's way is quadratic in the notes); the bytes must stay genanki's own.
    cards = deck.cards(fixture_sets(), urls(), "Fixture notes")
    ours = deck.apkg(cards, 1_790_000_000)
    monkeypatch.setattr(
        deck, "_write_to_db", lambda package, cursor, now, ids: package.write_to_db(cursor, now, ids)
    )
    assert ours == deck.apkg(cards, 1_790_000_000)
    assert len({card.deck for card in cards}) == 3  # several decks, so the list really is shared


def test_a_later_build_converts_no_card_text_again(tmp_path: Path, monkeypatch):
    sets = fixture_sets()
    addresses = {found.note.src_path: f"notes/{found.slug}/" for found in sets}
    store = deck.converted_store(tmp_path)
    first = deck.cards(sets, addresses, "Fixture notes", store)
    assert store.save()
    assert first == deck.cards(sets, addresses, "Fixture notes")  # the same cards as without a store

    class Refuses:
        def reset(self):
            return self

        def convert(self, text: str) -> str:
            raise AssertionError(f"converted again: {text!r}")

    monkeypatch.setattr(deck, "card_renderer", Refuses)
    assert deck.cards(sets, addresses, "Fixture notes", deck.converted_store(tmp_path)) == first
