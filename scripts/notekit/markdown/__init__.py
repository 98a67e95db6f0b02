"""Stage 2, Python-Markdown extensions named in mkdocs.yml: glossary tooltips kept out of code and
links, code block sizes, preview scope, and formulas typeset while a page is parsed."""
