from datetime import date

import pytest

from notekit.commands import reviews
from notekit.notes import contract


def note(name: str, reviewed: str) -> contract.Note:
    text = f"---\ntitle: {name}\ndescription: About {name}.\ntags: [a]\nreviewed: {reviewed}\n---\n# {name}\n"
    return contract.parse_note(text.encode(), f"docs/notes/{name}.md", f"notes/{name}.md", {"a"})


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 11, 30), 6, date(2026, 5, 30)),
        (date(2026, 8, 31), 6, date(2026, 2, 28)),
        (date(2024, 8, 31), 6, date(2024, 2, 29)),
        (date(2026, 3, 15), 6, date(2025, 9, 15)),
    ],
)
def test_months_before(day, months, expected):
    assert reviews.months_before(day, months) == expected


def test_only_reviews_older_than_six_months_are_due_oldest_first():
    notes = (
        note("fresh", "2026-11-01"),
        note("edge", "2026-05-30"),
        note("old", "2025-01-02"),
        note("older", "2024-12-01"),
    )
    due = reviews.due(notes, date(2026, 11, 30))
    assert [n.title for n in due] == ["older", "old"]
    text = reviews.markdown_report(due, date(2026, 11, 30), 6)
    assert "| `docs/notes/older.md` | 2024-12-01 | 0 |" in text
    assert "2 note(s)" in text


def test_nothing_due_says_so():
    assert "within the last 6 months" in reviews.markdown_report([], date(2026, 11, 30), 6)


def test_the_command_reports_and_exits_0(capsys):
    from support import ROOT

    assert reviews.main(["--config", str(ROOT / "mkdocs.yml"), "--months", "0"]) == 0
    out = capsys.readouterr().out
    assert "note(s) were last checked" in out or "within the last 0 months" in out
