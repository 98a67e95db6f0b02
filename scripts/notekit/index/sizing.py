"""How much memory a model needs, and how fast it can decode at best: the one place the sizing
formulas live.

The model-sizing note's calculator (docs/javascripts/sizing-calculator.js) repeats these formulas in
the reader's browser; tests/browser/test_sizing_calculator.py checks, input by input, that it gets
the numbers this module gets. Without JavaScript the page shows what `render` writes at build
time: the formulas, worked tables for the presets and the form (hidden until the script shows it).
Nothing here imports MkDocs; `notekit.site.Build.page_markdown` swaps the note's placeholder line
for `render()`.

Units: a byte count is a float. GB means 10^9 bytes and GiB 2^30 bytes; both are always labelled.
Memory bandwidth is in GB/s (10^9 bytes per second).

What the estimate counts (and, as important, what it leaves out) is stated next to each function
and again on the page, in `render`.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, replace
from typing import Any

PLACEHOLDER = "<!-- sizing-calculator -->"

GB = 10**9
GIB = 2**30

# ---------------------------------------------------------------------------------------------
# Number formats
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Format:
    id: str
    label: str
    bits: float  # storage bits per element, scales and other overhead included


# The weight formats the calculator offers. Q4_K_M is a llama.cpp mixture that keeps some tensors
# above 4 bits; 4.8944 bits per weight is the average the llama.cpp quantize README measured for
# Llama 3.1 8B (https://github.com/ggml-org/llama.cpp/blob/master/tools/quantize/README.md), so it
# is a typical figure, not an exact one for another model. INT4 is 4 bits flat: the scales real
# 4-bit formats store are left out (Q4_K_M shows how much they add).
WEIGHT_FORMATS: tuple[Format, ...] = (
    Format("fp32", "FP32 (32-bit float)", 32),
    Format("bf16", "BF16 (16-bit float)", 16),
    Format("fp8", "FP8 (8-bit float)", 8),
    Format("int8", "INT8 (8-bit integer)", 8),
    Format("int4", "INT4 (4-bit integer)", 4),
    Format("q4_k_m", "Q4_K_M (llama.cpp, about 4.89 bits)", 4.8944),
)

# The KV cache has a format of its own: quantizing the weights does not quantize the cache. The
# default is BF16.
KV_FORMATS: tuple[Format, ...] = (
    Format("fp32", "FP32", 32),
    Format("bf16", "BF16", 16),
    Format("fp8", "FP8", 8),
    Format("int8", "INT8", 8),
)

# QLoRA stores the frozen base model in 4-bit NormalFloat with "double quantization": one 8-bit
# scale per block of 64 weights plus one 32-bit scale per 256 such blocks, so
# 4 + 8/64 + 32/(64*256) = 4.127 bits per weight (Dettmers et al. 2023, "QLoRA",
# https://arxiv.org/abs/2305.14314, on double quantization).
QLORA_BITS = 4 + 8 / 64 + 32 / (64 * 256)

MODES: tuple[tuple[str, str], ...] = (
    ("inference", "Inference"),
    ("full", "Full fine-tuning"),
    ("lora", "LoRA"),
    ("qlora", "QLoRA"),
)
TRAINING_MODES = ("full", "lora", "qlora")

# Activations kept for the backward pass, per layer, in bytes, after Korthikanti et al. 2022,
# "Reducing Activation Recomputation in Large Transformer Models" (https://arxiv.org/abs/2205.05198,
# 16-bit activations): s*b*h*(34 + 5*a*s/h) when everything is kept, where the 5*a*s/h part is the
# s-by-s attention matrices (softmax output, dropout mask and dropout output); 34*s*b*h when those
# are recomputed (the paper's "selective" recomputation; FlashAttention-style kernels do not store
# them either); 2*s*b*h with full recomputation (only each layer's input is kept). The AWS Neuron
# documentation's "Activation Memory Reduction" page states the same per-layer total. The constants
# come from a GPT layer with a 4h-wide GELU MLP and dropout, so for other layers they are a guide,
# not an exact count.
ACTIVATION_CHOICES: tuple[tuple[str, str], ...] = (
    ("none", "Keep all"),
    ("selective", "Recompute attention"),
    ("full", "Full checkpointing"),
)


def _by_id(formats: tuple[Format, ...]) -> dict[str, Format]:
    return {f.id: f for f in formats}


WEIGHTS_BY_ID = _by_id(WEIGHT_FORMATS)
KV_BY_ID = _by_id(KV_FORMATS)

# ---------------------------------------------------------------------------------------------
# Models
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Architecture:
    """What a parameter count needs beyond the calculator's fields (read from the model's config)."""

    vocab: int
    ffn: int  # width of the gated (SwiGLU) MLP, per expert for a mixture of experts
    tied_embeddings: bool
    qkv_bias: bool = False
    experts: int = 1
    experts_per_token: int = 1


@dataclass(frozen=True)
class Preset:
    id: str
    name: str
    layers: int
    hidden: int
    heads: int
    kv_heads: int
    head_dim: int
    arch: Architecture
    published: str  # the size the model's makers state, to compare with our count
    sources: tuple[str, ...]

    @property
    def params(self) -> int:
        return count_parameters(self)[0]

    @property
    def active_params(self) -> int:
        return count_parameters(self)[1]


def count_parameters(p: Preset) -> tuple[int, int]:
    """(total, active per token) parameters of a Llama-style decoder, counted tensor by tensor.

    Per layer: the q, k, v and o projections (plus q, k, v biases where the model has them), a
    gated MLP of three h-by-ffn matrices per expert and a router for a mixture of experts, and two
    RMSNorm weight vectors. Around the layers: the token embedding, the final norm and the output
    projection, which some models share with the embedding.
    """
    h, d, arch = p.hidden, p.head_dim, p.arch
    attention = h * p.heads * d * 2 + h * p.kv_heads * d * 2
    if arch.qkv_bias:
        attention += p.heads * d + 2 * p.kv_heads * d
    expert = 3 * h * arch.ffn
    router = h * arch.experts if arch.experts > 1 else 0
    norms = 2 * h
    outside = arch.vocab * h * (1 if arch.tied_embeddings else 2) + h
    total = p.layers * (attention + arch.experts * expert + router + norms) + outside
    active = p.layers * (attention + arch.experts_per_token * expert + router + norms) + outside
    return total, active


# Every number below was read from the source named next to it.
PRESETS: tuple[Preset, ...] = (
    Preset(
        "llama-3.2-1b",
        "Llama 3.2 1B",
        # dim 2048, n_layers 16, n_heads 32, n_kv_heads 8, vocab 128256: Meta's llama-models,
        # models/sku_list.py (llama3_2_base_models). Head dimension 2048/32 = 64; MLP width 8192
        # from ffn_dim_multiplier 1.5 and multiple_of 256, as Meta's reference model rounds it, and
        # as the Hugging Face config.json states (intermediate_size 8192, head_dim 64,
        # tie_word_embeddings true). The model card gives 1.23B parameters, shared embeddings, GQA.
        layers=16,
        hidden=2048,
        heads=32,
        kv_heads=8,
        head_dim=64,
        arch=Architecture(vocab=128256, ffn=8192, tied_embeddings=True),
        published="1.23B",
        sources=(
            "https://github.com/meta-llama/llama-models/blob/5309637ceedec731719b742d9a44176a8e96b494/models/sku_list.py",
            "https://github.com/meta-llama/llama-models/blob/4a9ff6aede5cb4e036542132bb4f8b77a3134908/models/llama3_2/MODEL_CARD.md",
            "https://huggingface.co/Emm9625/Llama-3.2-1B-chatml/blob/main/config.json",
        ),
    ),
    Preset(
        "llama-3.1-8b",
        "Llama 3.1 8B",
        # dim 4096, n_layers 32, n_heads 32, n_kv_heads 8, vocab 128256: llama-models sku_list.py
        # (llama3_1_base_models). config.json: head_dim 128, intermediate_size 14336,
        # tie_word_embeddings false (a copy of meta-llama/Llama-3.1-8B's config). Keras' model card
        # lists Llama 3.1 8B at 8.03B parameters.
        layers=32,
        hidden=4096,
        heads=32,
        kv_heads=8,
        head_dim=128,
        arch=Architecture(vocab=128256, ffn=14336, tied_embeddings=False),
        published="8B (8.03B)",
        sources=(
            "https://github.com/meta-llama/llama-models/blob/5309637ceedec731719b742d9a44176a8e96b494/models/sku_list.py",
            "https://huggingface.co/NbAiLab/nb-llama-3.1-8B/blob/main/config.json",
            "https://huggingface.co/keras/llama3_instruct_8b_en/commit/ddbd9bff1f909bb7c6339cce7769cf1effde5f6d",
        ),
    ),
    Preset(
        "qwen2.5-7b",
        "Qwen2.5 7B",
        # num_layers 28, num_heads 28, num_kv_heads 4, embed_dim 3584, intermediate_dim 18944,
        # vocab_size 152064, untied embeddings: torchtune's builder for
        # https://huggingface.co/Qwen/Qwen2.5-7B (qwen2_5_7b_base); head dimension 3584/28 = 128;
        # Qwen2.5 adds biases to q, k and v. The model card states 7.61B parameters (6.53B without
        # the embeddings).
        layers=28,
        hidden=3584,
        heads=28,
        kv_heads=4,
        head_dim=128,
        arch=Architecture(vocab=152064, ffn=18944, tied_embeddings=False, qkv_bias=True),
        published="7.61B",
        sources=(
            "https://github.com/pytorch/torchtune/blob/fa59233aa9b2332a582eddecfa608befe6e0a7ca/torchtune/models/qwen2_5/_model_builders.py",
            "https://huggingface.co/QuantFactory/Qwen2.5-7B-GGUF",
        ),
    ),
    Preset(
        "mixtral-8x7b",
        "Mixtral 8x7B (MoE)",
        # Mistral AI's config.json: hidden_size 4096, intermediate_size 14336, num_hidden_layers 32,
        # num_attention_heads 32, num_key_value_heads 8, num_local_experts 8, num_experts_per_tok 2,
        # vocab_size 32000, tie_word_embeddings false; head dimension 4096/32 = 128. Mistral AI
        # gives 46.7B parameters in all and 12.9B used per token (the paper rounds to 47B and 13B).
        layers=32,
        hidden=4096,
        heads=32,
        kv_heads=8,
        head_dim=128,
        arch=Architecture(vocab=32000, ffn=14336, tied_embeddings=False, experts=8, experts_per_token=2),
        published="46.7B total, 12.9B active",
        sources=(
            "https://huggingface.co/mistralai/Mixtral-8x7B-Instruct-v0.1/blob/eba92302a2861cdc0098cc54bc9f17cb2c47eb61/config.json",
            "https://arxiv.org/abs/2401.04088",
        ),
    ),
    Preset(
        "llama-3.1-70b",
        "Llama 3.1 70B",
        # dim 8192, n_layers 80, n_heads 64, n_kv_heads 8, vocab 128256: llama-models sku_list.py
        # (llama3_1_base_models); head dimension 8192/64 = 128; MLP width 28672 from
        # ffn_dim_multiplier 1.3 and multiple_of 4096 (the Llama 3 70B config.json states 28672).
        layers=80,
        hidden=8192,
        heads=64,
        kv_heads=8,
        head_dim=128,
        arch=Architecture(vocab=128256, ffn=28672, tied_embeddings=False),
        published="70B",
        sources=(
            "https://github.com/meta-llama/llama-models/blob/5309637ceedec731719b742d9a44176a8e96b494/models/sku_list.py",
            "https://huggingface.co/kittn/Meta-Llama-3-70B-quant/blob/main/config.json",
        ),
    ),
)
PRESETS_BY_ID = {p.id: p for p in PRESETS}
CUSTOM = "custom"

# ---------------------------------------------------------------------------------------------
# Inputs
# ---------------------------------------------------------------------------------------------

# (query key, attribute, smallest, largest, whole numbers only)
MODEL_FIELDS: tuple[tuple[str, str, float, float, bool], ...] = (
    ("layers", "layers", 1, 1000, True),
    ("hidden", "hidden", 1, 1_000_000, True),
    ("heads", "heads", 1, 10_000, True),
    ("kv", "kv_heads", 1, 10_000, True),
    ("hd", "head_dim", 1, 10_000, True),
    ("params", "params_b", 0.001, 100_000, False),
    ("active", "active_b", 0.001, 100_000, False),
)
WORKLOAD_FIELDS: tuple[tuple[str, str, float, float, bool], ...] = (
    ("ctx", "context", 1, 100_000_000, True),
    ("batch", "batch", 1, 100_000, True),
    ("rank", "rank", 1, 65_536, True),
    ("bw", "bandwidth", 0.1, 1_000_000, False),
)
CHOICE_FIELDS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("prec", "precision", tuple(f.id for f in WEIGHT_FORMATS)),
    ("kvprec", "kv_precision", tuple(f.id for f in KV_FORMATS)),
    ("mode", "mode", tuple(m for m, _ in MODES)),
    ("act", "activations", tuple(a for a, _ in ACTIVATION_CHOICES)),
)
QUERY_ORDER = (
    "model",
    *(key for key, *_ in MODEL_FIELDS),
    "prec",
    "kvprec",
    "ctx",
    "batch",
    "mode",
    "act",
    "rank",
    "bw",
)


@dataclass(frozen=True)
class Inputs:
    model: str  # a preset id, or "custom"
    layers: int
    hidden: int
    heads: int
    kv_heads: int
    head_dim: int
    params_b: float  # parameters, in billions (10^9)
    active_b: float  # parameters used per token, in billions; = params_b for a dense model
    precision: str = "bf16"
    kv_precision: str = "bf16"
    context: int = 8192
    batch: int = 1
    mode: str = "inference"
    activations: str = "full"
    rank: int = 16
    bandwidth: float = 1000.0  # GB/s

    @classmethod
    def preset(cls, preset_id: str, **workload: Any) -> Inputs:
        return cls(model=preset_id, **_preset_fields(PRESETS_BY_ID[preset_id]), **workload)

    @property
    def params(self) -> float:
        return self.params_b * 1e9

    @property
    def active_params(self) -> float:
        return self.active_b * 1e9


DEFAULT_PRESET = "llama-3.1-8b"


def _preset_fields(p: Preset) -> dict[str, Any]:
    return {
        "layers": p.layers,
        "hidden": p.hidden,
        "heads": p.heads,
        "kv_heads": p.kv_heads,
        "head_dim": p.head_dim,
        "params_b": p.params / 1e9,
        "active_b": p.active_params / 1e9,
    }


DEFAULTS = Inputs.preset(DEFAULT_PRESET)


def problems(inputs: Inputs) -> list[str]:
    """What is wrong with the inputs, as sentences for the reader (empty when they are usable)."""
    found = []
    for _key, attr, low, high, whole in MODEL_FIELDS + WORKLOAD_FIELDS:
        value = getattr(inputs, attr)
        if whole and value != int(value):
            found.append(f"{LABELS[attr]} must be a whole number.")
        elif not low <= value <= high:
            found.append(f"{LABELS[attr]} must be between {_plain(low)} and {_plain(high)}.")
    if inputs.kv_heads > inputs.heads:
        found.append("KV heads cannot outnumber attention heads.")
    if inputs.active_b > inputs.params_b:
        found.append("Active parameters cannot exceed the total.")
    return found


LABELS = {
    "layers": "Layers",
    "hidden": "Hidden size",
    "heads": "Attention heads",
    "kv_heads": "KV heads",
    "head_dim": "Head dimension",
    "params_b": "Parameters (billions)",
    "active_b": "Active parameters (billions)",
    "context": "Context length (tokens)",
    "batch": "Batch size",
    "rank": "LoRA rank",
    "bandwidth": "Memory bandwidth (GB/s)",
}

# ---------------------------------------------------------------------------------------------
# The formulas (the JavaScript computes each one in the same order)
# ---------------------------------------------------------------------------------------------


def bytes_per_weight(inputs: Inputs) -> float:
    """Bytes per base-model weight: the chosen format, or QLoRA's NF4 whatever was chosen."""
    bits = QLORA_BITS if inputs.mode == "qlora" else WEIGHTS_BY_ID[inputs.precision].bits
    return bits / 8


def lora_parameters(inputs: Inputs) -> float:
    """Adapter parameters: rank-r LoRA on the q, k, v and o projections of every layer.

    A rank-r adapter on a d_in-by-d_out matrix adds r*(d_in + d_out) parameters. q maps h to
    heads*head_dim, k and v map h to kv_heads*head_dim, o maps heads*head_dim back to h. (An
    assumption: adapters on the MLP as well would add more, and papers differ on which to use.)
    """
    if inputs.mode not in ("lora", "qlora"):
        return 0.0
    h, d = inputs.hidden, inputs.head_dim
    per_layer = inputs.rank * (4 * h + 2 * inputs.heads * d + 2 * inputs.kv_heads * d)
    return inputs.layers * per_layer * 1.0


def weights_bytes(inputs: Inputs) -> float:
    """Every weight the device holds: the base model, plus FP32 adapters for LoRA and QLoRA."""
    return inputs.params * bytes_per_weight(inputs) + lora_parameters(inputs) * 4


def kv_cache_bytes(inputs: Inputs) -> float:
    """Keys and values for every layer, KV head and cached token: 2*L*n_kv*d*s*b elements.

    Inference only: training runs whole sequences and keeps no cache between steps.
    """
    if inputs.mode != "inference":
        return 0.0
    per_token = 2 * inputs.layers * inputs.kv_heads * inputs.head_dim * KV_BY_ID[inputs.kv_precision].bits / 8
    return per_token * inputs.context * inputs.batch


def activation_bytes(inputs: Inputs) -> float:
    """Activations kept for the backward pass (Korthikanti et al. 2022); 0 for inference.

    Inference holds only short-lived buffers for the layer being computed, which the estimate
    leaves out, as it leaves out framework overhead and memory fragmentation.
    """
    if inputs.mode == "inference":
        return 0.0
    s, b, h = inputs.context, inputs.batch, inputs.hidden
    sbh = inputs.layers * s * b * h
    if inputs.activations == "full":
        return sbh * 2.0
    if inputs.activations == "selective":
        return sbh * 34.0
    return sbh * (34 + 5 * inputs.heads * s / h)


def optimizer_bytes(inputs: Inputs) -> float:
    """Gradients and AdamW state for whatever is trained.

    Full fine-tuning: a gradient per weight (4 bytes with FP32 weights, else BF16's 2), AdamW's two
    FP32 moments (8 bytes) and, unless the weights are FP32 already, an FP32 master copy (4 bytes):
    16 bytes per parameter with the weights' own 2 in BF16. LoRA and QLoRA: FP32 gradient and two
    FP32 moments per adapter parameter (12 bytes); the frozen base needs neither.
    """
    if inputs.mode == "full":
        fp32 = inputs.precision == "fp32"
        per_param = (4 if fp32 else 2) + 8 + (0 if fp32 else 4)
        return inputs.params * per_param
    if inputs.mode in ("lora", "qlora"):
        return lora_parameters(inputs) * 12
    return 0.0


@dataclass(frozen=True)
class Estimate:
    weights: float
    kv_cache: float
    activations: float
    optimizer: float
    adapter_params: float
    read_per_step: float | None  # bytes read from memory per decoding step (inference only)
    tokens_per_s: float | None  # upper bound on tokens per second for the whole batch
    tokens_per_s_each: float | None  # the same bound, for one sequence of the batch

    @property
    def total(self) -> float:
        return self.weights + self.kv_cache + self.activations + self.optimizer


def estimate(inputs: Inputs) -> Estimate:
    """The memory split and, for inference, the decoding speed bound. ValueError on bad inputs."""
    if found := problems(inputs):
        raise ValueError(" ".join(found))
    kv = kv_cache_bytes(inputs)
    read = speed = each = None
    if inputs.mode == "inference":
        # Each decoding step reads every weight a token uses once and the whole KV cache, and
        # yields one token per sequence. Memory bandwidth caps the steps per second. (For a
        # mixture of experts, a batch usually touches more experts than one token does, so the
        # bound stays an upper bound.)
        read = inputs.active_params * bytes_per_weight(inputs) + kv
        each = inputs.bandwidth * 1e9 / read
        speed = each * inputs.batch
    return Estimate(
        weights=weights_bytes(inputs),
        kv_cache=kv,
        activations=activation_bytes(inputs),
        optimizer=optimizer_bytes(inputs),
        adapter_params=lora_parameters(inputs),
        read_per_step=read,
        tokens_per_s=speed,
        tokens_per_s_each=each,
    )


