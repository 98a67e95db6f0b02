"""Build this site with Zensical and report, as a Markdown table, which of its features come through.

    python3 scripts/zensical_check.py                      # install, build, print the table
    python3 scripts/zensical_check.py --summary FILE       # also append the table to FILE
    python3 scripts/zensical_check.py --inspect site       # only report on an existing build

Zensical (by the makers of Material for MkDocs) reads mkdocs.yml and runs Python-Markdown
extensions, but runs no MkDocs hooks and only the plugins it has re-implemented
(docs-dev/PLATFORM.md has the details and sources). This script measures what that means for us:

1. creates a virtual environment in a temporary folder and installs the pinned Zensical into it
   (never into .venv/, so the project's own environment is untouched);
2. copies the repository there, without .git, .venv, site and .cache;
3. in the copy only, sets `strict: false` (Zensical would stop at the first warning, and the
   warnings are part of what we want to see) and deletes overrides/404.html (Zensical's template
   engine stops on an undefined value in it, and the build would end there);
4. runs `zensical build` with scripts/ on PYTHONPATH, so that our own Markdown extensions
   (notekit.abbr_guard, notekit.code_sizes, ...) load, under a time limit;
5. inspects the built pages and prints one row per feature: does it come through, and how that
   was checked.

Standard library only, like scripts/dev.py. It is a report: the exit status is 0 even when features
are missing, and non-zero only when Zensical could not be installed (2) or built nothing at all (1).
"""

from __future__ import annotations

import argparse
import html
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
import tempfile
import time
import venv
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# The newest Zensical that installs from the package index: from 0.0.74 on, Zensical requires an
# exact zensical-ui release (0.0.74 and 0.1.0 name 0.0.41, 0.1.4 names 0.0.44; checked 2026-12-06)
# and the index serves no zensical-ui at all, so pip cannot install them. Move the pin when
# `pip download --no-deps zensical-ui==<the version the newest zensical names>` succeeds;
# docs-dev/PLATFORM.md says how.
ZENSICAL_VERSION = "0.0.73"

# Never copied into the temporary project: git data, environments, earlier builds and caches.
SKIP = (".git", ".venv", "site", ".cache", "node_modules", "__pycache__", ".pytest_cache", ".ruff_cache")

INSTALL_TIMEOUT = 900  # seconds for pip
BUILD_TIMEOUT = 600  # seconds for `zensical build`; our MkDocs build takes about a minute


@dataclass(frozen=True)
class Row:
    feature: str
    status: str  # "yes", "partly" or "no"
    how: str


# ---------------------------------------------------------------------------------------------
# Reading the project (pure: no network, no install)


def note_slugs(project: Path) -> list[str]:
    """The notes, in the order docs/notes/.pages gives them (the sidebar's order under MkDocs);
    notes it does not name follow in file-name order, as awesome-pages' `...` would put them."""
    found = sorted(path.stem for path in (project / "docs" / "notes").glob("*.md"))
    listed = [name for name in pages_order(project) if name in found]
    return listed + [name for name in found if name not in listed]


def pages_order(project: Path) -> list[str]:
    """The note names listed under `nav:` in docs/notes/.pages (without `.md`)."""
    path = project / "docs" / "notes" / ".pages"
    if not path.is_file():
        return []
    names = re.findall(r"^\s*-\s*(?:[^:\n]+:\s*)?([\w.-]+)\.md\s*$", path.read_text(encoding="utf-8"), re.M)
    return list(dict.fromkeys(names))


def note_titles(project: Path, slugs: list[str]) -> dict[str, str]:
    """Each note's `title:` from its front-matter, as written (quotes removed)."""
    titles = {}
    for slug in slugs:
        text = (project / "docs" / "notes" / f"{slug}.md").read_text(encoding="utf-8")
        if match := re.search(r"^title:\s*(.+?)\s*$", text, re.M):
            titles[slug] = match.group(1).strip("'\"")
    return titles


def uses_placeholder(project: Path, marker: str) -> list[str]:
    return [
        path.stem
        for path in sorted((project / "docs" / "notes").glob("*.md"))
        if marker in path.read_text(encoding="utf-8")
    ]


# ---------------------------------------------------------------------------------------------
# Reading the built site (pure)


