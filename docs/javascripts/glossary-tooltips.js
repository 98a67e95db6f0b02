// Glossary tooltips, set up when the reader first points at a term (or focuses it).
//
// Material's `content.tooltips` sets up a tooltip for every element with a title when a page
// loads: a note has 100-180 glossary terms, and that set-up was one of the largest costs of a
// note's start-up on a phone (benchmarks/RESULTS.md). notekit.markdown.abbr_guard marks each term
// with `data-preview`, which Material's tooltips skip; this script draws the same tooltip,
// Material's `.md-tooltip2` markup and custom properties (its style sheet does the rest), only
// for the term being pointed at. As Material does, the term's title is taken away while its
// tooltip shows, so the browser does not show its own as well, and the tooltip describes the
// term (aria-describedby). Without JavaScript the title still shows as the browser's tooltip.
//
// The same for the permalink next to each heading, which has no title for the same reason
// (mkdocs.yml, toc), and for Material's icons in the article that overrides/main.html names
// instead of titling (edit, view, last change): the tooltip shows the `aria-label`, which already
// names the element to a screen reader.
;(function () {
  const TERMS = [
    "abbr[data-preview]",
    "a.headerlink[aria-label]:not([title])",
    "a.md-content__button[aria-label]:not([title])",
    ".md-source-file__fact > .md-icon[aria-label]:not([title])",
  ].join(", ")
  const DELAY = 250 // ms, Material's: the tooltip stays while the pointer moves across a gap
  const shown = new Map() // term -> { tooltip, title, timer }
  let count = 0

  function place(term, tooltip) {
    const box = term.getBoundingClientRect()
    tooltip.style.setProperty("--md-tooltip-host-x", `${box.x + window.scrollX}px`)
    tooltip.style.setProperty("--md-tooltip-host-y", `${box.y + window.scrollY}px`)
    tooltip.style.setProperty("--md-tooltip-x", `${box.width / 2}px`)
    tooltip.style.setProperty("--md-tooltip-y", `${8 + box.height}px`)
  }

  function show(term) {
    const state = shown.get(term)
    if (state) {
      clearTimeout(state.timer)
      state.timer = 0
      return
    }
    const title = term.getAttribute("title")
    const text = title || (!term.matches("abbr") && term.getAttribute("aria-label"))
    if (!text) return
    const tooltip = document.createElement("div")
    tooltip.className = "md-tooltip2 md-tooltip2--bottom"
    tooltip.setAttribute("role", "tooltip")
    tooltip.id = `__glossary_tooltip_${count++}`
    const inner = document.createElement("div")
    inner.className = "md-tooltip2__inner md-typeset"
    inner.textContent = text
    tooltip.append(inner)
    if (title) term.removeAttribute("title")
    document.body.append(tooltip)
    place(term, tooltip)
    tooltip.style.setProperty("--md-tooltip-width", `${inner.offsetWidth}px`)
    tooltip.style.setProperty("--md-tooltip-tail", "0px")
    if (title) term.setAttribute("aria-describedby", tooltip.id)
    // A frame later, so that it fades in from its hidden state.
    requestAnimationFrame(() => tooltip.classList.add("md-tooltip2--active"))
    shown.set(term, { tooltip, title, timer: 0 })
  }

  function remove(term) {
    const state = shown.get(term)
    if (!state) return
    shown.delete(term)
    clearTimeout(state.timer)
    state.tooltip.remove()
    if (state.title) {
      term.removeAttribute("aria-describedby")
      term.setAttribute("title", state.title)
    }
  }

  function hide(term) {
    const state = shown.get(term)
    if (!state || state.timer) return
    state.timer = setTimeout(() => {
      state.tooltip.classList.remove("md-tooltip2--active")
      if (state.title) term.removeAttribute("aria-describedby")
      state.timer = setTimeout(() => remove(term), DELAY) // after its fade
    }, DELAY)
  }

  function termOf(event) {
    return event.target instanceof Element ? event.target.closest(TERMS) : null
  }

  document.addEventListener("mouseover", event => {
    const term = termOf(event)
    if (term) show(term)
  })
  document.addEventListener("mouseout", event => {
    const term = termOf(event)
    if (term && !term.contains(event.relatedTarget)) hide(term)
  })
  document.addEventListener("focusin", event => {
    const term = termOf(event)
    if (term) show(term)
  })
  document.addEventListener("focusout", event => {
    const term = termOf(event)
    if (term) hide(term)
  })
  // A term inside a table that scrolls sideways moves with it; so does its tooltip.
  document.addEventListener(
    "scroll",
    () => shown.forEach((state, term) => place(term, state.tooltip)),
    { capture: true, passive: true },
  )
  window.addEventListener("resize", () => shown.forEach((state, term) => place(term, state.tooltip)))
  // A new page by instant navigation: the old page's tooltips go with it.
  if (typeof document$ !== "undefined") document$.subscribe(() => [...shown.keys()].forEach(remove))
})()
