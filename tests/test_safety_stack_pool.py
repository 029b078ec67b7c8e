"""The big-stack pool: results, errors, and deep native recursion that a default stack can't hold."""

from __future__ import annotations

import threading

import pyoxigraph as ox
import pytest

from graph.sparql.stack_pool import StackPool


def test_results_and_exceptions_come_back_through_futures():
    pool = StackPool(2, name="test")
    try:
        assert pool.submit(lambda a, b: a + b, 2, 3).result(timeout=10) == 5
        with pytest.raises(ValueError, match="bad"):
            pool.submit(_raise, "bad").result(timeout=10)
        assert all(name.startswith("test-") for name in _names(pool))
    finally:
        pool.shutdown()
    with pytest.raises(RuntimeError):
        pool.submit(lambda: 1)


def test_threads_start_on_first_use_only():
    pool = StackPool(3)
    assert pool._threads == []
    pool.submit(lambda: None).result(timeout=10)
    assert len(pool._threads) == 3
    pool.shutdown()


def test_deep_expression_runs_on_the_big_stack():
    """100,000 chained && overflow an 8 MB stack in Oxigraph; a worker of the pool evaluates them."""
    query = "ASK { FILTER(" + " && ".join(["true"] * 100_000) + ") }"
    pool = StackPool(1)
    try:
        assert bool(pool.submit(ox.Store().query, query).result(timeout=60)) is True
    finally:
        pool.shutdown()


def _raise(message: str) -> None:
    raise ValueError(message)


def _names(pool: StackPool) -> list[str]:
    alive = {t.name for t in threading.enumerate()}
    return [t.name for t in pool._threads if t.name in alive]
