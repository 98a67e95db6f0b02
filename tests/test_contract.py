from datetime import date

import pytest

from notekit.notes import contract
from notekit.notes.errors import NotesError

TAGS = {"alpha", "beta", "rag", "agents"}
GOOD = """---
title: A note
description: One *short* sentence.
tags: [alpha]
reviewed: 2026-11-01
---
# A note
"""


def parse(text: str) -> contract.Note:
    return contract.parse_note(text.encode(), "docs/notes/a.md", "notes/a.md", TAGS)


def problems(text: str) -> list[str]:
    with pytest.raises(NotesError) as info:
        parse(text)
    return [str(p) for p in info.value.problems]


def test_good_note_is_typed():
    note = parse(GOOD)
    assert note.title == "A note"
    assert note.tags == ("alpha",)
    assert note.sources == ()
    assert note.description_text == "One short sentence."
    assert note.description_html == "One <em>short</em> sentence."
    assert note.body == "# A note\n"


def test_yaml_words_stay_strings():
    note = parse(
        GOOD.replace("title: A note", "title: no").replace(
            "tags: [alpha]", "tags: [alpha]\nstatus: 2024-01-02"
        )
    )
    assert note.title == "no"
    assert note.reviewed.isoformat() == "2026-11-01"


def test_sources_are_typed():
    note = parse(
        GOOD.replace(
            "tags: [alpha]", "tags: [alpha]\nsources:\n  - title: Paper\n    url: https://arxiv.org/abs/1\n"
        )
    )
    assert note.sources == (contract.Source("Paper", "https://arxiv.org/abs/1"),)


@pytest.mark.parametrize(
    ("replace", "by", "expected"),
    [
        (
            "title: A note\n",
            "",
            "docs/notes/a.md:1: title: missing required key (add `title:` to the front-matter)",
        ),
        ("title: A note", "title:", "docs/notes/a.md:2: title: is empty (give `title` a value)"),
        ("title: A note", 'title: ""', "docs/notes/a.md:2: title: is empty (give `title` a value)"),
        ("tags: [alpha]", "tags: []", "docs/notes/a.md:4: tags: is empty (give `tags` a value)"),
        (
            "title: A note",
            "title: [a, b]",
            "docs/notes/a.md:2: title: must be text, not a list (write it on one line after the colon)",
        ),
        (
            "tags: [alpha]",
            "tags: alpha",
            "docs/notes/a.md:4: tags: must be a list, not a text (write `tags: [one, two]`)",
        ),
        (
            "tags: [alpha]",
            "tags: [alpha]\ntagz: [x]",
            "docs/notes/a.md:5: tagz: unknown key (did you mean 'tags'?)",
        ),
        (
            "tags: [alpha]",
            "tags: [alpha, rags]",
            "docs/notes/a.md:4: tags: unknown tag 'rags' (did you mean 'rag'?)",
        ),
        (
            "tags: [alpha]",
            "tags:\n  - alpha\n  - alpah",
            "docs/notes/a.md:6: tags: unknown tag 'alpah' (did you mean 'alpha'?)",
        ),
        (
            "tags: [alpha]",
            "tags: [alpha, alpha]",
            "docs/notes/a.md:4: tags: tag 'alpha' is listed twice (remove the repeat)",
        ),
        (
            "tags: [alpha]",
            "tags: [alpha, beta, rag, agents, alpha, beta, rag]",
            "docs/notes/a.md:4: tags: 7 tags, expected 1 to 6 (keep the tags that best describe the note)",
        ),
        (
            "title: A note",
            "title: A note\ntitle: Again",
            "docs/notes/a.md:3: title: duplicate key (first set on line 2) (keep one of the two; YAML would silently use the last)",
        ),
        (
            "description: One *short* sentence.",
            "description: " + "word " * 90,
            "docs/notes/a.md:3: description: too long: 449 characters, at most 400 (keep it to one to three short sentences)",
        ),
        (
            "description: One *short* sentence.",
            "description: One. Two. Three. Four.",
            "docs/notes/a.md:3: description: 4 sentences, at most 3 (move the detail into the note's opening paragraph)",
        ),
        (
            "description: One *short* sentence.",
            "description: See [this](other.md).",
            "docs/notes/a.md:3: description: link target 'other.md' is not absolute (descriptions appear in README and on the site; link only to absolute https:// URLs)",
        ),
        (
            "tags: [alpha]",
            "tags: [alpha]\nsources:\n  - title: Paper\n    url: ftp://x",
            "docs/notes/a.md:7: sources: item 1: url 'ftp://x' is not an http(s) URL (scheme 'ftp') (give the address a browser opens, e.g. https://arxiv.org/abs/2309.06180)",
        ),
        (
            "tags: [alpha]",
            "tags: [alpha]\nsources:\n  - title: Paper\n    url: https://x.org\n    year: 2024",
            "docs/notes/a.md:8: sources: item 1 has unknown key 'year' (a source has `title`, `url` and `kind`)",
        ),
    ],
)
def test_bad_front_matter(replace, by, expected):
    text = GOOD.replace(replace, by)
    assert text != GOOD
    assert expected in problems(text)


