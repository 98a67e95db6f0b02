// Click a diagram or an image in a note to see it across the whole window; click or press Escape
// to close. Material draws each Mermaid diagram inside a shadow root of a `div.mermaid` element;
// overrides/main.html keeps those roots open so the drawing can be copied here (and tested).
// (A lightbox plugin did the images before, at a cost on every page of every build; this dialog
// already exists for diagrams, and images need three more lines.)
function zoomContent(target) {
  const diagram = target.closest("div.mermaid")
  if (diagram && diagram.shadowRoot) return diagram.shadowRoot.innerHTML
  const image = target.closest(".md-content img:not(.skip-zoom)")
  if (image && !image.closest("a")) return image.cloneNode().outerHTML
  return null
}

document.addEventListener("click", event => {
  const content = event.target.closest ? zoomContent(event.target) : null
  if (content === null) return
  const dialog = document.createElement("dialog")
  dialog.className = "zoom-dialog"
  dialog.setAttribute("aria-label", "Enlarged view (click or press Escape to close)")
  dialog.innerHTML = content
  dialog.addEventListener("click", () => dialog.close())
  dialog.addEventListener("close", () => dialog.remove())
  document.body.appendChild(dialog)
  dialog.showModal()
})