# ---------------------------------------------------------------------------------------------
# The query string (the same canonical form the JavaScript writes)
# ---------------------------------------------------------------------------------------------


def _plain(value: float) -> str:
    """A number as JavaScript's String() writes it, for the values the form accepts."""
    if float(value).is_integer():
        return str(int(value))
    return repr(float(value))


def to_query(inputs: Inputs) -> str:
    """The canonical query string (no leading "?"): a preset's own fields are left out."""
    values: dict[str, str] = {"model": inputs.model}
    if inputs.model == CUSTOM:
        values |= {key: _plain(getattr(inputs, attr)) for key, attr, *_ in MODEL_FIELDS}
    values |= {key: getattr(inputs, attr) for key, attr, _ in CHOICE_FIELDS}
    values |= {key: _plain(getattr(inputs, attr)) for key, attr, *_ in WORKLOAD_FIELDS}
    return "&".join(f"{key}={values[key]}" for key in QUERY_ORDER if key in values)


def from_query(query: Mapping[str, str]) -> Inputs:
    """Inputs from query parameters, as the page reads its address; unknown or bad values fall
    back to the defaults, and a preset whose fields were changed becomes "custom"."""
    model = query.get("model", DEFAULT_PRESET)
    base = PRESETS_BY_ID.get(model) or PRESETS_BY_ID[DEFAULT_PRESET]
    fields: dict[str, Any] = dict(_preset_fields(base))
    for key, attr, _low, _high, whole in MODEL_FIELDS + WORKLOAD_FIELDS:
        if key in query and (number := _number(query[key], whole)) is not None:
            fields[attr] = number
    for key, attr, allowed in CHOICE_FIELDS:
        if query.get(key) in allowed:
            fields[attr] = query[key]
    preset_fields = _preset_fields(base)
    same = all(fields[attr] == preset_fields[attr] for _, attr, *_ in MODEL_FIELDS)
    name = base.id if same and model != CUSTOM else CUSTOM
    return replace(DEFAULTS, model=name, **fields)


