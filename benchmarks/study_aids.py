"""What the study aids add to the build: the site with them against the site without, same run.

    python3 scripts/dev.py python benchmarks/study_aids.py [--repeat 5]

"Without" is mkdocs.yml minus the print-site plugin (book) and the abbr / preview extensions
(tooltips, previews), written next to it for the run and removed after. The glossary's checks and
page and the bylines come from the notes hook in both (they share its one parse and one git log).
Prints the medians, their ratio, and the glossary's reach per note.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from notekit.index import glossary
from notekit.notes.collection import load_collection

ROOT = Path(__file__).resolve().parents[1]
# Each feature's lines in mkdocs.yml: a list item and the indented lines under it.
FEATURES = [
    r"  - print-site:\n(?:      .*\n|        .*\n)*",
    r"  - abbr\n",
    r"  - notekit\.abbr_guard\n",
    r"  - notekit\.preview_scope\n",
    r"  - material\.extensions\.preview:\n(?:      .*\n)*",
]


def without_aids(text: str) -> str:
    for pattern in FEATURES:
        text, count = re.subn(pattern, "", text)
        assert count == 1, f"{pattern!r} not found once in mkdocs.yml"
    return text


def build(config: Path, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as out:
            start = time.perf_counter()
            command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", out]
            subprocess.run(
                command, check=True, cwd=ROOT, env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"}
            )
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    off = ROOT / "mkdocs.bench-no-aids.yml"
    off.write_text(without_aids((ROOT / "mkdocs.yml").read_text(encoding="utf-8")), encoding="utf-8")
    try:
        # Interleaved, so load on the shared machine falls on both alike.
        on_s, off_s = [], []
        for _ in range(args.repeat):
            on_s.append(build(ROOT / "mkdocs.yml", 1))
            off_s.append(build(off, 1))
    finally:
        off.unlink()
    on, base = statistics.median(on_s), statistics.median(off_s)
    print(f"build with study aids {on:.2f} s, without {base:.2f} s: ratio {on / base:.3f}")
    notes = load_collection(ROOT / "mkdocs.yml").notes
    terms = glossary.load(ROOT / glossary.GLOSSARY_FILE, glossary.GLOSSARY_FILE)
    used = glossary.usage(terms, {n.src_path: n.body for n in notes})
    print(f"glossary: {len(terms.terms)} entries")
    for note in notes:
        counts = used[note.src_path]
        print(f"  {note.src_path}: {sum(counts.values())} tooltips, {len(counts)} distinct terms")


if __name__ == "__main__":
    main()
