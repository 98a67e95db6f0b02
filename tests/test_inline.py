from markdown_it import MarkdownIt

from notekit.notes import inline


def test_code_spans_are_refenced_to_hold_their_code_exactly():
    assert inline.cell_markdown("a `b|c` d ``e ` f`` g") == r"a `b\|c` d ``e ` f`` g"
    assert inline.cell_markdown("``` `` ```") == "``` `` ```"
    assert inline.cell_markdown("`` `x ``") == "`` `x ``"


def test_raw_html_is_escaped_not_rendered():
    assert (
        inline.to_html("<script>alert(1)</script> *x*") == "&lt;script&gt;alert(1)&lt;/script&gt; <em>x</em>"
    )


def test_plain_text_drops_markup_only():
    assert inline.to_plain("Use `llama-server` with *care* and [docs](https://x.org) & <b>") == (
        "Use llama-server with care and docs & <b>"
    )


def test_cell_never_contains_a_bare_pipe_or_newline_outside_code():
    cell = inline.cell_markdown("a | b\nc <i>{: x}</i> *em* [l](https://x.org/?a|b)")
    assert cell == r"a \| b c \<i\>{: x}\</i\> *em* [l](https://x.org/?a%7Cb)"


def test_a_link_with_a_title_is_written_as_html_which_github_reads_the_same():
    assert inline.cell_markdown('[l](https://x.org "T") *e*') == '<a href="https://x.org" title="T">l</a> *e*'


def test_pipe_inside_code_is_escaped_for_github():
    assert inline.cell_markdown("`a|b`") == r"`a\|b`"


def test_site_html_leaves_nothing_for_markdown_or_an_extension_to_read():
    html = inline.site_html("*em* `a|b` $x$ ~~s~~ [l](https://x.org/a_b) <b> {: .c} a_b_c")
    assert html == (
        "<em>em</em> <code>a&#124;b</code> &#36;x&#36; <s>s</s> "
        '<a href="https://x.org/a_b">l</a> &lt;b&gt; &#123;&#58; .c&#125; a&#95;b&#95;c'
    )


def test_link_targets_include_the_ones_a_renderer_would_drop():
    assert inline.link_targets("[a](javascript:alert(1)) ![i](data:x) <https://x.org> [b](<c d>)") == [
        "javascript:alert(1)",
        "data:x",
        "https://x.org",
        "c%20d",
    ]


def test_plain_markdown_shows_literally_on_github():
    title = "A *b* [c] | <d> & `e`"
    md = MarkdownIt("commonmark").enable("table")
    html = md.render(f"| x |\n| --- |\n| {inline.plain_markdown(title)} |\n")
    assert "<td>A *b* [c] | &lt;d&gt; &amp; `e`</td>" in html
