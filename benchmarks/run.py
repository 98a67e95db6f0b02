"""Benchmarks: every figure is printed as a ratio against a baseline measured in the same run.

    python3 scripts/dev.py python benchmarks/run.py [--notes 1000] [--repeat 5] [--no-lighthouse]
    python3 scripts/dev.py python benchmarks/run.py --lighthouse-only [--site site] [--runs 3]

Writes benchmarks/out/results.json (kept by CI as an artifact), prints each run as it ends, and
writes the builds' section of benchmarks/RESULTS.md (between its `builds` markers; --no-write
leaves the file alone). Timings on a shared 2-core machine are noisy, so every timed figure is
the median of --repeat runs (5 by default), every run is kept, and the variants compared take
turns (ours, baseline, baseline, ours, ...) so that a busy spell of the machine hits both alike;
the 1-minute load average is recorded as each run starts.

- Builds: the real site and a site of --notes generated notes (benchmarks/sitegen.py), ours
  against bare Material (`sitegen.BARE_CONFIG`: Material, the search plugin, five Markdown
  extensions, no hooks) on the same Markdown files.
- Serve rebuild: `mkdocs serve` (with live reload: its file watcher on) on a copy of the real
  site; one word of a note is changed and the time runs until serve logs "Reloading browsers"
  after its rebuild. Ours and bare Material alike.
- Hook cost per note: every build runs through benchmarks/hook_timing.py, which times the
  hooks' event handlers; at --sizes generated notes, the median of those seconds per note, and
  the ratio of the largest size's to the smallest's.

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
from collections.abc import Callable
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


HOOK_TIMING = ROOT / "benchmarks" / "hook_timing.py"


def load_1min() -> float:
    return round(os.getloadavg()[0], 2)


def build_once(config: Path, site: Path, extra_env: dict | None = None) -> dict:
    """One `mkdocs build` of `config` into `site`, run through hook_timing.py: wall seconds, peak
    memory, seconds inside the project's hooks (0 for a configuration without them), and the
    1-minute load average as it started."""
    timing = Path(tempfile.mkstemp(prefix="hooks-", suffix=".json")[1])
    hooks = config.parent / "scripts" / "hooks"
    load = load_1min()
    seconds, mib = run_measured(
        [sys.executable, str(HOOK_TIMING), str(timing), str(hooks), "--",
         "build", "-q", "-f", str(config), "-d", str(site)],
        {**ENV, **(extra_env or {})},
        config.parent,
    )  # fmt: skip
    hooks_s = json.loads(timing.read_text(encoding="utf-8"))["hooks_s"]
    timing.unlink()
    return {"s": round(seconds, 3), "hooks_s": round(hooks_s, 3), "peak_mib": round(mib), "load": load}


def summary(runs: list[dict], key: str = "s") -> dict:
    values = [run[key] for run in runs]
    median = round(statistics.median(values), 3)
    return {"median": median, "min": min(values), "max": max(values), "runs": runs}


def take_turns(variants: dict[str, Callable[[], dict]], repeat: int, label: str) -> dict[str, dict]:
    """Each variant `repeat` times, taking turns: in order on even rounds and in reverse on odd
    ones (A B, B A, A B, ...), so that neither side always runs first. Every run is printed."""
    runs: dict[str, list[dict]] = {name: [] for name in variants}
    names = list(variants)
    for round_ in range(repeat):
        for name in names if round_ % 2 == 0 else names[::-1]:
            run = variants[name]()
            runs[name].append(run)
            shown = ", ".join(f"{k} {v}" for k, v in run.items() if k != "site")
            print(f"  {label}: {name} run {round_ + 1}/{repeat}: {shown}", file=sys.stderr, flush=True)
    return {name: summary(found) for name, found in runs.items()}


def builds(configs: dict[str, tuple[Path, dict | None]], repeat: int, label: str, keep: bool = False) -> dict:
    """`take_turns` over builds of each named (config, extra environment); with `keep`, each
    variant's last site stays (its path under "site"), else every site is deleted once timed."""
    sites: dict[str, Path] = {}

    def one(name: str) -> Callable[[], dict]:
        def run() -> dict:
            if name in sites:
                shutil.rmtree(sites[name], ignore_errors=True)
            sites[name] = Path(tempfile.mkdtemp(prefix="bench-site-"))
            config, env = configs[name]
            return build_once(config, sites[name], env)

        return run

    result = take_turns({name: one(name) for name in configs}, repeat, label)
    for name, site in sites.items():
        if keep:
            result[name]["site"] = str(site)
        else:
            shutil.rmtree(site, ignore_errors=True)
    return result


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


