from pathlib import Path

import pytest

from notekit.notes import order
from notekit.notes.errors import NotesError


def pages(tmp_path: Path, text: str) -> Path:
    (tmp_path / ".pages").write_text(text, encoding="utf-8")
    return tmp_path


def test_order_follows_nav(tmp_path):
    folder = pages(tmp_path, "nav:\n  - b.md\n  - Custom title: a.md\n")
    assert order.note_order(folder, {"a.md", "b.md"}, ".pages") == ["b.md", "a.md"]


def test_rest_marker_places_the_others_alphabetically(tmp_path):
    folder = pages(tmp_path, "nav:\n  - c.md\n  - ...\n  - a.md\n")
    assert order.note_order(folder, {"a.md", "b.md", "c.md", "d.md"}, ".pages") == [
        "c.md",
        "b.md",
        "d.md",
        "a.md",
    ]


def test_without_pages_file_order_is_alphabetical(tmp_path):
    assert order.note_order(tmp_path, {"b.md", "a.md"}, ".pages") == ["a.md", "b.md"]


@pytest.mark.parametrize(
    ("text", "names", "expected"),
    [
        (
            "nav:\n  - a.md\n  - gone.md\n",
            {"a.md"},
            "docs/notes/.pages:3: nav: 'gone.md' is listed but no such note exists (create docs/notes/gone.md or remove the entry)",
        ),
        (
            "nav:\n  - a.md\n",
            {"a.md", "new.md"},
            "docs/notes/.pages:1: nav: note 'new.md' is not listed, so it would vanish from the sidebar (add `- new.md` under nav:)",
        ),
        (
            "nav:\n  - a.md\n  - a.md\n",
            {"a.md"},
            "docs/notes/.pages:3: nav: 'a.md' is listed twice (remove the repeat)",
        ),
        (
            "nav:\n  - ... | glob=*.md\n",
            {"a.md"},
            "docs/notes/.pages:2: nav: '... | glob=*.md' is not supported here (use a plain '...' or list the notes by name)",
        ),
        (
            "order: desc\nnav:\n  - a.md\n",
            {"a.md"},
            "docs/notes/.pages:1: order: not supported for the notes folder (state the order with `nav:` entries only)",
        ),
        (
            "title: Notes\n",
            {"a.md"},
            "docs/notes/.pages:1: nav: missing or not a list (list the note files under `nav:`, one `- file.md` per line)",
        ),
    ],
)
def test_disagreements_are_errors(tmp_path, text, names, expected):
    folder = pages(tmp_path, text)
    with pytest.raises(NotesError) as info:
        order.note_order(folder, names, "docs/notes/.pages")
    assert expected in [str(p) for p in info.value.problems]
