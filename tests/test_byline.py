from datetime import UTC, datetime

from notekit.index import byline

WHEN = datetime(2026, 3, 5, tzinfo=UTC)


def test_names_are_joined_and_escaped():
    assert byline.names(["Ada"]) == "Ada"
    assert byline.names(["Ada", "Bo"]) == "Ada and Bo"
    assert byline.names(["Ada", "<Bo>", "Cy"]) == "Ada, &lt;Bo&gt; and Cy"


def test_byline_names_the_people_and_the_first_day():
    line = byline.byline(["Ada"], WHEN)
    assert (
        line
        == '<p class="note-byline">Written by Ada; first added <time datetime="2026-03-05">March 5, 2026</time></p>'
    )


def test_byline_sits_under_the_facts_line_after_the_lede():
    from notekit.index import page
    from notekit.notes import contract

    text = "---\ntitle: T\ndescription: D.\ntags: [a]\nreviewed: 2026-11-01\n---\n# T\n\nBody\n"
    note = contract.parse_note(text.encode(), "docs/notes/t.md", "notes/t.md", {"a"})
    out = page.with_lede(note.body, note, byline.byline(["Ada"], WHEN))
    lede, facts, by = out.index("note-lede"), out.index("note-facts"), out.index("note-byline")
    assert lede < facts < by < out.index("Body")
