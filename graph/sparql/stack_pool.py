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

Overtime: a task can't be stopped from outside (Oxigraph offers no
cancellation before a query's first result), so a task past its
``deadline`` keeps its thread. While such overdue tasks run, the pool starts
extra threads (at most ``overtime`` of them) so that ``workers`` threads stay
available to new work; an extra thread ends once it is no longer needed. An
overdue task's thread is also given the lowest CPU priority (where the system
allows a thread's priority to be set), so that runaway queries don't starve
the queries that come after them; the thread leaves the pool when its task ends.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
import time
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
    """``submit(fn, *args, deadline=…)`` → Future, run by one of ``workers`` big-stack threads."""

    def __init__(self, workers: int, *, stack_bytes: int = STACK_BYTES, name: str = "worker", overtime: int | None = None) -> None:
        self._tasks: queue.SimpleQueue = queue.SimpleQueue()
        self._closed = False
        self._threads: list[threading.Thread] = []
        self._workers = workers
        self._overtime = 2 * workers if overtime is None else overtime
        self._stack_bytes = stack_bytes
        self._name = name
        self._lock = threading.Lock()
        self._idle = 0
        self._running: dict[int, float | None] = {}  # thread id → deadline of its task
        self._native: dict[int, int] = {}  # thread id → the system's id of that thread
        self._demoted: set[int] = set()  # threads whose overdue task runs at the lowest priority
        self._started = 0

    def _start(self) -> None:
        """Start the threads on first use (a pool never used costs nothing)."""
        with _STACK_SIZE_LOCK:
            if self._threads:
                return
            for _ in range(self._workers):
                self._threads.append(self._start_one())

    def _start_one(self) -> threading.Thread:
        # Where address space is limited (ulimit -v), settle for a smaller stack rather than no worker.
        name = f"{self._name}-{self._started}"
        self._started += 1
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

    def submit(self, fn: Callable[..., Any], *args: Any, deadline: float | None = None) -> Future:
        """Run ``fn(*args)``; ``deadline`` (``time.monotonic()``) marks when the task is overdue."""
        if self._closed:
            raise RuntimeError("the pool is shut down")
        if not self._threads:
            self._start()
        future: Future = Future()
        self._tasks.put((future, fn, args, deadline))
        self._demote_overdue()
        self._add_overtime_thread()
        return future

    def _demote_overdue(self) -> None:
        """Lowest CPU priority for the threads of overdue tasks (Linux sets it per thread)."""
        if not hasattr(os, "setpriority"):
            return
        now = time.monotonic()
        with self._lock:
            late = [me for me, deadline in self._running.items() if deadline is not None and deadline < now and me not in self._demoted]
            for me in late:
                try:
                    os.setpriority(os.PRIO_PROCESS, self._native[me], 19)
                except (OSError, KeyError):
                    continue
                self._demoted.add(me)

    @property
    def threads(self) -> int:
        return len(self._threads)

    def _overdue(self) -> int:
        now = time.monotonic()
        return sum(1 for deadline in self._running.values() if deadline is not None and deadline < now)

    def _add_overtime_thread(self) -> None:
        """One more thread when the waiting work finds only threads held by overdue tasks."""
        with _STACK_SIZE_LOCK, self._lock:
            overdue = self._overdue()
            waiting = self._tasks.qsize()
            if (
                overdue
                and waiting > self._idle
                and len(self._threads) - overdue < self._workers
                and len(self._threads) < self._workers + self._overtime
            ):
                self._threads.append(self._start_one())
                log.info("%s: %d overdue tasks hold their threads; started an extra one", self._name, overdue)

    def _retire(self) -> bool:
        """True (and this thread leaves the pool) when more threads are free than overdue tasks require."""
        with self._lock:
            if len(self._threads) - self._overdue() > self._workers:
                current = threading.current_thread()
                if current in self._threads:
                    self._threads.remove(current)
                    return True
        return False

    def shutdown(self) -> None:
        """Stop taking work; queued tasks are cancelled, running ones finish in the background."""
        self._closed = True
        for _ in self._threads:
            self._tasks.put(None)

    def _work(self) -> None:
        me = threading.get_ident()
        with self._lock:
            self._native[me] = threading.get_native_id()
        while True:
            with self._lock:
                self._idle += 1
            task = self._tasks.get()
            with self._lock:
                self._idle -= 1
            if task is None:
                return
            future, fn, args, deadline = task
            if self._closed:
                future.cancel()
                continue
            if not future.set_running_or_notify_cancel():
                continue
            with self._lock:
                self._running[me] = deadline
            try:
                result = fn(*args)
            except BaseException as exc:  # handed to the waiting request
                future.set_exception(exc)
            else:
                future.set_result(result)
            finally:
                with self._lock:
                    self._running.pop(me, None)
                    demoted = me in self._demoted
                del task, future, fn, args
            if demoted:  # a thread at the lowest priority serves no new task: it leaves, another starts
                with _STACK_SIZE_LOCK, self._lock:
                    self._demoted.discard(me)
                    self._native.pop(me, None)
                    current = threading.current_thread()
                    if current in self._threads:
                        self._threads.remove(current)
                        if not self._closed and len(self._threads) < self._workers:
                            self._threads.append(self._start_one())
                return
            if self._retire():
                return
