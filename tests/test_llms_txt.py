import shutil

from markdown_it import MarkdownIt

from notekit.notes.collection import load_collection
from notekit.outputs import llms_txt
from support import FIXTURE_SITE


def test_llms_txt_lists_every_note_with_url_and_plain_description():
    collection = load_collection(FIXTURE_SITE / "mkdocs.yml")
    urls = {
        n.src_path: f"https://example.org/notes/{n.src_path.removesuffix('.md')}/" for n in collection.notes
    }
    text = llms_txt.llms_txt(collection, "Fixture notes", "Notes for tests.", urls)
    assert text.startswith("# Fixture notes\n\n> Notes for tests.\n\n## Notes\n\n")
    assert (
        "- [First note](https://example.org/notes/notes/first-note/): The first note, with code and a link.\n"
        in text
    )
    assert text.count("\n- [") == len(collection.notes)


def test_llms_full_txt_has_bodies_without_front_matter():
    collection = load_collection(FIXTURE_SITE / "mkdocs.yml")
    text = llms_txt.llms_full_txt(
        collection, "Fixture notes", {n.src_path: n.src_path for n in collection.notes}
    )
    assert "Body of the first note." in text and "CRLF body." in text
    assert "tags:" not in text and "---" not in text
    assert text.index("# The second note") < text.index("# First note") < text.index("# Tricky")


def test_llms_full_txt_writes_out_snippets_and_lists_sources(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(FIXTURE_SITE, root)
    (root / "docs" / "examples").mkdir()
    (root / "docs" / "examples" / "hello.py").write_text("print('hello from a snippet')\n")
    note = root / "docs" / "notes" / "first-note.md"
    note.write_text(
        note.read_text().replace(
            "Body of the first note.", 'Code:\n\n```python\n--8<-- "docs/examples/hello.py"\n```'
        )
    )
    collection = load_collection(root / "mkdocs.yml")
    text = llms_txt.llms_full_txt(
        collection, "Fixture notes", {n.src_path: n.src_path for n in collection.notes}
    )
    assert "print('hello from a snippet')" in text and "--8<--" not in text
    assert "## Sources\n\n1. [Example source](https://example.org/source) (example.org)" in text


def test_titles_and_descriptions_stay_plain_text_in_llms_txt():
    collection = load_collection(FIXTURE_SITE / "mkdocs.yml")
    text = llms_txt.llms_txt(
        collection, "Fixture notes", "Notes for tests.", {n.src_path: "u" for n in collection.notes}
    )
    # The tricky note's description holds raw HTML and pipes: escaped, never live markup.
    assert "\\<script\\>alert(1)\\</script\\>" in text
    rendered = MarkdownIt("commonmark").render(text)
    assert "<script>" not in rendered and "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered
