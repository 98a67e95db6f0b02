"""Guard rails for a note still being drafted: what the strict build refuses and `mkdocs serve`
only reports (`draft: ...`), so a half-written note can be previewed but never merged.

- a sentence, the description or a diagram of `new-note`'s outline (templates/new-note.md) kept
  word for word, or a question or answer of its questions outline (templates/new-note.questions.yml);
- fewer than three sources.

The forbidden texts are read from the template files on every build, never copied here, so an
edit to a template moves the rule with it. The templates live in this stage because both this
check and the `new-note` command (which writes them) read them. Nothing here imports MkDocs.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from notekit.notes import contract, source, strict_yaml
from notekit.notes.errors import Problem

if TYPE_CHECKING:  # questions imports nothing of drafts, but only the checker needs its type
    from notekit.notes.questions import Question

TEMPLATES = Path(__file__).with_name("templates")
NOTE_TEMPLATE = TEMPLATES / "new-note.md"
QUESTIONS_TEMPLATE = TEMPLATES / "new-note.questions.yml"
MIN_SOURCES = 3
# A template text shorter than this (a lone word, a box label) is too common to refuse.
MIN_CHARS = 12
SHOWN_CHARS = 60  # of a template text quoted in a message
SOURCES_HINT = "add at least three sources (title, url, kind) — CONTRIBUTING.md, 'The front-matter contract'"
NOTE_HINT = "CONTRIBUTING.md, 'Add a note'"
QUESTIONS_HINT = "CONTRIBUTING.md, 'Self-check questions'"

_PLACEHOLDER = re.compile(r"\{\w+\}")
_FENCE = re.compile(r"(`{3,}|~{3,})\s*([\w-]*)")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=\S)")


@dataclass(frozen=True)
class Template:
    """The texts of the outlines a finished note no longer holds, each with its white space
    collapsed."""

    description: str
    sentences: tuple[str, ...]  # of the outline's prose, outside code and diagrams
    diagrams: tuple[str, ...]  # the content of each ```mermaid block
    questions: tuple[str, ...]
    answers: tuple[str, ...]


def squeeze(text: str) -> str:
    return " ".join(text.split())


def read_template(note_file: Path = NOTE_TEMPLATE, questions_file: Path = QUESTIONS_TEMPLATE) -> Template:
    """The forbidden texts of the two outlines `new-note` writes."""
    parts = source.split(source.decode(note_file.read_bytes(), str(note_file)), str(note_file))
    # The front-matter with its fields filled: a line that is only a placeholder (the tags) goes.
    yaml_lines = [
        _PLACEHOLDER.sub("x", line)
        for line in parts.yaml_text.splitlines()
        if not _PLACEHOLDER.fullmatch(line.strip())
    ]
    meta = strict_yaml.load("\n".join(yaml_lines) + "\n").value or {}
    description = meta.get("description") if isinstance(meta, dict) else None
    sentences, diagrams = _outline_texts(parts.body)
    asked_text = source.decode(questions_file.read_bytes(), str(questions_file))
    asked = strict_yaml.load(_PLACEHOLDER.sub("x", asked_text), subject="questions").value
    items = [item for item in (asked or {}).get("questions") or [] if isinstance(item, dict)]

    def texts(key: str) -> tuple[str, ...]:
        found = (squeeze(item[key]) for item in items if isinstance(item.get(key), str))
        return tuple(text for text in found if len(text) >= MIN_CHARS)

    return Template(
        description=squeeze(description) if isinstance(description, str) else "",
        sentences=sentences,
        diagrams=diagrams,
        questions=texts("question"),
        answers=texts("answer"),
    )


def _outline_texts(body: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(sentences, diagrams) of a Markdown outline: prose split into sentences (headings, code
    and lines with a placeholder left out), and each Mermaid block's content."""
    sentences: list[str] = []
    diagrams: list[str] = []
    paragraph: list[str] = []
    fence: tuple[str, str, list[str]] | None = None  # (marker, language, lines)

    def end_paragraph() -> None:
        for sentence in _SENTENCE.split(squeeze(" ".join(paragraph))):
            if len(sentence) < MIN_CHARS or _PLACEHOLDER.search(sentence) or sentence in sentences:
                continue
            sentences.append(sentence)
        paragraph.clear()

    for line in body.splitlines():
        stripped = line.strip()
        if fence is not None:
            if stripped.startswith(fence[0]) and not stripped.strip(fence[0][0]):
                if fence[1] == "mermaid" and squeeze("\n".join(fence[2])):
                    diagrams.append(squeeze("\n".join(fence[2])))
                fence = None
            else:
                fence[2].append(line)
        elif opening := _FENCE.match(stripped):
            end_paragraph()
            fence = (opening[1], opening[2].lower(), [])
        elif not stripped or stripped.startswith("#"):
            end_paragraph()
        else:
            paragraph.append(stripped.lstrip(">").strip())
    end_paragraph()
    return tuple(sentences), tuple(diagrams)


