from notekit.index import graph
from notekit.notes import contract

TAGS = {"a", "b", "c", "d"}


def make(name: str, tags: list[str], body: str = "") -> contract.Note:
    text = f"---\ntitle: {name}\ndescription: About {name}.\ntags: [{', '.join(tags)}]\nreviewed: 2026-11-01\n---\n{body}"
    return contract.parse_note(text.encode(), f"docs/notes/{name}.md", f"notes/{name}.md", TAGS)


def test_links_are_found_outside_code_only():
    note = make(
        "one",
        ["a"],
        "See [two](two.md#part) and [three](./three.md 'x').\n\n```md\n[four](four.md)\n```\n`[five](five.md)`\n"
        "[web](https://x.org/six.md) [self](one.md)\n",
    )
    known = {f"notes/{n}.md" for n in ("one", "two", "three", "four", "five", "six")}
    assert graph.linked_notes(note, known) == ["notes/two.md", "notes/three.md"]


def test_related_ranks_by_shared_tags_then_order_and_skips_unrelated():
    notes = (
        make("n1", ["a", "b", "c"]),
        make("n2", ["a"]),
        make("n3", ["a", "b"]),
        make("n4", ["d"]),
        make("n5", ["b", "c"]),
        make("n6", ["c"]),
    )
    related = graph.connect(notes).related
    assert [n.title for n in related["notes/n1.md"]] == ["n3", "n5", "n2"]  # 2, 2 (later), 1; n6 cut at 3
    assert related["notes/n4.md"] == ()


def test_backlinks_follow_sidebar_order():
    notes = (
        make("x", ["a"], "[z](z.md)"),
        make("y", ["a"]),
        make("z", ["a"], "[y](y.md)"),
        make("w", ["a"], "[z](z.md)"),
    )
    backlinks = graph.connect(notes).backlinks
    assert [n.title for n in backlinks["notes/z.md"]] == ["x", "w"]
    assert [n.title for n in backlinks["notes/y.md"]] == ["z"]
    assert backlinks["notes/x.md"] == ()


def test_reading_time_rounds_up_at_200_words_a_minute():
    assert graph.reading_minutes(make("r", ["a"], "word " * 201)) == 2
    assert graph.reading_minutes(make("s", ["a"], "")) == 1
