"""Diagram legibility judged from the SVG alone: sizes, fits, choices and the author's message."""

from __future__ import annotations

import pytest

from notekit.render.legibility import (
    LAPTOP,
    PHONE,
    Fit,
    Geometry,
    Unmeasurable,
    choose,
    fit,
    geometry,
    problem,
    title_problem,
    wrapped_titles,
)


def svg(width: float, style: str = "#m{font-size:16px;}", body: str = '<g class="node"></g>') -> str:
    return f'<svg id="m" width="100%" viewBox="0 0 {width} 300"><style>{style}</style>{body}</svg>'


def test_the_width_comes_from_the_view_box_and_the_size_from_the_style():
    assert geometry(svg(797.5)) == Geometry(797.5, 16.0)


def test_a_rule_for_classes_the_drawing_does_not_use_does_not_count():
    style = "#m{font-size:16px;}#m div.mermaidTooltip{font-size:12px;}#m .flowchartTitleText{font-size:18px;}"
    assert geometry(svg(500, style)).label_px == 16.0
    used = svg(500, style, '<text class="flowchartTitleText">T</text><g class="node"/>')
    assert geometry(used).label_px == 16.0  # 18 px is larger: the smallest decides
    small = svg(500, "#m{font-size:16px;}#m .edgeLabel{font-size:10px;}", '<g class="edgeLabel"></g>')
    assert geometry(small).label_px == 10.0


def test_a_text_elements_own_size_counts():
    body = '<text class="actor" style="text-anchor: middle; font-size: 14px;">A</text>'
    assert geometry(svg(500, body=body)).label_px == 14.0


@pytest.mark.parametrize(
    "drawing, why",
    [
        ('<svg id="m"><style>#m{font-size:16px;}</style></svg>', "it has no viewBox"),
        ('<svg viewBox="0 0 0 10"><style>#m{font-size:16px;}</style></svg>', "its viewBox has no width"),
        (
            '<svg viewBox="0 0 100 10"><style>#m{fill:red;}</style></svg>',
            "no font size is set for its labels",
        ),
    ],
)
def test_a_drawing_that_cannot_be_measured_says_why(drawing, why):
    with pytest.raises(Unmeasurable, match=why):
        geometry(drawing)


def test_a_narrow_drawing_shrinks_to_the_column_while_its_labels_stay_legible():
    assert fit(Geometry(300, 16), PHONE) == Fit(16.0)  # narrower than the column: natural size
    assert fit(Geometry(500, 16), PHONE) == Fit(11.5)  # 16 x 358 / 500
    assert fit(Geometry(900, 16), LAPTOP) == Fit(12.2)


def test_a_wider_drawing_keeps_the_width_that_makes_its_labels_legible_and_scrolls():
    assert fit(Geometry(800, 16), PHONE) == Fit(11, 550.0)  # 800 x 11 / 16
    assert fit(Geometry(1134, 16), PHONE) == Fit(11, 779.6)  # two phone screens, just


def test_a_drawing_wider_than_two_phone_screens_at_a_legible_size_does_not_fit():
    assert fit(Geometry(1200, 16), PHONE) is None
    assert fit(Geometry(2000, 16), LAPTOP) is None


def test_each_screen_gets_the_first_drawing_that_fits_unscrolled_else_the_one_that_scrolls_least():
    wide, tall = Geometry(1500, 16), Geometry(400, 16)
    assert choose([wide, tall], PHONE) == (1, Fit(14.3))
    assert choose([Geometry(1000, 16), Geometry(900, 16)], PHONE) == (1, Fit(11, 618.8))
    assert choose([Geometry(3000, 16)], PHONE) is None


def test_the_message_names_the_screen_the_size_and_what_to_do():
    assert problem([Geometry(3210.9, 16)], PHONE) == (
        "labels would be drawn at 1.8 px on a phone (at least 11 px needed): the drawing is 3211 px "
        "wide and a phone can show at most 1135 px of it, scrolling. Draw it top-down "
        "(`flowchart TD`), split it in two, or shorten its labels"
    )
    assert problem([Geometry(3000, 16)], PHONE, "sequence").endswith(
        "Use fewer participants, or break long messages with <br>"
    )


def test_the_screens_are_the_issues_phone_and_laptop():
    assert (PHONE.column, PHONE.smallest, PHONE.widest) == (358, 11, 780)
    assert (LAPTOP.column, LAPTOP.smallest) == (688, 12)


def cluster(title: str, height: float, line_height: str = "1.5") -> str:
    """A subgraph title as Mermaid writes it with HTML labels."""
    return (
        f'<g class="cluster" id="m-S"><rect x="8" y="8" width="300" height="200"></rect>'
        f'<g class="cluster-label" transform="translate(58, 8)"><foreignObject width="200" height="{height}">'
        f'<div xmlns="http://www.w3.org/1999/xhtml" style="display: table; line-height: {line_height}; '
        f'max-width: 200px;"><div class="nodeLabel"><p>{title}</p></div></div></foreignObject></g></g>'
    )


def test_a_subgraph_title_on_more_than_one_line_is_found_with_its_lines():
    sixteen = Geometry(400, 16)
    body = cluster("One line", 24) + cluster("Host &amp; clients: chat app, IDE or agent", 48)
    assert wrapped_titles(svg(400, body=body), sixteen) == [("Host & clients: chat app, IDE or agent", 2)]
    assert wrapped_titles(svg(400, body=cluster("Three", 72)), sixteen) == [("Three", 3)]
    # The line height is the label font's: 36 px is two lines of a 12 px font, one of an 18 px one.
    assert wrapped_titles(svg(400, body=cluster("T", 36)), Geometry(400, 12)) == [("T", 2)]
    assert wrapped_titles(svg(400, body=cluster("T", 27)), Geometry(400, 18)) == []
    assert wrapped_titles(svg(400), sixteen) == []  # no subgraph


def test_a_subgraph_title_in_svg_text_counts_its_rows():
    rows = "".join(f'<tspan class="text-outer-tspan row" x="0" y="{i}em">w{i}</tspan>' for i in range(2))
    body = f'<g class="cluster-label"><g><rect></rect><text y="-10.1">{rows}</text></g></g>'
    assert wrapped_titles(svg(400, body=body), Geometry(400, 16)) == [("w0 w1", 2)]


def test_the_title_message_quotes_the_title_and_says_what_to_do():
    message = title_problem("Host application: chat app, IDE or agent", 2)
    assert message.startswith(
        'the subgraph title "Host application: chat app, IDE or agent" is set on 2 lines'
    )
    assert "mermaid-js/mermaid#3806" in message and "Shorten it to one line" in message
