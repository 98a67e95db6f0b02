"""Guard rails against placeholder notes: text kept from new-note's outlines, or fewer than three
sources, fails the strict build with its line; a preview only reports it as a draft."""

from __future__ import annotations

import shutil
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from notekit.commands import scaffold
from notekit.notes import contract, drafts, questions
from notekit.notes.collection import load_collection
from support import run_mkdocs

SLUG = "prompt-caching-basics"
NOTE = f"docs/notes/{SLUG}.md"
ASKED = f"docs/notes/{SLUG}.questions.yml"
OWN_WORDS = "write the note's own words in its place; CONTRIBUTING.md, 'Add a note'"
SOURCES_HINT = "add at least three sources (title, url, kind) — CONTRIBUTING.md, 'The front-matter contract'"
ASK_HINT = "write a question on the note's own content; CONTRIBUTING.md, 'Self-check questions'"
ANSWER_HINT = "write the answer the note gives; CONTRIBUTING.md, 'Self-check questions'"

# What `new-note "Prompt caching basics"` writes, and the lines the build names in it.
NOTE_PROBLEMS = [
    f"{NOTE}:2: sources: 0 sources, at least 3 ({SOURCES_HINT})",
    f"{NOTE}:3: description: still the template's placeholder 'TODO: say in one sentence what a reader will "
    "learn from t...' (say in one to three sentences what a reader will learn)",
    f"{NOTE}:12: text: still the template's placeholder 'TODO: the opening paragraph: what this note covers, "
    f"who i...' ({OWN_WORDS})",
    f"{NOTE}:16: text: still the template's placeholder 'TODO: the problem this topic solves and the ideas a "
    f"reade...' ({OWN_WORDS})",
    f"{NOTE}:20: text: still the template's placeholder 'TODO: the mechanism, step by step; keep the diagram "
    f"if it...' ({OWN_WORDS})",
    f"{NOTE}:23: diagram: still the template's example diagram (draw the note's own, or delete it; "
    "CONTRIBUTING.md, 'Add a note')",
    f"{NOTE}:29: text: still the template's placeholder 'TODO: commands, code or a worked example, and the "
    f"pitfall...' ({OWN_WORDS})",
    f"{NOTE}:33: text: still the template's placeholder 'TODO: the points a reader should remember, and links "
    f"to t...' ({OWN_WORDS})",
]
FIRST_QUESTION_PROBLEMS = [
    f"{ASKED}:7: question: still the template's placeholder 'TODO: a question whose answer is a fact the note "
    f"states.' ({ASK_HINT})",
    f"{ASKED}:8: answer: still the template's placeholder 'TODO: the answer, in a sentence or two.' "
    f"({ANSWER_HINT})",
]


def new_note(site: Path, capsys) -> None:
    code = scaffold.main(["Prompt caching basics", "--tag", "rag", "--config", str(site / "mkdocs.yml")])
    assert code == 0, capsys.readouterr().err


def scaffolded(site: Path, capsys) -> tuple[contract.Note, questions.QuestionSet]:
    new_note(site, capsys)
    collection = load_collection(site / "mkdocs.yml")
    note = collection.notes[-1]
    settings = collection.settings
    loaded = questions.load_all(collection.notes, settings.notes_dir, settings.root)
    return note, loaded.sets[note.src_path]


def test_every_placeholder_of_a_new_note_is_named_with_its_line(site, capsys):
    note, asked = scaffolded(site, capsys)
    template = drafts.read_template()
    assert [str(p) for p in drafts.note_problems(note, template)] == NOTE_PROBLEMS
    found = [str(p) for p in drafts.questions_problems(asked.path, asked.questions, template)]
    assert len(found) == 12  # six questions, each with its question and its answer
    assert found[:2] == FIRST_QUESTION_PROBLEMS


def test_a_finished_note_has_no_problems(site):
    collection = load_collection(site / "mkdocs.yml")
    settings = collection.settings
    loaded = questions.load_all(collection.notes, settings.notes_dir, settings.root)
    template = drafts.read_template()
    for note in collection.notes:
        assert drafts.note_problems(note, template) == []
        asked = loaded.sets[note.src_path]
        assert drafts.questions_problems(asked.path, asked.questions, template) == []


