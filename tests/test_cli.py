"""The `notes-index` command end to end on a copy of the fixture site."""

import errno
import os
import stat
from pathlib import Path

import pytest

from notekit.commands import cli
from notekit.notes.markers import END, START
from notekit.outputs import atomic
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
        f"{F}:5: author: unknown key (allowed: title, description, tags, reviewed, sources, changes, icon, status, "
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
    # Careless and hostile front-matter (issue: careless and hostile input).
    "alias bomb": (
        lambda s: edit(note(s), "tags: [alpha]", "tags: [alpha]\nx0: &a0 [y]\nx1: [*a0, *a0, *a0]"),
        f"{F}:5: front-matter: YAML anchor '&a0' is not allowed (remove the '&name'",
    ),
    "alias cycle": (
        lambda s: edit(note(s), "title: First note", "title: &a [*a]"),
        f"{F}:2: front-matter: YAML anchor '&a' is not allowed",
    ),
    "huge front-matter": (
        lambda s: edit(note(s), "tags: [alpha]", "tags: [alpha]\nsubtitle: '" + "x" * 40_000 + "'"),
        f"{F}:2: front-matter: too large: ",
    ),
    "marker in a description": (
        lambda s: edit(note(s), "with `code`", f"with `{END}`"),
        f"{F}:3: description: contains the README marker '{END}' (the topic table is written between",
    ),
    "marker in a title": (
        lambda s: edit(note(s), "title: First note", f"title: First {START}"),
        f"{F}:2: title: contains the README marker '{START}'",
    ),
    "NUL in a title": (
        lambda s: edit(note(s), "title: First note", 'title: "First\\0note"'),
        f"{F}:2: title: contains the invisible character U+0000",
    ),
    "ESC in a title": (
        lambda s: edit(note(s), "title: First note", 'title: "First\\e[31mnote"'),
        f"{F}:2: title: contains the invisible character U+001B",
    ),
    "BEL in a description": (
        lambda s: edit(
            note(s),
            "description: The *first* note, with `code` and a [link](https://example.org/).",
            'description: "The \\a first"',
        ),
        f"{F}:3: description: contains the invisible character U+0007",
    ),
    "right-to-left override in a source title": (
        lambda s: edit(note(s), "title: Example source", 'title: "Example \\u202e source"'),
        f"{F}:7: sources.0.title: contains the invisible character U+202E",
    ),
    "title of spaces": (
        lambda s: edit(note(s), "title: First note", 'title: "   "'),
        f"{F}:2: title: is empty (give `title` a value)",
    ),
    "description of spaces": (
        lambda s: edit(
            note(s),
            "description: The *first* note, with `code` and a [link](https://example.org/).",
            'description: "  \\t "',
        ),
        f"{F}:3: description: is empty (give `description` a value)",
    ),
    "description with no visible text": (
        lambda s: edit(
            note(s),
            "description: The *first* note, with `code` and a [link](https://example.org/).",
            'description: "[ ](https://example.org/)"',
        ),
        f"{F}:3: description: has no visible text once its Markdown is rendered",
    ),
    "title of a zero-width space": (
        lambda s: edit(note(s), "title: First note", 'title: "\\u200b"'),
        f"{F}:2: title: has no visible text (write the title in words)",
    ),
    "note in a subfolder": (
        lambda s: (
            (note(s).parent / "deeper").mkdir()
            or (note(s).parent / "deeper" / "x.md").write_text(note(s).read_text())
        ),
        "docs/notes/deeper/x.md:1: file: a note in a subfolder of docs/notes/ is published but never validated or indexed (move it to docs/notes/x.md",
    ),
    "note saved as .MD": (
        lambda s: note(s, "extra-note.MD").write_text(note(s).read_text()),
        "docs/notes/extra-note.MD:1: file name: ends in '.MD', so MkDocs would copy it as a file instead of a page (rename it to extra-note.md)",
    ),
    "dangling symlink": (
        lambda s: note(s, "ghost.md").symlink_to("nowhere.md"),
        "docs/notes/ghost.md:1: file: is a broken symlink",
    ),
    "dangling symlink outside the notes": (
        lambda s: (s / "docs" / "logo.png").symlink_to("missing.png"),
        "docs/logo.png:1: file: is a broken symlink (remove it, or point it at a real file)",
    ),
    "unclosed quote": (
        lambda s: edit(note(s), "title: First note", 'title: "First note'),
        f"{F}:2: front-matter: a quoted value is never closed (end the value with the same quote mark it starts with)",
    ),
    "unclosed bracket in .pages": (
        lambda s: (s / "docs/notes/.pages").write_text(
            "nav: [second-note.md,\n  first-note.md,\n  tricky-note.md\n"
        ),
        "docs/notes/.pages:1: nav: a '[' list is never closed (close the list with ']')",
    ),
    "unclosed bracket in the docs' own .pages": (
        lambda s: (s / "docs/.pages").write_text("nav: [index.md,\n  notes\n"),
        "docs/.pages:1: nav: a '[' list is never closed (close the list with ']')",
    ),
    "alias in a .pages file": (
        lambda s: (s / "docs/.pages").write_text("title: &t Home\nnav: [*t]\n"),
        "docs/.pages:1: nav: YAML anchor '&t' is not allowed (remove the '&name'; nav takes no anchors",
    ),
    "duplicate key, with its hint": (
        lambda s: edit(note(s), "tags: [alpha]", "tags: [alpha]\ntitle: Again"),
        f"{F}:5: title: duplicate key (first set on line 2) (keep one of the two; YAML would silently use the last)",
    ),
    "javascript link in a description": (
        lambda s: edit(note(s), "[link](https://example.org/)", "[link](javascript:alert(document.cookie))"),
        f"{F}:3: description: link target 'javascript:alert(document.cookie)' is not an http(s) URL (scheme 'javascript')",
    ),
    "space in a source host": (
        lambda s: edit(note(s), "url: https://example.org/source", "url: https://exa mple.com/"),
        f"{F}:8: sources: item 1: url 'https://exa mple.com/' contains white space",
    ),
    "invalid source host": (
        lambda s: edit(note(s), "url: https://example.org/source", "url: https://exa_mple..com/"),
        f"{F}:8: sources: item 1: url 'https://exa_mple..com/' has an invalid host 'exa_mple..com'",
    ),
    "source without a host": (
        lambda s: edit(note(s), "url: https://example.org/source", "url: https:///path"),
        f"{F}:8: sources: item 1: url 'https:///path' has no host",
    ),
    "unknown source kind": (
        lambda s: edit(
            note(s), "url: https://example.org/source", "url: https://example.org/source\n    kind: papper"
        ),
        f"{F}:9: sources: item 1: unknown kind 'papper' (did you mean 'paper'?)",
    ),
    "review date in the future": (
        lambda s: edit(note(s), "reviewed: 2026-11-01", "reviewed: 2999-01-01"),
        f"{F}:5: reviewed: 2999-01-01 is in the future",
    ),
    "review date that does not exist": (
        lambda s: edit(note(s), "reviewed: 2026-11-01", "reviewed: 2026-02-30"),
        f"{F}:5: reviewed: '2026-02-30' is not a real date",
    ),
    "review date in another format": (
        lambda s: edit(note(s), "reviewed: 2026-11-01", "reviewed: 30/11/2026"),
        f"{F}:5: reviewed: '30/11/2026' is not a date written YYYY-MM-DD",
    ),
    "review date missing": (
        lambda s: edit(note(s), "reviewed: 2026-11-01\n", ""),
        f"{F}:1: reviewed: missing required key (add `reviewed: ",
    ),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS))
