// A wide table or formula scrolls sideways on a phone, and the keyboard can scroll it only if it
// can take focus (axe-core: scrollable-region-focusable). Material does this for code blocks; for
// tables (its `.md-typeset__scrollwrap`) and display formulas nothing does, so this script gives
// each one that overflows `tabindex="0"` and takes it back when the screen widens.
// It measures only when the browser is idle after a page load (instant navigation included), on
// a resize, and when a tall formula below the fold is first drawn (extra.css skips drawing it
// until then, so its width is unknown before).
const SCROLLERS = ".md-typeset__scrollwrap, .md-typeset div.arithmatex"

function markScrollable(element) {
  if (element.scrollWidth > element.clientWidth) element.tabIndex = 0
  else element.removeAttribute("tabindex")
}

function markAll() {
  document.querySelectorAll(SCROLLERS).forEach(markScrollable)
}

const whenIdle = window.requestIdleCallback || (callback => setTimeout(callback, 1))

document$.subscribe(() => whenIdle(markAll, { timeout: 2000 }))

let resizing = 0
window.addEventListener("resize", () => {
  clearTimeout(resizing)
  resizing = setTimeout(markAll, 200)
})

// Not a bubbling event: listened for while it goes down to the formula.
document.addEventListener(
  "contentvisibilityautostatechange",
  event => {
    const scroller = event.target.closest ? event.target.closest(SCROLLERS) : null
    if (scroller && !event.skipped) markScrollable(scroller)
  },
  true,
)
