"""Benchmarks: every figure is printed as a ratio against a baseline measured in the same run.

    python3 scripts/dev.py python benchmarks/run.py [--notes 1000] [--repeat 3] [--no-lighthouse]
    python3 scripts/dev.py python benchmarks/run.py --lighthouse-only [--site site] [--runs 3]

Writes benchmarks/out/results.json (kept by CI as an artifact) and prints a Markdown table that
can be pasted into benchmarks/RESULTS.md. Timings on a shared 2-core machine are noisy: each
build is run --repeat times and the median is kept.

Lighthouse (issue #19: performance at least 95 and total blocking time at most 200 ms on the home
page and every note page) runs --runs times on each of those pages, served gzip-compressed as
GitHub Pages serves them; the medians and each run go to the terminal, to
benchmarks/out/lighthouse.json (with the diagnostics: largest paint element, long tasks by
script, render-blocking files) and to the marked section of benchmarks/RESULTS.md (unless
--no-write). --lighthouse-only skips everything else; --site uses an existing build instead of
building one. It is a benchmark, not a gate: on 2 shared cores a score moves by 10-20 points."""

from __future__ import annotations

import argparse
import gzip
import http.server
import io
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
import urllib.parse
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import sitegen

from notekit.notes.collection import load_collection
from notekit.outputs import readme
from notekit.render import chromium

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "out"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
ENV.pop("READER_FEATURES", None)
LIGHTHOUSE = "12"  # major version, run through npx


