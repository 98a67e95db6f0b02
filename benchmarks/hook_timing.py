"""Runs one `mkdocs` command in this process and writes the time spent inside the project's hooks.

    python benchmarks/hook_timing.py OUT.json HOOKS_DIR -- build -q -f mkdocs.yml -d site

Every event handler that MkDocs registers from a file in HOOKS_DIR (scripts/hooks/*.py: validation,
the notes' additions, the deck, the feed, build-time drawing...) is wrapped in a timer before the
command starts; OUT.json gets the seconds per event and their sum, and the whole command's seconds.
The handlers and the build are otherwise untouched: MkDocs' own event order and priorities hold
(`functools.wraps` keeps the attributes it reads). What the hooks make other code do later (more
Markdown for MkDocs to render, more text for the search index) is not counted here: run.py prices
that by comparing whole builds with bare Material's.
"""

from __future__ import annotations

import functools
import json
import sys
import time
from pathlib import Path

from mkdocs import plugins
from mkdocs.__main__ import cli


def main() -> int:
    out, hooks_dir, separator, *args = sys.argv[1:]
    assert separator == "--", __doc__
    hooks = Path(hooks_dir).resolve()
    seconds: dict[str, float] = {}
    calls: dict[str, int] = {}
    register = plugins.PluginCollection._register_event

    def timed(event: str, method):
        @functools.wraps(method)
        def wrapper(*a, **kw):
            start = time.perf_counter()
            try:
                return method(*a, **kw)
            finally:
                seconds[event] = seconds.get(event, 0.0) + time.perf_counter() - start
                calls[event] = calls.get(event, 0) + 1

        return wrapper

    def register_timed(self, event_name, method, plugin_name=None):
        code = getattr(method, "__code__", None)
        if code is not None and Path(code.co_filename).resolve().parent == hooks:
            method = timed(f"{Path(code.co_filename).stem}.on_{event_name}", method)
        return register(self, event_name, method, plugin_name=plugin_name)

    plugins.PluginCollection._register_event = register_timed
    start = time.perf_counter()
    status = 0
    try:
        cli.main(args, prog_name="mkdocs", standalone_mode=False)
    except SystemExit as exc:  # click's exit with a status
        status = exc.code if isinstance(exc.code, int) else 1
    total = time.perf_counter() - start
    Path(out).write_text(
        json.dumps(
            {
                "command_s": total,
                "hooks_s": sum(seconds.values()),
                "by_event_s": dict(sorted(seconds.items(), key=lambda kv: -kv[1])),
                "calls": calls,
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    return status


if __name__ == "__main__":
    sys.exit(main())