def page_file(site: Path, url: str) -> Path | None:
    """The built file for a page address such as `notes/foo/`, with or without directory URLs."""
    url = url.strip("/")
    for candidate in (
        site / url / "index.html",
        site / f"{url}.html",
        site / "index.html" if not url else None,
    ):
        if candidate is not None and candidate.is_file():
            return candidate
    return None


def read(path: Path | None) -> str:
    return path.read_text(encoding="utf-8", errors="replace") if path else ""


def sidebar_notes(page_html: str, page_url: str) -> list[str]:
    """The notes the primary sidebar of one page links to, in order. Material's (and Zensical's
    classic) layout draws the primary sidebar before the secondary one (the page's contents)."""
    start = page_html.find("md-nav--primary")
    if start < 0:
        return []
    end = min(
        (
            i
            for i in (page_html.find("md-sidebar--secondary", start), page_html.find("md-content", start))
            if i > 0
        ),
        default=len(page_html),
    )
    folder = page_url if page_url.endswith("/") else posixpath.dirname(page_url) + "/"
    slugs = []
    for href in re.findall(r'href="([^"#]*)"', page_html[start:end]):
        if "://" in href or not href:
            continue
        target = posixpath.normpath(posixpath.join(folder, html.unescape(href)))
        if match := re.fullmatch(r"notes/([\w-]+?)(?:/index\.html|\.html)?/?", target):
            slugs.append(match.group(1))
    return list(dict.fromkeys(slugs))


def is_subsequence(items: list[str], order: list[str]) -> bool:
    position = {name: i for i, name in enumerate(order)}
    indexes = [position[name] for name in items if name in position]
    return indexes == sorted(indexes)


def strings_in(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in strings_in(item)]
    if isinstance(value, list):
        return [s for item in value for s in strings_in(item)]
    return []


def squash(text: str) -> str:
    """Lower-case letters and digits only, so that escaping and punctuation do not matter."""
    return re.sub(r"[^a-z0-9]+", "", html.unescape(text).lower())


def status_of(count: int, total: int) -> str:
    if total and count >= total:
        return "yes"
    return "partly" if count else "no"


def has_heading(page_html: str, anchor: str) -> bool:
    return re.search(rf'<h2[^>]*\bid="{re.escape(anchor)}"', page_html) is not None


def report(site: Path, project: Path) -> list[Row]:
    """One row per feature of our site: does it come through in the build in `site`?"""
    slugs = note_slugs(project)
    total = len(slugs)
    pages = {slug: read(page_file(site, f"notes/{slug}/")) for slug in slugs}
    built = [slug for slug, text in pages.items() if text]
    rows = [
        Row(
            "Note pages",
            status_of(len(built), total),
            f"{len(built)} of the {total} notes in docs/notes/*.md have a page (`notes/<slug>/index.html`)",
        )
    ]
    rows.append(nav_row(site, slugs, built, pages))
    rows.append(search_row(site, project, slugs))
    rows.append(math_row(site, pages))
    rows.append(diagram_row(site, pages))
    rows.append(index_table_row(site, slugs))
    rows.append(section_row("Related notes", "related-notes", pages, built, "(the notes hook writes it)"))
    rows.append(glossary_row(site))
    rows.append(tooltip_row(pages, built))
    rows.append(
        section_row(
            "Sources section", "sources", pages, built, "(the notes hook writes it from front-matter)"
        )
    )
    rows.append(questions_row(project, pages, built))
    book = page_file(site, "book/")
    rows.append(
        Row(
            "Book (all pages on one)",
            "yes" if book else "no",
            "book/index.html " + ("exists" if book else "is missing (the print-site plugin makes it)"),
        )
    )
    if row := calculator_row(project, pages):
        rows.append(row)
    rows.append(tags_row(site, slugs))
    rows.append(privacy_row(site, pages))
    rows.append(extra_files_row(site))
    return rows


