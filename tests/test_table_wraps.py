from xml.etree import ElementTree as etree

import markdown
import pytest

from notekit.markdown.table_wraps import (
    MATERIAL_SELECTOR,
    TABLE_CLASS,
    WIDENED_SELECTOR,
    WRAPPER_CLASSES,
    TableWrapTreeprocessor,
    material_style_sheet,
)

TABLE = "| Model | Weights |\n| --- | ---: |\n| 8B | 16 GB |\n"
OPEN = f'<div class="{WRAPPER_CLASSES[0]}"><div class="{WRAPPER_CLASSES[1]}"><table class="{TABLE_CLASS}">'


def render(text: str) -> str:
    return markdown.markdown(text, extensions=["tables", "md_in_html", "notekit.markdown.table_wraps"])


def test_a_table_is_written_inside_materials_wrapper_with_the_class_its_bundle_skips():
    html = render(f"Before.\n\n{TABLE}\nAfter.\n")
    assert html.count(OPEN) == 1
    assert html.index("<p>Before.</p>") < html.index(OPEN) < html.index("<p>After.</p>")
    assert html.count("<table") == 1
    assert "</table></div></div>" in html.replace("\n", "")


def test_tables_inside_lists_and_html_blocks_are_wrapped_where_they_stand():
    html = render(
        f"- one\n\n    {TABLE.replace(chr(10), chr(10) + '    ')}\n- two\n\n<div markdown>\n\n{TABLE}\n</div>\n"
    )
    assert html.count(OPEN) == 2
    assert html.index("one") < html.index(OPEN) < html.index("two")


def test_a_table_with_a_class_of_its_own_and_the_text_after_a_table_are_left_alone():
    root = etree.fromstring(
        '<div><table class="sizing-table"><tr><td>1</td></tr></table><table><tr><td>2</td></tr></table>tail</div>'
    )
    TableWrapTreeprocessor(markdown.Markdown()).run(root)
    first, second = list(root)
    assert first.tag == "table" and first.get("class") == "sizing-table"
    assert second.get("class") == WRAPPER_CLASSES[0] and second.tail == "tail"
    table = second[0][0]
    assert table.tag == "table" and table.get("class") == TABLE_CLASS and table.tail is None


def test_materials_plain_table_rules_are_widened_to_wrapped_tables_in_place():
    css = ".md-typeset table:not([class]){border:1px}.x{}@media print{.md-typeset table:not([class]) td{padding:0}}"
    widened = material_style_sheet(css)
    assert MATERIAL_SELECTOR not in widened
    assert widened == css.replace(MATERIAL_SELECTOR, WIDENED_SELECTOR)
    # Same specificity: one class inside :is(), as one attribute inside :not().
    assert WIDENED_SELECTOR == f"table:is(:not([class]),.{TABLE_CLASS})"


def test_a_style_sheet_without_materials_table_rules_is_an_error():
    with pytest.raises(ValueError, match=r"table:not\(\[class\]\)"):
        material_style_sheet(".md-typeset table{border:1px}")
