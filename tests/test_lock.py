"""constraints.txt: exact pins for everything pyproject.toml asks for, and the environment obeys them.

The resolution itself needs the package index, so `scripts/lock.py` is tested here on recorded
results; the monthly Lock workflow runs it for real.
"""

from __future__ import annotations

import importlib.util
import re
from importlib import metadata

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from support import ROOT

spec = importlib.util.spec_from_file_location("lock", ROOT / "scripts" / "lock.py")
lock = importlib.util.module_from_spec(spec)
spec.loader.exec_module(lock)

LINUX, WINDOWS = 'sys_platform == "linux"', 'sys_platform == "win32"'


def pins() -> dict[str, list[Requirement]]:
    found: dict[str, list[Requirement]] = {}
    for line in lock.CONSTRAINTS.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            req = Requirement(line)
            found.setdefault(canonicalize_name(req.name), []).append(req)
    return found


def pinned_version(name: str) -> str | None:
    """The version pinned for this system and Python, if any."""
    for req in pins().get(canonicalize_name(name), []):
        if req.marker is None or req.marker.evaluate():
            (spec,) = req.specifier
            return spec.version
    return None


def test_every_line_is_an_exact_pin_without_an_address():
    text = lock.CONSTRAINTS.read_text(encoding="utf-8")
    assert "://" not in text and " @ " not in text, "constraints.txt must not record download addresses"
    for reqs in pins().values():
        for req in reqs:
            assert [s.operator for s in req.specifier] == ["=="], str(req)
    assert text.startswith(lock.HEADER), "edited by hand? run `python3 scripts/dev.py lock`"


def test_every_requirement_of_pyproject_is_pinned_within_its_range():
    for line in lock.requirements():
        req = Requirement(line)
        version = pinned_version(req.name)
        assert version, f"{req.name} is not pinned; run `python3 scripts/dev.py lock`"
        assert req.specifier.contains(version, prereleases=True), (
            f"{req.name}=={version} is outside pyproject's {req.specifier}; run `python3 scripts/dev.py lock`"
        )


def test_the_environment_has_exactly_the_pinned_versions():
    # What `pip install -c constraints.txt` promises: every installed package that is pinned is at
    # its pin, and every package the project pulled in is pinned (pip, setuptools and the project
    # itself come with the environment, not from the constraints).
    own = {"llm-study-notes", "pip", "setuptools", "wheel"}
    installed = {canonicalize_name(d.metadata["Name"]): d.version for d in metadata.distributions()}
    unpinned = sorted(name for name in installed if name not in own and not pinned_version(name))
    assert unpinned == [], f"installed but not pinned: {unpinned}"
    wrong = {
        n: (v, pinned_version(n)) for n, v in installed.items() if n not in own and pinned_version(n) != v
    }
    assert wrong == {}, "installed (version, pin) differ; rerun any dev.py command to reinstall"


def test_render_pins_the_union_and_splits_only_where_systems_disagree():
    text = lock.render(
        {
            (LINUX, "3.11.9"): {"mkdocs": "1.6.1", "typing-extensions": "4.15.0"},
            (LINUX, "3.12"): {"mkdocs": "1.6.1", "typing-extensions": "4.16.0"},
            (WINDOWS, "3.12"): {"mkdocs": "1.6.1", "typing-extensions": "4.16.0", "colorama": "0.4.6"},
        }
    )
    body = text.removeprefix(lock.HEADER).splitlines()
    assert body == [
        "colorama==0.4.6",
        "mkdocs==1.6.1",
        'typing-extensions==4.15.0 ; (sys_platform == "linux" and python_version == "3.11")',
        'typing-extensions==4.16.0 ; (sys_platform == "linux" and python_version == "3.12") or '
        '(sys_platform == "win32" and python_version == "3.12")',
    ]
    for line in body:
        Requirement(line)  # pip reads the same syntax


@pytest.mark.parametrize(
    ("name", "normal"), [("PyYAML", "pyyaml"), ("ruamel.yaml", "ruamel-yaml"), ("a__b", "a-b")]
)
def test_names_are_normalized_as_pip_compares_them(name, normal):
    assert lock.normalize(name) == normal == canonicalize_name(name)


def test_requirements_cover_dependencies_extras_and_the_build_backend():
    names = {re.split(r"[<>=!~ ;\[]", r, maxsplit=1)[0].lower() for r in lock.requirements()}
    assert {"mkdocs", "mkdocs-material", "pytest", "playwright", "setuptools"} <= names
