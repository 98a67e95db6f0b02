"""Self-check questions: the loader and its located messages, the headings they point at, the
coverage rule, and the section each note ends with."""

from __future__ import annotations

from pathlib import Path

import pytest

from notekit.notes import contract, headings, questions
from notekit.notes.errors import NotesError

NOTE = contract.parse_note(
    b"""---
title: KV cache basics
description: One sentence.
tags: [alpha]
reviewed: 2026-11-01
---
# KV cache basics

## Memory arithmetic

```python
# Not a heading
```

## Why `paged` caches help

| a | b |
| --- | --- |

## Summary
""",
    "docs/notes/kv.md",
    "notes/kv.md",
    {"alpha"},
)
PATH = "docs/notes/kv.questions.yml"


def item(qid: str, kind: str = "recall", section: str = "#memory-arithmetic", extra: str = "") -> str:
    return (
        f'  - id: {qid}\n    kind: {kind}\n    section: "{section}"\n'
        f"    question: What is {qid}?\n    answer: It is $2 \\times 3$.\n{extra}"
    )


def good(count: int = 6, worked: int = 2) -> str:
    kinds = ["calculation"] * worked + ["recall", "why", "what-if"] * count
    return "questions:\n" + "".join(item(f"q{i}", kinds[i]) for i in range(count))


def parse(text: str) -> questions.QuestionSet:
    return questions.parse(text.encode(), PATH, NOTE)


def problems(text: str) -> list[str]:
    with pytest.raises(NotesError) as info:
        parse(text)
    return [str(p) for p in info.value.problems]


def test_a_good_file_is_typed_with_the_heading_each_question_points_at():
    found = parse(good().replace('"#memory-arithmetic"', '"#why-paged-caches-help"', 1))
    first = found.questions[0]
    assert (first.id, first.kind, first.section, first.section_title) == (
        "q0",
        "calculation",
        "why-paged-caches-help",
        "Why `paged` caches help",
    )
    assert first.question == "What is q0?" and first.answer == "It is $2 \\times 3$."
    assert first.anchor == "q-q0" and first.line == 2
    assert found.slug == "kv" and len(found.questions) == 6


def test_every_problem_in_a_file_is_located_and_named():
    text = (
        "questions:\n"
        + item("no-answer").replace("    answer: It is $2 \\times 3$.\n", "")
        + item("empty-question").replace("What is empty-question?", '""')
        + item("bad-kind", kind="calculaton")
        + item("a")
        + item("a")
        + item("dead", section="#memory-arithmetics")
        + item("far", section="#nothing-like-it")
        + item("Bad_Id")
        + item("anchorless", section="memory-arithmetic")
        + item("extra", extra="    hint: x\n")
        + "  - just text\n"
    )
    assert problems(text) == [
        "docs/notes/kv.questions.yml:2: answer: question 1 has no `answer` (write the answer a reader checks against; show the working for a calculation)",
        "docs/notes/kv.questions.yml:9: question: is empty (write one question, Markdown allowed)",
        "docs/notes/kv.questions.yml:12: kind: unknown kind 'calculaton' (did you mean 'calculation'?)",
        "docs/notes/kv.questions.yml:21: id: duplicate id 'a', also on line 16 (each question needs an id of its own; never reuse one for a different question)",
        "docs/notes/kv.questions.yml:28: section: no heading '#memory-arithmetics' in kv.md (did you mean '#memory-arithmetic'?)",
        "docs/notes/kv.questions.yml:33: section: no heading '#nothing-like-it' in kv.md (use the anchor of a heading in the note)",
        "docs/notes/kv.questions.yml:36: id: 'Bad_Id' is not a lowercase kebab-case id of at most 60 characters (e.g. `id: kv-cache-size`)",
        "docs/notes/kv.questions.yml:43: section: 'memory-arithmetic' is not an anchor (write `section: \"#heading-anchor\"`, quoted)",
        "docs/notes/kv.questions.yml:51: hint: unknown key (use id, kind, section, question, answer)",
        "docs/notes/kv.questions.yml:52: questions: question 11 must be a mapping (write `- id: ...` with id, kind, section, question, answer)",
    ]


def test_the_file_itself_must_hold_a_list_of_questions():
    assert problems("qestions:\n  - id: a\n") == [
        "docs/notes/kv.questions.yml:1: questions: missing: the file must start with `questions:` (then a list of `- id: ...` items)"
    ]
    assert problems("questions: none\nextra: 1\n") == [
        "docs/notes/kv.questions.yml:2: extra: unknown key (the file holds one key, `questions:`)",
        "docs/notes/kv.questions.yml:1: questions: must be a list of questions (write `- id: ...` items under it)",
    ]
    assert problems("questions:\n  - id: a\n    kind: [recall]\n") == [
        "docs/notes/kv.questions.yml:3: kind: must be text, not a list (write it after the colon, or as a `>-` block)",
        'docs/notes/kv.questions.yml:2: section: question 1 has no `section` (name the heading that explains it, e.g. `section: "#memory-arithmetic"`)',
        "docs/notes/kv.questions.yml:2: question: question 1 has no `question` (write one question, Markdown allowed)",
        "docs/notes/kv.questions.yml:2: answer: question 1 has no `answer` (write the answer a reader checks against; show the working for a calculation)",
    ]


def test_malformed_yaml_and_untrusted_input_are_located():
    assert problems("questions:\n  - id: a\n    answer: `code` first\n") == [
        "docs/notes/kv.questions.yml:3: questions: malformed YAML: while scanning for the next token found character that cannot start any token (check the indentation, and quote values that contain ': ' or start with [ { * & ! or a quote)"
    ]
    assert problems("questions: &a\n  - id: a\n") == [
        "docs/notes/kv.questions.yml:1: questions: YAML anchor '&a' is not allowed (remove the '&name'; questions takes no anchors (&) or aliases (*))"
    ]
    assert problems("questions:\n  - id: a\n    id: b\n") == [
        "docs/notes/kv.questions.yml:3: questions.0.id: duplicate key (first set on line 2) (keep one of the two; YAML would silently use the last)"
    ]