def nav_row(site: Path, slugs: list[str], built: list[str], pages: dict[str, str]) -> Row:
    order = slugs  # in the order of docs/notes/.pages
    seen: list[str] = []
    in_order = True
    alphabetical = True
    for slug in built:
        listed = sidebar_notes(pages[slug], f"notes/{slug}/")
        seen += [name for name in listed if name not in seen]
        in_order = in_order and is_subsequence(listed, order)
        alphabetical = alphabetical and listed == sorted(listed)
    if not built or not seen:
        return Row("Sidebar (nav)", "no", "no note page has a primary sidebar linking to notes")
    reached = len(set(seen) & set(slugs))
    how = f"the sidebars of the note pages link to {reached} of the {len(slugs)} notes"
    if in_order:
        return Row(
            "Sidebar (nav)", status_of(reached, len(slugs)), how + ", in the order of docs/notes/.pages"
        )
    detail = (
        "in file-name order: docs/notes/.pages is not read" if alphabetical else "not in the order of .pages"
    )
    return Row("Sidebar (nav)", "partly", f"{how}, {detail}")


def search_row(site: Path, project: Path, slugs: list[str]) -> Row:
    candidates = sorted(site.glob("search.json")) + sorted(site.glob("search/*.json"))
    if not candidates:
        return Row("Search index", "no", "no search.json or search/*.json in the build")
    path = candidates[0]
    try:
        text = " ".join(strings_in(json.loads(path.read_text(encoding="utf-8"))))
    except (OSError, ValueError) as exc:
        return Row("Search index", "no", f"{path.relative_to(site).as_posix()} is unreadable ({exc})")
    haystack = squash(text)
    titles = note_titles(project, slugs)
    found = [slug for slug, title in titles.items() if squash(title) in haystack]
    return Row(
        "Search index",
        status_of(len(found), len(slugs)),
        f"{path.relative_to(site).as_posix()} holds {len(found)} of the {len(slugs)} note titles",
    )


def script_sources(site: Path) -> str:
    """Every JavaScript file of the build, concatenated (to see which libraries it loads)."""
    return "\n".join(read(path) for path in sorted(site.rglob("*.js")))


def math_row(site: Path, pages: dict[str, str]) -> Row:
    typeset = [slug for slug, text in pages.items() if 'class="katex' in text]
    raw = [
        slug for slug, text in pages.items() if re.search(r'class="arithmatex"[^>]*>\s*(?:\\\(|\\\[)', text)
    ]
    if not typeset and not raw:
        return Row("Math", "no", "no note page has KaTeX output or arithmatex formulas")
    if typeset and not raw:
        return Row("Math", "yes", f"typeset at build time (KaTeX HTML) on {len(typeset)} pages")
    scripts = script_sources(site)
    loader = "renderMathInElement" in scripts or "katex" in scripts.lower()
    where = ""
    if match := re.search(r"https://[\w./@-]*katex[\w./@-]*", scripts):
        where = f"; KaTeX would come from {match.group(0).split('/dist/')[0]}"
    if loader:
        return Row(
            "Math",
            "partly",
            f"{len(raw)} pages keep raw arithmatex spans, typeset in the reader's browser by "
            f"javascripts/katex.js{where}; none at build time",
        )
    return Row("Math", "no", f"{len(raw)} pages keep raw arithmatex spans and no script typesets them")


def diagram_row(site: Path, pages: dict[str, str]) -> Row:
    drawn = sum(len(re.findall(r'class="mermaid"[^>]*>\s*(?:<[^>]+>\s*)*<svg', t)) for t in pages.values())
    raw = sum(len(re.findall(r'<pre class="mermaid"', t)) for t in pages.values())
    raw += sum(len(re.findall(r'<div class="mermaid"[^>]*>\s*(?!<svg|<)', t)) for t in pages.values())
    if not drawn and not raw:
        return Row("Diagrams", "no", "no note page has a Mermaid diagram")
    if drawn and not raw:
        return Row("Diagrams", "yes", f"{drawn} diagrams drawn at build time (inline SVG)")
    scripts = script_sources(site)
    theme_draws = "mermaid" in scripts
    where = ""
    if match := re.search(r"https://[\w./@-]*mermaid@[\w./@-]*", scripts):
        where = f", loading Mermaid from {match.group(0)}"
    if theme_draws:
        return Row(
            "Diagrams",
            "partly",
            f"{raw} diagrams left as Mermaid source (pre.mermaid), {drawn} drawn at build time; "
            f"the theme's script draws them in the reader's browser{where}",
        )
    return Row("Diagrams", "no", f"{raw} diagrams left as Mermaid source and no script draws them")


