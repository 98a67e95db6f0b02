import codecs

import pytest

from notekit.notes import source
from notekit.notes.errors import NotesError


def test_bom_and_crlf_are_accepted():
    data = codecs.BOM_UTF8 + b"---\r\ntitle: x\r\n---\r\nbody\r\n"
    parts = source.split(source.decode(data, "n.md"), "n.md")
    assert parts.yaml_text == "title: x\n"
    assert parts.body == "body\n"


def test_not_utf8_names_the_line():
    with pytest.raises(NotesError) as info:
        source.decode(b"---\ntitle: caf\xe9\n---\n", "docs/notes/n.md")
    assert (
        str(info.value) == "docs/notes/n.md:2: encoding: not valid UTF-8 (byte 0xe9) (save the file as UTF-8)"
    )


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "the file is empty"),
        ("   \n\n", "the file is empty"),
        ("# Title\n", "missing: the first line is not '---'"),
        ("---\ntitle: x\n", "the '---' block is never closed"),
    ],
)
def test_split_problems(text, problem):
    with pytest.raises(NotesError) as info:
        source.split(text, "n.md")
    assert str(info.value).startswith(f"n.md:1: front-matter: {problem} (")


def test_dots_close_front_matter_like_mkdocs():
    parts = source.split("---\ntitle: x\n...\nbody", "n.md")
    assert parts.body == "body"
