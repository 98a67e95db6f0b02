"""notekit.page: what a note page gains, as text, without a build."""

from __future__ import annotations

from notekit import contract, page

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
