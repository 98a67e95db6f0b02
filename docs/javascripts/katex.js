// Typeset the math that pymdownx.arithmatex (generic mode) wraps as \( \) and \[ \].
// `document$` is Material's observable of page loads, so this also runs after instant navigation.
document$.subscribe(({ body }) => {
  renderMathInElement(body, {
    delimiters: [
      { left: "\\(", right: "\\)", display: false },
      { left: "\\[", right: "\\]", display: true },
    ],
    // Only the elements arithmatex produced: a stray backslash in prose stays prose.
    ignoredClasses: ["md-typeset__scrollwrap"],
    throwOnError: false,
  })
})