# Digits, an optional fraction and exponent: what both Python's float() and JavaScript's Number()
# read alike (float() also takes "1_000" and "inf", Number() "0x10" and "Infinity").
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def _number(text: str, whole: bool) -> float | None:
    text = text.strip()
    if not _NUMBER.fullmatch(text) or (value := float(text)) in (float("inf"), float("-inf")):
        return None
    return int(value) if whole and value.is_integer() else value


# ---------------------------------------------------------------------------------------------
# Display
# ---------------------------------------------------------------------------------------------

_UNITS = (
    (1e18, "EB", 2**60, "EiB"),
    (1e15, "PB", 2**50, "PiB"),
    (1e12, "TB", 2**40, "TiB"),
    (1e9, "GB", 2**30, "GiB"),
    (1e6, "MB", 2**20, "MiB"),
    (1e3, "kB", 2**10, "KiB"),
)


def _fixed(value: float) -> str:
    decimals = 0 if value >= 100 else 1 if value >= 10 else 2
    return f"{value:.{decimals}f}"


def format_bytes(n: float) -> tuple[str, str]:
    """(decimal, binary): e.g. ("16.06 GB", "14.96 GiB"), both in the unit the decimal size picks."""
    if n == 0:
        return "0 B", "0 B"
    for decimal, unit, binary, binary_unit in _UNITS:
        if n >= decimal:
            return f"{_fixed(n / decimal)} {unit}", f"{_fixed(n / binary)} {binary_unit}"
    return f"{_fixed(n)} B", f"{_fixed(n)} B"


def format_rate(x: float) -> str:
    if x >= 100:
        return f"{x:,.0f}"
    return _fixed(x)


def page_data() -> dict[str, Any]:
    """Everything the page's script needs besides the formulas, as one JSON document (the
    calculator's `data-sizing` attribute)."""
    return {
        "presets": [
            {"id": p.id, "name": p.name, **_preset_fields(p), "published": p.published} for p in PRESETS
        ],
        "weightFormats": [asdict(f) for f in WEIGHT_FORMATS],
        "kvFormats": [asdict(f) for f in KV_FORMATS],
        "qloraBits": QLORA_BITS,
        "modes": [m for m, _ in MODES],
        "activations": [a for a, _ in ACTIVATION_CHOICES],
        "modelFields": [list(f) for f in MODEL_FIELDS],
        "workloadFields": [list(f) for f in WORKLOAD_FIELDS],
        "choiceFields": [[key, attr] for key, attr, _ in CHOICE_FIELDS],
        "queryOrder": list(QUERY_ORDER),
        "labels": LABELS,
        "defaults": {**asdict(DEFAULTS)},
    }


# The scenarios of the worked tables.
TABLE_INFERENCE = {
    "precision": "bf16",
    "kv_precision": "bf16",
    "context": 8192,
    "batch": 1,
    "bandwidth": 1000.0,
}
TABLE_TRAINING = {"precision": "bf16", "context": 2048, "batch": 1, "activations": "full", "rank": 16}


def _cell(n: float) -> str:
    decimal, binary = format_bytes(n)
    return f"{decimal}<br>({binary})"


def inference_table() -> str:
    rows = [
        "| Model | Weights | KV cache | Tokens/s at most |",
        "| --- | ---: | ---: | ---: |",
    ]
    for p in PRESETS:
        e = estimate(Inputs.preset(p.id, mode="inference", **TABLE_INFERENCE))
        rows.append(
            f"| {p.name} | {_cell(e.weights)} | {_cell(e.kv_cache)} | {format_rate(e.tokens_per_s or 0)} |"
        )
    return "\n".join(rows)


def training_table() -> str:
    rows = [
        "| Model | Full fine-tuning | LoRA | QLoRA |",
        "| --- | ---: | ---: | ---: |",
    ]
    for p in PRESETS:
        totals = [estimate(Inputs.preset(p.id, mode=m, **TABLE_TRAINING)).total for m in TRAINING_MODES]
        rows.append(f"| {p.name} | " + " | ".join(_cell(t) for t in totals) + " |")
    return "\n".join(rows)


def _options(choices: Iterable[tuple[str, str]], selected: str) -> str:
    return "".join(
        f'<option value="{html.escape(value)}"{" selected" if value == selected else ""}>'
        f"{html.escape(label)}</option>"
        for value, label in choices
    )


def _number_field(
    key: str, attr: str, low: float, high: float, whole: bool, value: float, hint: str = ""
) -> str:
    ident = f"sizing-{key}"
    step = "1" if whole else "any"
    mode = "numeric" if whole else "decimal"
    described = f' aria-describedby="{ident}-hint"' if hint else ""
    hint_html = f'<span class="sizing-hint" id="{ident}-hint">{hint}</span>' if hint else ""
    return (
        f'<div class="sizing-field"><label for="{ident}">{LABELS[attr]}</label>'
        f'<input id="{ident}" name="{key}" type="number" inputmode="{mode}" min="{_plain(low)}" '
        f'max="{_plain(high)}" step="{step}" value="{_plain(value)}" required{described}>{hint_html}</div>'
    )


