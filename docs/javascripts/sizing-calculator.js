// The model-sizing calculator. The formulas are scripts/notekit/index/sizing.py's, repeated here in the
// same order so the numbers agree to the last digit or two (tests/browser/test_sizing_calculator.py
// compares them input by input); the presets, number formats and limits come from the JSON the
// build writes into the calculator's `data-sizing` attribute, so there is one copy of the data.
// (Not into a <script type="application/json">: Material's instant navigation runs every inline
// script of the page it loads as JavaScript, whatever its type.)
// The page works without this script: the build writes the formulas and worked tables, and the
// form stays hidden. The inputs live in the address's query string (history.replaceState), so a
// result can be shared. Pages without the calculator are left alone; `document$`, Material's
// stream of page loads, sets the calculator up again after instant navigation.
;(() => {
  const BYTE_UNITS = [
    [1e18, "EB", 2 ** 60, "EiB"],
    [1e15, "PB", 2 ** 50, "PiB"],
    [1e12, "TB", 2 ** 40, "TiB"],
    [1e9, "GB", 2 ** 30, "GiB"],
    [1e6, "MB", 2 ** 20, "MiB"],
    [1e3, "kB", 2 ** 10, "KiB"],
  ]
  const PART_NAMES = {
    weights: "weights",
    kv_cache: "KV cache",
    activations: "activations",
    optimizer: "gradients and optimizer state",
  }

  // Number display, as sizing.format_bytes and sizing.format_rate.
  const fixed = value => value.toFixed(value >= 100 ? 0 : value >= 10 ? 1 : 2)

  function formatBytes(n) {
    if (n === 0) return ["0 B", "0 B"]
    for (const [decimal, unit, binary, binaryUnit] of BYTE_UNITS) {
      if (n >= decimal) return [`${fixed(n / decimal)} ${unit}`, `${fixed(n / binary)} ${binaryUnit}`]
    }
    return [`${fixed(n)} B`, `${fixed(n)} B`]
  }

  const formatRate = x => (x >= 100 ? Math.round(x).toLocaleString("en-US") : fixed(x))

  // The formulas: sizing.bytes_per_weight, lora_parameters, weights_bytes, kv_cache_bytes,
  // activation_bytes, optimizer_bytes and estimate.
  function estimate(data, v) {
    const bits = v.mode === "qlora" ? data.qloraBits : data.weightBits[v.precision]
    const bytesPerWeight = bits / 8
    const params = v.params_b * 1e9
    const active = v.active_b * 1e9
    let lora = 0
    if (v.mode === "lora" || v.mode === "qlora") {
      const perLayer = v.rank * (4 * v.hidden + 2 * v.heads * v.head_dim + 2 * v.kv_heads * v.head_dim)
      lora = v.layers * perLayer * 1.0
    }
    const weights = params * bytesPerWeight + lora * 4
    let kv = 0
    if (v.mode === "inference") {
      const perToken = (2 * v.layers * v.kv_heads * v.head_dim * data.kvBits[v.kv_precision]) / 8
      kv = perToken * v.context * v.batch
    }
    let activations = 0
    if (v.mode !== "inference") {
      const sbh = v.layers * v.context * v.batch * v.hidden
      if (v.activations === "full") activations = sbh * 2.0
      else if (v.activations === "selective") activations = sbh * 34.0
      else activations = sbh * (34 + (5 * v.heads * v.context) / v.hidden)
    }
    let optimizer = 0
    if (v.mode === "full") {
      const fp32 = v.precision === "fp32"
      optimizer = params * ((fp32 ? 4 : 2) + 8 + (fp32 ? 0 : 4))
    } else if (v.mode === "lora" || v.mode === "qlora") {
      optimizer = lora * 12
    }
    let read = null
    let each = null
    let speed = null
    if (v.mode === "inference") {
      read = active * bytesPerWeight + kv
      each = (v.bandwidth * 1e9) / read
      speed = each * v.batch
    }
    const total = weights + kv + activations + optimizer
    return { weights, kv_cache: kv, activations, optimizer, total, adapter_params: lora, read, each, speed }
  }

  // sizing.problems
  function problems(data, v) {
    const found = []
    for (const [key, attr, low, high, whole] of data.numberFields) {
      const value = v[attr]
      if (!Number.isFinite(value)) found.push([key, `${data.labels[attr]} needs a number.`])
      else if (whole && !Number.isInteger(value)) found.push([key, `${data.labels[attr]} must be a whole number.`])
      else if (!(low <= value && value <= high))
        found.push([key, `${data.labels[attr]} must be between ${String(low)} and ${String(high)}.`])
    }
    if (v.kv_heads > v.heads) found.push(["kv", "KV heads cannot outnumber attention heads."])
    if (v.active_b > v.params_b) found.push(["active", "Active parameters cannot exceed the total."])
    return found
  }

  // Written as sizing.py writes numbers: digits, an optional fraction and exponent, nothing else.
  const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/

  function presetFields(data, preset) {
    const fields = {}
    for (const [, attr] of data.modelKeys) fields[attr] = preset[attr]
    return fields
  }

  // sizing.from_query: a preset, then any fields the address changes; unknown values are ignored.
  function fromQuery(data, params) {
    const requested = params.get("model") || data.defaults.model
    const base = data.presets.find(p => p.id === requested) || data.presets.find(p => p.id === data.defaults.model)
    const values = { ...data.defaults, ...presetFields(data, base) }
    for (const [key, attr] of data.numberFields) {
      const text = (params.get(key) || "").trim()
      const number = NUMBER.test(text) ? Number(text) : NaN
      if (Number.isFinite(number)) values[attr] = number
    }
    for (const [key, attr] of data.choiceFields) {
      if (params.has(key) && data.choices[key].includes(params.get(key))) values[attr] = params.get(key)
    }
    const same = data.modelKeys.every(([, attr]) => values[attr] === base[attr])
    values.model = same && requested !== "custom" ? base.id : "custom"
    return values
  }

  // sizing.to_query
  function toQuery(data, v) {
    const parts = { model: v.model }
    if (v.model === "custom") for (const [key, attr] of data.modelKeys) parts[key] = String(v[attr])
    for (const [key, attr] of data.choiceFields) parts[key] = v[attr]
    for (const [key, attr] of data.workloadFields) parts[key] = String(v[attr])
    return data.queryOrder
      .filter(key => key in parts)
      .map(key => `${key}=${parts[key]}`)
      .join("&")
  }

  function readData(root) {
    const raw = JSON.parse(root.dataset.sizing)
    const choices = {}
    for (const [key] of raw.choiceFields) {
      const select = root.querySelector(`select[name="${key}"]`)
      choices[key] = [...select.options].map(option => option.value)
    }
    return {
      ...raw,
      choices,
      modelKeys: raw.modelFields.map(([key, attr]) => [key, attr]),
      numberFields: [...raw.modelFields, ...raw.workloadFields],
      weightBits: Object.fromEntries(raw.weightFormats.map(f => [f.id, f.bits])),
      kvBits: Object.fromEntries(raw.kvFormats.map(f => [f.id, f.bits])),
    }
  }

  // The print-site plugin's book page (/book/) holds every note, with ids and names rewritten; a
  // printed calculator helps nobody, so there it points to the note instead.
  const BOOK = "#print-site-page"

  function setUp(root) {
    if (root.dataset.sizingReady) return
    root.dataset.sizingReady = "true"
    if (root.closest(BOOK)) {
      root.querySelector("[data-sizing-nojs]").textContent = "The interactive calculator is on the note's own page."
      return
    }
    const data = readData(root)
    const form = root.querySelector("[data-sizing-form]")
    const results = root.querySelector("[data-sizing-results]")
    const summary = root.querySelector("[data-sizing-summary]")
    const speedLine = root.querySelector("[data-sizing-speed]")
    const field = key => form.elements.namedItem(key)

    function show(values) {
      field("model").value = values.model
      for (const [key, attr] of data.numberFields) field(key).value = String(values[attr])
      for (const [key, attr] of data.choiceFields) field(key).value = values[attr]
    }

    function read() {
      const values = { model: field("model").value }
      for (const [key, attr] of data.numberFields) {
        const text = field(key).value.trim()
        values[attr] = text === "" ? NaN : Number(text)
      }
      for (const [key, attr] of data.choiceFields) values[attr] = field(key).value
      return values
    }

    // Fields that do not apply to the chosen mode are disabled (their values are kept).
    function applyMode(mode) {
      const training = mode !== "inference"
      field("kvprec").disabled = training
      field("act").disabled = !training
      field("rank").disabled = !(mode === "lora" || mode === "qlora")
      field("prec").disabled = mode === "qlora"
    }

    function update({ writeAddress = true } = {}) {
      const values = read()
      applyMode(values.mode)
      const found = problems(data, values)
      for (const [key] of data.numberFields) field(key).removeAttribute("aria-invalid")
      for (const [key] of found) field(key).setAttribute("aria-invalid", "true")
      const query = toQuery(data, values)
      if (writeAddress) {
        const url = new URL(window.location.href)
        url.search = query
        window.history.replaceState(window.history.state, "", url)
      }
      if (found.length) {
        results.dataset.state = "invalid"
        summary.textContent = `No result yet. ${found.map(([, message]) => message).join(" ")}`
        for (const cell of results.querySelectorAll("[data-sizing-value], [data-sizing-binary]")) {
          cell.textContent = "–"
          delete cell.dataset.bytes
        }
        speedLine.textContent = ""
        delete speedLine.dataset.tokensPerSecond
        results.dataset.for = query
        return
      }
      const e = estimate(data, values)
      for (const key of ["weights", "kv_cache", "activations", "optimizer", "total"]) {
        const [decimal, binary] = formatBytes(e[key])
        const cell = results.querySelector(`[data-sizing-value="${key}"]`)
        cell.textContent = decimal
        cell.dataset.bytes = String(e[key])
        results.querySelector(`[data-sizing-binary="${key}"]`).textContent = binary
      }
      for (const key of Object.keys(PART_NAMES)) {
        const share = e.total > 0 ? (100 * e[key]) / e.total : 0
        results.querySelector(`[data-sizing-bar="${key}"]`).style.width = `${share}%`
      }
      const [totalDecimal, totalBinary] = formatBytes(e.total)
      const parts = Object.entries(PART_NAMES)
        .filter(([key]) => e[key] > 0)
        .map(([key, name]) => `${name} ${formatBytes(e[key])[0]}`)
      let sentence = `About ${totalDecimal} (${totalBinary}) in all: ${parts.join(", ")}.`
      if (e.speed !== null) {
        const perSequence = values.batch > 1 ? `, ${formatRate(e.each)} for each sequence` : ""
        speedLine.textContent =
          `Decoding: at most ${formatRate(e.speed)} tokens per second${perSequence}, ` +
          `reading ${formatBytes(e.read)[0]} per step at ${String(values.bandwidth)} GB/s.`
        speedLine.dataset.tokensPerSecond = String(e.speed)
        sentence += ` At most ${formatRate(e.speed)} tokens per second.`
      } else {
        speedLine.textContent = "Decoding speed applies to inference only."
        delete speedLine.dataset.tokensPerSecond
      }
      summary.textContent = sentence
      results.dataset.state = "ready"
      results.dataset.for = query
    }

    form.addEventListener("submit", event => event.preventDefault())
    form.addEventListener("input", event => {
      const name = event.target.name
      if (name === "model") return // a select reports "change" too; handled there
      if (data.modelKeys.some(([key]) => key === name)) field("model").value = "custom"
      update()
    })
    form.addEventListener("change", event => {
      if (event.target.name === "model" && event.target.value !== "custom") {
        const preset = data.presets.find(p => p.id === event.target.value)
        for (const [key, attr] of data.modelKeys) field(key).value = String(preset[attr])
      }
      update()
    })

    show(fromQuery(data, new URLSearchParams(window.location.search)))
    root.querySelector("[data-sizing-nojs]").hidden = true
    form.hidden = false
    summary.hidden = false
    results.hidden = false
    update({ writeAddress: window.location.search !== "" })
  }

  function setUpAll() {
    document.querySelectorAll("[data-sizing-calculator]").forEach(setUp)
  }

  if (typeof document$ !== "undefined") document$.subscribe(setUpAll)
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUpAll)
  else setUpAll()
})()