def _shown(text: str) -> str:
    return f"'{text}'" if len(text) <= SHOWN_CHARS else f"'{text[: SHOWN_CHARS - 3].rstrip()}...'"


_WORD = re.compile(r"\S+")


def _flatten(text: str, first_line: int) -> tuple[str, Callable[[int], int]]:
    """`text` with every run of white space made one space, and the file line of a character in it.

    The flat text is made by `str.split` (a loop over characters or words was most of the time it
    took to read 2,000 notes); a line is looked up only for what was found, which is rare. A space
    joining two words belongs to the line of the word after it.
    """
    flat = " ".join(text.split())

    def line_of(index: int) -> int:
        word = flat.count(" ", 0, index + 1)  # the word at `index`, or after the space there
        start = next(itertools.islice(_WORD.finditer(text), word, None)).start()
        return first_line + text.count("\n", 0, start)

    return flat, line_of


def note_problems(note: contract.Note, template: Template) -> list[Problem]:
    """The outline's description, sentences and diagrams a note still holds, and too few sources."""
    problems: list[Problem] = []
    if template.description and template.description in squeeze(note.description):
        problems.append(
            Problem(
                note.path,
                note.lines.get(("description",), 1),
                "description",
                f"still the template's placeholder {_shown(template.description)}",
                "say in one to three sentences what a reader will learn",
            )  # fmt: skip
        )
    flat, line_of = _flatten(note.body, note.body_line)
    found: list[Problem] = []
    for sentence in template.sentences:
        if (at := flat.find(sentence)) >= 0:
            problem = f"still the template's placeholder {_shown(sentence)}"
            hint = f"write the note's own words in its place; {NOTE_HINT}"
            found.append(Problem(note.path, line_of(at), "text", problem, hint))
    for diagram in template.diagrams:
        if (at := flat.find(diagram)) >= 0:
            hint = f"draw the note's own, or delete it; {NOTE_HINT}"
            problem = "still the template's example diagram"
            found.append(Problem(note.path, line_of(at), "diagram", problem, hint))
    if len(note.sources) < MIN_SOURCES:
        count = len(note.sources)
        line = note.lines.get(("sources",)) or note.lines.get(("title",), 1)
        problem = f"{count} source{'' if count == 1 else 's'}, at least {MIN_SOURCES}"
        found.append(Problem(note.path, line, "sources", problem, SOURCES_HINT))
    return sorted(problems + found, key=lambda problem: problem.line or 0)


def questions_problems(path: str, asked: Iterable[Question], template: Template) -> list[Problem]:
    """The outline's questions and answers a questions file still holds (`asked`: its Questions)."""
    problems: list[Problem] = []
    for question in asked:
        for key, kept, hint in (
            ("question", template.questions, "write a question on the note's own content"),
            ("answer", template.answers, "write the answer the note gives"),
        ):
            text = squeeze(getattr(question, key))
            if hit := next((t for t in kept if t in text), None):
                line = question.lines.get(key, question.line)
                problem = f"still the template's placeholder {_shown(hit)}"
                problems.append(Problem(path, line, key, problem, f"{hint}; {QUESTIONS_HINT}"))
    return problems