def run_measured(cmd: list[str], env: dict, cwd: Path) -> tuple[float, float]:
    """(seconds, peak resident memory in MiB) of one child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    stderr = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{stderr[-3000:]}")
    return elapsed, usage.ru_maxrss / 1024  # ru_maxrss is in KiB on Linux


def build(config: Path, repeat: int, extra_env: dict | None = None) -> dict:
    site = Path(tempfile.mkdtemp(prefix="bench-site-"))
    env = {**ENV, **(extra_env or {})}
    runs = [
        run_measured(
            [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)],
            env,
            config.parent,
        )
        for _ in range(repeat)
    ]
    return {
        "seconds": statistics.median(r[0] for r in runs),
        "peak_mib": max(r[1] for r in runs),
        "site": str(site),
    }


def ratio(value: float, baseline: float) -> float:
    return round(value / baseline, 3) if baseline else float("nan")


def index_timing(config: Path, repeat: int) -> dict:
    """The notes-index work (parse, validate, render, compare) vs a naive read of the same files."""

    def ours() -> None:
        readme.check(load_collection(config))

    def naive() -> None:
        import yaml

        for path in sorted((config.parent / "docs" / "notes").glob("*.md")):
            text = path.read_text(encoding="utf-8")
            yaml.safe_load(text.split("---", 2)[1])

    def best(fn) -> float:
        times = []
        for _ in range(max(repeat, 5)):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
        return min(times)

    ours_s, naive_s = best(ours), best(naive)
    return {"seconds": ours_s, "naive_yaml_seconds": naive_s, "ratio_vs_naive": ratio(ours_s, naive_s)}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve_rebuild(config: Path, note: Path, timeout: float = 120, env: dict | None = None) -> float:
    """Seconds from saving a note to `mkdocs serve` reporting the rebuilt site."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"],
        env=env or ENV, cwd=config.parent, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + timeout
        for line in proc.stderr:
            if "Serving on" in line:
                break
            if time.monotonic() > deadline:
                raise RuntimeError("mkdocs serve did not start")
        time.sleep(1.0)  # let the file watcher settle
        start = time.perf_counter()
        note.write_text(note.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
        for line in proc.stderr:
            if re.search(r"Documentation built in|Reloading browsers", line):
                return time.perf_counter() - start
            if time.monotonic() > deadline:
                break
        raise RuntimeError("no rebuild seen")
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def page_weight(site: Path, page: str, with_search: bool) -> dict:
    """gzip bytes and request count for one page and the local scripts and styles it loads."""
    html_path = site / page
    html = html_path.read_text(encoding="utf-8")
    refs = re.findall(r'<script\b[^>]*\ssrc="([^"]+)"', html) + re.findall(
        r'<link rel="stylesheet" href="([^"]+)"', html
    )
    files = [html_path] + [
        (html_path.parent / ref.split("?")[0]).resolve() for ref in refs if "://" not in ref
    ]
    if with_search and (site / "search" / "search_index.json").exists():
        files.append(site / "search" / "search_index.json")
    total = sum(len(gzip.compress(f.read_bytes(), 6)) for f in files if f.is_file())
    return {"gzip_bytes": total, "requests": len(files)}


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """The built site as GitHub Pages serves it: under the path of `site_url`, text responses
    gzip-compressed when the client accepts it (fonts and images as they are), max-age 600."""

    prefix = "/"
    TEXT = (".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt", ".webmanifest")

    def log_message(self, *args) -> None:
        pass

    def translate_path(self, path: str) -> str:
        clean = path.split("?", 1)[0].split("#", 1)[0]
        if not clean.startswith(self.prefix):
            return str(Path(self.directory) / "outside the site's path" / "404")
        return super().translate_path("/" + clean[len(self.prefix) :])

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?", 1)[0].endswith("/"):
            path = path / "index.html"
        if (
            "gzip" not in self.headers.get("Accept-Encoding", "")
            or not path.is_file()
            or path.suffix not in self.TEXT
        ):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def serve(site: Path, prefix: str = "/") -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serves `site` gzip-compressed under `prefix` from a thread; returns the server and its URL."""
    prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
    handler = type("SiteHandler", (GzipHandler,), {"prefix": prefix})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", free_port()), partial(handler, directory=str(site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}{prefix}"


def site_prefix(site: Path) -> str:
    """The path part of the address the site was built for (its canonical link), e.g. /repo/."""
    match = re.search(r'<link rel="canonical" href="([^"]+)"', (site / "index.html").read_text("utf-8"))
    return urllib.parse.urlsplit(match.group(1)).path if match else "/"


# Flags chrome-launcher gives the browser it starts for Lighthouse, where they bear on timing: no
# background throttling of the page, no extensions, none of Chrome's own background services.
LIGHTHOUSE_FLAGS = [
    "--disable-extensions", "--disable-component-extensions-with-background-pages",
    "--disable-backgrounding-occluded-windows", "--disable-renderer-backgrounding",
    "--disable-background-timer-throttling", "--disable-ipc-flooding-protection",
    "--disable-default-apps", "--mute-audio", "--disable-client-side-phishing-detection",
    "--disable-features=Translate,OptimizationHints,MediaRouter,DialMediaRouteProvider,RenderDocument",
]  # fmt: skip


def lighthouse_report(url: str, *options: str, timeout: float = 300) -> dict:
    """One Lighthouse run (mobile profile) on `url` with the project's Chromium: its JSON report.

    The browser is started here (`chromium.Headless`) and Lighthouse attaches to it (--port), so
    that it is always stopped, even when Lighthouse hangs or this script is interrupted: a browser
    that Lighthouse starts itself is detached from us and outlives a killed run."""
    folder = Path(tempfile.mkdtemp(prefix="lighthouse-"))
    report = folder / "report.json"
    browser = chromium.Headless(chromium.executable(), [*chromium.ARGS, *LIGHTHOUSE_FLAGS])
    process = None
    try:
        port = urllib.parse.urlsplit(browser.start(timeout=60)).port
        process = subprocess.Popen(
            ["npx", "--yes", f"lighthouse@{LIGHTHOUSE}", url, "--quiet", "--output=json",
             f"--output-path={report}", f"--port={port}", "--form-factor=mobile", *options],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
        )  # fmt: skip
        _, stderr = process.communicate(timeout=timeout)
        if process.returncode != 0:
            raise subprocess.CalledProcessError(process.returncode, "lighthouse", stderr=stderr)
        return json.loads(report.read_text())
    finally:
        if process is not None and process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)  # npx and the node it started
            process.wait()
        browser.kill()
        shutil.rmtree(folder, ignore_errors=True)


def wait_for_quiet(max_load: float | None, max_wait: float) -> float:
    """Waits (at most `max_wait` seconds) until the 1-minute load average is at most `max_load`;
    returns the load average when the run starts."""
    deadline = time.monotonic() + max_wait
    while max_load is not None and os.getloadavg()[0] > max_load and time.monotonic() < deadline:
        time.sleep(10)
    return round(os.getloadavg()[0], 2)


def _first_node(value) -> dict | None:
    """The first DOM node Lighthouse names in an audit's details (tables nest inside lists)."""
    if isinstance(value, dict):
        if value.get("type") == "node":
            return value
        value = list(value.values())
    if isinstance(value, list):
        for item in value:
            if (found := _first_node(item)) is not None:
                return found
    return None


def _source(url: str, page_url: str) -> str:
    """Who started a long task, from its script's address."""
    if not url or url == "Unattributable":
        return "unattributable"
    if url.split("#")[0] == page_url:
        return "the page (HTML, inline)"
    path = urllib.parse.urlsplit(url).path
    if "/assets/javascripts/bundle." in path:
        return "Material's bundle"
    if "/assets/javascripts/workers/search." in path:
        return "Material's search worker"
    return path.rsplit("/", 1)[-1] or path


def lighthouse_facts(data: dict, page_url: str) -> dict:
    """What one run says about the goals and where the time went."""
    audits = data["audits"]

    def value(name: str) -> float | None:
        return audits.get(name, {}).get("numericValue")

    def items(name: str) -> list[dict]:
        return (audits.get(name, {}).get("details") or {}).get("items") or []

    node = _first_node(audits.get("largest-contentful-paint-element", {}).get("details"))
    blocking: dict[str, float] = {}
    for task in items("long-tasks"):
        source = _source(task.get("url", ""), page_url)
        blocking[source] = blocking.get(source, 0) + max(0.0, task["duration"] - 50)
    document = next((r for r in items("network-requests") if r.get("url") == page_url), {})
    return {
        "performance": round(data["categories"]["performance"]["score"] * 100),
        "tbt_ms": round(value("total-blocking-time") or 0),
        "lcp_ms": round(value("largest-contentful-paint") or 0),
        "fcp_ms": round(value("first-contentful-paint") or 0),
        "speed_index_ms": round(value("speed-index") or 0),
        "cls": round(value("cumulative-layout-shift") or 0, 3),
        "main_thread_ms": round(value("mainthread-work-breakdown") or 0),
        "main_thread_by_kind_ms": {
            item["groupLabel"]: round(item["duration"]) for item in items("mainthread-work-breakdown")
        },
        "script_ms_by_file": {
            _source(item["url"], page_url): round(item["scripting"]) for item in items("bootup-time")
        },
        "dom_elements": round(value("dom-size") or 0),
        "long_tasks": [
            [_source(task.get("url", ""), page_url), round(task["startTime"]), round(task["duration"])]
            for task in items("long-tasks")
        ],
        "lcp_element": (node or {}).get("selector") or (node or {}).get("nodeLabel"),
        "long_task_blocking_ms": {k: round(v) for k, v in sorted(blocking.items(), key=lambda kv: -kv[1])},
        "render_blocking": [
            {"url": r["url"], "wasted_ms": round(r.get("wastedMs", 0))}
            for r in items("render-blocking-resources")
        ],
        "document_transfer_bytes": document.get("transferSize"),
        "document_bytes": document.get("resourceSize"),
        "text_compression_ok": audits.get("uses-text-compression", {}).get("score") in (1, None),
        "benchmark_index": round(data.get("environment", {}).get("benchmarkIndex") or 0),
    }


def host_activity(seconds: float = 3.0, top: int = 6) -> dict:
    """Load average and the busiest other programs over a few seconds (Linux's /proc), so that a
    result can be read against what else the shared machine was doing."""
    result: dict = {"load_average": [round(x, 2) for x in os.getloadavg()]}

    def ticks() -> dict[int, tuple[str, int]]:
        out = {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                raw = stat.read_text()
            except OSError:
                continue
            name = raw[raw.index("(") + 1 : raw.rindex(")")]
            fields = raw[raw.rindex(")") + 2 :].split()
            out[int(stat.parent.name)] = (name, int(fields[11]) + int(fields[12]))
        return out

    try:
        before = ticks()
        time.sleep(seconds)
        after = ticks()
    except (OSError, ValueError):
        return result
    hz = os.sysconf("SC_CLK_TCK")
    busy: dict[str, float] = {}
    for pid, (name, used) in after.items():
        if pid == os.getpid() or pid not in before:
            continue
        share = (used - before[pid][1]) / hz / seconds * 100
        if share > 0.5:
            busy[name] = busy.get(name, 0) + share
    result["busy_cpu_percent"] = {
        name: round(share) for name, share in sorted(busy.items(), key=lambda kv: -kv[1])[:top]
    }
    return result


def note_pages(root: Path = ROOT) -> list[str]:
    """The home page and every note page, as paths under the site's address."""
    return ["", *(f"notes/{path.stem}/" for path in sorted((root / "docs" / "notes").glob("*.md")))]


def lighthouse(
    site: Path,
    pages: list[str],
    runs: int = 3,
    max_load: float | None = None,
    max_wait: float = 600,
    save: Path | None = None,
) -> dict | str:
    """Lighthouse mobile performance, `runs` times on each page of the site served gzip-compressed.
    The runs go round the pages in turn, so that a busy spell of the machine hits all pages alike;
    with `max_load`, each run first waits for the machine to calm down. With `save`, the result so
    far is written there after every run."""
    if chromium.executable() is None or not chromium.executable().exists() or not shutil.which("npx"):
        return "skipped: needs Chromium (CHROME_PATH or Debian's) and npx"
    version = subprocess.run(
        ["npx", "--yes", f"lighthouse@{LIGHTHOUSE}", "--version"], capture_output=True, text=True
    ).stdout.strip()
    server, base = serve(site, site_prefix(site))
    per_page: dict[str, list[dict]] = {page: [] for page in pages}
    out: dict = {"lighthouse": version, "served_at": base, "runs": runs, "max_load": max_load,
                 "host": [], "pages": {}}  # fmt: skip
    started = time.perf_counter()
    try:
        for round_ in range(runs):
            for index, page in enumerate(pages):
                url = base + page
                load = wait_for_quiet(max_load, max_wait)
                if index == 0:  # what else the machine is doing, as each round starts
                    out["host"].append(host_activity())
                facts = lighthouse_facts(lighthouse_report(url, "--only-categories=performance"), url)
                per_page[page].append({**facts, "load_average_1min": load})
                print(f"  run {round_ + 1}/{runs} /{page}: {facts['performance']}, TBT {facts['tbt_ms']} ms"
                      f" (load {load})", file=sys.stderr, flush=True)  # fmt: skip
                if save is not None:
                    _summarize(out, per_page, started)
                    save.parent.mkdir(parents=True, exist_ok=True)
                    save.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
        out["host"].append(host_activity())
    except (subprocess.SubprocessError, OSError, KeyError, json.JSONDecodeError, chromium.StartFailed) as exc:
        return f"failed: {exc}"
    finally:
        server.shutdown()
        server.server_close()
    return _summarize(out, per_page, started)


def _summarize(out: dict, per_page: dict[str, list[dict]], started: float) -> dict:
    """Medians (and where the blocking came from) of the runs so far, into `out`."""
    out["minutes"] = round((time.perf_counter() - started) / 60, 1)
    for page, facts in per_page.items():
        if not facts:
            continue
        sources: dict[str, float] = {}
        for run in facts:
            for source, ms in run["long_task_blocking_ms"].items():
                sources[source] = sources.get(source, 0) + ms / len(facts)
        elements = [run["lcp_element"] for run in facts if run["lcp_element"]]
        out["pages"]["/" + page] = {
            "performance": statistics.median(run["performance"] for run in facts),
            "tbt_ms": statistics.median(run["tbt_ms"] for run in facts),
            "lcp_ms": statistics.median(run["lcp_ms"] for run in facts),
            "fcp_ms": statistics.median(run["fcp_ms"] for run in facts),
            "lcp_element": max(set(elements), key=elements.count) if elements else None,
            "blocking_by_source_ms": {k: round(v) for k, v in sorted(sources.items(), key=lambda kv: -kv[1])},
            "runs": facts,
        }
    return out


GOAL_SCORE, GOAL_TBT = 95, 200
TABLE_START, TABLE_END = "<!-- lighthouse-all-pages:start -->", "<!-- lighthouse-all-pages:end -->"


def lighthouse_markdown(result: dict, command: str, date: str) -> str:
    """The section of RESULTS.md that `--lighthouse-only` (and a full run) rewrites."""
    pages = result["pages"]
    busy: dict[str, int] = {}  # the most each other program took in any sample
    for sample in result["host"]:
        for name, share in sample.get("busy_cpu_percent", {}).items():
            busy[name] = max(busy.get(name, 0), share)
    busiest = ", ".join(f"{name} {share}%" for name, share in sorted(busy.items(), key=lambda kv: -kv[1])[:5])
    samples = "; ".join(", ".join(f"{x:g}" for x in sample["load_average"]) for sample in result["host"])
    bench = [run["benchmark_index"] for page in pages.values() for run in page["runs"]]
    loads = [run["load_average_1min"] for page in pages.values() for run in page["runs"]]
    gate = f", after waiting for it to be at most {result['max_load']:g}" if result["max_load"] else ""
    about = (
        f"`{command}`, {date}. Lighthouse {result['lighthouse']}, mobile profile (a simulated slow phone "
        "and network), performance category only, Debian's Chromium. The built site is served "
        "gzip-compressed under its GitHub Pages path by the script's own server (text files "
        "compressed, fonts and images as they are). Median of "
        f"{result['runs']} runs per page, taken in turn across the pages; {result['minutes']} minutes in all."
    )
    machine = (
        f"Machine: {os.cpu_count()} cores shared with other work. 1-minute load average as each run "
        f"started: {min(loads):g}-{max(loads):g} (median {statistics.median(loads):g}){gate}. Load "
        f"averages (1, 5, 15 min) at the rounds' boundaries: {samples}. Other programs "
        f"busy meanwhile (most seen in a 3-second sample, % of one core): {busiest or 'none'}. "
        f"Lighthouse's CPU benchmark of the host: {min(bench)}-{max(bench)} (median "
        f"{round(statistics.median(bench))})."
    )
    lines = [
        TABLE_START,
        "",
        "## Lighthouse on every page (issue #19)",
        "",
        textwrap.fill(about, 100, break_on_hyphens=False, break_long_words=False),
        "",
        textwrap.fill(machine, 100, break_on_hyphens=False, break_long_words=False),
        "",
        "| Page | Performance (runs) | Total blocking time (runs) | LCP | Goals (≥ 95, ≤ 200 ms) |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    for page, row in pages.items():
        scores = ", ".join(str(run["performance"]) for run in row["runs"])
        tbts = ", ".join(str(run["tbt_ms"]) for run in row["runs"])
        misses = [
            *(["score"] if row["performance"] < GOAL_SCORE else []),
            *(["TBT"] if row["tbt_ms"] > GOAL_TBT else []),
        ]
        verdict = "met" if not misses else "missed: " + ", ".join(misses)
        lines.append(
            f"| `{page}` | {row['performance']:g} ({scores}) | {row['tbt_ms']:,g} ms ({tbts}) "
            f"| {row['lcp_ms'] / 1000:.1f} s | {verdict} |"
        )
    met = sum(row["performance"] >= GOAL_SCORE and row["tbt_ms"] <= GOAL_TBT for row in pages.values())
    lines += ["", f"{met} of {len(pages)} pages meet both goals in this run.", "", TABLE_END]
    return "\n".join(lines) + "\n"


def write_results_section(section: str, path: Path = ROOT / "benchmarks" / "RESULTS.md") -> None:
    """Puts `section` in place of the marked one in RESULTS.md (or after the builds' sections)."""
    text = path.read_text(encoding="utf-8")
    if TABLE_START in text and TABLE_END in text:
        before, rest = text.split(TABLE_START, 1)
        after = rest.split(TABLE_END, 1)[1].lstrip("\n")
        text = before + section + ("\n" + after if after else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text, encoding="utf-8")


def lighthouse_table(result: dict) -> str:
    """A plain table for the terminal."""
    rows = [f"{'page':44} {'perf':>5} {'TBT ms':>7} {'LCP s':>6}  runs (perf / TBT)"]
    for page, row in result["pages"].items():
        runs = " ".join(f"{r['performance']}/{r['tbt_ms']}" for r in row["runs"])
        rows.append(
            f"{page:44} {row['performance']:>5g} {row['tbt_ms']:>7g} {row['lcp_ms'] / 1000:>6.1f}  {runs}"
        )
    return "\n".join(rows)


def lighthouse_only(args: argparse.Namespace) -> int:
    date = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    if args.site:
        site = Path(args.site).resolve()
        if not (site / "index.html").is_file():
            print(f"{site} has no index.html: build the site first", file=sys.stderr)
            return 2
    else:  # built as deployed (default site_url), so it is served under the same path as on Pages
        site = Path(build(ROOT / "mkdocs.yml", 1)["site"])
    pages = note_pages()
    if args.pages:
        pages = [page for page in pages if any(word in "/" + page for word in args.pages)]
    save = OUT / "lighthouse.json"
    result = lighthouse(site, pages, args.runs, args.max_load, args.max_wait, save)
    if isinstance(result, str):
        print(result, file=sys.stderr)
        return 1
    result["date"] = date
    save.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(lighthouse_table(result))
    if args.write and not args.pages:
        command = "python3 scripts/dev.py python benchmarks/run.py " + " ".join(sys.argv[1:])
        write_results_section(lighthouse_markdown(result, command.strip(), date))
        print(f"wrote the table into {ROOT / 'benchmarks' / 'RESULTS.md'}", file=sys.stderr)
    return 0


def _stop_on_sigterm(signum, frame) -> None:
    raise SystemExit(128 + signum)  # so that `finally` stops the browser and the server


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument("--lighthouse-only", action="store_true", help="only Lighthouse, every page")
    parser.add_argument("--site", help="with --lighthouse-only: an existing build to serve (e.g. site)")
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page (median kept)")
    parser.add_argument("--no-write", dest="write", action="store_false", help="leave RESULTS.md as it is")
    parser.add_argument("--pages", nargs="+", help="only pages whose path contains one of these words")
    parser.add_argument(
        "--max-load", type=float, help="before each Lighthouse run, wait for this 1-minute load average"
    )
    parser.add_argument("--max-wait", type=float, default=600, help="seconds to wait for it at most")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    if args.lighthouse_only:
        return lighthouse_only(args)
    started = time.perf_counter()
    results: dict = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
    }

    work = Path(tempfile.mkdtemp(prefix="bench-"))
    real = ROOT / "mkdocs.yml"
    bare_real = work / "real-bare"
    shutil.copytree(ROOT / "docs", bare_real / "docs")
    shutil.copy(ROOT / "README.md", bare_real / "README.md")

    ours = build(real, args.repeat)
    no_features = build(real, args.repeat, {"READER_FEATURES": "false"})
    bare = build(sitegen.bare_config(bare_real), args.repeat)
    results["real_site"] = {
        "ours_s": round(ours["seconds"], 3),
        "without_reader_features_s": round(no_features["seconds"], 3),
        "bare_material_s": round(bare["seconds"], 3),
        "reader_features_cost_ratio": ratio(ours["seconds"], no_features["seconds"]),
        "ours_vs_bare_ratio": ratio(ours["seconds"], bare["seconds"]),
    }

    big_config = sitegen.generate(work / "big", args.notes)
    subprocess.run(
        [sys.executable, "-m", "notekit.commands.cli", "--config", str(big_config)],
        check=True,
        capture_output=True,
    )
    real_index = index_timing(real, args.repeat)
    big_index = index_timing(big_config, args.repeat)
    results["index_command"] = {
        "real_notes_ms": round(real_index["seconds"] * 1000, 1),
        "real_ratio_vs_naive_yaml": real_index["ratio_vs_naive"],
        f"{args.notes}_notes_ms": round(big_index["seconds"] * 1000, 1),
        f"{args.notes}_ratio_vs_naive_yaml": big_index["ratio_vs_naive"],
    }

    big_ours = build(big_config, 1)
    big_bare = build(sitegen.bare_config(big_config.parent), 1)
    results["big_site"] = {
        "notes": args.notes,
        "ours_s": round(big_ours["seconds"], 2),
        "bare_material_s": round(big_bare["seconds"], 2),
        "speedup_vs_bare": ratio(big_bare["seconds"], big_ours["seconds"]),
        "ours_peak_mib": round(big_ours["peak_mib"]),
        "bare_peak_mib": round(big_bare["peak_mib"]),
    }

    serve_copy = work / "serve"
    shutil.copytree(
        ROOT, serve_copy, ignore=shutil.ignore_patterns(".venv", ".git", "site", "benchmarks", "*.egg-info")
    )
    note = serve_copy / "docs" / "notes" / "model-context-protocol.md"
    ours_rebuild = serve_rebuild(serve_copy / "mkdocs.yml", note)
    bare_rebuild = serve_rebuild(sitegen.bare_config(serve_copy), note)
    results["serve_rebuild"] = {
        "ours_s": round(ours_rebuild, 2),
        "bare_material_s": round(bare_rebuild, 2),
        "ratio": ratio(ours_rebuild, bare_rebuild),
    }

    site, bare_site = Path(ours["site"]), Path(bare["site"])
    weights = {}
    for label, page in (("home", "index.html"), ("note", "notes/multi-gpu-training/index.html")):
        for search in (False, True):
            mine, base = page_weight(site, page, search), page_weight(bare_site, page, search)
            weights[f"{label}{'_with_search' if search else ''}"] = {
                "ours_gzip_kb": round(mine["gzip_bytes"] / 1024, 1),
                "bare_gzip_kb": round(base["gzip_bytes"] / 1024, 1),
                "ratio": ratio(mine["gzip_bytes"], base["gzip_bytes"]),
                "ours_requests": mine["requests"],
                "bare_requests": base["requests"],
            }
    results["page_weight"] = weights

    if not args.no_lighthouse:
        lighthouse_result = lighthouse(site, note_pages(), args.runs, args.max_load, args.max_wait)
        results["lighthouse_mobile"] = lighthouse_result
        if isinstance(lighthouse_result, dict):
            print(lighthouse_table(lighthouse_result), file=sys.stderr)
            if args.write:
                command = "python3 scripts/dev.py python benchmarks/run.py " + " ".join(sys.argv[1:])
                write_results_section(
                    lighthouse_markdown(lighthouse_result, command.strip(), results["date"])
                )
    results["benchmark_seconds"] = round(time.perf_counter() - started, 1)

    save(results, "results.json")
    return 0


def save(results: dict, name: str) -> None:
    """Write the results to benchmarks/out/`name` and print them."""
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / name).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    sys.exit(main())
