"""A/B of a page's long tasks at start-up between built copies of the site, in one run.

    python3 scripts/dev.py python benchmarks/longtasks.py PAGE NAME=SITE NAME=SITE ... [--runs 5]

e.g. `benchmarks/longtasks.py notes/model-sizing/ before=/tmp/site-before after=site`. Each copy
is served gzip-compressed under its own path by run.py's server; Chromium (Playwright) loads the
page in a phone-sized window (412 x 823) with the CPU slowed 4x (`Emulation.setCPUThrottlingRate`,
as Lighthouse's mobile profile assumes), and waits 4 s after `load`. Printed per copy, medians
over --runs loads taken in alternating order: `blocking`, the sum of each long task's time beyond
50 ms from first paint on (how Lighthouse counts total blocking time); the long tasks; and
Chromium's own main-thread totals (task, script, style recalculation, layout) from
`Performance.getMetrics`. Absolute values follow the machine's load; compare copies within a run.
"""

from __future__ import annotations

import argparse
import statistics
from pathlib import Path

from playwright.sync_api import sync_playwright
from run import serve, site_prefix

from notekit.render import chromium

LONG_TASKS = """
window.__longTasks = []
new PerformanceObserver(list => {
  for (const entry of list.getEntries()) window.__longTasks.push([entry.startTime, entry.duration])
}).observe({ type: "longtask", buffered: true })
"""
FIRST_PAINT = "(performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime || 0"


def load_once(browser, url: str) -> dict[str, float]:
    context = browser.new_context(
        viewport={"width": 412, "height": 823}, device_scale_factor=1.75, is_mobile=True, has_touch=True
    )
    try:
        page = context.new_page()
        page.add_init_script(LONG_TASKS)
        cdp = context.new_cdp_session(page)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
        cdp.send("Performance.enable")
        page.goto(url, wait_until="load")
        page.wait_for_timeout(4000)
        tasks = page.evaluate("window.__longTasks")
        first_paint = page.evaluate(FIRST_PAINT)
        metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    finally:
        context.close()
    return {
        "blocking": sum(max(0.0, length - 50) for start, length in tasks if start + length > first_paint),
        "long tasks": len(tasks),
        "longest": max((length for _, length in tasks), default=0.0),
        "task": metrics["TaskDuration"] * 1000,
        "script": metrics["ScriptDuration"] * 1000,
        "style": metrics["RecalcStyleDuration"] * 1000,
        "layout": metrics["LayoutDuration"] * 1000,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("page", help="the page's path under the site, e.g. notes/model-sizing/ ('' for home)")
    parser.add_argument("sites", nargs="+", metavar="NAME=SITE", help="built copies to compare")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    copies = [tuple(item.split("=", 1)) for item in args.sites]
    urls = {}
    for name, folder in copies:
        site = Path(folder).resolve()
        _, url = serve(site, site_prefix(site))
        urls[name] = url + args.page
    rows: dict[str, list[dict[str, float]]] = {name: [] for name, _ in copies}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium.executable(), args=["--no-sandbox"])
        try:
            for run in range(args.runs):
                for name, _ in copies if run % 2 == 0 else copies[::-1]:
                    rows[name].append(load_once(browser, urls[name]))
        finally:
            browser.close()
    for name, loads in rows.items():
        medians = {key: statistics.median(load[key] for load in loads) for key in loads[0]}
        runs = ", ".join(f"{load['blocking']:.0f}" for load in loads)
        print(
            f"{name}: blocking {medians['blocking']:.0f} ms ({runs}); "
            + "; ".join(f"{key} {value:.0f}" for key, value in medians.items() if key != "blocking")
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
