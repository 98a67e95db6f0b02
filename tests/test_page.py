"""notekit.index.page: what a note page gains, as text, without a build."""

from __future__ import annotations

from notekit.index import page
from notekit.notes import contract

TAGS = {"a", "b"}


def note(name: str, title: str, tags: str = "[a]", sources: str = "") -> contract.Note:
    text = (
        f'---\ntitle: "{title}"\ndescription: About {name}.\ntags: {tags}\nreviewed: 2026-11-01\n'
        f"{sources}---\n# {title}\n\nBody.\n"
    )
    return contract.parse_note(text.encode(), f"docs/notes/{name}.md", f"notes/{name}.md", TAGS)


SOURCES = (
    "sources:\n"
    '  - title: "<b>Paper</b> & *co*"\n'
    "    url: https://www.example.org/a?b=1&c=2\n"
    "    kind: paper\n"
    "  - title: Plain\n"
    "    url: https://en.wikipedia.org/wiki/Foo_(bar)\n"
)


def test_sources_are_numbered_linked_and_escaped_with_host_and_kind():
    html = page.sources_markdown(note("x", "X", sources=SOURCES))
    assert html.startswith('## Sources\n\n<ol class="note-sources">\n')
    assert (
        '<li><a href="https://www.example.org/a?b=1&amp;c=2">&lt;b&gt;Paper&lt;/b&gt; &amp; *co*</a>'
        ' <span class="note-source-meta">(example.org · paper)</span></li>'
    ) in html
    assert '<span class="note-source-meta">(en.wikipedia.org)</span>' in html


def test_sources_text_for_llms_full_txt_keeps_urls_with_parentheses_whole():
    text = page.sources_text(note("x", "X", sources=SOURCES))
    assert (
        "1. [\\<b\\>Paper\\</b\\> \\& \\*co\\*](https://www.example.org/a?b=1&c=2) (example.org, paper)"
        in text
    )
    assert "2. [Plain](<https://en.wikipedia.org/wiki/Foo_(bar)>) (en.wikipedia.org)" in text


def test_a_note_without_sources_gets_no_section():
    assert page.sources_markdown(note("x", "X")) == "" and page.sources_text(note("x", "X")) == ""


def test_related_and_backlink_titles_are_inert_text():
    here = note("here", "Here", tags="[a, b]")
    other = note("other", "*Star* `code` [l](u) $x$ <i>", tags="[a, b]")
    out = page.connections_markdown(here, (other,), (other,))
    assert (
        "## Related notes\n\n- [&#42;Star&#42; &#96;code&#96; &#91;l&#93;(u) &#36;x&#36; &lt;i&gt;](other.md): shares a, b"
        in out
    )
    assert "## Linked from\n\n- [&#42;Star&#42;" in out


def test_lede_facts_and_sections_come_in_reading_order():
    x = note("x", "X", sources=SOURCES)
    out = page.note_markdown(x.body, x, (), (), '<p class="note-byline">by</p>')
    order = [out.index(s) for s in ("# X", "note-lede", "note-facts", "note-byline", "Body.", "## Sources")]
    assert order == sorted(order)
    assert 'Facts checked on <time datetime="2026-11-01">November 1, 2026</time>' in out


CHANGES = (
    "changes:\n"
    "  - date: 2026-10-02\n    summary: Older <b>fix</b> & more\n"
    "  - date: 2026-11-20\n    summary: Newest change\n"
)


def test_what_changed_lists_the_changes_newest_first_as_escaped_plain_text():
    text = page.changes_markdown(note("x", "X", sources=CHANGES))
    assert text.splitlines()[:5] == [
        "## What changed",
        "",
        '<ul class="note-changes">',
        '<li><time datetime="2026-11-20">November 20, 2026</time>: Newest change</li>',
        '<li><time datetime="2026-10-02">October 2, 2026</time>: Older &lt;b&gt;fix&lt;/b&gt; &amp; more</li>',
    ]
    assert '<p class="note-visits" hidden>' in text and 'class="note-forget md-button"' in text
    assert page.changes_markdown(note("x", "X")) == ""


def test_the_changed_marker_carries_what_the_browser_compares_and_stays_hidden():
    assert page.changed_marker(note("x", "X", sources=CHANGES)) == (
        '<p class="note-changed" hidden data-note="x" data-latest="2026-11-20" data-count="2">Changed since'
        ' your last visit on <span class="note-last-visit"></span>: see <a href="#what-changed">what changed</a>. <button'
        ' type="button" class="note-forget md-button">Forget my visits</button></p>'
    )
    # A note without changes still records the visit, so its first change is noticed.
    assert 'data-latest="" data-count="0"' in page.changed_marker(note("y", "Y"))


def test_a_note_ends_with_its_questions_then_what_changed_then_sources():
    out = page.note_markdown("# X\n\nBody.\n", note("x", "X", sources=CHANGES + SOURCES), (), (), "", "## Q")
    assert out.index("Body.") < out.index("## Q") < out.index("## What changed") < out.index("## Sources")
    assert out.index('<p class="note-changed"') < out.index("Body.")
