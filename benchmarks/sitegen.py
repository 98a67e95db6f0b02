"""Generate a large notes site (N valid notes) for benchmarks, in a temporary folder."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from notekit.notes import config

ROOT = Path(__file__).resolve().parents[1]

PARAGRAPH = (
    "Attention lets every token weigh every earlier token, and the key-value cache keeps those "
    "weights from being recomputed at each step. Quantization trades a little accuracy for a "
    "smaller model file, while sharding spreads the optimizer state across devices so that a "
    "larger batch fits into the same memory. "
)


# Three sources each, as the strict build asks of every note.
SOURCES = "".join(
    f"  - title: Generated source {kind} {{i}}\n    url: https://example.org/{{i}}/{kind}\n    kind: {kind}\n"
    for kind in ("paper", "docs", "code")
)


def note_text(i: int, tags: list[str], total: int) -> str:
    previous = f"[the previous note](note-{i - 1:04d}.md)" if i > 0 else "the home page"
    sections = []
    for s in range(4):
        sections.append(
            f"## Section {s + 1}\n\n{PARAGRAPH * 3}\n\n"
            "| Setting | Effect |\n| --- | --- |\n| `-c 4096` | context size |\n| `-ngl 99` | offload |\n\n"
            "```python\nprint(sum(range(10)))\n```\n"
        )
    return (
        f"---\ntitle: Generated note {i:04d}\ndescription: A generated note number {i} of {total}.\n"
        f"tags: [{', '.join(tags)}]\nreviewed: 2026-11-01\nsources:\n{SOURCES.format(i=i)}---\n\n"
        f"# Generated note {i:04d}\n\nSee {previous}.\n\n" + "\n".join(sections)
    )


KINDS = ("recall", "why", "what-if", "calculation", "diagram", "recall")


def questions_text(i: int) -> str:
    """Six self-check questions, two of them worked, each pointing at one of the note's sections."""
    items = []
    for q, kind in enumerate(KINDS):
        items.append(
            f'  - id: question-{q + 1}\n    kind: {kind}\n    section: "#section-{q % 4 + 1}"\n'
            f"    question: What does section {q % 4 + 1} of note {i} say about `-c 4096`?\n"
            f"    answer: It sets the context size; $2 \\times 2048 = 4096$ tokens.\n"
        )
    return "questions:\n" + "".join(items)


def generate(dest: Path, count: int, questions: bool = True) -> Path:
    """A copy of this project's configuration with `count` generated notes, each with its
    self-check questions unless `questions` is false (a site only read, never built strictly);
    returns mkdocs.yml."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for name in ("mkdocs.yml", "README.md"):
        shutil.copy(ROOT / name, dest / name)
    shutil.copytree(ROOT / "overrides", dest / "overrides")
    cache = ROOT / ".cache" / "plugin" / "privacy"
    # The self-hosted assets, fetched once already: time the build, not npm. With PRIVACY_CACHE set
    # (the tests, through scripts/dev.py) the copied mkdocs.yml reads them from there instead.
    if cache.is_dir() and not os.environ.get("PRIVACY_CACHE"):
        shutil.copytree(cache, dest / ".cache" / "plugin" / "privacy")
    shutil.copytree(
        ROOT / "scripts", dest / "scripts", ignore=shutil.ignore_patterns("*.egg-info", "__pycache__")
    )
    docs = dest / "docs"
    (docs / "notes").mkdir(parents=True)
    for folder in ("javascripts", "stylesheets"):
        shutil.copytree(ROOT / "docs" / folder, docs / folder)
    shutil.copy(ROOT / "docs" / "tags.md", docs / "tags.md")
    (docs / "index.md").write_text(
        "# Generated site\n\n<!-- notes-index:start -->\n<!-- notes-index:end -->\n", encoding="utf-8"
    )
    (docs / ".pages").write_text("nav:\n  - index.md\n  - notes\n  - tags.md\n", encoding="utf-8")
    allowed = sorted(config.read_settings(ROOT / "mkdocs.yml").allowed_tags)
    names = []
    for i in range(count):
        tags = [allowed[(i * 7 + k * 3) % len(allowed)] for k in range(1 + i % 3)]
        name = f"note-{i:04d}.md"
        (docs / "notes" / name).write_text(note_text(i, sorted(set(tags)), count), encoding="utf-8")
        if questions:
            (docs / "notes" / f"note-{i:04d}.questions.yml").write_text(questions_text(i), encoding="utf-8")
        names.append(name)
    (docs / "notes" / ".pages").write_text("nav:\n" + "".join(f"  - {n}\n" for n in names), encoding="utf-8")
    return dest / "mkdocs.yml"


BARE_CONFIG = """\
# Bare Material: the baseline the benchmarks compare against. No hooks, no plugins but search.
site_name: Baseline
theme:
  name: material
markdown_extensions:
  - tables
  - toc:
      permalink: true
  - pymdownx.superfences
  - pymdownx.arithmatex:
      generic: true
"""


def bare_config(project: Path) -> Path:
    path = project / "mkdocs-bare.yml"
    path.write_text(BARE_CONFIG, encoding="utf-8")
    return path
