"""Drawing at the Markdown stage (notekit.render.drawing, notekit.markdown.math_markdown): a real Python-Markdown
with SuperFences and Arithmatex, fake renderers, and every message located at its own line."""

from __future__ import annotations

import json
import re

import markdown
import pytest
from pymdownx.superfences import fence_code_format

from notekit.render import diagrams, formulas
from notekit.render.cache import RenderCache
from notekit.render.diagrams import DiagramError, DiagramRenderer, RendererFailed
from notekit.render.drawing import Drawing
from notekit.render.formulas import MathError, MathRenderer


class Diagrams:
    """A DiagramRenderer's face: draws anything but "bad", or fails as told."""

    def __init__(self, fails: Exception | None = None):
        self.fails = fails
        self.calls: list[str] = []
        self.rendered = 0

    def identity(self) -> str:
        return "fake diagrams"

    def draw(self, source: str, occurrence: str = ""):
        self.calls.append(source)
        if self.fails:
            raise self.fails
        if "bad" in source:
            raise DiagramError("cannot parse line 2 of the diagram: expecting 'SPACE'", 2)
        self.rendered += 1
        return f'<div class="diagram">{source.splitlines()[0]}</div>', []


class Math:
    def __init__(self, fails: Exception | None = None):
        self.fails = fails
        self.calls: list[str] = []
        self.rendered = 0

    def identity(self) -> str:
        return "fake math"

    def render(self, tex: str, display: bool):
        self.calls.append(tex)
        if self.fails:
            raise self.fails
        self.rendered += 1
        error = "Undefined control sequence: \\bad" if "\\bad" in tex else None
        return f'<span class="katex">{tex}</span>', error


NOTE = """---
title: x
---

# X

Prose with $a^2$ and a broken $\\bad{1}$ here.

```mermaid
flowchart TD
    A -- bad --> B
```

```markdown
A code sample that shows a fence, never drawn:
    ```mermaid
    flowchart TD
    ```
and $\\bad{1}$ in code.
```

$$
\\bad{1}
$$

```mermaid
flowchart TD
    A -- bad --> B
```

```mermaid
flowchart TD
    C --> D
```
"""


def render(drawing: Drawing, note: str = NOTE) -> str:
    body = note.split("---\n", 2)[2]
    md = markdown.Markdown(
        extensions=["pymdownx.superfences", "pymdownx.arithmatex", "notekit.markdown.math_markdown"],
        extension_configs={
            "pymdownx.superfences": {
                "custom_fences": [{"name": "mermaid", "class": "mermaid", "format": drawing.fence}]
            },
            "pymdownx.arithmatex": {"generic": True},
            "notekit.markdown.math_markdown": {"drawing": drawing},
        },
    )
    drawing.begin("notes/x.md", note, body, "../../katex.css")
    return md.convert(body)


def make(diagrams=None, math=None):
    said, warned = [], []
    return Drawing(math, diagrams, "assets/katex.css", said.append, warned.append), said, warned


def test_each_problem_is_reported_at_its_own_line_counting_front_matter():
    drawing, said, warned = make(Diagrams(), Math())
    render(drawing)
    # The two identical broken fences open at lines 9 and 26, and Mermaid names the diagram's line 2;
    # the broken display formula's TeX is on line 23 and the inline one on line 7.
    # (Fences are read before the rest of the page, so their reports come first.)
    assert sorted(warned, key=lambda w: int(w.split(":")[1])) == [
        "docs/notes/x.md:7: math: Undefined control sequence: \\bad (KaTeX's supported functions: https://katex.org/docs/supported)",
        "docs/notes/x.md:11: diagram: cannot parse line 2 of the diagram: expecting 'SPACE' (try the diagram at https://mermaid.live)",
        "docs/notes/x.md:23: math: Undefined control sequence: \\bad (KaTeX's supported functions: https://katex.org/docs/supported)",
        "docs/notes/x.md:28: diagram: cannot parse line 2 of the diagram: expecting 'SPACE' (try the diagram at https://mermaid.live)",
    ]
    assert said == []


def test_code_is_never_touched_and_drawn_things_replace_their_markup():
    drawing, _, _ = make(Diagrams(), Math())
    html = render(drawing)
    sample = re.sub(r"<[^>]+>", "", html[html.index('<div class="highlight">') :])
    assert "    ```mermaid\n    flowchart TD\n    ```\nand $\\bad{1}$ in code." in sample
    assert '<div class="diagram">flowchart TD</div>' in html
    assert '<span class="arithmatex"><span class="katex">a^2</span></span>' in html
    assert html.startswith('<link href="../../katex.css" rel="stylesheet" />')
    record = drawing.page("notes/x.md")
    assert record.typeset and record.raw_diagrams and not record.raw_math  # refused fences stay raw


