from notekit import llms_txt
from notekit.collection import load_collection
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
