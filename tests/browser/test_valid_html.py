"""Every page the build writes is valid HTML by the W3C's Nu Html Checker (issue #19, item 7).

The checker (vnu.jar, from the vnu-jar package, pinned in .ci/run) runs once over the whole built
site. Its errors fail the test, grouped by message, except the few that Material's and the
print-site plugin's own templates write and docs-dev/VALIDATION.md lists with the reason.
"""

from __future__ import annotations

import collections
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from support import ROOT

# Where .ci/run installs the checker (outside the repository); VNU_JAR names another copy.
VNU_VERSION = "26.9.27"
CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "llm-study-notes" / "vnu"
JAR = Path(os.environ.get("VNU_JAR") or CACHE / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar")
INSTALL = (
    f"install Java (apt-get install default-jre-headless) and the checker: "
    f"npm install --prefix {CACHE} --ignore-scripts --no-save vnu-jar@{VNU_VERSION} (as .ci/run does), "
    "or set VNU_JAR to a vnu.jar"
)


def allowed_messages() -> set[str]:
    """The messages listed, one per line as `- allowed: MESSAGE`, in docs-dev/VALIDATION.md."""
    text = (ROOT / "docs-dev" / "VALIDATION.md").read_text(encoding="utf-8")
    return {line.split("allowed:", 1)[1].strip().strip("`") for line in text.splitlines()
            if line.startswith("- allowed:")}  # fmt: skip


def test_every_built_page_is_valid_html(request):
    java = shutil.which("java")
    if java is None or not JAR.is_file():  # said before the site is built, not after
        pytest.fail(f"The HTML checker cannot run (java: {java}, vnu.jar: {JAR}): {INSTALL}")
    live_site = request.getfixturevalue("live_site")
    result = subprocess.run(
        [java, "-jar", str(JAR), "--errors-only", "--format", "json", "--skip-non-html", str(live_site.root)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    try:
        report = json.loads(result.stderr)
    except ValueError:
        pytest.fail(
            f"The HTML checker did not answer in JSON (exit {result.returncode}): {result.stderr[:2000]}"
        )
    allowed = allowed_messages()
    errors = [m for m in report.get("messages", []) if m.get("message") not in allowed]
    groups: dict[str, list[str]] = collections.defaultdict(list)
    for m in errors:
        page = Path(m.get("url", "").removeprefix("file:")).relative_to(live_site.root).as_posix()
        groups[m.get("message", m.get("type", "?"))].append(f"{page}:{m.get('lastLine', '?')}")
    summary = "\n".join(
        f"{len(where)} x {message}\n    " + ", ".join(where[:5]) + (", ..." if len(where) > 5 else "")
        for message, where in sorted(groups.items(), key=lambda item: -len(item[1]))
    )
    assert not errors, f"{len(errors)} HTML errors in the built site:\n{summary}"
