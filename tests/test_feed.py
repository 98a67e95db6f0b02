import xml.etree.ElementTree as ET
from datetime import UTC, datetime

from notekit.notes.collection import load_collection
from notekit.outputs import feed
from support import FIXTURE_SITE


def test_feed_lists_notes_newest_change_first_with_plain_descriptions():
    collection = load_collection(FIXTURE_SITE / "mkdocs.yml")
    dates = {n.src_path: datetime(2026, 1, 1 + i, tzinfo=UTC) for i, n in enumerate(collection.notes)}
    urls = {n.src_path: f"https://example.org/{n.src_path.removesuffix('.md')}/" for n in collection.notes}
    root = ET.fromstring(feed.rss(collection, dates, urls, "Fixture", "Notes.", "https://example.org/"))
    items = root.findall("channel/item")
    assert [i.findtext("title") for i in items] == [n.title for n in reversed(collection.notes)]
    first = items[-1]
    assert first.findtext("link") == "https://example.org/notes/second-note/"
    assert first.findtext("pubDate") == "Thu, 01 Jan 2026 00:00:00 +0000"
    assert [c.text for c in first.findall("category")] == ["beta", "gamma"]
    tricky = items[0]
    # The description is HTML for feed readers: rendered, with raw HTML from front-matter made inert.
    assert "&lt;script&gt;" in tricky.findtext("description") and "<script>" not in tricky.findtext(
        "description"
    )
    assert items[1].findtext("description").startswith("The <em>first</em> note")


def test_each_entry_of_changes_is_an_item_of_its_own_among_the_notes(site):
    note = site / "docs/notes/first-note.md"
    note.write_text(
        note.read_text().replace(
            "reviewed: 2026-11-01\n",
            "reviewed: 2026-11-01\nchanges:\n  - date: 2025-12-31\n    summary: Older <fix>\n"
            "  - date: 2026-01-02\n    summary: Examples updated\n",
        )
    )
    collection = load_collection(site / "mkdocs.yml")
    dates = {n.src_path: datetime(2026, 1, 1 + i, tzinfo=UTC) for i, n in enumerate(collection.notes)}
    urls = {n.src_path: f"https://example.org/{n.src_path.removesuffix('.md')}/" for n in collection.notes}
    root = ET.fromstring(feed.rss(collection, dates, urls, "Fixture", "Notes.", "https://example.org/"))
    items = [
        (i.findtext("title"), i.findtext("pubDate"), i.findtext("link")) for i in root.findall("channel/item")
    ]
    first = "https://example.org/notes/first-note/"
    assert items == [
        ("2024-01-02", "Sat, 03 Jan 2026 00:00:00 +0000", "https://example.org/notes/tricky-note/"),
        ("First note", "Fri, 02 Jan 2026 00:00:00 +0000", first),
        ("First note: Examples updated", "Fri, 02 Jan 2026 00:00:00 +0000", first + "#what-changed"),
        ("no", "Thu, 01 Jan 2026 00:00:00 +0000", "https://example.org/notes/second-note/"),
        ("First note: Older <fix>", "Wed, 31 Dec 2025 00:00:00 +0000", first + "#what-changed"),
    ]
    change = root.findall("channel/item")[2]
    assert change.find("guid").attrib == {"isPermaLink": "false"}
    assert change.findtext("guid") == first + "#change-2026-01-02-2"  # numbered oldest first: stable
    assert root.findall("channel/item")[4].findtext("description") == "Older &lt;fix&gt;"
    assert [c.text for c in change.findall("category")] == ["alpha"]
