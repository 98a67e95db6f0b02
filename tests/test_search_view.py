"""notekit.render.search_view: while the search index reads a page, each drawn fragment stands as
its words, and the page gets every drawing back unchanged afterwards."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from notekit.render.search_view import SearchView, diagram_words, formula_words, show

FIGURE = '<div class="diagram"><div class="mermaid"><svg id="d1" role="img" aria-label="Flowchart diagram: A, B &amp; C"><g/></svg></div></div>'
FORMULA = '<span class="katex"><span class="katex-mathml"><math><mi>x</mi></math></span><span class="katex-html">x</span></span>'


def test_a_page_reads_as_words_while_indexed_and_comes_back_whole():
    page = f'<p>See</p>{FIGURE}<p>with <span class="arithmatex">{FORMULA}</span> and more.</p>'
    view = SearchView()
    view.add("diagram", FIGURE, diagram_words(FIGURE))
    view.add("formula", FORMULA, formula_words("x", display=False))
    hidden, swapped = view.hide(page)
    assert "<svg" not in hidden and "katex" not in hidden
    assert "Flowchart diagram: A, B &amp; C" in hidden and "\\(x\\)" in hidden
    assert show(hidden, swapped) == page


def test_a_fragment_changed_on_its_way_into_the_page_is_indexed_whole():
    view = SearchView()
    view.add("formula", FORMULA, "\\(x\\)")
    page = "<p>" + FORMULA.replace("katex-html", "katex-html changed") + "</p>"
    assert view.hide(page) == (page, [])
    assert show(page, []) == page


def test_formula_words_escape_the_tex_and_keep_its_delimiters():
    assert formula_words("a < b", display=False) == "\\(a &lt; b\\)"
    assert formula_words("E = mc^2", display=True) == "\\[E = mc^2\\]"
    assert diagram_words("<svg><g/></svg>") == ""


# Pages built of drawn fragments (some repeated, the two kinds interleaved) and prose between them,
# listed to the view in drawing order: each kind in page order, all diagrams before all formulas,
# as SuperFences draws the fences before the formulas are typeset.
pieces = st.lists(
    st.tuples(st.sampled_from(["diagram", "formula"]), st.integers(0, 3), st.text("ab<>& p/", max_size=8)),
    max_size=12,
)


@settings(max_examples=100)
@given(pieces)
def test_show_gives_back_exactly_the_page_hide_was_given(parts):
    fragments = {("diagram", n): FIGURE.replace("d1", f"d{n}") for n in range(4)} | {
        ("formula", n): FORMULA.replace(">x<", f">x{n}<") for n in range(4)
    }
    page = "".join(fragments[kind, n] + prose for kind, n, prose in parts)
    view = SearchView()
    for kind in ("diagram", "formula"):
        for k, n, _ in parts:
            if k == kind:
                view.add(kind, fragments[kind, n], f"{kind} {n}")
    hidden, swapped = view.hide(page)
    assert "<svg" not in hidden and "katex" not in hidden
    assert show(hidden, swapped) == page
