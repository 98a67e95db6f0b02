"""notekit.index.sizing: the model-sizing formulas, checked against numbers worked out by hand.

The page's script repeats these formulas; tests/browser/test_sizing_calculator.py checks it
against this module.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from notekit.index import sizing
from notekit.index.sizing import GB, GIB, Inputs, estimate
from notekit.notes.config import read_settings
from notekit.site import Build
from support import ROOT

LLAMA_8B = 8_030_261_248  # parameters of Llama 3.1 8B, counted tensor by tensor (see below)


def test_llama_3_1_8b_inference_in_bf16_by_hand():
    e = estimate(Inputs.preset("llama-3.1-8b", precision="bf16", kv_precision="bf16", context=8192, batch=1))
    assert e.weights == LLAMA_8B * 2 == 16_060_522_496
    # K and V, 32 layers, 8 KV heads of 128 numbers, 2 bytes each: 128 KiB per token.
    assert e.kv_cache == 2 * 32 * 8 * 128 * 2 * 8192 == GIB
    assert e.activations == e.optimizer == 0
    assert e.total == 17_134_264_320
    # 1,000 GB/s spent reading 17.13 GB per step.
    assert e.tokens_per_s == pytest.approx(1e12 / 17_134_264_320) == pytest.approx(58.3626, abs=1e-4)


def test_full_fine_tuning_of_llama_3_2_1b_keeping_every_activation_by_hand():
    inputs = Inputs.preset(
        "llama-3.2-1b", mode="full", precision="bf16", context=2048, batch=4, activations="none"
    )
    e = estimate(inputs)
    n = 1_235_814_400
    assert e.weights == 2 * n
    assert e.optimizer == 14 * n  # BF16 gradient 2, FP32 master copy 4, two FP32 moments 8
    assert e.weights + e.optimizer == 16 * n
    # L*s*b*h = 16*2048*4*2048 = 268,435,456, times 34 + 5*32*2048/2048 = 194.
    assert e.activations == 268_435_456 * 194 == 52_076_478_464
    assert e.kv_cache == 0 and e.tokens_per_s is None
    assert estimate(replace(inputs, activations="selective")).activations == 268_435_456 * 34
    assert estimate(replace(inputs, activations="full")).activations == 268_435_456 * 2


def test_full_fine_tuning_in_fp32_needs_no_master_copy():
    e = estimate(Inputs.preset("llama-3.2-1b", mode="full", precision="fp32", context=1))
    n = 1_235_814_400
    assert (e.weights, e.optimizer) == (4 * n, 12 * n)


def test_qlora_of_llama_3_1_8b_by_hand():
    e = estimate(
        Inputs.preset("llama-3.1-8b", mode="qlora", precision="fp32", rank=16, context=2048, batch=1)
    )
    # Rank 16 on q (4096->4096), k and v (4096->1024) and o (4096->4096) in 32 layers.
    adapters = 32 * 16 * ((4096 + 4096) + 2 * (4096 + 1024) + (4096 + 4096))
    assert adapters == e.adapter_params == 13_631_488
    # NF4 with double quantization: 4 + 8/64 + 32/(64*256) = 4.126953125 bits; the FP32 choice is ignored.
    assert sizing.QLORA_BITS == 4.126953125
    assert LLAMA_8B * 4.126953125 / 8 == 4_142_563_969
    assert e.weights == 4_142_563_969 + 4 * adapters
    assert e.optimizer == 12 * adapters
    assert e.activations == 32 * 2048 * 4096 * 2  # full checkpointing: each layer's 16-bit input


def test_lora_keeps_the_base_in_the_chosen_format():
    lora = estimate(Inputs.preset("llama-3.1-8b", mode="lora", precision="int8", rank=8))
    assert lora.weights == LLAMA_8B * 1 + 4 * lora.adapter_params
    assert lora.adapter_params == 13_631_488 / 2


def test_grouped_query_attention_needs_a_quarter_of_the_cache_multi_head_attention_needs():
    gqa = Inputs.preset("llama-3.1-8b", context=32768, batch=2)
    mha = replace(gqa, model="custom", kv_heads=32)
    assert estimate(gqa).kv_cache == 4 * GIB * 2  # 128 KiB per token, 64K tokens in all
    assert estimate(mha).kv_cache == 4 * estimate(gqa).kv_cache
    assert estimate(mha).weights == estimate(gqa).weights  # the parameter count is an input
    assert estimate(mha).tokens_per_s < estimate(gqa).tokens_per_s


def test_a_mixture_of_experts_holds_every_expert_but_reads_only_the_active_ones():
    mixtral = sizing.PRESETS_BY_ID["mixtral-8x7b"]
    assert (mixtral.params, mixtral.active_params) == (46_702_792_704, 12_879_925_248)
    e = estimate(Inputs.preset("mixtral-8x7b", context=4096, batch=1, bandwidth=1000))
    assert e.weights == 46_702_792_704 * 2
    kv = 2 * 32 * 8 * 128 * 2 * 4096
    assert e.read_per_step == 12_879_925_248 * 2 + kv == 26_296_721_408
    assert e.tokens_per_s == pytest.approx(1e12 / 26_296_721_408)
    dense = replace(Inputs.preset("mixtral-8x7b", context=4096), model="custom", active_b=46.702792704)
    assert estimate(dense).tokens_per_s < e.tokens_per_s / 3


def test_a_batch_multiplies_the_cache_and_the_tokens_per_step():
    one = estimate(Inputs.preset("qwen2.5-7b", context=4096, batch=1))
    many = estimate(Inputs.preset("qwen2.5-7b", context=4096, batch=64))
    assert many.kv_cache == 64 * one.kv_cache
    assert many.tokens_per_s == pytest.approx(64 * many.tokens_per_s_each)
    assert many.tokens_per_s_each < one.tokens_per_s_each


def test_gb_and_gib_are_kept_apart():
    assert (GB, GIB) == (10**9, 2**30)
    assert sizing.format_bytes(GIB) == ("1.07 GB", "1.00 GiB")
    assert sizing.format_bytes(GB) == ("1.00 GB", "0.93 GiB")
    assert sizing.format_bytes(16_060_522_496) == ("16.1 GB", "15.0 GiB")
    assert sizing.format_bytes(2**40) == ("1.10 TB", "1.00 TiB")
    assert sizing.format_bytes(131_072) == ("131 kB", "128 KiB")
    assert sizing.format_bytes(0) == ("0 B", "0 B")
    assert sizing.format_rate(1234.4) == "1,234" and sizing.format_rate(6.949) == "6.95"


# What each preset's makers state, against our count from its configuration.
PUBLISHED = {
    "llama-3.2-1b": (1.23e9, None),
    "llama-3.1-8b": (8.03e9, None),
    "qwen2.5-7b": (7.61e9, None),
    "mixtral-8x7b": (46.7e9, 12.9e9),
    "llama-3.1-70b": (70e9, None),
}


@pytest.mark.parametrize("preset", sizing.PRESETS, ids=lambda p: p.id)
def test_each_preset_counts_to_the_size_its_makers_state(preset):
    total, active = PUBLISHED[preset.id]
    assert preset.params == pytest.approx(total, rel=0.01)
    assert preset.active_params == pytest.approx(active or total, rel=0.01)
    assert preset.hidden == preset.heads * preset.head_dim  # true of all five
    assert preset.kv_heads < preset.heads  # all use grouped-query attention
    assert all(url.startswith("https://") for url in preset.sources)


def test_qwen_counts_its_qkv_biases_and_embeddings():
    qwen = sizing.PRESETS_BY_ID["qwen2.5-7b"]
    embeddings = 2 * 152_064 * 3584
    # The Qwen2.5-7B model card: 7.61B parameters, 6.53B of them outside the embeddings.
    assert round((qwen.params - embeddings) / 1e9, 2) == 6.53
    assert qwen.params == 7_615_616_512


def test_the_query_string_round_trips_and_a_preset_stays_short():
    preset = Inputs.preset("qwen2.5-7b", mode="lora", precision="q4_k_m", context=1, batch=3, bandwidth=273.5)
    query = sizing.to_query(preset)
    assert (
        query == "model=qwen2.5-7b&prec=q4_k_m&kvprec=bf16&ctx=1&batch=3&mode=lora&act=full&rank=16&bw=273.5"
    )
    assert sizing.from_query(dict(p.split("=") for p in query.split("&"))) == preset
    custom = replace(preset, model="custom", layers=7, params_b=0.5, active_b=0.25)
    query = sizing.to_query(custom)
    assert "layers=7" in query and "params=0.5" in query and "active=0.25" in query
    assert sizing.from_query(dict(p.split("=") for p in query.split("&"))) == custom


def test_an_address_that_changes_a_preset_makes_it_custom_and_bad_values_fall_back():
    changed = sizing.from_query({"model": "llama-3.1-8b", "kv": "32"})
    assert (changed.model, changed.kv_heads, changed.layers) == ("custom", 32, 32)
    same = sizing.from_query({"model": "llama-3.1-8b", "kv": "8"})
    assert same.model == "llama-3.1-8b"
    fallback = sizing.from_query(
        {"model": "nope", "ctx": "0x10", "mode": "train", "bw": "1_000", "batch": "inf"}
    )
    assert fallback == replace(sizing.DEFAULTS, model="llama-3.1-8b")


def test_problems_are_named_and_block_an_estimate():
    bad = replace(sizing.DEFAULTS, model="custom", kv_heads=64, context=0, active_b=9.0)
    found = sizing.problems(bad)
    assert "KV heads cannot outnumber attention heads." in found
    assert "Context length (tokens) must be between 1 and 100000000." in found
    assert "Active parameters cannot exceed the total." in found
    with pytest.raises(ValueError):
        estimate(bad)
    assert sizing.problems(replace(sizing.DEFAULTS, batch=2.5)) == ["Batch size must be a whole number."]


def test_the_extremes_stay_finite():
    tiny = estimate(Inputs.preset("llama-3.2-1b", context=1, batch=1, precision="int4"))
    assert tiny.kv_cache == 2 * 16 * 8 * 64 * 2
    huge = Inputs.preset("llama-3.1-70b", mode="full", context=100_000_000, batch=100_000, activations="none")
    # 80 * 1e8 * 1e5 * 8192 * (34 + 5 * 64 * 1e8 / 8192) bytes of activations: absurd, but finite.
    assert estimate(huge).activations == pytest.approx(6.5536e18 * (34 + 3_906_250))
    assert sizing.format_bytes(estimate(huge).total) == ("25600223 EB", "22204654 EiB")


def test_the_placeholder_line_becomes_formulas_tables_and_a_hidden_form():
    markdown = f"# T\n\n## Calculator\n\n{sizing.PLACEHOLDER}\n\n## Summary\n"
    out = sizing.replace_placeholder(markdown)
    assert sizing.PLACEHOLDER not in out
    assert out.startswith("# T\n\n## Calculator\n\n### The formulas") and out.endswith("\n## Summary\n")
    assert "$$M_\\text{KV} = 2 L" in out
    assert "| Llama 3.1 8B | 16.1 GB<br>(15.0 GiB) | 1.07 GB<br>(1.00 GiB) | 58.4 |" in out
    form = re.search(r"<form[^>]*>", out).group()
    assert " hidden " in form
    assert "data-sizing-nojs" in out
    # Every field has a label that names it.
    for ident in re.findall(r'<(?:input|select) id="([^"]+)"', out):
        assert f'<label for="{ident}">' in out, ident
    # In an attribute: Material's instant navigation would run a <script type="application/json">.
    assert "<script" not in out
    parsed = json.loads(html.unescape(re.search(r'data-sizing="([^"]*)"', out).group(1)))
    assert [p["id"] for p in parsed["presets"]] == [p.id for p in sizing.PRESETS]
    assert parsed["qloraBits"] == sizing.QLORA_BITS
    # Only a line that is the placeholder alone counts; a mention inside prose is left alone.
    prose = f"Write `{sizing.PLACEHOLDER}` on a line of its own.\n"
    assert sizing.replace_placeholder(prose) == prose


def test_the_notes_hook_path_puts_the_calculator_into_the_note():
    build = Build.load(replace(read_settings(ROOT / "mkdocs.yml"), reader_features=False))
    note = build.collection.by_src_path["notes/model-sizing.md"]
    assert sizing.PLACEHOLDER in note.body
    out = build.page_markdown(note.body, note.src_path, Path(ROOT / "docs"))
    assert "data-sizing-calculator" in out and sizing.PLACEHOLDER not in out
    other = build.collection.by_src_path["notes/common-llm-files.md"]
    assert "data-sizing-calculator" not in build.page_markdown(other.body, other.src_path, ROOT / "docs")
