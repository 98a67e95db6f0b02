// Typeset the math that pymdownx.arithmatex (generic mode) wraps in `.arithmatex` elements.
// KaTeX is loaded only on pages that have math, so the others stay light. The addresses below are
// rewritten to self-hosted copies by Material's privacy plugin at build time: scripts become
// absolute (or, without a site URL, relative to the site root), style sheets relative to this file.
const KATEX_FILES = {
  css: "https://cdn.jsdelivr.net/npm/katex@0.19.1/dist/katex.min.css",
  katex: "https://cdn.jsdelivr.net/npm/katex@0.19.1/dist/katex.min.js",
  autoRender: "https://cdn.jsdelivr.net/npm/katex@0.19.1/dist/contrib/auto-render.min.js",
}
const scriptBase = document.currentScript ? document.currentScript.src : document.baseURI
const siteRoot = new URL("../", scriptBase) // this file is <site>/javascripts/katex.js
const resolveAsset = url => new URL(url, url.startsWith("../") ? scriptBase : siteRoot).href

let katexLoaded = null

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement("script")
    script.src = resolveAsset(src)
    script.onload = resolve
    script.onerror = reject
    document.head.appendChild(script)
  })
}

function loadKatex() {
  if (!katexLoaded) {
    const link = document.createElement("link")
    link.rel = "stylesheet"
    link.href = resolveAsset(KATEX_FILES.css)
    document.head.appendChild(link)
    // auto-render needs katex itself first.
    katexLoaded = loadScript(KATEX_FILES.katex).then(() => loadScript(KATEX_FILES.autoRender))
  }
  return katexLoaded
}

// `document$` is Material's stream of page loads, including those by instant navigation.
document$.subscribe(({ body }) => {
  const math = body.querySelectorAll(".arithmatex")
  if (math.length === 0) return
  loadKatex().then(() => {
    for (const element of math) {
      renderMathInElement(element, {
        delimiters: [
          { left: "\\(", right: "\\)", display: false },
          { left: "\\[", right: "\\]", display: true },
        ],
        throwOnError: false,
      })
    }
  })
})
