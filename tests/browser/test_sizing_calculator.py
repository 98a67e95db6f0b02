"""The model-sizing calculator in the browser: its script must get the numbers notekit.index.sizing gets.

Every check waits for a state (the results element names the inputs it shows in `data-for`), never
for a span of time.
"""

from __future__ import annotations

import itertools
from dataclasses import replace
from urllib.parse import parse_qsl, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from notekit.index import sizing
from notekit.index.sizing import Inputs

PAGE = "notes/model-sizing/"
RESULTS = "[data-sizing-results]"
PARTS = ("weights", "kv_cache", "activations", "optimizer", "total")


def combinations() -> list[Inputs]:
    """Every weight format in every mode (24), spread over the presets and a custom model, with
    the extremes among them: one token and a hundred million tokens of context, a batch of one
    and of thousands, every KV format, every activation choice, small and large LoRA ranks."""
    presets = [p.id for p in sizing.PRESETS]
    contexts = [1, 8192, 100_000_000, 2048, 131_072, 4096, 1, 32_768]
    batches = [1, 1, 1, 4096, 8, 1, 100_000, 2, 64]
    kv_formats = [f.id for f in sizing.KV_FORMATS]
    activations = [a for a, _ in sizing.ACTIVATION_CHOICES]
    ranks = [16, 1, 256, 8, 65_536]
    bandwidths = [1000, 3350, 0.1, 273.5, 1_000_000]
    found = []
    for n, (precision, (mode, _)) in enumerate(itertools.product(sizing.WEIGHT_FORMATS, sizing.MODES)):
        preset = presets[n % len(presets)]
        inputs = Inputs.preset(
            preset,
            precision=precision.id,
            mode=mode,
            kv_precision=kv_formats[n % len(kv_formats)],
            context=contexts[n % len(contexts)],
            batch=batches[n % len(batches)],
            activations=activations[n % len(activations)],
            rank=ranks[n % len(ranks)],
            bandwidth=bandwidths[n % len(bandwidths)],
        )
        if n % 6 == 5:  # a model of one's own: multi-head attention, odd sizes
            inputs = replace(inputs, model="custom", layers=3, hidden=640, heads=10, kv_heads=10, head_dim=64,
                             params_b=0.0375, active_b=0.0375)  # fmt: skip
        found.append(inputs)
    # A mixture of experts at the largest batch and context, and the smallest possible model.
    found.append(Inputs.preset("mixtral-8x7b", context=100_000_000, batch=100_000, kv_precision="fp8"))
    found.append(
        Inputs(
            model="custom",
            layers=1,
            hidden=1,
            heads=1,
            kv_heads=1,
            head_dim=1,
            params_b=0.001,
            active_b=0.001,
            context=1,
            batch=1,
            precision="int4",
            mode="qlora",
            rank=1,
            activations="none",
        )  # fmt: skip
    )
    return found


COMBINATIONS = combinations()


def test_the_combinations_cover_every_format_in_every_mode_and_the_extremes():
    assert len(COMBINATIONS) >= 20
    pairs = {(i.precision, i.mode) for i in COMBINATIONS}
    assert pairs == {(f.id, m) for f in sizing.WEIGHT_FORMATS for m, _ in sizing.MODES}
    contexts = {i.context for i in COMBINATIONS}
    batches = {i.batch for i in COMBINATIONS}
    assert {1, 100_000_000} <= contexts and {1, 100_000} <= batches
    assert {i.model for i in COMBINATIONS} >= {p.id for p in sizing.PRESETS} | {"custom"}


def select(page: Page, name: str, value: str) -> None:
    page.locator(f'[data-sizing-form] select[name="{name}"]').select_option(value)


def fill(page: Page, name: str, value: float) -> None:
    page.locator(f'[data-sizing-form] input[name="{name}"]').fill(sizing._plain(value))


def set_form(page: Page, inputs: Inputs) -> None:
    """Set every input as a reader would, one control at a time. A field that does not apply to a
    mode is disabled, so each is set while a mode that uses it is chosen."""
    select(page, "model", inputs.model)
    if inputs.model == sizing.CUSTOM:
        for key, attr, *_ in sizing.MODEL_FIELDS:
            fill(page, key, getattr(inputs, attr))
    select(page, "mode", "lora")  # weight format, activations and rank all apply
    select(page, "prec", inputs.precision)
    select(page, "act", inputs.activations)
    fill(page, "rank", inputs.rank)
    select(page, "mode", "inference")  # the KV cache format applies
    select(page, "kvprec", inputs.kv_precision)
    fill(page, "ctx", inputs.context)
    fill(page, "batch", inputs.batch)
    fill(page, "bw", inputs.bandwidth)
    select(page, "mode", inputs.mode)


def shown(page: Page, inputs: Inputs) -> dict[str, float | None]:
    """What the page shows for `inputs`, once it shows them (the results name their inputs)."""
    results = page.locator(f'{RESULTS}[data-for="{sizing.to_query(inputs)}"]')
    expect(results).to_have_attribute("data-state", "ready")
    numbers: dict[str, float | None] = {
        part: float(results.locator(f'[data-sizing-value="{part}"]').get_attribute("data-bytes"))
        for part in PARTS
    }
    speed = page.locator("[data-sizing-speed]").get_attribute("data-tokens-per-second")
    numbers["tokens_per_s"] = float(speed) if speed is not None else None
    return numbers


