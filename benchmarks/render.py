"""Build-time diagrams and math (issue #11) against in-page rendering (PRERENDER=false), same run.

    python3 scripts/dev.py python benchmarks/render.py [--runs 3] [--repeat 5] [--no-lighthouse]

Both variants are built from one copy of the project and served gzip-compressed, as GitHub Pages
serves them, by run.py's small server. Measured for each: Lighthouse mobile performance and total
blocking time (median of --runs) on the home page and the note with the most diagrams; JavaScript
transferred by every note page (compressed bytes, from Chromium's network events); full build
times (build-time rendering: cold cache and warm cache); and a `mkdocs serve` rebuild after
editing one note's prose. Writes benchmarks/out/render.json and prints it.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from run import ENV, lighthouse_report, run_measured, save, serve, serve_rebuild

from notekit.render import chromium

ROOT = Path(__file__).resolve().parents[1]
VARIANTS = {"in_page": {"PRERENDER": "false"}, "build_time": {"PRERENDER": "true"}}


def build(project: Path, site: Path, extra: dict) -> float:
    cmd = [sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml"), "-d", str(site)]
    return run_measured(cmd, {**ENV, **extra}, project)[0]


def js_bytes(base: str, pages: list[str]) -> dict[str, int]:
    """Compressed bytes of JavaScript each page transfers on a first visit (empty cache)."""
    from playwright.sync_api import sync_playwright

    out = {}
    with sync_playwright() as playwright:
        browser = chromium.launch(playwright)
        for page_path in pages:
            context = browser.new_context()
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            scripts: set[str] = set()
            sizes: dict[str, int] = {}

            def on_response(event, scripts=scripts):
                if event["type"] == "Script":
                    scripts.add(event["requestId"])

            def on_finished(event, sizes=sizes):
                sizes[event["requestId"]] = event["encodedDataLength"]

            cdp.on("Network.responseReceived", on_response)
            cdp.on("Network.loadingFinished", on_finished)
            page.goto(base + page_path, wait_until="networkidle")
            out[page_path] = sum(sizes.get(request, 0) for request in scripts)
            context.close()
        browser.close()
    return out


def lighthouse(url: str, runs: int) -> dict:
    scores, tbt = [], []
    blocking: dict[str, float] = {}
    for _ in range(runs):
        data = lighthouse_report(url, "--only-categories=performance")
        scores.append(round(data["categories"]["performance"]["score"] * 100))
        tbt.append(round(data["audits"]["total-blocking-time"]["numericValue"]))
        # Where the blocking comes from: the long tasks each script started, in simulated ms.
        for task in data["audits"].get("long-tasks", {}).get("details", {}).get("items", []):
            source = "material" if "/bundle." in task["url"] else "page and other"
            blocking[source] = blocking.get(source, 0) + max(0, task["duration"] - 50) / runs
    return {"performance_median": statistics.median(scores), "performance_runs": scores,
            "tbt_ms_median": statistics.median(tbt), "tbt_runs": tbt,
            "long_task_blocking_ms_mean": {k: round(v) for k, v in blocking.items()}}  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=5, help="builds and serve rebuilds per variant")
    parser.add_argument("--no-lighthouse", action="store_true")
    args = parser.parse_args()
    results: dict = {"date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")}
    work = Path(tempfile.mkdtemp(prefix="bench-render-"))
    project = work / "project"
    # A copy with the asset cache (npm packages) but no render cache, so the first build is cold.
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(".venv", ".git", "site", "render", "out"))
    notes = sorted((project / "docs" / "notes").glob("*.md"))
    most = max(notes, key=lambda p: p.read_text(encoding="utf-8").count("```mermaid"))

    sites = {name: work / name for name in VARIANTS}
    cold = build(project, sites["build_time"], VARIANTS["build_time"])
    # Alternate the two variants so that load from other users of the machine hits both alike.
    times: dict[str, list[float]] = {name: [] for name in VARIANTS}
    rebuilds: dict[str, list[float]] = {name: [] for name in VARIANTS}
    for _ in range(args.repeat):
        for name, extra in VARIANTS.items():
            times[name].append(build(project, sites[name], extra))
    for _ in range(args.repeat):
        for name, extra in VARIANTS.items():
            rebuilds[name].append(serve_rebuild(project / "mkdocs.yml", most, env={**ENV, **extra}))
    in_page, warm = statistics.median(times["in_page"]), statistics.median(times["build_time"])
    results["build"] = {
        "in_page_s": round(in_page, 3),
        "build_time_cold_s": round(cold, 3),
        "build_time_warm_s": round(warm, 3),
        "warm_ratio": round(warm / in_page, 3),
        "cold_ratio": round(cold / in_page, 3),
    }
    serve_in_page, serve_warm = (statistics.median(rebuilds[name]) for name in VARIANTS)
    results["serve_rebuild"] = {
        "in_page_s": round(serve_in_page, 3),
        "build_time_s": round(serve_warm, 3),
        "ratio": round(serve_warm / serve_in_page, 3),
    }

    pages = ["", *(f"notes/{n.stem}/" for n in notes)]
    results["js_bytes_gzip"] = {}
    results["lighthouse_mobile"] = {}
    for name, site in sites.items():
        server, base = serve(site)
        try:
            results["js_bytes_gzip"][name] = js_bytes(base, pages)
            if not args.no_lighthouse:
                results["lighthouse_mobile"][name] = {
                    page or "/": lighthouse(base + page, args.runs) for page in ("", f"notes/{most.stem}/")
                }
        finally:
            server.shutdown()
    save(results, "render.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
