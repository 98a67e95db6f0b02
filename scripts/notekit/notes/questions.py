"""Self-check questions: each note's sibling `<slug>.questions.yml`, read and checked like
front-matter, and the "Self-check questions" section the note's page ends with.

The file is untrusted input read by `strict_yaml` (every scalar a string, lines kept). Two kinds of
problem, both `path:line: field: problem (hint)`:

- what is wrong in a file (a missing answer, an empty question, an unknown kind, a duplicate id,
  a section no heading of the note has) stops every build, as a broken front-matter does;
- what a note still lacks (no file, fewer than 6 questions, fewer than 2 that need a calculation
  or a reading of a diagram) is `coverage`: the strict build refuses it, `mkdocs serve` only
  says it, so a draft can be previewed.

The questions and answers are Markdown, rendered by the site's own Markdown (md_in_html), so code,
math and glossary terms look as they do in the note. Nothing here imports MkDocs.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from notekit.notes import contract, headings, inline, source, strict_yaml
from notekit.notes.errors import NotesError, Problem, display_path

SUFFIX = ".questions.yml"
KEYS = ("id", "kind", "section", "question", "answer")
KINDS = ("recall", "why", "what-if", "calculation", "diagram")
# Kinds that need working rather than recall: a small calculation, or reading a diagram or table.
WORKED = ("calculation", "diagram")
KIND_LABELS = {
    "recall": "Recall",
    "why": "Why",
    "what-if": "What if",
    "calculation": "Calculation",
    "diagram": "Diagram or table",
}
MIN_QUESTIONS, MAX_QUESTIONS = 6, 10
MIN_WORKED = 2
MAX_ID_CHARS = 60
HEADING = "Self-check questions"
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
HINT = "CONTRIBUTING.md, 'Self-check questions'"


@dataclass(frozen=True)
class Question:
    id: str  # stable: with the note's slug it is the Anki card's identity
    kind: str  # one of KINDS
    section: str  # an anchor of a heading in the note, without '#'
    section_title: str  # that heading's Markdown
    question: str  # Markdown
    answer: str  # Markdown
    line: int  # of `- id:` in the questions file
    # the file line of each key's value: {"question": 7, "answer": 8, ...}
    lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    @property
    def anchor(self) -> str:
        """The question's own id on the page: `#q-<id>` opens it."""
        return f"q-{self.id}"


@dataclass(frozen=True)
class QuestionSet:
    path: str  # as shown in messages, e.g. docs/notes/mcp.questions.yml
    note: contract.Note
    questions: tuple[Question, ...]

    @property
    def slug(self) -> str:
        return Path(self.note.src_path).stem


def path_for(note_path: Path) -> Path:
    """docs/notes/mcp.md -> docs/notes/mcp.questions.yml"""
    return note_path.with_name(note_path.stem + SUFFIX)


def parse(data: bytes, path: str, note: contract.Note) -> QuestionSet:
    """Read and check one questions file against its note; NotesError with every problem found."""
    text = source.decode(data, path)
    try:
        doc = strict_yaml.load(text, subject="questions")
    except strict_yaml.YamlProblem as exc:
        raise NotesError([Problem(path, exc.line, exc.key or "questions", exc.message, exc.hint)]) from None
    checker = _Checker(path, doc, note)
    found = checker.check()
    if checker.problems:
        raise NotesError(checker.problems)
    return QuestionSet(path, note, tuple(found))


