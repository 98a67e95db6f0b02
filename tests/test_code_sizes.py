"""notekit.code_sizes: each highlighted code block carries its line count."""

from __future__ import annotations

import markdown

from notekit.code_sizes import line_count, with_sizes


def render(text: str) -> str:
    extensions = ["pymdownx.highlight", "pymdownx.superfences", "notekit.code_sizes"]
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
