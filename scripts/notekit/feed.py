"""An RSS 2.0 feed of the notes, newest change first, from the same front-matter as the index."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from email.utils import format_datetime
from xml.etree import ElementTree as ET

from .collection import Collection

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
    notes = sorted(collection.notes, key=lambda n: dates[n.src_path], reverse=True)
    if notes:
        ET.SubElement(channel, "lastBuildDate").text = format_datetime(dates[notes[0].src_path])
    for note in notes:
        item = ET.SubElement(channel, "item")
        url = urls[note.src_path]
        ET.SubElement(item, "title").text = note.title
        ET.SubElement(item, "link").text = url
        ET.SubElement(item, "guid", isPermaLink="true").text = url
        # RSS descriptions are HTML; the safe rendering keeps raw HTML from the front-matter inert.
        ET.SubElement(item, "description").text = note.description_html
        ET.SubElement(item, "pubDate").text = format_datetime(dates[note.src_path])
        for tag in note.tags:
            ET.SubElement(item, "category").text = tag
    ET.indent(channel_root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(channel_root, encoding="unicode") + "\n"
