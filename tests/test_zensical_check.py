"""scripts/zensical_check.py: the report on a built site, checked on small fake builds.

Nothing here installs Zensical or reaches the network: the tests write the few files a build would
leave (a MkDocs-like one where everything came through, a Zensical-like one where the hooks'
additions are missing) and read back the rows the script would print.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from support import ROOT

spec = importlib.util.spec_from_file_location("zensical_check", ROOT / "scripts" / "zensical_check.py")
check = importlib.util.module_from_spec(spec)
sys.modules["zensical_check"] = check  # dataclasses look their module up by name
spec.loader.exec_module(check)

WORKFLOW = ROOT / ".github" / "workflows" / "zensical.yml"
NOTES = {"beta": "Beta & friends", "alpha": "Alpha's note"}  # .pages order: beta first


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    for slug, title in NOTES.items():
        write(root / "docs" / "notes" / f"{slug}.md", f'---\ntitle: "{title}"\n---\n\n# {title}\n')
        write(root / "docs" / "notes" / f"{slug}.questions.yml", "questions: []\n")
    write(root / "docs" / "notes" / ".pages", "# order\nnav:\n  - beta.md\n  - Alpha: alpha.md\n  - ...\n")
    write(
        root / "docs" / "notes" / "alpha.md", "---\ntitle: Alpha's note\n---\n\n<!-- sizing-calculator -->\n"
    )
    return root


def sidebar(slugs: list[str], current: str) -> str:
    links = "".join(
        f'<li class="md-nav__item"><a href="{"./" if s == current else f"../{s}/"}">{s}</a></li>'
        for s in slugs
    )
    return (
        '<nav class="md-nav md-nav--primary"><a href="../..">Home</a><a href="https://github.com/x/y">repo</a>'
        f'{links}<a href="#a-heading">toc</a></nav>'
        '<div class="md-sidebar md-sidebar--secondary"><a href="../unlisted/">not the sidebar</a></div>'
    )


def complete_site(root: Path) -> Path:
    """What the MkDocs build leaves: every feature present."""
    site = root / "site"
    order = ["beta", "alpha"]
    for slug in order:
        body = (
            sidebar(order, slug)
            + '<div class="md-content"><h2 id="sources">Sources</h2><h2 id="related-notes">Related notes</h2>'
            '<details class="question note-question" id="q-x"></details>'
            '<span class="katex">x</span><div class="mermaid"><svg viewBox="0 0 10 10"></svg></div>'
            '<p><abbr title="t">GPU</abbr></p>'
            + ('<div class="sizing-calculator" data-sizing-calculator></div>' if slug == "alpha" else "")
            + "</div>"
        )
        write(site / "notes" / slug / "index.html", body)
    rows = "".join(f'<tr><td><a href="notes/{s}/">{s}</a></td></tr>' for s in order)
    write(
        site / "index.html",
        f'<h2 id="topics">Topics</h2><!-- notes-index:start --><table><tr><th>Note</th></tr>{rows}</table>'
        "<!-- notes-index:end -->",
    )
    write(site / "glossary" / "index.html", "<dl><dt>GPU</dt><dd>graphics processor</dd></dl>")
    write(site / "book" / "index.html", "<h1>The whole book</h1>")
    write(
        site / "tags" / "index.html",
        '<div class="md-content"><a href="../notes/beta/">b</a><a href="../notes/alpha/#x">a</a>',
    )
    write(
        site / "search" / "search_index.json",
        '{"docs": [{"title": "Beta &amp; friends"}, {"title": "Alpha\\u0027s note"}]}',
    )
    for name in ("feed.xml", "llms.txt", "llm-study-notes.apkg", "llm-study-notes.csv"):
        write(site / name, "x")
    return site


def zensical_like_site(root: Path) -> Path:
    """What Zensical left in our measurement: pages in file-name order, the hooks' parts missing,
    math and diagrams left to the browser, KaTeX and Mermaid from CDNs."""
    site = root / "site"
    order = ["alpha", "beta"]
    for slug in order:
        body = (
            sidebar(order, slug) + '<div class="md-content"><h2 id="summary">Summary</h2>'
            '<p><span class="arithmatex">\\(x^2\\)</span></p><pre class="mermaid"><code>flowchart TD</code></pre>'
            '<script src="https://cdn.example.org/lib.js"></script></div>'
        )
        write(site / "notes" / slug / "index.html", body)
    write(
        site / "index.html", '<h2 id="topics">Topics</h2><!-- notes-index:start -->\n<!-- notes-index:end -->'
    )
    write(site / "search.json", '{"items": [{"title": "Alpha\'s note"}]}')
    write(
        site / "javascripts" / "katex.js",
        'const url = "https://cdn.jsdelivr.net/npm/katex@0.19.1/dist/katex.min.js"; renderMathInElement()',
    )
    write(
        site / "assets" / "javascripts" / "bundle.js",
        'load("https://unpkg.com/mermaid@12/dist/mermaid.min.js")',
    )
    return site


def rows_by_feature(site: Path, project: Path) -> dict[str, check.Row]:
    return {row.feature: row for row in check.report(site, project)}


def test_pages_order_reads_plain_and_titled_entries_and_skips_the_rest_marker(project):
    assert check.pages_order(project) == ["beta", "alpha"]
    assert check.note_slugs(project) == ["beta", "alpha"]


def test_a_complete_build_comes_through_on_every_row(project):
    rows = rows_by_feature(complete_site(project), project)
    not_yes = {feature: (row.status, row.how) for feature, row in rows.items() if row.status != "yes"}
    assert not_yes == {}
    assert "in the order of docs/notes/.pages" in rows["Sidebar (nav)"].how
    assert rows["Search index"].how == "search/search_index.json holds 2 of the 2 note titles"
    assert rows["Topic table on the home page"].how.endswith("linking to 2 of the 2 notes")


def test_a_zensical_like_build_reports_what_is_missing_and_why(project):
    rows = rows_by_feature(zensical_like_site(project), project)
    status = {feature: row.status for feature, row in rows.items()}
    assert status == {
        "Note pages": "yes",
        "Sidebar (nav)": "partly",
        "Search index": "partly",
        "Math": "partly",
        "Diagrams": "partly",
        "Topic table on the home page": "no",
        "Related notes": "no",
        "Glossary page": "no",
        "Glossary tooltips": "no",
        "Sources section": "no",
        "Self-check questions": "no",
        "Book (all pages on one)": "no",
        "Sizing calculator": "no",
        "Tags page": "no",
        "Self-hosted assets": "no",
        "Feed, llms.txt, Anki deck and CSV": "no",
    }
    assert "file-name order: docs/notes/.pages is not read" in rows["Sidebar (nav)"].how
    assert "KaTeX would come from https://cdn.jsdelivr.net/npm/katex@0.19.1" in rows["Math"].how
    assert "https://unpkg.com/mermaid@12/dist/mermaid.min.js" in rows["Diagrams"].how
    assert rows["Self-hosted assets"].how.endswith("cdn.example.org, cdn.jsdelivr.net, unpkg.com")
    assert "the notes hook" in rows["Sources section"].how


def test_a_missing_note_page_makes_pages_partly_and_a_typed_question_list_is_named(project):
    site = complete_site(project)
    (site / "notes" / "alpha" / "index.html").unlink()
    write(
        site / "notes" / "beta" / "index.html",
        sidebar(["beta"], "beta") + '<h2 id="self-check-questions">Q</h2>',
    )
    rows = rows_by_feature(site, project)
    assert (rows["Note pages"].status, rows["Note pages"].how.split(" (")[0]) == (
        "partly",
        "1 of the 2 notes in docs/notes/*.md have a page",
    )
    assert rows["Self-check questions"].status == "no"
    assert rows["Self-check questions"].how.endswith("carry a question list in their own Markdown: beta")


def test_sidebar_notes_resolve_relative_links_and_ignore_the_page_contents():
    page = sidebar(["beta", "alpha"], "alpha")
    assert check.sidebar_notes(page, "notes/alpha/") == ["beta", "alpha"]
    assert check.sidebar_notes("<p>no sidebar</p>", "notes/alpha/") == []


def test_the_table_escapes_pipes_and_marks_missing_features():
    text = check.table([check.Row("A", "no", "x | y"), check.Row("B", "yes", "fine")])
    assert text.splitlines() == [
        "| Feature | Comes through? | How checked |",
        "| --- | --- | --- |",
        "| A | **no** | x \\| y |",
        "| B | yes | fine |",
    ]


def test_build_row_tells_a_time_out_a_failure_and_a_success_apart():
    changes = ["`strict: false`"]
    assert check.build_row(None, 600, "", changes).status == "no"
    failed = check.build_row(1, 2.0, "RuntimeError: undefined value (in 404.html:13)", changes)
    assert (failed.status, failed.how) == (
        "no",
        "`zensical build` exited with 1 after 2.0 s; the copy has `strict: false`",
    )
    done = check.build_row(0, 1.5, "INFO x\nWARNING -  y\nWarning: page does not exist\n", changes)
    assert (done.status, done.how) == (
        "yes",
        "`zensical build` exited with 0 in 1.5 s, 2 warnings; the copy has `strict: false`",
    )


def test_the_copy_leaves_out_git_and_builds_and_is_adapted(tmp_path):
    source = tmp_path / "repo"
    write(source / "mkdocs.yml", "site_name: x\nstrict: true\nhooks:\n  - scripts/hooks/notes.py\n")
    write(source / "overrides" / "404.html", "{{ nav.pages }}")
    write(source / "overrides" / "main.html", "{% extends 'base.html' %}")
    for skipped in (".git/HEAD", ".venv/pyvenv.cfg", "site/index.html", ".cache/render/x"):
        write(source / skipped, "x")
    changes = check.copy_project(source, tmp_path / "copy")
    copy = tmp_path / "copy"
    assert re.search(r"^strict: false$", (copy / "mkdocs.yml").read_text(), re.M)
    assert not (copy / "overrides" / "404.html").exists() and (copy / "overrides" / "main.html").exists()
    assert sorted(p.name for p in copy.iterdir()) == ["mkdocs.yml", "overrides"]
    assert len(changes) == 2
    assert (source / "overrides" / "404.html").exists(), "the repository itself is never changed"


def test_inspect_prints_the_table_and_appends_it_to_the_summary_file(project, capsys, monkeypatch):
    site = zensical_like_site(project)
    monkeypatch.setattr(check, "ROOT", project)
    summary = project / "summary.md"
    summary.write_text("before\n", encoding="utf-8")
    assert check.main(["--inspect", str(site), "--summary", str(summary)]) == 0
    printed = capsys.readouterr().out
    assert "| Topic table on the home page | **no** |" in printed
    assert summary.read_text(encoding="utf-8") == "before\n" + printed


def test_platform_md_names_the_pinned_version():
    platform = (ROOT / "docs-dev" / "PLATFORM.md").read_text(encoding="utf-8")
    assert f"Zensical {check.ZENSICAL_VERSION}" in platform, "PLATFORM.md and the script's pin differ"


def load_workflow() -> dict:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the bare key `on` as True
    return data


def test_the_workflow_runs_the_report_into_the_job_summary_and_never_blocks_a_merge():
    workflow = load_workflow()
    assert set(workflow["on"]) == {"pull_request", "push", "workflow_dispatch"}
    assert workflow["permissions"] == {"contents": "read"}
    job = workflow["jobs"]["zensical"]
    assert job["continue-on-error"] is True
    assert job["timeout-minutes"] <= 30
    runs = [step["run"] for step in job["steps"] if "run" in step]
    assert runs == ['python3 scripts/zensical_check.py --summary "$GITHUB_STEP_SUMMARY"']
    actions = [step["uses"] for step in job["steps"] if "uses" in step]
    # The conventions tests/test_workflows.py holds the other workflows to.
    assert all(re.fullmatch(r"[\w.-]+/[\w.-]+@v\d+(?:\.\d+){0,2}", ref) for ref in actions), actions
    (checkout,) = [step for step in job["steps"] if step.get("uses", "").startswith("actions/checkout@")]
    assert checkout["with"]["persist-credentials"] is False


def test_the_workflow_matches_githubs_schema():
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.github-workflows",
            str(WORKFLOW),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
