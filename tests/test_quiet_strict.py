"""A quiet strict build (`mkdocs build` with both flags) exits 0 on warnings; nothing of ours may
rely on that combination."""

from __future__ import annotations

import re
import subprocess

from support import ROOT, run_mkdocs

MKDOCS_BUILD = re.compile(r"mkdocs[\"',\s]+build\b")
STRICT = re.compile(r"(?<![\w-])(--strict|-[a-z]*s[a-z]*)(?![\w-])")
QUIET = re.compile(r"(?<![\w-])(--quiet|-[a-z]*q[a-z]*)(?![\w-])")


def quiet_strict_lines(text: str) -> list[str]:
    return [
        line
        for line in text.splitlines()
        if MKDOCS_BUILD.search(line) and STRICT.search(line) and QUIET.search(line)
    ]


# Written in pieces so that this file does not itself hold the combination it looks for.
S, Q = "--str" + "ict", "-" + "q"


def test_the_pattern_finds_the_combinations_it_is_for():
    assert quiet_strict_lines(f"python3 scripts/dev.py mkdocs build {S} {Q}")
    assert quiet_strict_lines("mkdocs build -s" + "q")
    assert quiet_strict_lines(f'["mkdocs", "build", "-{Q}uiet", "{S}"]')
    assert not quiet_strict_lines("mkdocs build --strict")
    assert not quiet_strict_lines("pytest -q && mkdocs build")


def test_nothing_in_the_repository_builds_strict_and_quiet():
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True)
    found = []
    for name in tracked.stdout.splitlines():
        path = ROOT / name
        if path.suffix in (".png", ".svg", ".ico", ".woff2") or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        found += [f"{name}: {line.strip()}" for line in quiet_strict_lines(text)]
    assert not found, found


def test_a_stale_readme_fails_a_strict_build_even_when_quiet(site, tmp_path):
    # The README region of the fixture is empty, so stale: strict must fail, quiet or not.
    for extra in ((S,), (S, Q), (S, f"-{Q}uiet")):
        result = run_mkdocs(site / "mkdocs.yml", tmp_path / "out", *extra)
        assert result.returncode != 0, extra