def _select_field(
    key: str, label: str, choices: Iterable[tuple[str, str]], selected: str, hint: str = ""
) -> str:
    ident = f"sizing-{key}"
    described = f' aria-describedby="{ident}-hint"' if hint else ""
    hint_html = f'<span class="sizing-hint" id="{ident}-hint">{hint}</span>' if hint else ""
    return (
        f'<div class="sizing-field"><label for="{ident}">{label}</label>'
        f'<select id="{ident}" name="{key}"{described}>{_options(choices, selected)}</select>'
        f"{hint_html}</div>"
    )


PARTS = (
    ("weights", "Weights"),
    ("kv_cache", "KV cache"),
    ("activations", "Activations"),
    ("optimizer", "Gradients and optimizer state"),
)


def form_html() -> str:
    """The calculator's markup: hidden until the script runs, with a line saying so until then."""
    d = DEFAULTS
    model_choices = [(p.id, p.name) for p in PRESETS] + [(CUSTOM, "Custom (your own numbers)")]
    hints = {
        "params": "Everything the model stores, all experts included.",
        "active": "Used for each token: fewer than the total for a mixture of experts.",
        "ctx": "Per sequence: prompt plus output.",
        "bw": "For the decoding bound.",
    }
    model_fields = "".join(
        _number_field(key, attr, low, high, whole, getattr(d, attr), hints.get(key, ""))
        for key, attr, low, high, whole in MODEL_FIELDS
    )
    workload = {key: (key, attr, low, high, whole) for key, attr, low, high, whole in WORKLOAD_FIELDS}
    parts = "".join(
        f'<tr data-part="{key}"><th scope="row">'
        f'<span class="sizing-swatch sizing-swatch--{key}"></span>{label}</th>'
        f'<td data-sizing-value="{key}">–</td><td data-sizing-binary="{key}">–</td></tr>'
        for key, label in PARTS
    )
    bar = "".join(
        f'<span class="sizing-bar__part sizing-swatch--{key}" data-sizing-bar="{key}"></span>'
        for key, _ in PARTS
    )
    # The data rides in an attribute, not in a <script type="application/json">: Material's instant
    # navigation runs every inline script of the page it loads as JavaScript, whatever its type.
    data = html.escape(json.dumps(page_data(), separators=(",", ":")), quote=True)
    return "\n".join(
        [
            f'<div class="sizing-calculator" data-sizing-calculator data-sizing="{data}">',
            '<p class="sizing-nojs" data-sizing-nojs>The interactive calculator needs JavaScript. '
            "The formulas and the tables above work without it.</p>",
            '<form class="sizing-form" hidden data-sizing-form novalidate>',
            '<fieldset class="sizing-group"><legend>Model</legend>',
            _select_field(
                "model",
                "Preset",
                model_choices,
                d.model,
                "Changing a number below turns the preset into Custom.",
            ),  # fmt: skip
            model_fields,
            "</fieldset>",
            '<fieldset class="sizing-group"><legend>Workload</legend>',
            _select_field(
                "mode",
                "Mode",
                MODES,
                d.mode,
                "Fine-tuning uses AdamW; LoRA and QLoRA train adapters on a frozen base.",
            ),  # fmt: skip
            _select_field(
                "prec",
                "Weight format",
                [(f.id, f.label) for f in WEIGHT_FORMATS],
                d.precision,
                "QLoRA always stores the base model in 4-bit NF4.",
            ),  # fmt: skip
            _select_field(
                "kvprec",
                "KV cache format",
                [(f.id, f.label) for f in KV_FORMATS],
                d.kv_precision,
                "Inference only.",
            ),  # fmt: skip
            _number_field(*workload["ctx"], d.context, hints["ctx"]),
            _number_field(*workload["batch"], d.batch),
            _select_field("act", "Activations", ACTIVATION_CHOICES, d.activations, "Training only."),
            _number_field(*workload["rank"], d.rank, "LoRA and QLoRA only. Adapters on q, k, v and o."),
            _number_field(*workload["bw"], d.bandwidth, hints["bw"]),
            "</fieldset>",
            "</form>",
            '<p class="sizing-summary" hidden role="status" aria-live="polite" aria-atomic="true" '
            "data-sizing-summary></p>",
            '<div class="sizing-results" hidden data-sizing-results>',
            f'<div class="sizing-bar" aria-hidden="true">{bar}</div>',
            '<table class="sizing-table">',
            "<caption>Memory by part (GB = 10<sup>9</sup> bytes, GiB = 2<sup>30</sup> bytes)</caption>",
            '<thead><tr><th scope="col">Part</th><th scope="col">Decimal</th>'
            '<th scope="col">Binary</th></tr></thead>',
            f"<tbody>{parts}</tbody>",
            '<tfoot><tr data-part="total"><th scope="row">Total</th><td data-sizing-value="total">–</td>'
            '<td data-sizing-binary="total">–</td></tr></tfoot></table>',
            '<p class="sizing-speed" data-sizing-speed></p>',
            '<p class="sizing-share">Each change is written into the page address, so copying the address '
            "shares the result.</p>",
            "</div>",
            "</div>",
        ]
    )