def expected(inputs: Inputs) -> dict[str, float | None]:
    e = sizing.estimate(inputs)
    numbers: dict[str, float | None] = {part: getattr(e, part) for part in PARTS}
    numbers["tokens_per_s"] = e.tokens_per_s
    return numbers


def same(js: dict[str, float | None], py: dict[str, float | None]) -> bool:
    return js.keys() == py.keys() and all(
        (a is None and b is None)
        or (a is not None and b is not None and a == pytest.approx(b, rel=1e-9, abs=1e-9))
        for a, b in ((js[k], py[k]) for k in js)
    )


def query_of(page: Page) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(page.url).query))


def open_calculator(page: Page, url: str) -> None:
    page.goto(url)
    expect(page.locator(RESULTS)).to_have_attribute("data-state", "ready")


def test_the_script_agrees_with_the_python_module_on_every_combination(page: Page, live_site):
    open_calculator(page, live_site.url + PAGE)
    wrong = []
    for inputs in COMBINATIONS:
        set_form(page, inputs)
        js, py = shown(page, inputs), expected(inputs)
        if not same(js, py):
            wrong.append(f"{sizing.to_query(inputs)}\n  page:   {js}\n  python: {py}")
        # The address holds the inputs, in the module's canonical form.
        assert sizing.from_query(query_of(page)) == inputs
        assert urlsplit(page.url).query == sizing.to_query(inputs)
    assert wrong == [], "\n".join(wrong)


def test_the_summary_and_table_show_the_modules_formatting(page: Page, live_site):
    inputs = Inputs.preset("llama-3.1-8b")
    open_calculator(page, f"{live_site.url}{PAGE}?{sizing.to_query(inputs)}")
    e = sizing.estimate(inputs)
    decimal, binary = sizing.format_bytes(e.total)
    expect(page.locator('[data-sizing-value="total"]')).to_have_text(decimal)
    expect(page.locator('[data-sizing-binary="total"]')).to_have_text(binary)
    summary = page.locator("[data-sizing-summary]")
    expect(summary).to_have_attribute("aria-live", "polite")
    expect(summary).to_contain_text(f"About {decimal} ({binary}) in all")
    expect(summary).to_contain_text(f"At most {sizing.format_rate(e.tokens_per_s)} tokens per second")


@pytest.mark.parametrize(
    "inputs",
    [
        Inputs.preset("qwen2.5-7b", mode="qlora", rank=64, context=4096, batch=2, activations="selective"),
        replace(
            Inputs.preset("llama-3.1-70b", precision="q4_k_m", kv_precision="fp8", context=131_072),
            model="custom",
            kv_heads=64,
        ),  # fmt: skip
    ],
    ids=["preset", "custom"],
)
def test_an_address_with_a_query_string_restores_the_inputs_and_results(page: Page, live_site, inputs):
    open_calculator(page, f"{live_site.url}{PAGE}?{sizing.to_query(inputs)}")
    assert same(shown(page, inputs), expected(inputs))
    form = page.locator("[data-sizing-form]")
    expect(form.locator('select[name="model"]')).to_have_value(inputs.model)
    expect(form.locator('select[name="mode"]')).to_have_value(inputs.mode)
    for key, attr, *_ in sizing.MODEL_FIELDS + sizing.WORKLOAD_FIELDS:
        assert float(form.locator(f'input[name="{key}"]').input_value()) == getattr(inputs, attr), key
    # The preset's own numbers are in the form, and the address stays as it was given.
    assert urlsplit(page.url).query == sizing.to_query(inputs)


def test_a_preset_changed_by_hand_becomes_custom_and_a_bad_value_is_named(page: Page, live_site):
    open_calculator(page, live_site.url + PAGE)
    form = page.locator("[data-sizing-form]")
    fill(page, "kv", 32)  # multi-head attention instead of grouped-query attention
    expect(form.locator('select[name="model"]')).to_have_value("custom")
    mha = replace(sizing.DEFAULTS, model="custom", kv_heads=32)
    assert same(shown(page, mha), expected(mha))
    fill(page, "ctx", 0)
    results = page.locator(RESULTS)
    expect(results).to_have_attribute("data-state", "invalid")
    expect(page.locator("[data-sizing-summary]")).to_contain_text("Context length (tokens) must be between 1")
    expect(form.locator('input[name="ctx"]')).to_have_attribute("aria-invalid", "true")
    fill(page, "ctx", 8192)
    expect(results).to_have_attribute("data-state", "ready")
    expect(form.locator('input[name="ctx"]')).not_to_have_attribute("aria-invalid", "true")


