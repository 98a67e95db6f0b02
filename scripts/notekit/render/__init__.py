"""Stage 1, drawing: Mermaid diagrams in a headless Chromium and formulas in KaTeX under Node,
made legible for phones and laptops, cached, and given up cleanly when a renderer fails."""