def render() -> str:
    """The Markdown that replaces the placeholder line: formulas, worked tables, the form."""
    inf, tr = TABLE_INFERENCE, TABLE_TRAINING
    return f"""### The formulas

Symbols: $N$ parameters ($N_\\text{{act}}$ of them used per token), $L$ layers, $h$ hidden size,
$a$ attention heads, $n_\\text{{kv}}$ key-value heads, $d$ head dimension, $s$ tokens per sequence,
$b$ sequences in the batch, $\\beta$ bytes per number and $r$ the LoRA rank.

- **Weights**: $M_W = N \\cdot \\beta_W$. FP32 takes 4 bytes a weight, BF16 2, FP8 and INT8 1,
  INT4 0.5 (scales not counted) and llama.cpp's `Q4_K_M` about 0.61 (4.89 bits, its measured
  average on Llama 3.1 8B). QLoRA's 4-bit NF4 with double quantization takes
  $4 + 8/64 + 32/(64 \\cdot 256) \\approx 4.127$ bits.
- **KV cache** (inference): a key and a value per layer, KV head and token,

    $$M_\\text{{KV}} = 2 L \\, n_\\text{{kv}} \\, d \\, s \\, b \\, \\beta_\\text{{KV}}$$

    Grouped-query attention shrinks it by using fewer KV heads than attention heads.
- **Activations** (training, 16-bit): per Korthikanti et al. (2022), keeping everything costs

    $$M_A = L \\cdot s b h \\left(34 + \\frac{{5 a s}}{{h}}\\right)$$

    bytes; recomputing attention leaves $34\\,L s b h$ and full checkpointing $2\\,L s b h$.
- **Gradients and optimizer state**: for full fine-tuning the calculator assumes mixed-precision
  AdamW, which keeps a BF16 gradient, an FP32 master copy and two FP32 moments: $14N$ bytes on top
  of BF16 weights ($12N$ with FP32 weights, which need no master copy). LoRA and QLoRA train only
  adapters, here on the q, k, v and o projections of every layer:
  $N_\\text{{LoRA}} = L \\cdot r\\,(4h + 2ad + 2n_\\text{{kv}}d)$ parameters, each with 16 bytes
  (FP32 weight, gradient and two moments). Adapters on the MLP too would add more.
- **Decoding speed** (inference): every step reads the weights a token uses and the whole KV cache
  and yields one token per sequence, so with memory bandwidth $B$

    $$\\text{{tokens/s}} \\le b \\cdot \\frac{{B}}{{N_\\text{{act}} \\beta_W + M_\\text{{KV}}}}$$

For a mixture of experts only the active parameters count here, which makes the bound looser for a
batch whose tokens pick different experts. The estimate leaves out framework overhead, temporary
buffers and fragmentation, so plan for some headroom. GB means $10^9$ bytes and GiB $2^{{30}}$
bytes; bandwidth is in GB/s.

### Worked examples

Inference with BF16 weights and a BF16 KV cache, {inf["context"]:,} tokens of context and one
sequence (the memory needed is the weights plus the KV cache), and the decoding bound for
{inf["bandwidth"]:,.0f} GB/s of memory bandwidth:

<div class="sizing-worked" markdown="1">

{inference_table()}

</div>

Fine-tuning in BF16 on {tr["context"]:,}-token sequences, one at a time, with full activation
checkpointing; LoRA and QLoRA at rank {tr["rank"]}. Each cell is the total:

<div class="sizing-worked" markdown="1">

{training_table()}

</div>

### Try your own numbers

{form_html()}
"""


def replace_placeholder(markdown: str) -> str:
    """`markdown` with each line that is exactly the placeholder replaced by `render()`."""
    if PLACEHOLDER not in markdown:
        return markdown
    lines = markdown.split("\n")
    if not any(line.strip() == PLACEHOLDER for line in lines):
        return markdown
    rendered = render()
    return "\n".join(rendered if line.strip() == PLACEHOLDER else line for line in lines)