class _Checker:
    def __init__(self, path: str, doc: strict_yaml.YamlDocument, note: contract.Note):
        self.path, self.doc, self.note = path, doc, note
        self.problems: list[Problem] = []
        self.anchors = {h.anchor: h for h in headings.headings(note.body)}

    def add(self, keys: tuple[str | int, ...], field: str, problem: str, hint: str = "") -> None:
        # An item's keys are given from its index: (2, "answer") is questions[2].answer.
        keys = ("questions", *keys) if keys and isinstance(keys[0], int) else keys
        self.problems.append(Problem(self.path, self.doc.line_of(*keys, default=1), field, problem, hint))

    def check(self) -> list[Question]:
        value = self.doc.value
        if not isinstance(value, dict) or "questions" not in value:
            self.add(
                (),
                "questions",
                "missing: the file must start with `questions:`",
                "then a list of `- id: ...` items",
            )
            return []
        for key in value:
            if key != "questions":
                self.add((key,), key, "unknown key", "the file holds one key, `questions:`")
        items = value["questions"]
        if not isinstance(items, list) or not items:
            self.add(
                ("questions",), "questions", "must be a list of questions", "write `- id: ...` items under it"
            )
            return []
        found: list[Question] = []
        seen: dict[str, int] = {}
        for i, item in enumerate(items):
            question = self.item(i, item)
            if question is None:
                continue
            if question.id in seen:
                self.add(
                    (i, "id"),
                    "id",
                    f"duplicate id '{question.id}', also on line {seen[question.id]}",
                    "each question needs an id of its own; never reuse one for a different question",
                )
                continue
            seen[question.id] = self.doc.line_of("questions", i, "id")
            found.append(question)
        return found

    def item(self, i: int, item: object) -> Question | None:
        number = f"question {i + 1}"
        if not isinstance(item, dict):
            self.add(
                (i,), "questions", f"{number} must be a mapping", f"write `- id: ...` with {', '.join(KEYS)}"
            )
            return None
        ok = True
        for key in item:
            if key not in KEYS:
                close = difflib.get_close_matches(key, KEYS, n=1)
                self.add(
                    (i, key),
                    key,
                    "unknown key",
                    f"did you mean '{close[0]}'?" if close else f"use {', '.join(KEYS)}",
                )
                ok = False
        for key in KEYS:
            value = item.get(key)
            if key not in item:
                self.add((i,), key, f"{number} has no `{key}`", _MISSING_HINTS[key])
                ok = False
            elif not isinstance(value, str):
                self.add(
                    (i, key),
                    key,
                    f"must be text, not a {_kind(value)}",
                    "write it after the colon, or as a `>-` block",
                )
                ok = False
            elif not value.strip() or not contract.has_visible_text(value):
                self.add((i, key), key, "is empty", _MISSING_HINTS[key])
                ok = False
        if not ok:
            return None
        qid, kind, section = item["id"].strip(), item["kind"].strip(), item["section"].strip()
        if not _ID.fullmatch(qid) or len(qid) > MAX_ID_CHARS:
            self.add(
                (i, "id"),
                "id",
                f"'{qid}' is not a lowercase kebab-case id of at most {MAX_ID_CHARS} characters",
                "e.g. `id: kv-cache-size`",
            )
            ok = False
        if kind not in KINDS:
            close = difflib.get_close_matches(kind, KINDS, n=1)
            self.add(
                (i, "kind"),
                "kind",
                f"unknown kind '{kind}'",
                f"did you mean '{close[0]}'?" if close else "one of " + ", ".join(KINDS),
            )
            ok = False
        heading = self.section(i, section)
        if not ok or heading is None:
            return None
        return Question(
            id=qid,
            kind=kind,
            section=heading.anchor,
            section_title=heading.text,
            question=item["question"].strip(),
            answer=item["answer"].strip(),
            line=self.doc.line_of("questions", i),
            lines={key: self.doc.line_of("questions", i, key) for key in KEYS},
        )

    def section(self, i: int, section: str) -> headings.Heading | None:
        anchor = section.removeprefix("#")
        if not section.startswith("#") or not anchor:
            self.add(
                (i, "section"),
                "section",
                f"'{section}' is not an anchor",
                'write `section: "#heading-anchor"`, quoted',
            )
            return None
        if anchor in self.anchors:
            return self.anchors[anchor]
        close = difflib.get_close_matches(anchor, list(self.anchors), n=1, cutoff=0.5)
        hint = f"did you mean '#{close[0]}'?" if close else "use the anchor of a heading in the note"
        self.add((i, "section"), "section", f"no heading '#{anchor}' in {Path(self.note.path).name}", hint)
        return None


_MISSING_HINTS = {
    "id": "give it a stable kebab-case id, e.g. `id: kv-cache-size`",
    "kind": "one of " + ", ".join(KINDS),
    "section": 'name the heading that explains it, e.g. `section: "#memory-arithmetic"`',
    "question": "write one question, Markdown allowed",
    "answer": "write the answer a reader checks against; show the working for a calculation",
}


def _kind(value: object) -> str:
    names: dict[type, str] = {dict: "mapping", list: "list"}
    return names.get(type(value), "empty value" if value is None else type(value).__name__)


# Loading every note's questions ---------------------------------------------------------------


@dataclass(frozen=True)
class Loaded:
    sets: dict[str, QuestionSet]  # note src_path -> its questions
    coverage: tuple[Problem, ...]  # what notes still lack: the strict build refuses these