def index_table_row(site: Path, slugs: list[str]) -> Row:
    home = read(page_file(site, ""))
    if not home:
        return Row("Topic table on the home page", "no", "no index.html")
    start, end = home.find("notes-index:start"), home.find("notes-index:end")
    if 0 <= start < end:
        region = home[start:end]
        where = "between the notes-index markers"
    else:
        match = re.search(r'id="topics".*?(?=<h2|\Z)', home, re.S)
        region = match.group(0) if match else ""
        where = "in the Topics section"
    rows = re.findall(r"<tr\b.*?</tr>", region, re.S)
    linked = {m for row in rows for m in re.findall(r'href="[^"]*notes/([\w-]+?)(?:/|\.html)"', row)}
    count = len(linked & set(slugs))
    return Row(
        "Topic table on the home page",
        status_of(count, len(slugs)),
        f"{len(rows)} table rows {where} of index.html, linking to {count} of the {len(slugs)} notes"
        + (" (the notes hook fills it)" if count < len(slugs) else ""),
    )


def section_row(feature: str, anchor: str, pages: dict[str, str], built: list[str], origin: str) -> Row:
    having = [slug for slug in built if has_heading(pages[slug], anchor)]
    how = f"{len(having)} of {len(built)} note pages have an h2 #{anchor}"
    return Row(feature, status_of(len(having), len(built)), how if having else f"{how} {origin}")


def questions_row(project: Path, pages: dict[str, str], built: list[str]) -> Row:
    """The questions of docs/notes/<slug>.questions.yml, which the notes hook writes into each note
    as `details.note-question` disclosures; a list typed into the note itself is counted apart."""
    files = {
        path.name.removesuffix(".questions.yml")
        for path in (project / "docs" / "notes").glob("*.questions.yml")
    }
    having = [slug for slug in built if 'class="question note-question"' in pages[slug]]
    typed = [
        slug
        for slug in built
        if has_heading(pages[slug], "self-check-questions")
        and 'class="question note-question"' not in pages[slug]
    ]
    wanted = [slug for slug in built if slug in files]
    how = (
        f"{len(having)} of the {len(wanted)} notes with a .questions.yml show its questions "
        "(details.note-question)"
    )
    if len(having) < len(wanted):
        how += " (the notes hook writes them)"
    if typed:
        how += f"; {len(typed)} note(s) carry a question list in their own Markdown: {', '.join(typed)}"
    return Row("Self-check questions", status_of(len(having), len(wanted)), how)


def glossary_row(site: Path) -> Row:
    page = page_file(site, "glossary/")
    if not page:
        return Row("Glossary page", "no", "glossary/index.html is missing (the notes hook generates it)")
    entries = len(re.findall(r"<dt\b|<h[23]\b", read(page)))
    return Row("Glossary page", "yes", f"glossary/index.html exists ({entries} entries or headings)")


def tooltip_row(pages: dict[str, str], built: list[str]) -> Row:
    having = [slug for slug in built if "<abbr" in pages[slug]]
    count = sum(pages[slug].count("<abbr") for slug in built)
    how = f"{count} `<abbr>` tooltips on {len(having)} of {len(built)} note pages"
    if not having:
        how += " (glossary/terms.yml reaches `abbr` through the notes hook)"
    return Row("Glossary tooltips", status_of(len(having), len(built)), how)


def calculator_row(project: Path, pages: dict[str, str]) -> Row | None:
    asking = uses_placeholder(project, "<!-- sizing-calculator -->")
    if not asking:
        return None
    working = [slug for slug in asking if "data-sizing-calculator" in pages.get(slug, "")]
    how = (
        f"{len(working)} of {len(asking)} notes with `<!-- sizing-calculator -->` show the calculator's form"
    )
    if len(working) < len(asking):
        how += " (the notes hook swaps the comment for it)"
    return Row("Sizing calculator", status_of(len(working), len(asking)), how)