class OneWord:
    """Changes one word of a note back and forth: the first "the" of its body becomes "this",
    then "the" again, and so on (a serve rebuild sees a real edit each time)."""

    def __init__(self, note: Path, word: str = "the", other: str = "this") -> None:
        self.note, self.words = note, (word, other)
        text = note.read_text(encoding="utf-8")
        body = text.index("\n---\n", 4) + 5  # after the front-matter
        self.at = body + re.search(rf"\b{word}\b", text[body:]).start()
        self.current = 0

    def __call__(self) -> None:
        text = self.note.read_text(encoding="utf-8")
        old, new = self.words[self.current], self.words[1 - self.current]
        assert text[self.at : self.at + len(old)] == old
        self.note.write_text(text[: self.at] + new + text[self.at + len(old) :], encoding="utf-8")
        self.current = 1 - self.current


def serve_rebuild(
    config: Path, edit: Callable[[], None], settle: float = 1.0, timeout: float = 180, env: dict | None = None
) -> dict:
    """One `mkdocs serve` (live reload on, so its file watcher runs): started, given `settle`
    seconds, then `edit` is made; seconds from the edit to serve logging "Detected file changes"
    and "Reloading browsers" (its rebuild done), the time between the two, and the rebuild's own
    "Documentation built in".

    MkDocs' watcher polls the files every 0.5 s, so an edit waits 0-0.5 s to be noticed,
    depending on when it falls between two polls; a fixed `settle` would put every edit at the
    same point of that cycle, and it differs between two servers. run.py varies it."""
    port = free_port()
    load = load_1min()
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"],
        env=env or ENV, cwd=config.parent, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    lines: list[str] = []
    try:
        deadline = time.monotonic() + timeout
        for line in proc.stderr:
            lines.append(line)
            if "Serving on" in line:
                break
            if time.monotonic() > deadline:
                break
        else:
            raise RuntimeError("mkdocs serve did not start:\n" + "".join(lines[-30:]))
        time.sleep(settle)  # let the file watcher settle
        result: dict = {"load": load}
        start = time.perf_counter()
        edit()
        for line in proc.stderr:
            lines.append(line)
            if "Detected file changes" in line:
                result["detected_s"] = round(time.perf_counter() - start, 3)
            elif built := re.search(r"Documentation built in ([\d.]+) seconds", line):
                if "detected_s" in result:
                    result["built_in_s"] = float(built.group(1))
            elif "Reloading browsers" in line and "detected_s" in result:
                seconds = time.perf_counter() - start
                rebuild = round(seconds - result["detected_s"], 3)
                return {"s": round(seconds, 3), **result, "rebuild_s": rebuild, "settle_s": settle}
            if time.monotonic() > deadline:
                break
        raise RuntimeError("no rebuild seen:\n" + "".join(lines[-30:]))
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


def write_results_section(
    section: str,
    path: Path = ROOT / "benchmarks" / "RESULTS.md",
    start: str = TABLE_START,
    end: str = TABLE_END,
) -> None:
    """Puts `section` in place of the one between the `start` and `end` markers in RESULTS.md (or
    at its end)."""
    text = path.read_text(encoding="utf-8")
    if start in text and end in text:
        before, rest = text.split(start, 1)
        after = rest.split(end, 1)[1].lstrip("\n")
        text = before + section + ("\n" + after if after else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text, encoding="utf-8")


BUILDS_START, BUILDS_END = "<!-- builds:start -->", "<!-- builds:end -->"


