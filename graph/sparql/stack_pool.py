"""A fixed pool of worker threads with a large stack, for work that recurses in native code.

Oxigraph's SPARQL parser and evaluator recurse once per nesting level of a
query; on a default 8 MB thread stack a few thousand levels overflow it and
the whole process dies with a segmentation fault. The pool's threads get
``stack_bytes`` of stack (address space reserved up front, memory committed
only as it is used), which with the nesting guard of
:mod:`graph.sparql.guard` keeps every query the endpoint accepts far from
that limit.

``threading.stack_size`` is process-wide, so it is changed only while the
pool starts its threads, under a lock, and restored at once.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

#: Stack of each worker thread.
STACK_BYTES = 1024 * 1024 * 1024
#: The smallest stack tried when the full one can't be reserved.
MIN_STACK_BYTES = 64 * 1024 * 1024

log = logging.getLogger(__name__)

_STACK_SIZE_LOCK = threading.Lock()


class StackPool:
    """``submit(fn, *args)`` → Future, run by one of ``workers`` big-stack threads."""

    def __init__(self, workers: int, *, stack_bytes: int = STACK_BYTES, name: str = "worker") -> None:
        self._tasks: queue.SimpleQueue = queue.SimpleQueue()
        self._closed = False
        self._threads: list[threading.Thread] = []
        self._workers = workers
        self._stack_bytes = stack_bytes
        self._name = name

    def _start(self) -> None:
        """Start the threads on first use (a pool never used costs nothing)."""
        with _STACK_SIZE_LOCK:
            if self._threads:
                return
            for number in range(self._workers):
                self._threads.append(self._start_one(f"{self._name}-{number}"))

    def _start_one(self, name: str) -> threading.Thread:
        # Where address space is limited (ulimit -v), settle for a smaller stack rather than no worker.
        size = self._stack_bytes
        while True:
            previous = threading.stack_size(size)
            try:
                thread = threading.Thread(target=self._work, name=name, daemon=True)
                thread.start()
                if size != self._stack_bytes:
                    log.warning("%s runs with a %d MB stack (%d MB could not be reserved)", name, size >> 20, self._stack_bytes >> 20)
                return thread
            except RuntimeError:
                if size <= MIN_STACK_BYTES:
                    raise
                size = max(MIN_STACK_BYTES, size // 4)
            finally:
                threading.stack_size(previous)

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future:
        if self._closed:
            raise RuntimeError("the pool is shut down")
        if not self._threads:
            self._start()
        future: Future = Future()
        self._tasks.put((future, fn, args))
        return future

    def shutdown(self) -> None:
        """Stop taking work; queued tasks are cancelled, running ones finish in the background."""
        self._closed = True
        for _ in self._threads:
            self._tasks.put(None)

    def _work(self) -> None:
        while True:
            task = self._tasks.get()
            if task is None:
                return
            future, fn, args = task
            if self._closed:
                future.cancel()
                continue
            if not future.set_running_or_notify_cancel():
                continue
            try:
                result = fn(*args)
            except BaseException as exc:  # handed to the waiting request
                future.set_exception(exc)
            else:
                future.set_result(result)
            finally:
                del task, future, fn, args