def test_malformed_yaml_is_located_in_the_file():
    found = problems(GOOD.replace("tags: [alpha]", "tags: [alpha"))
    assert len(found) == 1
    assert found[0] == "docs/notes/a.md:4: front-matter: a '[' list is never closed (close the list with ']')"


def test_every_problem_is_reported_at_once():
    found = problems("---\ntitle: [x]\ntagz: 1\n---\n")
    assert len(found) == 5  # title type, unknown key, missing description, tags and reviewed


@pytest.mark.parametrize(
    ("plain", "count"),
    [
        ("One sentence.", 1),
        ("Uses e.g. GGUF and llama.cpp files. Second one!", 2),
        ("A vs. B? Yes. Done.", 3),
        ("", 0),
    ],
)
def test_sentence_count(plain, count):
    assert contract.count_sentences(plain) == count


def test_changes_are_dated_plain_lines_newest_first():
    note = parse(
        GOOD.replace(
            "reviewed: 2026-11-01\n",
            "reviewed: 2026-11-01\nchanges:\n  - date: 2026-10-01\n    summary: Older\n"
            "  - date: 2026-11-02\n    summary: >-\n      Newer,\n      folded\n",
        )
    )
    assert note.changes == (
        contract.Change(date(2026, 11, 2), "Newer, folded"),
        contract.Change(date(2026, 10, 1), "Older"),
    )
    assert parse(GOOD).changes == ()


def test_every_problem_in_changes_is_located():
    text = GOOD.replace(
        "reviewed: 2026-11-01\n",
        "reviewed: 2026-11-01\nchanges:\n"
        "  - date: 2026-02-30\n    summary: x\n"
        "  - date: 2999-01-01\n    summary: x\n"
        "  - date: 1 May 2026\n    summary: x\n"
        "  - date: 2026-01-01\n"
        '  - date: 2026-01-01\n    summary: "  "\n'
        "  - summary: no date\n"
        "  - {date: 2026-01-01, summary: x, what: y}\n"
        "  - just text\n"
        f"  - date: 2026-01-01\n    summary: {'x' * 201}\n",
    )
    assert problems(text) == [
        "docs/notes/a.md:7: changes: item 1: date '2026-02-30' is not a real date (write the day the note changed as YYYY-MM-DD, e.g. "
        f"{contract.latest_today():%Y-%m-%d})",
        f"docs/notes/a.md:9: changes: item 2: date 2999-01-01 is in the future (write the day the note changed as YYYY-MM-DD, e.g. {contract.latest_today():%Y-%m-%d})",
        f"docs/notes/a.md:11: changes: item 3: date '1 May 2026' is not a date written YYYY-MM-DD (write the day the note changed as YYYY-MM-DD, e.g. {contract.latest_today():%Y-%m-%d})",
        "docs/notes/a.md:13: changes: item 4 needs a text `summary` (say in one line of plain text what changed for a reader)",
        "docs/notes/a.md:15: changes: item 5 needs a text `summary` (say in one line of plain text what changed for a reader)",
        f"docs/notes/a.md:16: changes: item 6 needs a `date` (write `- date: {contract.latest_today():%Y-%m-%d}` and, under it, `summary: what changed`)",
        "docs/notes/a.md:17: changes: item 7 has unknown key 'what' (a change has `date` and `summary`)",
        f"docs/notes/a.md:18: changes: item 8 must be a mapping with date and summary (write `- date: {contract.latest_today():%Y-%m-%d}` and, under it, `summary: what changed`)",
        "docs/notes/a.md:20: changes: item 9: summary too long: 201 characters, at most 200 (one line a reader takes in at a glance)",
    ]
    assert problems(GOOD.replace("reviewed: 2026-11-01\n", "reviewed: 2026-11-01\nchanges: []\n")) == [
        f"docs/notes/a.md:6: changes: must be a list of changes, not an empty list (write `- date: {contract.latest_today():%Y-%m-%d}` and, under it, `summary: what changed`)"
    ]