def load_all(notes: Iterable[contract.Note], notes_dir: Path, root: Path) -> Loaded:
    """Every note's questions file, checked; NotesError with every problem in the files.

    A questions file without its note (a renamed or deleted note) is a problem too.
    """

    def show(path: Path) -> str:
        return display_path(path, root)

    problems: list[Problem] = []
    sets: dict[str, QuestionSet] = {}
    coverage: list[Problem] = []
    notes = list(notes)
    by_name = {Path(note.src_path).name: note for note in notes}
    for path in sorted(notes_dir.glob("*" + SUFFIX)) if notes_dir.is_dir() else []:
        note_name = path.name.removesuffix(SUFFIX) + ".md"
        if not (notes_dir / note_name).exists():
            problems.append(
                Problem(
                    show(path),
                    1,
                    "file",
                    f"no note {note_name} for these questions",
                    "rename the file with its note, or delete it with the note",
                )  # fmt: skip
            )
        elif note_name in by_name:  # a note that failed its own checks is reported on its own
            try:
                data = path.read_bytes()
            except OSError as exc:
                problems.append(Problem(show(path), 1, "file", f"cannot be read: {exc.strerror}"))
                continue
            try:
                sets[by_name[note_name].src_path] = parse(data, show(path), by_name[note_name])
            except NotesError as exc:
                problems.extend(exc.problems)
    if problems:
        raise NotesError(problems)
    for note in notes:
        coverage.extend(
            coverage_problems(
                note, sets.get(note.src_path), show(path_for(notes_dir / Path(note.src_path).name))
            )
        )
    return Loaded(sets, tuple(coverage))


def coverage_problems(note: contract.Note, found: QuestionSet | None, path: str) -> list[Problem]:
    """What a note still lacks: its questions file, enough questions, enough worked ones."""
    if found is None:
        return [
            Problem(
                note.path,
                1,
                "questions",
                "the note has no self-check questions",
                f"write {MIN_QUESTIONS} to {MAX_QUESTIONS} in {path} ({HINT})",
            )  # fmt: skip
        ]
    count = len(found.questions)
    problems = []
    if count < MIN_QUESTIONS:
        problems.append(
            Problem(
                path,
                1,
                "questions",
                f"{count} questions, at least {MIN_QUESTIONS}",
                f"add recall, why and what-if questions on the note's main points ({HINT})",
            )  # fmt: skip
        )
    elif count > MAX_QUESTIONS:
        problems.append(
            Problem(
                path,
                1,
                "questions",
                f"{count} questions, at most {MAX_QUESTIONS}",
                "keep the ones that test the note's main points",
            )  # fmt: skip
        )
    worked = sum(q.kind in WORKED for q in found.questions)
    if worked < MIN_WORKED:
        problems.append(
            Problem(
                path,
                1,
                "kind",
                f"{worked} calculation or diagram questions, at least {MIN_WORKED}",
                "ask for a small calculation, or for a reading of a diagram or table in the note",
            )  # fmt: skip
        )
    return problems


# The section on the page ----------------------------------------------------------------------


def page_markdown(found: QuestionSet, downloads: str = "") -> str:
    """The "Self-check questions" section: one disclosure per question, its answer hidden until
    asked for, with the section that explains it and a link of its own (`#q-<id>`).

    Written as HTML that the site's Markdown fills in (md_in_html): `<details>` and `<summary>`
    work without JavaScript, keyboard and screen readers included; the summary reads "Question 3,
    why: ...". `downloads` is HTML (the deck and CSV links) shown under the heading.
    """
    intro = (
        "Answer each question in your head, or on paper, then open it to compare. "
        "Each answer links to the section that explains it."
    )
    parts = [f"## {HEADING}", "", f'<p class="note-questions-intro">{intro}</p>']
    if downloads:
        parts += ["", downloads]
    parts += ["", '<div class="note-questions" markdown="block">']
    for number, q in enumerate(found.questions, 1):
        label = KIND_LABELS[q.kind]
        parts += [
            "",
            f'<details class="question note-question" id="{q.anchor}" data-kind="{q.kind}" markdown="block">',
            f'<summary markdown="span"><span class="note-question-number">Question {number}</span>'
            f'<span class="note-question-kind">, {label.lower()}:</span> {_one_line(q.question)}</summary>',
            "",
            '<div class="note-answer" markdown="block">',
            "",
            q.answer,
            "",
            "</div>",
            "",
            f'<p class="note-question-links" markdown="span">Explained in '
            f"[{inline.site_text(inline.to_plain(q.section_title))}](#{q.section}) · "
            f'<a class="note-question-link" href="#{q.anchor}">Link to question {number}</a></p>',
            "",
            "</details>",
        ]
    parts += ["", "</div>"]
    return "\n".join(parts)


def _one_line(text: str) -> str:
    return " ".join(text.split())


_CLOSED = re.compile(r'<details class="question note-question"(?![^>]*\bopen\b)')


def open_all(page_html: str) -> str:
    """The printable book with every answer open, on screen, on paper and in its PDF."""
    return _CLOSED.sub('<details open class="question note-question"', page_html)