def test_fields_that_do_not_apply_to_the_mode_are_disabled(page: Page, live_site):
    open_calculator(page, live_site.url + PAGE)
    form = page.locator("[data-sizing-form]")
    for mode, enabled in {
        "inference": {"kvprec", "prec"},
        "full": {"act", "prec"},
        "lora": {"act", "rank", "prec"},
        "qlora": {"act", "rank"},
    }.items():
        select(page, "mode", mode)
        for name in ("kvprec", "act", "rank", "prec"):
            control = form.locator(f'[name="{name}"]')
            (expect(control).to_be_enabled if name in enabled else expect(control).to_be_disabled)()


def test_the_keyboard_reaches_every_field_and_each_has_a_label(page: Page, live_site):
    open_calculator(page, live_site.url + PAGE)
    form = page.locator("[data-sizing-form]")
    controls = form.locator("input, select")
    for i in range(controls.count()):
        ident = controls.nth(i).get_attribute("id")
        expect(form.locator(f'label[for="{ident}"]')).to_have_count(1)
    preset = form.locator('select[name="model"]')
    preset.focus()
    # Material sets no outline of its own on form fields: ours must show where focus is.
    outline = preset.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline != "none"
    page.keyboard.press("ArrowDown")  # the next preset, as a keyboard user picks one
    expect(preset).to_have_value("qwen2.5-7b")
    assert same(shown(page, Inputs.preset("qwen2.5-7b")), expected(Inputs.preset("qwen2.5-7b")))
    page.keyboard.press("Tab")
    expect(form.locator('input[name="layers"]')).to_be_focused()


def test_the_calculator_page_has_no_serious_accessibility_violations(page: Page, live_site):
    open_calculator(page, live_site.url + PAGE)
    page.add_style_tag(content="* { content-visibility: visible !important; }")
    results = Axe().run(page, context={"include": [["[data-sizing-calculator]"]]})
    serious = [
        f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []


def test_instant_navigation_away_and_back_keeps_the_calculator_working(page: Page, live_site):
    inputs = Inputs.preset("mixtral-8x7b", context=32_768, batch=4)
    open_calculator(page, f"{live_site.url}{PAGE}?{sizing.to_query(inputs)}")
    # Away through the sidebar: Material fetches the page and swaps the content (no reload).
    page.evaluate("window.notReloaded = true")
    page.locator(".md-sidebar--primary a[href*='multi-gpu-training']").first.click()
    expect(page.locator("article h1")).to_contain_text("Multi-GPU")
    assert page.evaluate("window.notReloaded") is True
    page.go_back()
    expect(page.locator("article h1")).to_contain_text("Sizing a model")
    assert same(shown(page, inputs), expected(inputs))
    select(page, "prec", "int8")
    assert same(shown(page, replace(inputs, precision="int8")), expected(replace(inputs, precision="int8")))
    # And in from another page by instant navigation, with no query string at all.
    page.locator(".md-sidebar--primary a[href*='common-llm-files']").first.click()
    expect(page.locator("article h1")).to_contain_text("Common LLM")
    page.locator(".md-sidebar--primary a[href*='model-sizing']").first.click()
    expect(page.locator("article h1")).to_contain_text("Sizing a model")
    assert same(shown(page, sizing.DEFAULTS), expected(sizing.DEFAULTS))
    assert page.evaluate("window.notReloaded") is True


def test_without_javascript_the_page_shows_formulas_and_tables_and_no_dead_form(browser: Browser, live_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_site.url + PAGE)
        expect(page.locator("[data-sizing-nojs]")).to_be_visible()
        expect(page.locator("[data-sizing-form]")).to_be_hidden()
        expect(page.locator("[data-sizing-results]")).to_be_hidden()
        expect(page.locator("#the-formulas")).to_be_visible()
        # Drawn at build time: KaTeX's markup is in the page without a script.
        assert page.locator("#the-formulas ~ ul .arithmatex .katex").count() >= 3
        table = page.locator(".sizing-worked table").first
        e = sizing.estimate(Inputs.preset("llama-3.1-8b", mode="inference", **sizing.TABLE_INFERENCE))
        expect(table).to_contain_text(sizing.format_bytes(e.weights)[0])
        expect(table).to_contain_text(sizing.format_rate(e.tokens_per_s))
    finally:
        context.close()


@pytest.mark.parametrize("width", [390, 1400])
def test_the_calculator_fits_the_window_without_sideways_scrolling(browser: Browser, live_site, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        inputs = Inputs.preset(
            "llama-3.1-70b", mode="full", context=100_000_000, batch=100_000, activations="none"
        )
        open_calculator(page, f"{live_site.url}{PAGE}?{sizing.to_query(inputs)}")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"scrolls sideways by {overflow}px at {width}px"
        wide = page.evaluate(
            """() => [...document.querySelectorAll('[data-sizing-calculator] *')]
                 .filter(el => el.getBoundingClientRect().right > document.documentElement.clientWidth)
                 .map(el => el.tagName + '.' + el.className)"""
        )
        assert wide == []
    finally:
        context.close()


def test_the_book_page_points_to_the_note_instead_of_running_a_calculator(page: Page, live_site):
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(live_site.url + "book/")
    expect(page.locator("[data-sizing-nojs]")).to_have_text(
        "The interactive calculator is on the note's own page."
    )
    expect(page.locator("[data-sizing-form]")).to_be_hidden()
    assert errors == []