def extra_files_row(site: Path) -> Row:
    names = ["feed.xml", "llms.txt", "*.apkg", "*.csv"]
    present = [name for name in names if list(site.glob(name))]
    missing = [name for name in names if name not in present]
    how = "present: " + (", ".join(present) or "none")
    if missing:
        how += "; missing: " + ", ".join(missing) + " (the notes hook writes them)"
    return Row("Feed, llms.txt, Anki deck and CSV", status_of(len(present), len(names)), how)


def tags_row(site: Path, slugs: list[str]) -> Row:
    page = read(page_file(site, "tags/"))
    if not page:
        return Row("Tags page", "no", "tags/index.html is missing")
    start = page.find("md-content")
    linked = set(re.findall(r'href="[^"]*notes/([\w-]+?)(?:/|\.html)(?:#[^"]*)?"', page[start:]))
    count = len(linked & set(slugs))
    return Row(
        "Tags page", status_of(count, len(slugs)), f"tags/index.html lists {count} of the {len(slugs)} notes"
    )


def privacy_row(site: Path, pages: dict[str, str]) -> Row:
    """Scripts and style sheets from another origin: the privacy plugin (and our assets hook under
    MkDocs) serve KaTeX and Mermaid from the site itself."""
    hosts: set[str] = set()
    for text in pages.values():
        for tag in re.findall(r"<(?:script|link)\b[^>]*>", text):
            if match := re.search(r'(?:src|href)="https?://([^/"]+)', tag):
                if "stylesheet" in tag or tag.startswith("<script"):
                    hosts.add(match.group(1))
    for match in re.finditer(
        r"https://([\w.-]+)/[\w./@-]*(?:katex|mermaid)[\w./@-]*\.(?:js|css)", script_sources(site)
    ):
        hosts.add(match.group(1))
    if not hosts:
        return Row(
            "Self-hosted assets",
            "yes",
            "no script or style sheet of a note page, and no KaTeX or Mermaid "
            "address in the site's scripts, points to another origin",
        )
    return Row(
        "Self-hosted assets", "no", "the pages or their scripts still load from " + ", ".join(sorted(hosts))
    )


MARK = {"yes": "yes", "partly": "partly", "no": "**no**"}


def table(rows: list[Row]) -> str:
    lines = ["| Feature | Comes through? | How checked |", "| --- | --- | --- |"]
    for row in rows:
        how = row.how.replace("|", "\\|")
        lines.append(f"| {row.feature} | {MARK.get(row.status, row.status)} | {how} |")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------
# Installing and building (side effects)


def venv_tool(env: Path, name: str) -> Path:
    folder, suffix = ("Scripts", ".exe") if os.name == "nt" else ("bin", "")
    return env / folder / f"{name}{suffix}"


def install(env: Path, version: str) -> str | None:
    """Create a venv and install Zensical into it; the error text, or None on success."""
    venv.EnvBuilder(with_pip=True, clear=True).create(env)
    command = [str(venv_tool(env, "python")), "-m", "pip", "install", "--disable-pip-version-check"]
    try:
        done = subprocess.run(
            [*command, f"zensical=={version}"], capture_output=True, text=True, timeout=INSTALL_TIMEOUT
        )
    except subprocess.TimeoutExpired:
        return f"pip did not finish within {INSTALL_TIMEOUT} s"
    if done.returncode != 0:
        return (done.stdout + done.stderr).strip()[-3000:]
    return None


