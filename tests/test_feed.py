import xml.etree.ElementTree as ET
from datetime import UTC, datetime

from notekit import feed
from notekit.collection import load_collection
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
