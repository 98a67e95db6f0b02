import markdown

GLOSSARY = {"FSDP": "Fully Sharded Data Parallel", "KV cache": "Keys and values"}


def render(text: str, guard: bool = True) -> str:
    extensions = ["abbr", "toc", "notekit.markdown.abbr_guard"] if guard else ["abbr", "toc"]
    return markdown.markdown(text, extensions=extensions, extension_configs={"abbr": {"glossary": GLOSSARY}})


TEXT = "## FSDP and the KV cache\n\nFSDP, [the FSDP paper](https://x.org) and `FSDP`; a **KV cache** too.\n"


def test_without_the_guard_abbr_wraps_headings_and_links():
    # The reason the guard exists: if Python-Markdown ever stops doing this, the guard can go.
    html = render(TEXT, guard=False)
    assert (
        "<h2" in html
        and '<abbr title="Fully Sharded Data Parallel">FSDP</abbr> and' in html.split("</h2>")[0]
    )
    assert '<a href="https://x.org">the <abbr' in html


def test_tooltips_only_in_prose():
    assert render(TEXT) == (
        '<h2 id="fsdp-and-the-kv-cache">FSDP and the KV cache</h2>\n'
        '<p><abbr data-preview="" title="Fully Sharded Data Parallel">FSDP</abbr>, '
        '<a href="https://x.org">the FSDP paper</a> and <code>FSDP</code>; '
        'a <strong><abbr data-preview="" title="Keys and values">KV cache</abbr></strong> too.</p>'
    )


def test_text_around_a_removed_tooltip_is_kept_in_order():
    html = render("[a FSDP b *c* FSDP d KV cache](https://x.org)")
    assert html == '<p><a href="https://x.org">a FSDP b <em>c</em> FSDP d KV cache</a></p>'