def _runs(summary_: dict, key: str = "s", unit: str = "") -> str:
    """Each run's figure, in order; "-" for a run that did not record it (serve's "Documentation
    built in" line is missed when its watcher saw the edit in the same instant)."""
    return ", ".join(f"{run[key]:g}{unit}" if key in run else "-" for run in summary_["runs"])


def _loads(*summaries: dict) -> str:
    loads = [run["load"] for found in summaries for run in found["runs"]]
    return f"{min(loads):g}-{max(loads):g}" if loads else "-"


def builds_markdown(results: dict) -> str:
    """The builds' section of RESULTS.md: each figure's median, every run, the goals."""
    real, big, serve = results["real_site"], results["big_site"], results["serve_rebuild"]
    runs = real["runs"]
    notes = big["notes"]
    lines = [
        BUILDS_START,
        "",
        "## Builds",
        "",
        f"`{results['command']}`, {results['date']}; {results['machine']}; "
        f"{results['benchmark_seconds']:g} s in all (Lighthouse included when it ran). 1-minute load "
        f"average at the start {results['load_average_at_start'][0]:g}, at the end "
        f"{results['load_average_at_end'][0]:g} (the machine's 2 cores are shared with other work).",
        "",
        "Each figure is the median of the runs listed after it, in the order they ran; the variants "
        "compared took turns (ours, baseline, baseline, ours, ...). Every build is `mkdocs build -q` "
        "in a fresh output folder, run through `benchmarks/hook_timing.py`, which times the hooks.",
        "",
        "- **Ours**: this repository's `mkdocs.yml` (hooks, plugins, Markdown extensions, reader "
        "features, diagrams and math drawn at build time). One untimed build of each site of ours "
        "first fills the render cache (drawings, and each page's parse: scripts/hooks/reuse.py), "
        "so every timed build of ours is a warm one with nothing changed since the last, as a "
        "contributor's next build is; the serve row times a rebuild after an edit.",
        "- **Bare Material**: `benchmarks/sitegen.py`'s `BARE_CONFIG`, as it has been since the "
        "benchmarks began: the Material theme with its defaults, the search plugin, and the "
        "`tables`, `toc` (permalinks), `pymdownx.superfences` and `pymdownx.arithmatex` (generic) "
        "extensions; no hooks, no other plugins, no code highlighting, no `navigation.prune`. "
        "It builds the same Markdown files (the front-matter is read by MkDocs, the "
        "self-check questions files are copied as they are).",
        "- **Generated notes**: `benchmarks/sitegen.py`, each note about 4 KB of prose, tables and "
        "code with six self-check questions and three sources.",
        "",
        "| What | Ours | Baseline | Ratio (goal) | Runs: ours / baseline (s) |",
        "| --- | ---: | ---: | ---: | --- |",
        f"| Real site vs bare Material | {real['ours_s']:g} s | {real['bare_material_s']:g} s "
        f"| {real['ours_vs_bare_ratio']:g} | {_runs(runs['ours'])} / {_runs(runs['bare_material'])} |",
        f"| Real site vs `READER_FEATURES=false` | {real['ours_s']:g} s | "
        f"{real['without_reader_features_s']:g} s | {real['reader_features_cost_ratio']:g} (≤ 1.25) "
        f"| {_runs(runs['ours'])} / {_runs(runs['no_reader_features'])} |",
        f"| {notes:,} generated notes vs bare Material | {big['ours_s']:g} s | "
        f"{big['bare_material_s']:g} s | {big['speedup_vs_bare']:g}x faster (≥ 2x: "
        f"{'met' if big['speedup_vs_bare'] >= 2 else 'missed'}) "
        f"| {_runs(big['runs']['ours'])} / {_runs(big['runs']['bare_material'])} |",
        f"| {notes:,} generated notes, peak memory | {big['ours_peak_mib']} MiB | "
        f"{big['bare_peak_mib']} MiB | {ratio(big['ours_peak_mib'], big['bare_peak_mib']):g} | |",
        f"| `mkdocs serve` rebuild after a one-word edit (real site) | {serve['ours_s']:g} s | "
        f"{serve['bare_material_s']:g} s | {serve['ratio']:g} (≤ 1.1: "
        f"{'met' if serve['ratio'] <= 1.1 else 'missed'}) "
        f"| {_runs(serve['runs']['ours'])} / {_runs(serve['runs']['bare_material'])} |",
        "",
        f"Load average (1 min) as the runs started: real site {_loads(*runs.values())}; generated "
        f"notes {_loads(*big['runs'].values())}; serve {_loads(*serve['runs'].values())}.",
        "",
        'The serve rebuild is timed from saving the note (the first "the" of '
        '`model-context-protocol.md`\'s body becomes "this", and back on the next run) to serve '
        'logging "Reloading browsers" after its rebuild, `mkdocs serve` started without '
        "`--no-livereload` (so its file watcher runs). MkDocs' watcher polls the files every 0.5 s, "
        "so an edit waits up to 0.5 s to be noticed: each side's runs wait 1.0, 1.1, ... 1.4 s after "
        "serve starts before the edit, so that both sides' edits fall across that cycle alike. The "
        f"watcher noticed the edit after {_runs(serve['runs']['ours'], 'detected_s')} s (ours) and "
        f"{_runs(serve['runs']['bare_material'], 'detected_s')} s (bare). From serve noticing the "
        'edit to "Reloading browsers": '
        f"{serve['from_noticed_ours_s']:g} s (ours: {_runs(serve['runs']['ours'], 'rebuild_s')}) vs "
        f"{serve['from_noticed_bare_material_s']:g} s (bare: "
        f"{_runs(serve['runs']['bare_material'], 'rebuild_s')}), a ratio of "
        f'{serve["from_noticed_ratio"]:g}; serve\'s own "Documentation built in" for the rebuild: '
        f"{_runs(serve['runs']['ours'], 'built_in_s')} s (ours) and "
        f"{_runs(serve['runs']['bare_material'], 'built_in_s')} s (bare).",
    ]
    cost = results.get("hook_cost_per_note")
    if cost:
        sizes = cost["sizes"]
        smallest, largest = min(sizes, key=int), max(sizes, key=int)
        verdict = "met" if cost["ratio_largest_vs_smallest"] <= cost["goal_ratio"] else "missed"
        lines += [
            "",
            "### The hooks' cost per note",
            "",
            "Seconds inside the hooks' event handlers (`scripts/hooks/*.py`, which run notekit: "
            "validation, the notes' additions, the deck, the feed, llms.txt, build-time drawing), "
            "timed by `benchmarks/hook_timing.py` in our builds of generated sites, divided by the "
            f"number of notes; median of the runs. The {notes:,}-note runs are those of the table "
            "above. What the hooks' additions then cost MkDocs (more Markdown to render, more text "
            "to index) is in the whole-build figures, not here.",
            "",
            "| Notes | Hooks, median | Per note | Whole build, median | Per note | Runs: hooks / build (s) |",
            "| ---: | ---: | ---: | ---: | ---: | --- |",
        ]
        for size in sorted(sizes, key=int):
            row = sizes[size]
            found = {"runs": row["runs"]}
            lines.append(
                f"| {int(size):,} | {row['hooks_s']:g} s | {row['hooks_ms_per_note']:g} ms | "
                f"{row['build_s']:g} s | {row['build_ms_per_note']:g} ms | "
                f"{_runs(found, 'hooks_s')} / {_runs(found)} |"
            )
        lines += [
            "",
            f"Hooks' cost per note at {int(largest):,} notes vs at {int(smallest):,}: "
            f"**{cost['ratio_largest_vs_smallest']:g}** (goal ≤ {cost['goal_ratio']:g}: {verdict}); "
            f"the whole build's cost per note: {cost['build_ratio_largest_vs_smallest']:g}. "
            f"Load average as the runs started: {_loads(*({'runs': r['runs']} for r in sizes.values()))}.",
        ]
    lines += ["", BUILDS_END]
    out = []
    for line in lines:
        out.append(line if line.startswith(("|", "<!--", "#")) or not line else
                   textwrap.fill(line, 100, break_on_hyphens=False, break_long_words=False,
                                 subsequent_indent="  " if line.startswith("- ") else ""))  # fmt: skip
    return "\n".join(out) + "\n"


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
        site = Path(tempfile.mkdtemp(prefix="bench-site-"))
        build_once(ROOT / "mkdocs.yml", site)
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
    parser.add_argument("--repeat", type=int, default=5, help="runs of each timed figure (median kept)")
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=[100, 500, 1000, 2000],
        help="generated notes at which the hooks' cost per note is measured",
    )  # fmt: skip
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
    results["load_average_at_start"] = [round(x, 2) for x in os.getloadavg()]

    # Untimed: a first build of ours fills the render cache (diagrams and formulas drawn once),
    # so that every timed build of ours is a warm one, as a contributor's are.
    warm = Path(tempfile.mkdtemp(prefix="bench-site-"))
    build_once(real, warm)
    shutil.rmtree(warm, ignore_errors=True)
    real_builds = builds(
        {"ours": (real, None), "no_reader_features": (real, {"READER_FEATURES": "false"}),
         "bare_material": (sitegen.bare_config(bare_real), None)},
        args.repeat, "real site", keep=True,
    )  # fmt: skip
    ours, no_features, bare = (real_builds[k] for k in ("ours", "no_reader_features", "bare_material"))
    results["real_site"] = {
        "ours_s": ours["median"],
        "without_reader_features_s": no_features["median"],
        "bare_material_s": bare["median"],
        "reader_features_cost_ratio": ratio(ours["median"], no_features["median"]),
        "ours_vs_bare_ratio": ratio(ours["median"], bare["median"]),
        "runs": real_builds,
    }

    generated: dict[int, Path] = {}
    for notes in sorted({args.notes, *args.sizes}):
        generated[notes] = sitegen.generate(work / f"notes-{notes}", notes)
        sitegen.bare_config(generated[notes].parent)
        subprocess.run(
            [sys.executable, "-m", "notekit.commands.cli", "--config", str(generated[notes])],
            check=True,
            capture_output=True,
        )
    # The same warm start for the generated sites: their one formula drawn once, the cache shared.
    smallest = generated[min(generated)]
    warm = Path(tempfile.mkdtemp(prefix="bench-site-"))
    build_once(smallest, warm)
    shutil.rmtree(warm, ignore_errors=True)
    drawn = smallest.parent / ".cache" / "render"  # absent when RENDER_CACHE points elsewhere
    for config in generated.values():
        if config != smallest and drawn.is_dir():
            shutil.copytree(drawn, config.parent / ".cache" / "render", dirs_exist_ok=True)
            # ... and one untimed build of each, which keeps its parsed pages for the next
            # (scripts/hooks/reuse.py), as a contributor's last build has.
            build_once(config, warm)
            shutil.rmtree(warm, ignore_errors=True)
    big_config = generated[args.notes]
    real_index = index_timing(real, args.repeat)
    big_index = index_timing(big_config, args.repeat)
    results["index_command"] = {
        "real_notes_ms": round(real_index["seconds"] * 1000, 1),
        "real_ratio_vs_naive_yaml": real_index["ratio_vs_naive"],
        f"{args.notes}_notes_ms": round(big_index["seconds"] * 1000, 1),
        f"{args.notes}_ratio_vs_naive_yaml": big_index["ratio_vs_naive"],
    }

    big = builds(
        {"ours": (big_config, None), "bare_material": (big_config.parent / "mkdocs-bare.yml", None)},
        args.repeat, f"{args.notes} notes",
    )  # fmt: skip
    results["big_site"] = {
        "notes": args.notes,
        "ours_s": big["ours"]["median"],
        "bare_material_s": big["bare_material"]["median"],
        "speedup_vs_bare": ratio(big["bare_material"]["median"], big["ours"]["median"]),
        "goal_speedup": 2.0,
        "ours_peak_mib": max(run["peak_mib"] for run in big["ours"]["runs"]),
        "bare_peak_mib": max(run["peak_mib"] for run in big["bare_material"]["runs"]),
        "runs": big,
    }

    # The hooks' cost per note at each size, ours only; the --notes size reuses the runs above.
    others = {n: (config, None) for n, config in generated.items() if n != args.notes and n in args.sizes}
    by_size = builds(others, args.repeat, "hook cost") if others else {}
    if args.notes in args.sizes:
        by_size[args.notes] = big["ours"]
    scaling = {}
    for notes in sorted(by_size):
        runs = by_size[notes]["runs"]
        scaling[str(notes)] = {
            "hooks_s": summary(runs, "hooks_s")["median"],
            "hooks_ms_per_note": round(summary(runs, "hooks_s")["median"] / notes * 1000, 3),
            "build_s": by_size[notes]["median"],
            "build_ms_per_note": round(by_size[notes]["median"] / notes * 1000, 2),
            "runs": runs,
        }
    if len(scaling) >= 2:
        small, large = scaling[str(min(by_size))], scaling[str(max(by_size))]
        results["hook_cost_per_note"] = {
            "sizes": scaling,
            "ratio_largest_vs_smallest": ratio(large["hooks_ms_per_note"], small["hooks_ms_per_note"]),
            "build_ratio_largest_vs_smallest": ratio(large["build_ms_per_note"], small["build_ms_per_note"]),
            "goal_ratio": 1.3,
        }

    serve_copy = work / "serve"
    shutil.copytree(
        ROOT, serve_copy, ignore=shutil.ignore_patterns(".venv", ".git", "site", "benchmarks", "*.egg-info")
    )
    edit = OneWord(serve_copy / "docs" / "notes" / "model-context-protocol.md")
    serve_configs = {"ours": serve_copy / "mkdocs.yml", "bare_material": sitegen.bare_config(serve_copy)}
    # Each side's k-th run waits the same 1.0 + 0.1 * (k mod 5) s before the edit, so that the
    # edits of both fall across the watcher's 0.5 s polling cycle alike.
    started_runs = {name: 0 for name in serve_configs}

    def serve_run(name: str) -> Callable[[], dict]:
        def run() -> dict:
            settle = 1.0 + 0.1 * (started_runs[name] % 5)
            started_runs[name] += 1
            return serve_rebuild(serve_configs[name], edit, settle)

        return run

    rebuilds = take_turns({name: serve_run(name) for name in serve_configs}, args.repeat, "serve rebuild")
    rebuild_only = {name: summary(found["runs"], "rebuild_s") for name, found in rebuilds.items()}
    results["serve_rebuild"] = {
        "ours_s": rebuilds["ours"]["median"],
        "bare_material_s": rebuilds["bare_material"]["median"],
        "ratio": ratio(rebuilds["ours"]["median"], rebuilds["bare_material"]["median"]),
        "goal_ratio": 1.1,
        "from_noticed_ours_s": rebuild_only["ours"]["median"],
        "from_noticed_bare_material_s": rebuild_only["bare_material"]["median"],
        "from_noticed_ratio": ratio(rebuild_only["ours"]["median"], rebuild_only["bare_material"]["median"]),
        "runs": rebuilds,
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
    results["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    results["command"] = ("python3 scripts/dev.py python benchmarks/run.py " + " ".join(sys.argv[1:])).strip()

    save(results, "results.json")
    print(builds_markdown(results), file=sys.stderr)
    if args.write:
        write_results_section(builds_markdown(results), start=BUILDS_START, end=BUILDS_END)
    for name in ("ours", "no_reader_features", "bare_material"):
        shutil.rmtree(real_builds[name]["site"], ignore_errors=True)
    shutil.rmtree(work, ignore_errors=True)
    return 0


def save(results: dict, name: str) -> None:
    """Write the results to benchmarks/out/`name` and print them."""
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / name).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    sys.exit(main())
