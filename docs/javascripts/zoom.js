// Click a diagram or an image in a note to see it across the whole window; click or press Escape
// to close. Diagrams drawn at build time are inline SVG in a focusable `div.mermaid`, so Enter or
// Space opens them too, and focus returns to the diagram on close. Diagrams drawn in the page (the
// fallback without Chromium at build time) sit in a shadow root that overrides/main.html keeps
// open, so the drawing can be copied here (and tested).
// (A lightbox plugin did the images before, at a cost on every page of every build; this dialog
// already exists for diagrams, and images need three more lines.)
function zoomContent(target) {
  const diagram = target.closest("div.mermaid")
  if (diagram) return diagram.shadowRoot ? diagram.shadowRoot.innerHTML : diagram.innerHTML
  const image = target.closest(".md-content img:not(.skip-zoom)")
  if (image && !image.closest("a")) return image.cloneNode().outerHTML
  return null
}

function zoom(content, opener) {
  const dialog = document.createElement("dialog")
  dialog.className = "zoom-dialog"
  dialog.setAttribute("aria-label", "Enlarged view (click or press Escape to close)")
  dialog.innerHTML = content
  const svg = dialog.querySelector("svg")
  const box = svg && svg.viewBox && svg.viewBox.baseVal
  if (box && box.width) {
    svg.style.setProperty("--natural-width", `${box.width}px`)
    svg.style.setProperty("--natural-height", `${box.height}px`)
  }
  dialog.addEventListener("click", () => dialog.close())
  dialog.addEventListener("close", () => {
    dialog.remove()
    opener.focus({ preventScroll: true })
  })
  document.body.appendChild(dialog)
  dialog.showModal()
}

document.addEventListener("click", event => {
  const content = event.target.closest ? zoomContent(event.target) : null
  if (content !== null) zoom(content, event.target.closest("div.mermaid") || event.target)
})

document.addEventListener("keydown", event => {
  if (event.key !== "Enter" && event.key !== " ") return
  const diagram = event.target.closest ? event.target.closest("div.mermaid[tabindex]") : null
  if (diagram === null) return
  event.preventDefault() // Space would scroll the page
  zoom(zoomContent(diagram), diagram)
})