@pytest.mark.parametrize("check", [False, True], ids=["write", "check"])
def test_bad_input_fails_with_a_located_message_and_leaves_readme_alone(site, capsys, case, check):
    if "symlink" in case and os.name == "nt":
        pytest.skip("creating symlinks needs administrator rights on Windows")
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


# --- README handling ---------------------------------------------------------------------------


def test_a_missing_readme_is_one_located_line(site, capsys):
    (site / "README.md").unlink()
    for args in ((), ("--check",)):
        code, _, err = run(site, *args, capsys=capsys)
        assert code == 1
        assert "README.md:1: readme: file not found (restore README.md from git" in err
        assert "Traceback" not in err
    assert not (site / "README.md").exists()


@pytest.mark.skipif(os.name == "nt", reason="POSIX file modes")
@pytest.mark.parametrize("mode", [0o644, 0o664, 0o600, 0o755])
def test_a_rewrite_keeps_the_readme_mode(site, capsys, mode):
    readme = site / "README.md"
    readme.chmod(mode)
    assert run(site, capsys=capsys)[0] == 0
    assert "First note" in readme.read_text()
    assert stat.S_IMODE(readme.stat().st_mode) == mode


@pytest.mark.skipif(os.name == "nt", reason="POSIX file modes")
def test_a_read_only_readme_is_refused_not_replaced(site, capsys):
    readme = site / "README.md"
    readme.chmod(0o444)
    before = readme.read_bytes()
    code, _, err = run(site, capsys=capsys)
    assert code == 1
    assert "README.md:1: file: is read-only (make it writable (chmod u+w) if it should change)" in err
    assert readme.read_bytes() == before and stat.S_IMODE(readme.stat().st_mode) == 0o444


def test_a_failed_write_is_one_line_and_leaves_the_old_readme(site, capsys, monkeypatch):
    def full_disk(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(atomic.os, "fsync", full_disk)
    before = (site / "README.md").read_bytes()
    code, _, err = run(site, capsys=capsys)
    assert code == 1
    assert f"README.md:1: file: cannot be written: {os.strerror(errno.ENOSPC)}" in err
    assert "Traceback" not in err
    assert (site / "README.md").read_bytes() == before
    assert not list(site.glob(".README.md.*"))


def test_the_writer_never_produces_a_readme_it_would_refuse(site, capsys):
    # Whatever passes validation, the README written from it passes the next --check.
    assert run(site, capsys=capsys)[0] == 0
    assert run(site, "--check", capsys=capsys)[0] == 0


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        (b"site_name: x\nplugins: [\n", "mkdocs.yml:3: config: malformed YAML"),
        (b"\xff\xfe", "mkdocs.yml:1: encoding: not valid UTF-8"),
        (b"- a list\n", "mkdocs.yml:1: config: must be a mapping of settings"),
        (b"docs_dir: 5\nplugins: [tags]\n", "mkdocs.yml:1: docs_dir: must be a folder name"),
        (b"plugins: [tags]\n", "mkdocs.yml:1: plugins: no `tags_allowed` list"),
        (b"docs_dir: [a]\n", "mkdocs.yml:1: docs_dir: must be a folder name"),
        (b"plugins: 5\n", "mkdocs.yml:1: plugins: must be a list"),
        (b"plugins:\n  - {}\n  - [1]\n", "mkdocs.yml:1: plugins: no `tags_allowed` list"),
    ],
)
def test_a_malformed_mkdocs_yml_is_one_located_line(site, capsys, config, expected):
    (site / "mkdocs.yml").write_bytes(config)
    code, _, err = run(site, capsys=capsys)
    assert code == 1 and expected in err and "Traceback" not in err
