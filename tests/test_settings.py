"""The build's settings: read once from MkDocs' resolved config into `notekit.notes.config.Settings`,
each flag checked, and nothing kept between builds (tests/test_serve.py covers `mkdocs serve`)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from notekit.commands import cli
from notekit.notes.config import Settings, key_line
from notekit.notes.errors import NotesError
from notekit.site import Build
from support import run_mkdocs

CONFIG_TEXT = """site_name: Test
extra:
  # the reader's switch
  reader_features: !ENV [READER_FEATURES, true]
  prerender: !ENV [PRERENDER, true]
  render_timeout: 30
plugins:
  - tags:
      tags_allowed: [a]
"""


def settings(**given: object) -> Settings:
    values: dict[str, object] = {
        "config_file": Path("/repo/mkdocs.yml"),
        "docs_dir": Path("/repo/docs"),
        "allowed_tags": ["a"],
        "site_name": "Test",
        "config_text": CONFIG_TEXT,
    }
    return Settings.from_values(**{**values, **given})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "expected"),
    [(True, True), (False, False), ("true", True), ("FALSE", False), (" False ", False), (None, True)],
)
def test_a_flag_is_a_boolean_or_the_word_true_or_false_in_any_case(value: object, expected: bool):
    found = settings(extra={"prerender": value, "reader_features": value})
    assert (found.prerender, found.reader_features) == (expected, expected)


def test_a_malformed_flag_is_located_in_mkdocs_yml_with_the_variable_to_set():
    with pytest.raises(NotesError) as caught:
        settings(extra={"prerender": "maybe", "reader_features": 1, "render_timeout": "soon"}, strict="yes")
    assert [str(p) for p in caught.value.problems] == [
        "mkdocs.yml:1: strict: must be true or false, not 'yes' (write true or false)",
        "mkdocs.yml:4: extra.reader_features: must be true or false, not 1 (set READER_FEATURES to true or false)",
        "mkdocs.yml:5: extra.prerender: must be true or false, not 'maybe' (set PRERENDER to true or false)",
        "mkdocs.yml:6: extra.render_timeout: must be a number of seconds above 0, not 'soon' (write a number such as 30)",
    ]


@pytest.mark.parametrize("value", [0, -1, "nan", "inf", True])
def test_a_render_timeout_is_a_positive_number(value: object):
    with pytest.raises(NotesError, match="render_timeout: must be a number of seconds above 0"):
        settings(extra={"render_timeout": value})
    assert settings(extra={"render_timeout": "2.5"}).render_timeout == 2.5


@pytest.mark.parametrize("value", [1, 0, -3, "ten", 2.5, True])
def test_a_sidebar_group_size_is_a_whole_number_of_at_least_two(value: object):
    with pytest.raises(NotesError, match="sidebar_group_size: must be a whole number of at least 2"):
        settings(extra={"sidebar_group_size": value})
    assert settings(extra={"sidebar_group_size": " 12 "}).sidebar_group_size == 12
    assert settings().sidebar_group_size == 50


def test_snippet_folders_are_the_snippet_extensions_own_relative_to_the_repository():
    assert settings().snippet_paths == ()
    assert settings(snippet_paths="docs").snippet_paths == (Path("/repo/docs"),)
    assert settings(snippet_paths=[".", "/abs/code "]).snippet_paths == (Path("/repo"), Path("/abs/code"))
    for wrong in ([1], {"a": 1}, [""], 3):
        with pytest.raises(NotesError, match="base_path: must be a folder or a list of folders"):
            settings(snippet_paths=wrong)


def test_allowed_tags_are_words_and_the_notes_need_them():
    for tags in ([], ["a", 3], "a"):
        with pytest.raises(NotesError, match=r"mkdocs.yml:9: plugins: no list of words on the tags plugin"):
            settings(allowed_tags=tags)
    # No tags plugin at all: settings for a build of other pages (the assets hook alone), but no notes.
    untagged = settings(allowed_tags=None)
    assert untagged.allowed_tags == frozenset()
    with pytest.raises(
        NotesError, match=r"^mkdocs.yml:1: plugins: no `tags_allowed` list on the tags plugin"
    ):
        Build.load(untagged)


def test_a_key_is_found_only_inside_its_own_mapping():
    text = "prerender: x\nextra:\n  other: 1\n\n  prerender: y\nnext:\n  prerender: z\n"
    assert key_line(text, "extra.prerender") == 5
    assert key_line(text, "prerender") == 1
    assert key_line("nothing: here\n", "extra.prerender") == 1


def test_a_malformed_flag_stops_the_build_with_a_located_message_and_no_traceback(site: Path, tmp_path: Path):
    config = site / "mkdocs.yml"
    config.write_text(config.read_text() + "extra:\n  prerender: !ENV [PRERENDER, true]\n")
    line = config.read_text().splitlines().index("  prerender: !ENV [PRERENDER, true]") + 1
    result = run_mkdocs(config, tmp_path / "out", env={"PRERENDER": "maybe"})
    assert result.returncode != 0
    assert (
        f"mkdocs.yml:{line}: extra.prerender: must be true or false, not 'maybe' "
        "(set PRERENDER to true or false)"
    ) in result.stderr
    assert "Traceback" not in result.stderr
    assert "nothing was built" in result.stderr


def test_two_builds_in_one_process_each_get_their_own_output(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """Different configs, one process, one after the other: neither build sees the other's
    settings or notes (a hook module is loaded once per process, so it must keep nothing)."""
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    config = site / "mkdocs.yml"
    assert cli.main(["--config", str(config)]) == 0  # the fixture's README, brought up to date
    second = site / "second.yml"
    second.write_text(
        config.read_text()
        .replace("site_name: Fixture notes", "site_name: Second notes")
        .replace(
            "\nstrict: true\n", "\nstrict: true\nextra:\n  reader_features: !ENV [SECOND_FEATURES, true]\n"
        )
    )
    monkeypatch.setenv("SECOND_FEATURES", "FALSE")  # !ENV, applied by MkDocs, then checked by us
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    outputs = {}
    for name, path in (("first", config), ("second", second)):
        loaded = load_config(str(path), site_dir=str(tmp_path / name))
        build(loaded)
        outputs[name] = tmp_path / name
    assert "Fixture notes" in (outputs["first"] / "index.html").read_text()
    assert "Second notes" in (outputs["second"] / "index.html").read_text()
    # Reader features: on in the first build (llms.txt names its site), off in the second.
    assert (outputs["first"] / "llms.txt").read_text().startswith("# Fixture notes")
    assert not (outputs["second"] / "llms.txt").exists()
    assert "Second notes" not in (outputs["first"] / "llms.txt").read_text()


def test_the_hook_modules_keep_no_state_of_their_own():
    """MkDocs loads a hook file once per process: a module-level variable would outlive its build.
    Allowed at module level: imports, functions, classes, the logger and constants in CAPITALS."""
    import ast

    from support import ROOT

    kept = []
    for path in sorted((ROOT / "scripts" / "hooks").glob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.ClassDef, ast.Expr)):
                continue
            targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
            names = [t.id for t in targets if isinstance(t, ast.Name)]
            value = getattr(node, "value", None)
            constant = isinstance(value, ast.Constant) and all(n.isupper() for n in names)
            logger = (
                names == ["log"]
                and isinstance(value, ast.Call)
                and ast.unparse(value.func) == "logging.getLogger"
            )
            type_var = isinstance(value, ast.Call) and ast.unparse(value.func) == "TypeVar"
            if not (constant or logger or type_var):
                kept.append(f"{path.name}:{node.lineno}: {ast.unparse(node)[:60]}")
    assert kept == []
