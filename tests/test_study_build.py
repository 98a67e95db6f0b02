"""Self-check questions, the deck and "what changed" in builds of the fixture site: what the strict
build refuses, what a plain build only warns about, and what the built site holds."""

from __future__ import annotations

import csv
import re
import subprocess
from pathlib import Path

from notekit.commands import cli
from notekit.notes import questions
from notekit.notes.collection import load_collection
from support import ROOT, run_mkdocs

MISSING = (
    "docs/notes/second-note.md:1: questions: the note has no self-check questions (write 6 to 10 in "
    "docs/notes/second-note.questions.yml (CONTRIBUTING.md, 'Self-check questions'))"
)


def build(site: Path, out: Path, *args: str):
    assert cli.main(["--config", str(site / "mkdocs.yml")]) == 0
    return run_mkdocs(site / "mkdocs.yml", out, *args)


def test_the_strict_build_refuses_a_note_without_questions(site, tmp_path):
    (site / "docs/notes/second-note.questions.yml").unlink()
    result = build(site, tmp_path / "out", "--strict")
    assert result.returncode != 0
    assert f"ERROR   -  {MISSING}\n" in result.stderr
    assert "1 problem(s) in unfinished notes; nothing was built." in result.stderr
    assert not (tmp_path / "out/notes/first-note/index.html").exists()


def test_the_strict_build_refuses_too_few_questions_or_too_few_worked_ones(site, tmp_path):
    path = site / "docs/notes/first-note.questions.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("  - id: count-the-notes")].replace("kind: diagram", "kind: recall"))
    result = build(site, tmp_path / "out", "--strict")
    assert result.returncode != 0
    assert (
        "docs/notes/first-note.questions.yml:1: questions: 5 questions, at least 6 (add recall, why and "
        "what-if questions on the note's main points (CONTRIBUTING.md, 'Self-check questions'))"
    ) in result.stderr
    assert (
        "docs/notes/first-note.questions.yml:1: kind: 1 calculation or diagram questions, at least 2 (ask for "
        "a small calculation, or for a reading of a diagram or table in the note)"
    ) in result.stderr


def test_without_strict_a_missing_file_is_a_warning(site, tmp_path):
    config = site / "mkdocs.yml"
    config.write_text(config.read_text().replace("strict: true", "strict: false"))
    (site / "docs/notes/second-note.questions.yml").unlink()
    result = build(site, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert f"WARNING -  {MISSING}\n" in result.stderr
    page = (tmp_path / "out/notes/second-note/index.html").read_text(encoding="utf-8")
    assert "self-check-questions" not in page


def test_a_broken_questions_file_stops_even_a_plain_build(site, tmp_path):
    config = site / "mkdocs.yml"
    config.write_text(config.read_text().replace("strict: true", "strict: false"))
    path = site / "docs/notes/first-note.questions.yml"
    path.write_text(path.read_text().replace('section: "#first-note"', 'section: "#first-notes"', 1))
    result = build(site, tmp_path / "out")
    assert result.returncode != 0
    assert (
        "docs/notes/first-note.questions.yml:5: section: no heading '#first-notes' in first-note.md "
        "(did you mean '#first-note'?)"
    ) in result.stderr


def test_the_built_note_ends_with_its_questions_rendered_like_the_note(site, tmp_path):
    result = build(site, tmp_path / "out", "--strict")
    assert result.returncode == 0, result.stderr
    out = tmp_path / "out"
    assert sorted(p.name for p in out.rglob("*.questions.yml")) == []  # read by the hook, not published
    page = (out / "notes/first-note/index.html").read_text(encoding="utf-8")
    assert page.index('id="self-check-questions"') < page.index('id="sources"')
    assert len(re.findall(r'<details class="question note-question" data-kind="\w[\w-]*" id="q-', page)) == 6
    assert (
        '<summary><span class="note-question-number">Question 4</span><span class="note-question-kind">, '
        'calculation:</span> If <span class="arithmatex">\\(x = 21\\)</span>, what is '
        '<span class="arithmatex">\\(2x\\)</span>?</summary>'
    ) in page
    assert "<p>So <code>2 * x</code> is <strong>42</strong>.</p>" in page
    assert '<a href="#first-note">First note</a> · <a class="note-question-link" href="#q-double-it">' in page
    assert '<a href="../../fixture-notes.apkg" download>Anki deck</a>' in page
    assert '<a href="../../fixture-notes.csv" download>CSV file</a>' in page
    assert (out / "fixture-notes.apkg").stat().st_size > 1000
    with (out / "fixture-notes.csv").open(encoding="utf-8", newline="") as handle:
        assert len(list(csv.reader(handle))) == 1 + 18  # a header, then three notes of six questions


def test_two_builds_of_one_commit_write_the_same_deck_and_csv(site, tmp_path):
    assert cli.main(["--config", str(site / "mkdocs.yml")]) == 0
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-C", str(site)]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "fixture"], check=True)
    files = []
    for run in ("one", "two"):
        result = run_mkdocs(site / "mkdocs.yml", tmp_path / run, "--strict", env={"SOURCE_DATE_EPOCH": None})
        assert result.returncode == 0, result.stderr
        files.append(
            [(tmp_path / run / name).read_bytes() for name in ("fixture-notes.apkg", "fixture-notes.csv")]
        )
    assert files[0] == files[1]


def test_what_changed_is_on_the_page_and_in_the_feed(site, tmp_path):
    note = site / "docs/notes/first-note.md"
    note.write_text(
        note.read_text().replace(
            "reviewed: 2026-11-01\n",
            "reviewed: 2026-11-01\nchanges:\n  - date: 2026-11-02\n    summary: Added a worked example\n",
        )
    )
    result = build(site, tmp_path / "out", "--strict")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "out/notes/first-note/index.html").read_text(encoding="utf-8")
    assert '<h2 id="what-changed">What changed' in page
    assert '<li><time datetime="2026-11-02">November 2, 2026</time>: Added a worked example</li>' in page
    assert 'data-note="first-note" data-latest="2026-11-02" data-count="1"' in page
    feed = (tmp_path / "out/feed.xml").read_text(encoding="utf-8")
    assert "<title>First note: Added a worked example</title>" in feed
    assert "<link>https://example.org/notes/notes/first-note/#what-changed</link>" in feed


def test_every_real_note_ends_with_its_questions_and_the_deck_holds_them_all(live_site):
    out = live_site.root
    assert sorted(p.name for p in out.rglob("*.questions.yml")) == []
    collection = load_collection(ROOT / "mkdocs.yml")
    loaded = questions.load_all(collection.notes, collection.settings.notes_dir, ROOT)
    assert loaded.coverage == ()
    total = 0
    for note in collection.notes:
        asked = loaded.sets[note.src_path].questions
        assert "TODO" not in "".join(q.question + q.answer for q in asked), note.src_path
        page = (out / Path(note.src_path).with_suffix("") / "index.html").read_text(encoding="utf-8")
        ids = re.findall(r'<details class="question note-question" data-kind="[\w-]+" id="(q-[\w-]+)"', page)
        assert ids == [q.anchor for q in asked], note.src_path
        total += len(asked)
    with (out / "llm-study-notes.csv").open(encoding="utf-8", newline="") as handle:
        assert len(list(csv.reader(handle))) == 1 + total