def test_a_placeholder_sentence_is_found_across_lines_and_inside_other_text(site, capsys):
    note_path = site / NOTE
    new_note(site, capsys)
    text = note_path.read_text(encoding="utf-8")
    outline = "TODO: the problem this topic solves and the ideas a reader needs before the details."
    kept = "Prompt caching saves work. " + outline.replace(" solves ", " solves\n")
    text = text.replace(outline, kept)
    note_path.write_text(text, encoding="utf-8")
    note = load_collection(site / "mkdocs.yml").notes[-1]
    found = [str(p) for p in drafts.note_problems(note, drafts.read_template())]
    assert found[3] == (
        f"{NOTE}:16: text: still the template's placeholder 'TODO: the problem this topic solves and the ideas "
        f"a reade...' ({OWN_WORDS})"
    )


def test_one_or_two_sources_are_too_few_and_named_at_the_sources_line(site):
    first = site / "docs/notes/first-note.md"
    text = first.read_text(encoding="utf-8")
    first.write_text(text[: text.index("  - title: Example specification")] + "---" + text.split("---", 2)[2])
    note = load_collection(site / "mkdocs.yml").by_src_path["notes/first-note.md"]
    assert [str(p) for p in drafts.note_problems(note, drafts.read_template())] == [
        f"docs/notes/first-note.md:6: sources: 1 source, at least 3 ({SOURCES_HINT})"
    ]


def test_the_rule_follows_the_template_files(site, capsys, tmp_path):
    note, asked = scaffolded(site, capsys)
    copies = tmp_path / "templates"
    shutil.copytree(drafts.TEMPLATES, copies)
    outline, asking = copies / "new-note.md", copies / "new-note.questions.yml"
    # The outline's opening sentence is reworded, a new one added, and the diagram redrawn.
    text = outline.read_text(encoding="utf-8")
    text = text.replace("TODO: the opening paragraph:", "TODO: the first paragraph:")
    text = text.rstrip("\n") + "\n\nReplace this sentence before you merge.\n"
    text = text.replace('output["TODO: output"]', 'output["TODO: result"]')
    outline.write_text(text, encoding="utf-8")
    asking.write_text(
        asking.read_text(encoding="utf-8").replace("TODO: that point.", "TODO: the point itself.")
    )
    template = drafts.read_template(outline, asking)
    assert "Replace this sentence before you merge." in template.sentences
    found = [str(p) for p in drafts.note_problems(note, template)]
    # The note was written from the old outline: its opening line and its diagram no longer match.
    assert found == [NOTE_PROBLEMS[i] for i in (0, 1, 3, 4, 6, 7)]
    edited = site / NOTE
    edited.write_text(edited.read_text(encoding="utf-8") + "\nReplace this sentence\nbefore you merge.\n")
    again = load_collection(site / "mkdocs.yml").notes[-1]
    added = f"{NOTE}:35: text: still the template's placeholder 'Replace this sentence before you merge.' ({OWN_WORDS})"
    assert [str(p) for p in drafts.note_problems(again, template)][-1] == added
    kept = [str(p) for p in drafts.questions_problems(asked.path, asked.questions, template)]
    assert len(kept) == 11 and not any("'TODO: that point.'" in line for line in kept)


def test_the_strict_build_refuses_a_new_note_and_names_it(site, tmp_path, capsys):
    new_note(site, capsys)
    result = run_mkdocs(site / "mkdocs.yml", tmp_path / "out", "--strict")
    assert result.returncode != 0
    for line in NOTE_PROBLEMS + FIRST_QUESTION_PROBLEMS:
        assert f"ERROR   -  {line}\n" in result.stderr
    assert "ERROR   -  20 problem(s) in unfinished notes; nothing was built.\n" in result.stderr
    assert not (tmp_path / "out" / "notes" / SLUG / "index.html").exists()


def _flatten_by_character(text: str, first_line: int) -> tuple[str, list[int]]:
    """The rule drafts._flatten follows, one character at a time: runs of white space become one
    space, which belongs to the line of the word after it."""
    chars: list[str] = []
    lines: list[int] = []
    line, gap = first_line, False
    for ch in text:
        if ch.isspace():
            gap = bool(chars)
        else:
            if gap:
                chars.append(" ")
                lines.append(line)
                gap = False
            chars.append(ch)
            lines.append(line)
        line += ch == "\n"
    return "".join(chars), lines


@given(
    st.text(alphabet=st.sampled_from(["a", "é", " ", "\n", "\t", "\u00a0", "\u2003", "\r"])),
    st.integers(1, 50),
)
def test_flattening_keeps_each_characters_line(text, first_line):
    flat, line_of = drafts._flatten(text, first_line)
    expected, lines = _flatten_by_character(text, first_line)
    assert flat == expected
    assert [line_of(at) for at in range(len(flat))] == lines
