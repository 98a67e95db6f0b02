"""Build-time math: arithmatex's markup read, the one Node process and its failures, the cache."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from notekit.render.cache import RenderCache
from notekit.render.formulas import KatexProcess, MathError, MathRenderer, display_height, formula, sized
from support import running

# Stands in for katex.min.js: the same call, a predictable answer, and an error for "\bad".
FAKE_KATEX = """module.exports = {
  renderToString(tex, options) {
    if (tex.includes("\\\\bad") && options.throwOnError) throw new Error("Undefined control sequence: \\\\bad")
    return `<span class="katex">${options.displayMode ? "D" : "I"}:${tex}</span>`
  },
}"""


class FakeProcess:
    def __init__(self):
        self.calls: list[tuple[str, bool]] = []

    def typeset(self, tex: str, display: bool):
        self.calls.append((tex, display))
        error = "Undefined control sequence" if "\\bad" in tex else None
        return f'<span class="katex">{tex}</span>', error


def test_formula_reads_arithmatex_generic_output():
    assert formula(r"\(a &lt; b\)", "span") == ("a < b", False)
    assert formula("\\[\n\\sum_i x_i\n\\]", "div") == (r"\sum_i x_i", True)
    assert formula(r"\begin{align}a\end{align}", "div") == (r"\begin{align}a\end{align}", True)


def test_a_warm_cache_typesets_nothing_and_another_version_typesets_again(tmp_path):
    first, second, third = FakeProcess(), FakeProcess(), FakeProcess()
    out1 = [
        MathRenderer(first, RenderCache(tmp_path), "1").render(t, d) for t, d in (("x", False), ("y", True))
    ]
    out2 = [
        MathRenderer(second, RenderCache(tmp_path), "1").render(t, d) for t, d in (("x", False), ("y", True))
    ]
    MathRenderer(third, RenderCache(tmp_path), "2").render("x", False)
    assert out1 == out2 and len(first.calls) == 2 and second.calls == [] and len(third.calls) == 1


def test_a_bad_formula_is_returned_with_katexs_words_and_not_cached(tmp_path):
    for _ in range(2):  # two builds sharing the cache: the refusal was not cached, so it comes again
        process = FakeProcess()
        html, error = MathRenderer(process, RenderCache(tmp_path), "1").render("\\bad", False)
        assert error == "Undefined control sequence" and "\\bad" in html and len(process.calls) == 1


@pytest.fixture
def fake_katex(tmp_path) -> Path:
    path = tmp_path / "katex.min.js"
    path.write_text(FAKE_KATEX, encoding="utf-8")
    return path


# Node's answers to our server (formulas._SERVER) running FAKE_KATEX, recorded: a script run in
# place of `node`, so the fast tier starts no Node. tests/browser/test_renderers_in_a_build.py
# runs the server in the real Node with the real KaTeX.
RECORDED_NODE = """
for line in sys.stdin:
    asked = json.loads(line)
    tex, display = asked["tex"], asked["display"]
    answer = {"html": '<span class="katex">' + ("D" if display else "I") + ":" + tex + "</span>"}
    if "\\\\bad" in tex:
        answer["error"] = "Undefined control sequence: \\\\bad"
    print(json.dumps(answer), flush=True)
"""


def recorded_node(tmp_path: Path, body: str = RECORDED_NODE) -> str:
    script = tmp_path / "recorded-node"
    script.write_text(f"#!{sys.executable}\nimport json, sys\n{body}", encoding="utf-8")
    script.chmod(0o755)
    return str(script)


def test_one_node_process_answers_every_formula_in_order(tmp_path, fake_katex):
    process = KatexProcess(fake_katex, node=recorded_node(tmp_path))
    node = str(tmp_path / "recorded-node")  # on its command line (Linux's /proc is read for it)
    try:
        assert process.unavailable() is None
        assert running(node) == []  # started on the first formula, not before
        assert process.typeset("a", False) == ('<span class="katex">I:a</span>', None)
        first = running(node)
        assert len(first) == 1
        assert process.typeset("é\n\\frac12", True) == ('<span class="katex">D:é\n\\frac12</span>', None)
        html, error = process.typeset("\\bad", False)
        assert error == "Undefined control sequence: \\bad" and "I:\\bad" in html
        assert running(node) == first  # still the same process
    finally:
        process.close()
    assert running(node) == []


def test_without_node_or_katex_the_process_says_why(tmp_path, fake_katex, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    assert KatexProcess(fake_katex).unavailable() == "Node is not installed"
    assert (
        KatexProcess(tmp_path / "none.js", node="node").unavailable() == "none.js is not in the asset cache"
    )


def test_a_process_that_dies_raises_math_error(tmp_path, fake_katex):
    process = KatexProcess(fake_katex, node=recorded_node(tmp_path, "sys.exit(3)"))
    with pytest.raises(MathError, match=r"Node stopped while typesetting \(exit code 3\)"):
        process.typeset("x", False)


def katex_display(*struts: tuple[str, str | None], extra: str = "") -> str:
    """KaTeX's display markup with one top-level piece per strut (height, vertical-align)."""
    bases = "".join(
        '<span class="katex-base"><span class="katex-strut" style="height:'
        + height
        + "em;"
        + (f"vertical-align:{align}em;" if align else "")
        + '"></span><span class="mord">x</span></span>'
        for height, align in struts
    )
    return (
        '<span class="katex-display"><span class="katex"><span class="katex-mathml"><math></math></span>'
        f'<span class="katex-html" aria-hidden="true">{bases}{extra}</span></span></span>'
    )


