"""A fixed pool of worker threads with a large stack, for work that recurses in native code.

Oxigraph's SPARQL parser and evaluator recurse once per nesting level of a
query; on a default 8 MB thread stack a few thousand levels overflow it and
the whole process dies with a segmentation fault. The pool's threads get
``stack_bytes`` of stack (address space reserved up front, memory committed
only as it is used), which with the nesting guard of
:mod:`graph.sparql_guard` keeps every query the endpoint accepts far from
that limit.

``threading.stack_size`` is process-wide, so it is changed only while the
pool starts its threads, under a lock, and restored at once.
"""

from __future__ import annotations

import queue
import threading
from concurrent.futures import Future
from typing import Any, Callable

#: Stack of each worker thread.
STACK_BYTES = 1024 * 1024 * 1024

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
            previous = threading.stack_size(self._stack_bytes)
            try:
                for number in range(self._workers):
                    thread = threading.Thread(target=self._work, name=f"{self._name}-{number}", daemon=True)
                    thread.start()
                    self._threads.append(thread)
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
