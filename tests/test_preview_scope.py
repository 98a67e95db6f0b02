import markdown

from notekit.markdown.preview_scope import PERMALINK_CLASS


def render(text: str, scope: dict[str, object] | None = None, **toc: object) -> str:
    return markdown.markdown(
        text,
        extensions=["toc", "notekit.markdown.preview_scope"],
        extension_configs={"toc": {"permalink": True, **toc}, "notekit.markdown.preview_scope": scope or {}},
    )


def test_a_permalink_without_a_title_is_named_by_aria_label():
    # mkdocs.yml gives permalinks no title, so that Material's content.tooltips does not set up
    # one tooltip per heading at load; the link keeps a name other than its "¶".
    html = render("## Where the memory goes\n", permalink_title="")
    assert f'<a aria-label="Permanent link" class="{PERMALINK_CLASS}" href="#where-the-memory-goes">' in html
    assert "title=" not in html


def test_a_permalink_with_a_title_is_left_as_it_is():
    html = render("## Where the memory goes\n")
    assert 'title="Permanent link"' in html
    assert "aria-label" not in html


def test_the_label_can_be_changed_or_turned_off():
    labelled = render("## A\n", {"permalink_label": "Link to this section"}, permalink_title="")
    assert 'aria-label="Link to this section"' in labelled
    off = render("## A\n", {"permalink_label": ""}, permalink_title="")
    assert "aria-label" not in off


def test_other_links_get_no_label():
    html = render("## A\n\n[back](#a) and [out](https://example.org)\n", permalink_title="")
    assert html.count("aria-label") == 1