@pytest.mark.parametrize(
    "failure",
    [
        RendererFailed("Chromium stopped answering (nothing drawn in 30 s)"),
        diagrams.BrowserUnavailable("x"),
    ],
)
def test_a_failed_browser_is_said_once_never_blamed_on_the_notes_and_never_called_again(failure):
    diagrams = Diagrams(fails=failure)
    drawing, said, warned = make(diagrams, Math())
    html = render(drawing)
    assert len(diagrams.calls) == 1  # the first fence; the others go straight to the page
    assert said == [
        f"diagrams are drawn in the reader's browser, not at build time: {failure} (the notes are not at fault)"
    ]
    assert all("diagram" not in w for w in warned)
    assert html.count('<pre class="mermaid"><code>') == 3
    assert drawing.page("notes/x.md").raw_diagrams


def test_a_failed_node_is_said_once_and_the_formulas_stay_for_the_browser():
    math = Math(fails=MathError("Node stopped answering (no formula typeset in 30 s)"))
    drawing, said, warned = make(Diagrams(), math)
    html = render(drawing)
    assert len(math.calls) == 1 and warned and all("math" not in w for w in warned)
    assert said == [
        "math is typeset in the reader's browser, not at build time: Node stopped answering "
        "(no formula typeset in 30 s) (the notes are not at fault)"
    ]
    assert '<span class="arithmatex">\\(a^2\\)</span>' in html and "katex.css" not in html
    assert drawing.page("notes/x.md").raw_math


def test_without_renderers_everything_is_left_to_the_browser_as_material_would():
    drawing, said, warned = make()
    html = render(drawing, "---\ntitle: x\n---\n\n```mermaid\ngraph LR\n  A --> B\n```\n")
    expected = fence_code_format(
        "graph LR\n  A --> B", "mermaid", "mermaid", {}, None, classes=[], id_value="", attrs={}
    )
    assert html == expected and said == [] and warned == []


def test_without_chromium_or_node_each_half_says_so_once(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setenv("CHROME_PATH", str(tmp_path / "chromium"))
    said = []
    drawing = Drawing.start(tmp_path, tmp_path / "assets", "assets/external", 30, said.append, said.append)
    assert drawing.math is None and drawing.diagrams is None
    assert said == [
        "math is typeset in the reader's browser, not at build time: Node is not installed",
        f"diagrams are drawn in the reader's browser, not at build time: no Chromium at {tmp_path / 'chromium'}",
    ]
    assert drawing.close() == ""


def test_the_close_line_counts_what_was_drawn_even_after_a_renderer_failed(tmp_path):
    diagrams, math = Diagrams(), Math()
    drawing, _, _ = make(diagrams, math)
    render(drawing)
    drawing.diagrams = None  # as after a failure later in the build
    assert drawing.close() == "3 new formulas, 1 new diagrams"


def test_the_real_renderer_classes_have_the_faces_the_fakes_stand_in_for():
    assert callable(DiagramRenderer.draw) and callable(MathRenderer.render)
    assert callable(DiagramRenderer.identity) and callable(MathRenderer.identity)
    assert RenderCache and formulas.KatexProcess


def test_a_saved_record_gives_a_reused_page_what_the_build_reads_of_it_later():
    # scripts/hooks/reuse.py keeps a parsed page between builds: its drawing record goes through
    # JSON and comes back into the next build's record of the page, which was begun but not drawn.
    drawing, _, _ = make(Diagrams(), Math())
    html = render(drawing)
    record = drawing.page("notes/x.md")
    saved = json.loads(json.dumps(record.saved()))
    later, _, _ = make(Diagrams(), Math())
    later.begin("notes/x.md", NOTE, NOTE.split("---\n", 2)[2], "../../katex.css")
    restored = later.page("notes/x.md")
    restored.restore(saved)
    assert (restored.typeset, restored.raw_math, restored.raw_diagrams) == (True, False, True)
    assert restored.search == record.search and len(record.search.drawn) == 4
    assert restored.search.hide(html) == record.search.hide(html)


def test_the_identity_says_which_renderers_still_draw():
    drawing, _, _ = make(Diagrams(), Math())
    before = drawing.identity()
    assert "fake math" in before and "fake diagrams" in before
    drawing.diagrams = None  # as after the browser hung
    assert drawing.identity() != before and "fake math" in drawing.identity()
