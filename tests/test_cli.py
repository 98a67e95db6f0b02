"""The `notes-index` command end to end on a copy of the fixture site."""

from pathlib import Path

import pytest

from notekit import cli
from notekit.markers import END, START
from support import golden


def run(site: Path, *args: str, capsys) -> tuple[int, str, str]:
    code = cli.main(["--config", str(site / "mkdocs.yml"), *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_writes_the_region_then_is_idempotent(site, capsys):
    code, out, _ = run(site, capsys=capsys)
    assert code == 0 and "README.md updated (3 notes)" in out
    readme = (site / "README.md").read_bytes().decode()
    golden("fixture_readme.md", readme)
    code, out, _ = run(site, capsys=capsys)
    assert code == 0 and "already up to date" in out
    assert (site / "README.md").read_bytes().decode() == readme


def test_check_passes_when_fresh_and_fails_with_a_diff_when_stale(site, capsys):
    before = (site / "README.md").read_bytes()
    code, out, err = run(site, "--check", capsys=capsys)
    assert code == 1
    assert "+| [First note](docs/notes/first-note.md)" in out
    assert "run `python3 scripts/dev.py notes-index`" in err
    assert (site / "README.md").read_bytes() == before
    run(site, capsys=capsys)
    code, out, _ = run(site, "--check", capsys=capsys)
    assert code == 0 and "up to date" in out


def test_crlf_and_bom_in_readme_are_preserved(site, capsys):
    readme = site / "README.md"
    readme.write_bytes(b"\xef\xbb\xbf" + readme.read_bytes().replace(b"\n", b"\r\n"))
    assert run(site, capsys=capsys)[0] == 0
    data = readme.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf# Fixture README\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert b"| [First note](docs/notes/first-note.md)" in data


def note(site: Path, name: str = "first-note.md") -> Path:
    return site / "docs" / "notes" / name


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


F = "docs/notes/first-note.md"
BAD_INPUTS = {
    "no front-matter": (
        lambda s: note(s).write_text("# Just a heading\n"),
        f"{F}:1: front-matter: missing: the first line is not '---'",
    ),
    "malformed YAML": (
        lambda s: edit(note(s), "tags: [alpha]", "tags: [alpha"),
        f"{F}:4: front-matter: a '[' list is never closed",
    ),
    "empty file": (lambda s: note(s).write_bytes(b""), f"{F}:1: front-matter: the file is empty"),
    "missing required key": (
        lambda s: edit(note(s), "tags: [alpha]\n", ""),
        f"{F}:1: tags: missing required key (add `tags:` to the front-matter)",
    ),
    "empty required key": (
        lambda s: edit(note(s), "title: First note", "title:"),
        f"{F}:2: title: is empty (give `title` a value)",
    ),
    "wrong type": (
        lambda s: edit(note(s), "tags: [alpha]", "tags: {alpha: 1}"),
        f"{F}:4: tags: must be a list, not a mapping (write `tags: [one, two]`)",
    ),
    "unknown key": (
        lambda s: edit(note(s), "tags: [alpha]", "tags: [alpha]\nauthor: me"),
        f"{F}:5: author: unknown key (allowed: title, description, tags, reviewed, sources, icon, status, "
        "subtitle, hide, search, template, social, comments)",
    ),
    "unknown tag": (
        lambda s: edit(note(s), "tags: [alpha]", "tags: [alpah]"),
        f"{F}:4: tags: unknown tag 'alpah' (did you mean 'alpha'?)",
    ),
    "duplicate title": (
        lambda s: edit(note(s), "title: First note", 'title: "NO"'),
        f"{F}:2: title: duplicate title, also used by docs/notes/second-note.md:2 "
        "(titles must be unique across notes)",
    ),
    "duplicate key": (
        lambda s: edit(note(s), "tags: [alpha]", "tags: [alpha]\ntags: [beta]"),
        f"{F}:5: tags: duplicate key (first set on line 4)",
    ),
    "description too long": (
        lambda s: edit(note(s), "description: The *first* note", "description: " + "x" * 400),
        f"{F}:3: description: too long: 423 characters, at most 400",
    ),
    "not UTF-8": (
        lambda s: note(s).write_bytes(b"---\ntitle: Caf\xe9\n---\n"),
        f"{F}:2: encoding: not valid UTF-8 (byte 0xe9) (save the file as UTF-8)",
    ),
    "markers missing": (
        lambda s: edit(s / "README.md", f"{START}\n", ""),
        f"README.md:1: markers: '{START}' is missing",
    ),
    "markers duplicated": (
        lambda s: edit(s / "README.md", "Text after.", f"{END}"),
        f"README.md:16: markers: '{END}' appears twice",
    ),
    "markers out of order": (
        lambda s: (s / "README.md").write_text(f"# R\n{END}\n{START}\n"),
        f"README.md:2: markers: '{END}' comes before '{START}'",
    ),
    "note not in .pages": (
        lambda s: note(s, "extra-note.md").write_text(note(s).read_text().replace("First", "Extra")),
        "docs/notes/.pages:1: nav: note 'extra-note.md' is not listed",
    ),
    ".pages lists a missing note": (
        lambda s: note(s).unlink(),
        "docs/notes/.pages:3: nav: 'first-note.md' is listed but no such note exists",
    ),
    "file name not kebab-case": (
        lambda s: note(s).rename(note(s, "First_Note.md")),
        "docs/notes/First_Note.md:1: file name: not kebab-case (rename it to first-note.md",
    ),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS))
@pytest.mark.parametrize("check", [False, True], ids=["write", "check"])
def test_bad_input_fails_with_a_located_message_and_leaves_readme_alone(site, capsys, case, check):
    break_it, expected = BAD_INPUTS[case]
    run(site, capsys=capsys)  # a fresh README first, so --check would pass but for the bad input
    break_it(site)
    before = (site / "README.md").read_bytes()
    code, out, err = run(site, *(["--check"] if check else []), capsys=capsys)
    assert code == 1
    assert expected in err, err
    assert "README.md was not changed" in err
    assert (site / "README.md").read_bytes() == before
    assert not list(site.glob(".README.*"))  # no temporary file left behind


def test_missing_config_is_reported(tmp_path, capsys):
    assert cli.main(["--config", str(tmp_path / "mkdocs.yml")]) == 2
    assert "mkdocs.yml:1: config: file not found" in capsys.readouterr().err
