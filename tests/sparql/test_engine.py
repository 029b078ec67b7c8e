"""The query runner: Oxigraph evaluation, update detection, time limit (no server)."""

from __future__ import annotations

import time

import pyoxigraph as ox
import pytest

from graph.errors import QueryError, QueryTimeoutError
from graph.sparql.engine import QueryRequest, QueryRunner, UpdateRefusedError, is_update


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }", True),
        ("PREFIX a: <urn:a:>\n# note\nBASE <http://x/> DELETE WHERE { ?s a:p ?o }", True),
        ("LOAD <http://127.0.0.1:9/never-fetched>", True),
        ("clear all", True),
        ("DROP SILENT GRAPH <urn:x:g> ; CREATE GRAPH <urn:x:g>", True),
        ("SELECT * WHERE { ?s ?p }", False),
        ("SELECT * WHERE { ?s ?p ?o }", False),
        ("", False),
        ("PREFIX a: <urn:a:>", False),
        ("INSERT DATA { <urn:x:a> <urn:x:b> ", False),
    ],
)
def test_is_update(text, expected):
    assert is_update(text) is expected


@pytest.fixture()
def store() -> ox.Store:
    store = ox.Store()
    graph = ox.NamedNode("urn:x:graph")
    store.extend(ox.Quad(ox.NamedNode(f"urn:x:s{i}"), ox.NamedNode(f"urn:x:p{i % 7}"), ox.Literal(str(i)), graph) for i in range(2000))
    return store


def test_runs_on_the_union_default_graph(store):
    runner = QueryRunner(store, timeout=10)
    answer = runner.run(QueryRequest("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", accept="text/csv"))
    assert answer.body.read().decode().split() == ["n", "2000"]
    assert answer.media_type == "text/csv" and answer.form == "solutions"


def test_updates_are_refused_and_nothing_changes(store):
    runner = QueryRunner(store, timeout=10)
    with pytest.raises(UpdateRefusedError):
        runner.run(QueryRequest("DELETE WHERE { ?s ?p ?o }"))
    assert len(store) == 2000


def test_malformed_query_keeps_the_parser_message(store):
    with pytest.raises(QueryError, match="error at 1:"):
        QueryRunner(store).run(QueryRequest("SELECT ?s WHERE { ?s ?p }"))


def test_a_runaway_query_is_stopped_at_the_deadline(store):
    runner = QueryRunner(store, timeout=0.5)
    started = time.monotonic()
    with pytest.raises(QueryTimeoutError):
        runner.run(QueryRequest("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", accept="text/tab-separated-values"))
    # Returning at all proves the evaluation stopped: unstopped, it would write 8·10⁹ rows.
    assert time.monotonic() - started < 30


def test_a_cancelled_submission_stops(store):
    runner = QueryRunner(store, timeout=60)
    future, cancelled = runner.submit(QueryRequest("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"))
    time.sleep(0.2)
    cancelled.set()
    with pytest.raises(QueryTimeoutError):
        future.result(timeout=30)
    runner.close()
