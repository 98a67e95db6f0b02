"""An RSS 2.0 feed of the notes, newest first, from the same front-matter as the index: one item per
note (dated by its last change in git), and one per entry of its `changes:` list, the history
written for readers (never commit subjects)."""

from __future__ import annotations

import html
from collections.abc import Mapping
from datetime import UTC, datetime, time
from email.utils import format_datetime
from xml.etree import ElementTree as ET

from notekit.index.page import CHANGES_ANCHOR  # the note's "What changed" section
from notekit.notes.collection import Collection

FEED_FILE = "feed.xml"


def rss(
    collection: Collection,
    dates: Mapping[str, datetime],
    urls: Mapping[str, str],
    site_name: str,
    summary: str,
    site_url: str,
) -> str:
    """The feed as XML text; `dates` and `urls` map each note's src_path to when it last changed
    and to its address."""
    channel_root = ET.Element("rss", version="2.0")
    channel = ET.SubElement(channel_root, "channel")
    ET.SubElement(channel, "title").text = site_name
    ET.SubElement(channel, "link").text = site_url
    ET.SubElement(channel, "description").text = summary
    entries: list[tuple[datetime, ET.Element]] = []
    for note in collection.notes:
        url = urls[note.src_path]
        item = ET.Element("item")
        ET.SubElement(item, "title").text = note.title
        ET.SubElement(item, "link").text = url
        ET.SubElement(item, "guid", isPermaLink="true").text = url
        # RSS descriptions are HTML; the safe rendering keeps raw HTML from the front-matter inert.
        ET.SubElement(item, "description").text = note.description_html
        ET.SubElement(item, "pubDate").text = format_datetime(dates[note.src_path])
        for tag in note.tags:
            ET.SubElement(item, "category").text = tag
        entries.append((dates[note.src_path], item))
        for number, change in enumerate(reversed(note.changes), 1):  # numbered oldest first: stable
            when = datetime.combine(change.date, time(), UTC)
            item = ET.Element("item")
            ET.SubElement(item, "title").text = f"{note.title}: {change.summary}"
            ET.SubElement(item, "link").text = f"{url}#{CHANGES_ANCHOR}"
            ET.SubElement(item, "guid", isPermaLink="false").text = f"{url}#change-{change.date}-{number}"
            ET.SubElement(item, "description").text = html.escape(change.summary)
            ET.SubElement(item, "pubDate").text = format_datetime(when)
            for tag in note.tags:
                ET.SubElement(item, "category").text = tag
            entries.append((when, item))
    entries.sort(key=lambda entry: entry[0], reverse=True)  # stable: ties keep the sidebar order
    if entries:
        ET.SubElement(channel, "lastBuildDate").text = format_datetime(entries[0][0])
    channel.extend(item for _, item in entries)
    ET.indent(channel_root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(channel_root, encoding="unicode") + "\n"
