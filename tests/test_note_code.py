"""Code in the notes that claims to run does run: marked blocks and the MCP example."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from support import ROOT

MARKER = "<!-- test: run -->"
# The marker, then the fence on the very next line; the block ends at the matching fence.
BLOCK = re.compile(
    r"^<!-- test: run -->\n(?P<fence>`{3,})python[^\n]*\n(?P<code>.*?)^(?P=fence)[ \t]*$", re.M | re.S
)


def marked_blocks() -> list[tuple[str, str]]:
    blocks = []
    for path in sorted((ROOT / "docs").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        found = list(BLOCK.finditer(text))
        assert len(found) == text.count(MARKER), f"{path}: a '{MARKER}' is not followed by a python fence"
        for match in found:
            line = text.count("\n", 0, match.start()) + 2
            blocks.append((f"{path.relative_to(ROOT).as_posix()}:{line}", match.group("code")))
    return blocks


BLOCKS = marked_blocks()


def test_some_blocks_are_marked():
    assert len(BLOCKS) >= 5


@pytest.mark.parametrize(("where", "code"), BLOCKS, ids=[w for w, _ in BLOCKS])
def test_marked_block_runs(where, code, tmp_path):
    script = tmp_path / "block.py"
    script.write_text(code, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, f"{where} failed:\n{result.stdout}\n{result.stderr}"


def test_mcp_example_client_talks_to_server_over_stdio():
    client = ROOT / "docs" / "examples" / "mcp" / "client.py"
    result = subprocess.run([sys.executable, str(client)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip(), "the client printed nothing"


def test_mcp_note_includes_the_example_files():
    note = (ROOT / "docs/notes/model-context-protocol.md").read_text(encoding="utf-8")
    for name in ("server.py", "client.py"):
        assert f'--8<-- "docs/examples/mcp/{name}"' in note