def test_a_tall_display_formula_carries_its_height_from_its_struts():
    # Highest top 2.0 - 0.5 = 1.5em above the baseline, deepest 0.9em below: 2.4em.
    html = katex_display(("2.0", "-0.5"), ("1.2", "-0.9"))
    assert display_height(html) == 2.4
    assert sized(html).startswith(
        '<span class="katex-display"><span class="katex" style="--math-height: 2.4">'
    )
    assert sized(html).count("--math-height") == 1


def test_a_flat_several_line_or_inline_formula_is_left_as_it_is():
    flat = katex_display(("0.8641", "-0.1944"))  # the line's own height decides: not exact
    shallow = katex_display(("2.0", "-0.3"))  # tall, but not deep enough
    low = katex_display(("1.2", "-0.5"))  # deep, but not tall enough
    lines = katex_display(("2.0", "-0.9"), extra='<span class="katex-newline"></span>')
    for html in (flat, shallow, low, lines, katex_display()):
        assert display_height(html) is None and sized(html) == html
    inline = katex_display(("2.0", "-0.9")).removeprefix('<span class="katex-display">')
    assert sized(inline) == inline


def test_the_renderer_sizes_display_formulas_from_the_cache_too(tmp_path):
    tall = katex_display(("2.0", "-0.5"), ("1.2", "-0.9"))

    class Typesetter:
        calls = 0

        def typeset(self, tex, display):
            self.calls += 1
            return tall, None

    typesetter = Typesetter()
    for _ in range(2):  # drawn, then read from the cache
        renderer = MathRenderer(typesetter, RenderCache(tmp_path), "0.19.1")
        assert 'style="--math-height: 2.4"' in renderer.render("x", True)[0]
    assert typesetter.calls == 1


# Node that fails in each way a renderer can: a script run in place of `node`.
FAKE_NODES = {
    # answers the first formula with the real server, then stops answering (hangs) or exits
    "hangs-later": "first = True\nfor line in sys.stdin:\n    if not first: time.sleep(3600)\n"
    "    first = False\n    print(json.dumps({'html': '<b>x</b>'}), flush=True)\n",
    "dies-later": "first = True\nfor line in sys.stdin:\n    if not first: os.kill(os.getpid(), 9)\n"
    "    first = False\n    print(json.dumps({'html': '<b>x</b>'}), flush=True)\n",
    "hangs-at-start": "time.sleep(3600)\n",
    "dies-at-start": "sys.exit(1)\n",
}


def fake_node(tmp_path: Path, kind: str) -> str:
    script = tmp_path / f"node-{kind}"
    script.write_text(f"#!{sys.executable}\nimport json, os, sys, time\n{FAKE_NODES[kind]}", encoding="utf-8")
    script.chmod(0o755)
    return str(script)


@pytest.mark.parametrize("kind", sorted(FAKE_NODES))
def test_a_hung_or_dead_node_is_given_up_in_time_and_stopped(tmp_path, fake_katex, kind):
    process = KatexProcess(fake_katex, node=fake_node(tmp_path, kind), timeout=1.0)
    started = time.monotonic()
    if kind.endswith("later"):
        assert process.typeset("a", False) == ("<b>x</b>", None)
    with pytest.raises(MathError) as caught:
        process.typeset("b", False)
    assert time.monotonic() - started < 10
    expected = "Node stopped answering" if "hangs" in kind else "Node stopped while typesetting"
    assert str(caught.value).startswith(expected), caught.value
    assert running(f"node-{kind}") == [], "the fake Node is still running"
