"""notekit.markdown.code_sizes: each highlighted code block carries its line count."""

from __future__ import annotations

import markdown

from notekit.markdown.code_sizes import PHONE_COLUMNS, line_count, longest_line, with_sizes


def render(text: str) -> str:
    extensions = ["pymdownx.highlight", "pymdownx.superfences", "notekit.markdown.code_sizes"]
    configs = {"pymdownx.highlight": {"pygments_lang_class": True}}  # as mkdocs.yml has it
    return markdown.markdown(text, extensions=extensions, extension_configs=configs)


def test_a_fenced_block_gets_its_line_count():
    html = render("Text.\n\n```python\na = 1\nb = 2\nc = 3\n```\n\n```\none line\n```\n")
    assert 'class="language-python highlight" style="--lines: 3"' in html
    assert '<div class="language-text highlight" style="--lines: 1">' in html


def test_a_titled_block_is_counted_too():
    html = render('```python title="x.py"\na = 1\nb = 2\n```\n')
    assert 'style="--lines: 2"' in html and 'class="filename"' in html


def test_lines_are_counted_with_or_without_a_final_line_break():
    assert line_count("a\nb\n") == 2 and line_count("a\nb") == 2 and line_count("a") == 1


def test_other_html_is_left_alone():
    html = '<div class="admonition"><p>x</p></div><pre><code>a\nb</code></pre>'
    assert with_sizes(html) == html


def test_a_block_too_wide_for_a_phone_is_reachable_from_the_keyboard():
    wide = "x = " + "1 + " * 7 + "1"  # 33 characters
    html = render(f"```python\n{wide}\n```\n\n```python\nshort = 1\n```\n")
    assert html.count("<code") == 2
    assert html.count('<code tabindex="0">') == 1
    assert html.index('<code tabindex="0">') < html.index("short")


def test_width_is_counted_in_characters_the_reader_sees():
    assert longest_line('<span class="n">a</span> &lt;&amp;&gt;\nbc') == 5
    assert longest_line("") == 0
    assert longest_line("é" * PHONE_COLUMNS) == PHONE_COLUMNS
    html = render("```\n" + "<&>" * 10 + "\n```\n")  # 30 characters, 150 as escaped HTML
    assert "<code>" in html and "tabindex" not in html
    html = render("```\n" + "<&>" * 10 + "!\n```\n")
    assert '<code tabindex="0">' in html
