import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notekit.notes import markers
from notekit.notes.errors import NotesError

S, E = markers.START, markers.END


def test_region_is_replaced_and_rest_kept():
    text = f"before\n{S}\nold\n{E}\nafter\n"
    out = markers.replace_region(text, "| t |", "README.md")
    assert out == f"before\n{S}\n{markers.GENERATED_NOTE}\n\n| t |\n\n{E}\nafter\n"


def test_crlf_files_keep_crlf():
    text = f"a\r\n{S}\r\n{E}\r\nb\r\n"
    out = markers.replace_region(text, "x\ny", "README.md")
    assert "\n" not in out.replace("\r\n", "")
    assert out.endswith(f"{E}\r\nb\r\n")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("no markers\n", f"README.md:1: markers: '{S}' is missing"),
        (f"{S}\n", f"README.md:1: markers: '{E}' is missing"),
        (f"{S}\n{E}\n{S}\n{E}\n", f"README.md:3: markers: '{S}' appears twice"),
        (f"{E}\ntext\n{S}\n", f"README.md:1: markers: '{E}' comes before '{S}'"),
    ],
)
def test_marker_problems(text, expected):
    with pytest.raises(NotesError) as info:
        markers.replace_region(text, "t", "README.md")
    assert any(str(p).startswith(expected + " (") for p in info.value.problems)


outside = st.text(alphabet=st.characters(blacklist_characters="<"), max_size=200)
newlines = st.sampled_from(["\n", "\r\n"])


@settings(max_examples=200, deadline=None)
@given(before=outside, after=outside, old=outside, table=st.text(max_size=100), nl=newlines)
def test_outside_text_survives_and_second_run_changes_nothing(before, after, old, table, nl):
    text = f"{before}{nl}{S}{old}{E}{after}"
    once = markers.replace_region(text, table, "README.md")
    assert once.startswith(f"{before}{nl}{S}")
    assert once.endswith(f"{E}{after}")
    assert markers.replace_region(once, table, "README.md") == once
