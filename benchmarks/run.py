"""Benchmarks: every figure is printed as a ratio against a baseline measured in the same run.

    python3 scripts/dev.py python benchmarks/run.py [--notes 1000] [--repeat 3] [--no-lighthouse]

Writes benchmarks/out/results.json (kept by CI as an artifact) and prints a Markdown table that
can be pasted into benchmarks/RESULTS.md. Timings on a shared 2-core machine are noisy: each
build is run --repeat times and the median is kept.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import sitegen

from notekit.notes.collection import load_collection
from notekit.outputs import readme
from notekit.render import chromium

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "out"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
ENV.pop("READER_FEATURES", None)


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


def lighthouse_report(url: str, *options: str) -> dict:
    """One Lighthouse run (mobile profile) on `url` with the project's Chromium: its JSON report."""
    report = Path(tempfile.mkdtemp()) / "report.json"
    flags = " ".join(["--headless=new", *chromium.ARGS])
    subprocess.run(
        ["npx", "--yes", "lighthouse@12", url, "--quiet", "--output=json", f"--output-path={report}",
         f"--chrome-flags={flags}", "--form-factor=mobile", *options],
        env={**os.environ, "CHROME_PATH": str(chromium.executable())}, check=True, timeout=300,
        capture_output=True,
    )  # fmt: skip
    return json.loads(report.read_text())


def lighthouse(pages: list[str]) -> dict | str:
    if not chromium.executable().exists() or not shutil.which("npx"):
        return "skipped: needs Debian's chromium (CHROME_PATH) and npx"
    port = free_port()
    # Built for its own address, as the deployment is for GitHub Pages: self-hosted scripts are
    # referenced by absolute URL.
    site = Path(build(ROOT / "mkdocs.yml", 1, {"SITE_URL": f"http://127.0.0.1:{port}/"})["site"])
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(site)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    scores = {}
    try:
        time.sleep(1)
        for page in pages:
            categories = lighthouse_report(f"http://127.0.0.1:{port}/{page}")["categories"]
            scores[page] = {name: round(c["score"] * 100) for name, c in categories.items()}
    except (subprocess.SubprocessError, OSError, KeyError, json.JSONDecodeError) as exc:
        return f"failed: {exc}"
    finally:
        server.terminate()
    return scores


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-lighthouse", action="store_true")
    args = parser.parse_args()
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
        results["lighthouse_mobile"] = lighthouse(["", "notes/multi-gpu-training/"])
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
