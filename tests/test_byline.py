from datetime import UTC, datetime

from notekit import byline

WHEN = datetime(2026, 3, 5, tzinfo=UTC)


def test_names_are_joined_and_escaped():
    assert byline.names(["Ada"]) == "Ada"
    assert byline.names(["Ada", "Bo"]) == "Ada and Bo"
    assert byline.names(["Ada", "<Bo>", "Cy"]) == "Ada, &lt;Bo&gt; and Cy"


def test_byline_goes_after_the_reading_time_or_the_title():
    line = byline.byline(["Ada"], WHEN)
    assert (
        line
        == '<p class="note-byline">Written by Ada; first added <time datetime="2026-03-05">March 5, 2026</time></p>'
    )
    page = '<h1>T</h1>\n<p class="note-lede">L</p>\n<p class="note-reading-time">3 min read</p>\n<p>Body</p>'
    assert byline.insert(page, "X") == page.replace("min read</p>", "min read</p>\nX")
    assert byline.insert("<h1>T</h1><p>B</p>", "X") == "<h1>T</h1>\nX<p>B</p>"
    assert byline.insert("<p>B</p>", "X") == "X\n<p>B</p>"
