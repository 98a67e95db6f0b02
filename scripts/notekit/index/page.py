"""What a note page gains beyond its own Markdown: lede, reading time, review date, the "changed
since your last visit" marker, self-check questions, what changed, sources, related notes and
backlinks. Pure functions of the parsed notes; the MkDocs hook only calls them.

Everything taken from front-matter is plain text here: titles go into Markdown through
`inline.site_text` (inert to Markdown and every extension) or into HTML through `html.escape`, never raw.
"""

from __future__ import annotations

import html
import posixpath
import re

from notekit.index import graph, history
from notekit.notes import inline
from notekit.notes.contract import SOURCE_KINDS, Note

_H1 = re.compile(r"^# .*$", re.M)
SOURCES_HEADING = "## Sources"


def with_lede(markdown: str, note: Note, byline: str = "") -> str:
    """Under the H1: the description as a lede, then reading time, review date, byline and the
    (hidden) "changed since your last visit" marker.

    The lede is the first text of the page, so it is also what search results show for the note.
    """
    lines = (
        f'<p class="note-lede">{note.description_html}</p>\n'
        f'<p class="note-facts"><span class="note-reading-time">{graph.reading_minutes(note)} min read'
        f'</span> · <span class="note-reviewed">Facts checked on {history.human(note.reviewed)}</span></p>'
        + (f"\n{byline}" if byline else "")
        + f"\n{changed_marker(note)}"
    )
    heading = _H1.search(markdown)
    if heading is None:
        return f"{lines}\n\n{markdown}"
    return f"{markdown[: heading.end()]}\n\n{lines}\n{markdown[heading.end() :]}"


def changed_marker(note: Note) -> str:
    """Hidden until javascripts/study.js finds, in this browser's storage only, that the reader
    came before the newest entry of `changes:`. It carries what the script compares: the note,
    the newest change's date and how many changes there are. The date of the last visit is known
    only there, so the script writes its `<time>` into the empty span (an empty `<time>` is not
    valid HTML)."""
    slug = posixpath.splitext(posixpath.basename(note.src_path))[0]
    latest = f"{note.changes[0].date:%Y-%m-%d}" if note.changes else ""
    return (
        f'<p class="note-changed" hidden data-note="{html.escape(slug)}" data-latest="{latest}"'
        f' data-count="{len(note.changes)}">Changed since your last visit on'
        ' <span class="note-last-visit"></span>: see'
        f' <a href="#{CHANGES_ANCHOR}">what changed</a>. {FORGET_BUTTON}</p>'
    )


CHANGES_HEADING = "## What changed"
CHANGES_ANCHOR = "what-changed"
FORGET_BUTTON = '<button type="button" class="note-forget md-button">Forget my visits</button>'


def changes_markdown(note: Note) -> str:
    """The note's history for readers, from `changes:` (newest first), and what this browser
    remembers of the reader's visits, with the control that forgets them (shown with JavaScript,
    which alone uses it)."""
    if not note.changes:
        return ""
    items = "\n".join(
        f'<li><time datetime="{c.date:%Y-%m-%d}">{c.date:%B} {c.date.day}, {c.date.year}</time>: '
        f"{html.escape(c.summary)}</li>"
        for c in note.changes
    )
    visits = (
        '<p class="note-visits" hidden>This browser remembers when you last read each note, to tell'
        " you what changed since; it keeps that to itself and sends it nowhere."
        f" {FORGET_BUTTON}</p>"
    )
    return f'{CHANGES_HEADING}\n\n<ul class="note-changes">\n{items}\n</ul>\n\n{visits}'


def sources_markdown(note: Note) -> str:
    """A numbered "Sources" section: each title linked, then its host and kind.

    Written as an HTML list (inside Markdown, after a Markdown heading so the table of contents
    and the anchor `#sources` work): the titles and addresses are then escaped once, by us, and no
    Markdown or extension can reinterpret a character of them.
    """
    if not note.sources:
        return ""
    items = []
    for source in note.sources:
        meta = source.host
        if source.kind:
            meta += f" · {SOURCE_KINDS[source.kind]}"
        items.append(
            f'<li><a href="{html.escape(source.url, quote=True)}">{html.escape(source.title)}</a>'
            f' <span class="note-source-meta">({html.escape(meta)})</span></li>'
        )
    return f'{SOURCES_HEADING}\n\n<ol class="note-sources">\n' + "\n".join(items) + "\n</ol>"


def sources_text(note: Note) -> str:
    """The same list as Markdown text, for llms-full.txt."""
    if not note.sources:
        return ""
    lines = [SOURCES_HEADING, ""]
    for number, source in enumerate(note.sources, 1):
        kind = f", {SOURCE_KINDS[source.kind]}" if source.kind else ""
        # Angle brackets keep a URL with parentheses (Wikipedia's, say) in one piece.
        target = f"<{source.url}>" if any(ch in source.url for ch in "()<>") else source.url
        lines.append(f"{number}. [{inline.markdown_text(source.title)}]({target}) ({source.host}{kind})")
    return "\n".join(lines)


def connections_markdown(note: Note, related: tuple[Note, ...], backlinks: tuple[Note, ...]) -> str:
    """ "Related notes" (sharing tags) and "Linked from" sections, titles escaped as plain text."""
    here = posixpath.dirname(note.src_path)

    def link(other: Note) -> str:
        return f"[{inline.site_text(other.title)}]({posixpath.relpath(other.src_path, here)})"

    sections = []
    if related:
        items = [
            f"- {link(o)}: shares {', '.join(inline.site_text(t) for t in o.tags if t in note.tags)}"
            for o in related
        ]
        sections.append("## Related notes\n\n" + "\n".join(items))
    if backlinks:
        sections.append("## Linked from\n\n" + "\n".join(f"- {link(o)}" for o in backlinks))
    return "".join(f"\n\n{section}\n" for section in sections)


def note_markdown(
    markdown: str,
    note: Note,
    related: tuple[Note, ...],
    backlinks: tuple[Note, ...],
    byline: str = "",
    questions: str = "",
) -> str:
    """The note as the site renders it: lede first, then the body, its self-check questions (given
    as Markdown), what changed, sources, related notes and backlinks."""
    sections = [questions, changes_markdown(note), sources_markdown(note)]
    tail = "".join(f"\n\n{section}\n" for section in sections if section)
    return with_lede(markdown, note, byline) + tail + connections_markdown(note, related, backlinks)
