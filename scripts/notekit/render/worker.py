"""One thread that runs calls in turn, each waited for at most a given time.

Playwright's sync API must be driven from one thread, and refuses a thread that has an asyncio
loop running (a test session's own browser, a tool that runs MkDocs from async code); a call into
a hung browser never returns. So the build hands every browser call to this thread and waits with
a time limit: past it, the caller gets `Stuck` and stops the browser, which ends the call. The
thread is a daemon, so even a call that never ends cannot keep the interpreter from exiting.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any


class Stuck(Exception):
    """A call did not finish in its time."""


class Worker:
    def __init__(self, name: str):
        self._calls: queue.Queue[tuple[Callable[..., Any], tuple[Any, ...], Future[Any]] | None] = (
            queue.Queue()
        )
        self._thread = threading.Thread(target=self._run, daemon=True, name=name)
        self._thread.start()

    def _run(self) -> None:
        while (item := self._calls.get()) is not None:
            fn, args, future = item
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(fn(*args))
            except BaseException as exc:  # handed to the caller, who decides
                future.set_exception(exc)

    def call(self, timeout: float, fn: Callable[..., Any], *args: Any) -> Any:
        future: Future[Any] = Future()
        self._calls.put((fn, args, future))
        try:
            return future.result(timeout=timeout)
        except TimeoutError:
            future.cancel()
            raise Stuck(f"no answer within {timeout:g} s") from None

    def stop(self) -> None:
        """Lets the thread end after the calls already queued."""
        self._calls.put(None)
