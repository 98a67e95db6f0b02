import pytest
from markdown_it import MarkdownIt

from notekit import inline


def test_code_spans_pair_equal_backtick_runs():
    assert inline.split_code_spans("a `b` c ``d ` e`` f") == [
        (False, "a "),
        (True, "`b`"),
        (False, " c "),
        (True, "``d ` e``"),
        (False, " f"),
    ]


def test_unmatched_backticks_stay_text():
    assert inline.split_code_spans("a ` b") == [(False, "a ` b")]


def test_raw_html_is_escaped_not_rendered():
    assert (
        inline.to_html("<script>alert(1)</script> *x*") == "&lt;script&gt;alert(1)&lt;/script&gt; <em>x</em>"
    )


def test_plain_text_drops_markup_only():
    assert inline.to_plain("Use `llama-server` with *care* and [docs](https://x.org) & <b>") == (
        "Use llama-server with care and docs & <b>"
    )


@pytest.mark.parametrize("flavor", ["github", "python-markdown"])
def test_cell_never_contains_a_bare_pipe_or_newline_outside_code(flavor):
    cell = inline.cell_markdown("a | b\nc <i>{: x}</i>", flavor)
    assert cell == r"a \| b c &lt;i&gt;\{: x\}&lt;/i&gt;"


def test_pipe_inside_code_is_escaped_for_github_only():
    assert inline.cell_markdown("`a|b`", "github") == r"`a\|b`"
    assert inline.cell_markdown("`a|b`", "python-markdown") == "`a|b`"


def test_plain_markdown_shows_literally_on_github():
    title = "A *b* [c] | <d> & `e`"
    md = MarkdownIt("commonmark").enable("table")
    html = md.render(f"| x |\n| --- |\n| {inline.plain_markdown(title)} |\n")
    assert "<td>A *b* [c] | &lt;d&gt; &amp; `e`</td>" in html