def copy_project(source: Path, dest: Path) -> list[str]:
    """Copy the repository into `dest` and adapt the copy; what was changed, in words."""
    shutil.copytree(source, dest, ignore=lambda folder, names: [n for n in names if n in SKIP], symlinks=True)
    changes = []
    config = dest / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    relaxed, count = re.subn(r"^strict:\s*true\s*$", "strict: false", text, flags=re.M)
    if count:
        config.write_text(relaxed, encoding="utf-8")
        changes.append("`strict: false`")
    override = dest / "overrides" / "404.html"
    if override.exists():
        override.unlink()
        changes.append("overrides/404.html deleted (Zensical's template engine stops on it)")
    return changes


ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def build(env: Path, project: Path, timeout: int) -> tuple[int | None, float, str]:
    """Run `zensical build`; (exit status or None on time-out, seconds, log without colours)."""
    variables = dict(os.environ)
    scripts = str(project / "scripts")
    variables["PYTHONPATH"] = os.pathsep.join(filter(None, [scripts, os.environ.get("PYTHONPATH")]))
    variables["NO_COLOR"] = "1"
    started = time.monotonic()
    try:
        done = subprocess.run(
            [str(venv_tool(env, "zensical")), "build", "--clean"],
            cwd=project,
            env=variables,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired as exc:
        log = (
            (exc.stdout or b"").decode(errors="replace")
            if isinstance(exc.stdout, bytes)
            else exc.stdout or ""
        )
        return None, time.monotonic() - started, ANSI.sub("", log)
    except OSError as exc:
        return -1, time.monotonic() - started, str(exc)
    return done.returncode, time.monotonic() - started, ANSI.sub("", done.stdout + done.stderr)


def warnings_in(log: str) -> list[str]:
    return [
        line.strip()
        for line in log.splitlines()
        if re.match(r"\s*(WARNING\b|Warning:|Error\b|ERROR\b)", line)
    ]


def build_row(status: int | None, seconds: float, log: str, changes: list[str]) -> Row:
    warned = warnings_in(log)
    adapted = f"; the copy has {' and '.join(changes)}" if changes else ""
    if status is None:
        return Row("Build", "no", f"`zensical build` did not finish in time ({seconds:.0f} s){adapted}")
    if status != 0:
        return Row("Build", "no", f"`zensical build` exited with {status} after {seconds:.1f} s{adapted}")
    return Row(
        "Build", "yes", f"`zensical build` exited with 0 in {seconds:.1f} s, {len(warned)} warnings{adapted}"
    )


def render(version: str, rows: list[Row], log_tail: str = "") -> str:
    day = datetime.now(UTC).strftime("%Y-%m-%d")
    parts = [
        f"### Our site under Zensical {version}",
        "",
        f"Measured {day} by `python3 scripts/zensical_check.py` (docs-dev/PLATFORM.md explains each row).",
        "",
        table(rows),
    ]
    if log_tail:
        parts += [
            "<details><summary>End of the build log</summary>",
            "",
            "```text",
            log_tail,
            "```",
            "</details>",
            "",
        ]
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--summary", type=Path, help="also append the table to this file ($GITHUB_STEP_SUMMARY)"
    )
    parser.add_argument(
        "--zensical",
        default=ZENSICAL_VERSION,
        help=f"the Zensical version to install (default {ZENSICAL_VERSION})",
    )
    parser.add_argument("--timeout", type=int, default=BUILD_TIMEOUT, help="seconds the build may take")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder and say where it is")
    parser.add_argument(
        "--inspect", type=Path, metavar="SITE", help="only report on an existing build in SITE"
    )
    args = parser.parse_args(argv)

    if args.inspect:
        text = render(f"(build in {args.inspect})", report(args.inspect, ROOT))
        return emit(text, args.summary, 0)

    work = Path(tempfile.mkdtemp(prefix="zensical-check-"))
    try:
        print(
            f"zensical_check: installing zensical=={args.zensical} into a temporary venv ...", file=sys.stderr
        )
        if error := install(work / "venv", args.zensical):
            message = f"### Zensical {args.zensical} could not be installed\n\n```text\n{error}\n```\n"
            return emit(message, args.summary, 2)
        project = work / "project"
        changes = copy_project(ROOT, project)
        print(f"zensical_check: building a copy ({', '.join(changes) or 'unchanged'}) ...", file=sys.stderr)
        status, seconds, log = build(work / "venv", project, args.timeout)
        site = project / "site"
        rows = [build_row(status, seconds, log, changes), *report(site, project)]
        tail = "\n".join(log.strip().splitlines()[-25:]) if log.strip() else ""
        text = render(args.zensical, rows, tail)
        built_something = (site / "index.html").is_file()
        return emit(text, args.summary, 0 if built_something else 1)
    finally:
        if args.keep:
            print(f"zensical_check: kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)


def emit(text: str, summary: Path | None, status: int) -> int:
    print(text)
    if summary:
        with summary.open("a", encoding="utf-8") as handle:
            handle.write(text + "\n")
    return status


if __name__ == "__main__":
    sys.exit(main())
