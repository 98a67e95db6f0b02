"""notekit's folders are the stages data flows through, and every import points down them
(scripts/notekit/__init__.py); notekit imports nothing of MkDocs or Material, so it can move to
another generator with the hooks as the only thing rewritten."""

from __future__ import annotations

import ast
from pathlib import Path

from support import ROOT

PACKAGE = ROOT / "scripts" / "notekit"
# Lower numbers are read first; a module may import its own folder and any folder of a lower floor.
FLOORS = {"notes": 1, "render": 1, "index": 2, "markdown": 2, "outputs": 3, "site": 4, "commands": 5}
FOREIGN = ("mkdocs", "material")


def modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if p.name != "__init__.py")


def stage(path: Path) -> str:
    relative = path.relative_to(PACKAGE)
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem


def imported(path: Path) -> list[tuple[int, str]]:
    """(line, dotted name) of every import in the module, relative ones resolved."""
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = ".".join(
                    ("notekit", *path.relative_to(PACKAGE).parent.parts)[
                        : None if node.level == 1 else -(node.level - 1)
                    ]
                )
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            names += [(node.lineno, module)]
            if module == "notekit" or (node.level and not node.module):
                names += [(node.lineno, f"{module}.{alias.name}") for alias in node.names]
    return names


def test_every_module_lives_in_a_stage_folder():
    loose = [p.name for p in PACKAGE.glob("*.py") if p.stem not in ("__init__", "site")]
    assert loose == [], "a module of its own at the top: put it in the folder of its stage"
    assert {stage(p) for p in modules()} == set(FLOORS)


def test_imports_only_point_down_the_stages():
    upward = []
    for path in modules():
        mine = stage(path)
        for line, name in imported(path):
            parts = name.split(".")
            if parts[0] != "notekit" or len(parts) < 2:
                continue
            theirs = parts[1]
            if theirs != mine and FLOORS[theirs] >= FLOORS[mine]:
                upward.append(f"{path.relative_to(ROOT)}:{line}: {mine} imports {name}")
    assert upward == []


def test_notekit_imports_nothing_of_mkdocs_or_material():
    found = [
        f"{path.relative_to(ROOT)}:{line}: {name}"
        for path in modules()
        for line, name in imported(path)
        if name.split(".")[0] in FOREIGN
    ]
    assert found == []


def test_each_module_says_its_one_job_first():
    silent = [
        p.relative_to(ROOT).as_posix()
        for p in [*modules(), *PACKAGE.rglob("__init__.py")]
        if ast.get_docstring(ast.parse(p.read_text(encoding="utf-8"))) is None
    ]
    assert silent == []


def test_no_module_keeps_state_between_builds():
    # No module-level caches that fill as builds run (a rebuild under `mkdocs serve`, or a second
    # build in one process, starts clean), and no `global` rebinding. Module-level constants
    # (compiled patterns, configured parsers) are fine: nothing changes them after import; a
    # cached_property lives and dies with its object (one build's).
    found = []
    for path in [*modules(), *sorted((ROOT / "scripts" / "hooks").glob("*.py"))]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Global):
                found.append(f"{path.name}:{node.lineno}: global {', '.join(node.names)}")
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for decorator in node.decorator_list:
                    name = ast.unparse(decorator)
                    if any(word in name for word in ("lru_cache", "functools.cache")) or name == "cache":
                        found.append(f"{path.name}:{node.lineno}: @{name} on {node.name}")
    assert found == []