def test_headings_get_the_sites_anchors():
    body = (
        "# Title\n\n## Memory arithmetic\n\n```bash\n## not a heading\n```\n\n"
        "## Memory arithmetic\n\n### What is `llama-bench`? ###\n\n## Custom { #my-id }\n\n"
        "## N × M: adapters\n\n~~~\n# inside a tilde fence\n~~~\n\n## 2024–2025 changes\n"
    )
    assert [(h.anchor, h.text, h.level, h.line) for h in headings.headings(body)] == [
        ("title", "Title", 1, 1),
        ("memory-arithmetic", "Memory arithmetic", 2, 3),
        ("memory-arithmetic_1", "Memory arithmetic", 2, 9),
        ("what-is-llama-bench", "What is `llama-bench`?", 3, 11),
        ("my-id", "Custom", 2, 13),
        ("n--m-adapters", "N × M: adapters", 2, 15),
        ("20242025-changes", "2024–2025 changes", 2, 21),
    ]


def test_coverage_asks_for_six_to_ten_questions_two_of_them_worked():
    show = "docs/notes/kv.questions.yml"
    assert questions.coverage_problems(NOTE, parse(good()), show) == []
    assert [str(p) for p in questions.coverage_problems(NOTE, None, show)] == [
        "docs/notes/kv.md:1: questions: the note has no self-check questions (write 6 to 10 in docs/notes/kv.questions.yml (CONTRIBUTING.md, 'Self-check questions'))"
    ]
    assert [str(p) for p in questions.coverage_problems(NOTE, parse(good(5, 1)), show)] == [
        "docs/notes/kv.questions.yml:1: questions: 5 questions, at least 6 (add recall, why and what-if questions on the note's main points (CONTRIBUTING.md, 'Self-check questions'))",
        "docs/notes/kv.questions.yml:1: kind: 1 calculation or diagram questions, at least 2 (ask for a small calculation, or for a reading of a diagram or table in the note)",
    ]
    assert [str(p) for p in questions.coverage_problems(NOTE, parse(good(11)), show)] == [
        "docs/notes/kv.questions.yml:1: questions: 11 questions, at most 10 (keep the ones that test the note's main points)"
    ]
    diagrams = parse(good(6, 0).replace("kind: recall", "kind: diagram", 2))
    assert questions.coverage_problems(NOTE, diagrams, show) == []


def write_site(tmp_path: Path, files: dict[str, str]) -> Path:
    notes = tmp_path / "docs" / "notes"
    notes.mkdir(parents=True)
    for name, text in files.items():
        (notes / name).write_text(text, encoding="utf-8")
    return notes


def test_load_all_checks_every_file_and_names_questions_without_a_note(tmp_path):
    notes = write_site(
        tmp_path, {"kv.md": "x", "kv.questions.yml": good(5), "gone.questions.yml": good(), "other.md": "x"}
    )
    other = contract.parse_note(
        b"---\ntitle: Other\ndescription: One.\ntags: [alpha]\nreviewed: 2026-11-01\n---\n# Other\n",
        "docs/notes/other.md", "notes/other.md", {"alpha"},
    )  # fmt: skip
    with pytest.raises(NotesError) as info:
        questions.load_all([NOTE, other], notes, tmp_path)
    assert [str(p) for p in info.value.problems] == [
        "docs/notes/gone.questions.yml:1: file: no note gone.md for these questions (rename the file with its note, or delete it with the note)"
    ]
    (notes / "gone.questions.yml").unlink()
    loaded = questions.load_all([NOTE, other], notes, tmp_path)
    assert list(loaded.sets) == ["notes/kv.md"]
    assert [str(p) for p in loaded.coverage] == [
        "docs/notes/kv.questions.yml:1: questions: 5 questions, at least 6 (add recall, why and what-if questions on the note's main points (CONTRIBUTING.md, 'Self-check questions'))",
        "docs/notes/other.md:1: questions: the note has no self-check questions (write 6 to 10 in docs/notes/other.questions.yml (CONTRIBUTING.md, 'Self-check questions'))",
    ]


def test_the_section_is_one_disclosure_per_question_with_its_own_link():
    found = parse(good())
    markdown = questions.page_markdown(found, '<p class="note-downloads">links</p>')
    lines = markdown.splitlines()
    assert lines[0] == "## Self-check questions"
    assert '<p class="note-downloads">links</p>' in lines
    assert lines.count('<div class="note-answer" markdown="block">') == 6
    assert (
        '<details class="question note-question" id="q-q0" data-kind="calculation" markdown="block">' in lines
    )
    assert (
        '<summary markdown="span"><span class="note-question-number">Question 1</span>'
        '<span class="note-question-kind">, calculation:</span> What is q0?</summary>'
    ) in lines
    assert (
        '<p class="note-question-links" markdown="span">Explained in [Memory arithmetic](#memory-arithmetic) · '
        '<a class="note-question-link" href="#q-q0">Link to question 1</a></p>'
    ) in lines
    assert "It is $2 \\times 3$." in lines  # Markdown, rendered by the site like the note's own
    assert "note-downloads" not in questions.page_markdown(found)


def test_the_book_opens_every_answer():
    page = '<details class="question note-question" id="q-a"><details open class="question note-question">'
    assert questions.open_all(page) == (
        '<details open class="question note-question" id="q-a"><details open class="question note-question">'
    )
