"""Request limits: big and malformed bodies get a 4xx in the route's own format, never a 500."""

from __future__ import annotations

import json
import logging
import socket
import statistics
import threading
import time

import httpx
import pytest
from graphql.error import GraphQLError

from graph.api.request_limits import MAX_GRAPHQL_BODY, JsonBodyError, json_depth, load_json
from graph.errors import NotFoundError
from tests.served import ServedProcess

TOKEN = "safety-http-token"
GRAPHQL_OK = {"query": "{ __typename }"}


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


# -- unit: JSON with a depth limit ------------------------------------------------------


@pytest.mark.parametrize(
    "body, message",
    [
        (b"\xff\xfe{}", "not UTF-8"),
        (b"{not json", "not valid JSON"),
        (_nested(5000).encode(), "nested deeper"),
        (_nested(70).encode(), "nested deeper"),
    ],
)
def test_load_json_refuses_bad_bodies_with_one_error_type(body, message):
    with pytest.raises(JsonBodyError, match=message):
        load_json(body, max_depth=64)


def test_json_depth_counts_arrays_and_objects():
    assert json_depth(json.loads(_nested(10))) == 10
    assert json_depth({"a": [{"b": 1}], "c": 2}) == 3
    assert json_depth(5) == 0
    assert load_json(_nested(64)) == json.loads(_nested(64))


def test_expected_graphql_errors_are_logged_without_traceback(caplog):
    from graph.api.graphql.schema import build_schema

    schema = build_schema()
    expected = GraphQLError("no entity 'x'", original_error=NotFoundError("no entity 'x'"))
    syntax = GraphQLError("Syntax Error: Unexpected '}'")
    unexpected = GraphQLError("boom", original_error=RuntimeError("boom"))
    with caplog.at_level(logging.INFO):
        schema.process_errors([expected, syntax])
    assert caplog.records and not any(r.exc_info for r in caplog.records)
    caplog.clear()
    with caplog.at_level(logging.INFO):
        schema.process_errors([unexpected])
    assert any(r.exc_info for r in caplog.records)


@pytest.mark.e2e
def test_a_failing_field_writes_no_traceback(serve, tmp_path, caplog):
    from graph.api.app import create_app
    from graph.knowledge import KnowledgeGraph

    server = serve(create_app(KnowledgeGraph.open(tmp_path / "store")))
    with caplog.at_level(logging.DEBUG):
        response = server.post("/graphql", json={"query": "{ entity { name } }"})
    assert response.status_code == 200
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
    assert any("entity needs exactly one" in r.getMessage() for r in caplog.records)
    assert not any(r.exc_info for r in caplog.records)


# -- the real server ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    store = tmp_path_factory.mktemp("safety-http") / "store"
    server = ServedProcess(store, "--token", TOKEN)
    try:
        yield server.wait_ready()
    finally:
        server.stop()


def _health_times(url: str, until: threading.Event, times: list[float]) -> None:
    with httpx.Client(timeout=10) as client:
        while not until.is_set():
            started = time.perf_counter()
            assert client.get(url + "/health").status_code == 200
            times.append(time.perf_counter() - started)
            time.sleep(0.02)


def _read_response(sock: socket.socket) -> bytes:
    """Headers and the body of one response (by its Content-Length), or whatever came before the close."""
    reply = b""
    while True:
        head, separator, body = reply.partition(b"\r\n\r\n")
        if separator:
            length = next(
                (int(line.split(b":", 1)[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length:")),
                0,
            )
            if len(body) >= length:
                return reply
        chunk = sock.recv(65536)
        if not chunk:
            return reply
        reply += chunk


@pytest.mark.e2e
def test_declared_50_mb_graphql_body_is_refused_before_it_is_read(served):
    request = f"POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {50 * 1024 * 1024}\r\n\r\n"
    with socket.create_connection(("127.0.0.1", served.port), timeout=10) as sock:
        sock.sendall(request.encode() + b'{"query": "' + b"x" * 65536)
        reply = _read_response(sock)
    status_line, _, rest = reply.partition(b"\r\n")
    assert b" 413 " in status_line
    assert b'"errors"' in rest
    served.assert_alive()


@pytest.mark.e2e
def test_streamed_50_mb_graphql_body_is_cut_off_while_health_stays_fast(served):
    chunk = b"x" * (1024 * 1024)

    def body():
        yield b'{"query": "'
        for _ in range(50):
            yield chunk

    done = threading.Event()
    times: list[float] = []
    prober = threading.Thread(target=_health_times, args=(served.url, done, times), daemon=True)
    prober.start()
    try:
        time.sleep(0.2)
        try:
            response = httpx.post(
                served.url + "/graphql",
                content=body(),
                timeout=60,
                headers={"Content-Type": "application/json"},
            )
            assert response.status_code == 413
            assert response.json()["errors"][0]["message"] == f"request body over {MAX_GRAPHQL_BODY} bytes"
        except httpx.TransportError:
            pass  # the server answered 413 and closed while the client was still sending: also a refusal
        time.sleep(0.2)
    finally:
        done.set()
        prober.join(timeout=15)
    assert len(times) >= 5
    assert statistics.median(times) < 0.2, times
    assert max(times) < 1.0, times
    served.assert_alive()


MALFORMED_GRAPHQL = {
    "null": (b"null", "application/json"),
    "number": (b"42", "application/json"),
    "invalid UTF-8": (b'{"query": "\xff\xfe"}', "application/json"),
    "not JSON": (b"{query", "application/json"),
    "deep variables": (
        ('{"query": "query Q($v: String) { __typename }", "variables": {"v": ' + _nested(5000) + "}}").encode(),
        "application/json",
    ),
    "batch of scalars": (b"[1, 2]", "application/json"),
    "unknown content type": (b"query { __typename }", "text/x-unknown"),
}


@pytest.mark.e2e
@pytest.mark.parametrize("case", sorted(MALFORMED_GRAPHQL))
def test_malformed_graphql_bodies_get_a_graphql_4xx(served, case):
    body, content_type = MALFORMED_GRAPHQL[case]
    response = httpx.post(served.url + "/graphql", content=body, headers={"Content-Type": content_type}, timeout=30)
    assert 400 <= response.status_code < 500, response.text
    errors = response.json()["errors"]
    assert errors and errors[0]["message"]
    served.assert_alive()


@pytest.mark.e2e
def test_deep_get_variables_get_a_graphql_4xx(served):
    params = {"query": "query Q($v: String) { __typename }", "variables": '{"v": ' + _nested(5000) + "}"}
    response = httpx.get(served.url + "/graphql", params=params, headers={"Accept": "application/json"}, timeout=30)
    assert 400 <= response.status_code < 500
    assert response.json()["errors"]


@pytest.mark.e2e
@pytest.mark.parametrize(
    "body",
    [b"null", b"[]", _nested(5000).encode(), b'{"extractions": ' + _nested(5000).encode() + b"}", b'{"extractions": [1]}', b"\xff"],
    ids=["null", "list", "nested", "nested extractions", "scalar records", "invalid UTF-8"],
)
def test_malformed_ingest_bodies_get_a_json_400(served, body):
    response = httpx.post(
        served.url + "/ingest",
        content=body,
        timeout=30,
        headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"},
    )
    assert response.status_code == 400, response.text
    assert "malformed ingest request" in response.json()["error"]
    served.assert_alive()


@pytest.mark.e2e
def test_ordinary_graphql_still_works(served):
    response = httpx.post(served.url + "/graphql", json=GRAPHQL_OK, timeout=30)
    assert response.status_code == 200
    assert response.json() == {"data": {"__typename": "Query"}}
