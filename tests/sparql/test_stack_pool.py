"""The big-stack pool: results, errors, and deep native recursion that a default stack can't hold."""

from __future__ import annotations

import threading
import time

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


def test_overdue_tasks_do_not_starve_new_work():
    """A task past its deadline keeps its thread; the pool adds one so new work still runs."""
    release = threading.Event()
    pool = StackPool(1, overtime=2)
    try:
        stuck = pool.submit(release.wait, 30, deadline=time.monotonic() - 1)
        time.sleep(0.2)
        started = time.monotonic()
        assert pool.submit(lambda: "quick", deadline=time.monotonic() + 5).result(timeout=5) == "quick"
        assert time.monotonic() - started < 2
        assert pool.threads == 2
        release.set()
        assert stuck.result(timeout=5) is True
        _wait_until(lambda: pool.threads == 1)
    finally:
        release.set()
        pool.shutdown()


def test_overtime_is_bounded():
    release = threading.Event()
    pool = StackPool(1, overtime=2)
    try:
        for _ in range(6):
            pool.submit(release.wait, 30, deadline=time.monotonic() - 1)
            time.sleep(0.05)
        assert pool.threads == 3
    finally:
        release.set()
        pool.shutdown()


@pytest.mark.slow
@pytest.mark.xfail(
    strict=False,
    reason="on 2 cores the ASK can land while the storm's results (millions of groups) are being freed, "
    "which holds the process for about a second; it passes on an idle machine with spare cores",
)
def test_a_group_by_storm_leaves_ask_answering():
    """Six queries that run long before their first row, then an ASK: it answers within 2 s."""
    from graph.errors import QueryTimeoutError
    from graph.sparql.engine import QueryRequest, QueryRunner

    store = ox.Store()
    store.extend(ox.Quad(ox.NamedNode(f"http://x/s{i}"), ox.NamedNode(f"http://x/p{i % 7}"), ox.Literal(str(i))) for i in range(150))
    runner = QueryRunner(store, timeout=1.0, workers=4)
    storm = "SELECT ?a (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } GROUP BY ?a ?d ?g"
    try:
        futures = [runner.submit(QueryRequest(storm, accept="application/sparql-results+json"))[0] for _ in range(6)]
        for future in futures:
            with pytest.raises((QueryTimeoutError, TimeoutError)):
                future.result(timeout=3)
        started = time.monotonic()
        answer = runner.run(QueryRequest("ASK { ?s ?p ?o }", accept="application/sparql-results+json"))
        assert time.monotonic() - started < 2
        assert b"true" in answer.body.read()
    finally:
        runner.close()


def _wait_until(condition, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError("condition not reached")
