"""No SPARQL request can take the server down or make it connect elsewhere.

The nested-query cases run against a real ``newsgraph serve`` process (a
crash there would be a dead process, not a failed assertion in this one);
SERVICE is checked with local listener sockets that count connections.
"""

from __future__ import annotations

import socket
import threading
import time

import httpx
import pytest

from graph.sparql.guard import (
    MAX_NESTING,
    QueryTooComplexError,
    ServicePolicy,
    ServiceRefusedError,
    check_sparql,
    inspect_sparql,
)
from tests.served import ServedProcess

SPARQL_JSON = {"Accept": "application/sparql-results+json"}


class Listener:
    """A TCP listener on loopback that counts the connections it gets (and never answers)."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._held: list[socket.socket] = []
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/sparql"

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            self._held.append(conn)

    def close(self) -> None:
        self.sock.close()
        for conn in self._held:
            conn.close()


def service_forms(url: str) -> dict[str, str]:
    """The four forms of the issue, and spellings Oxigraph also reads as SERVICE."""
    return {
        "plain": f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        "silent": f"SELECT * WHERE {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}",
        "optional": f"SELECT * WHERE {{ ?a ?b ?c OPTIONAL {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
        "silent in optional": f"SELECT * WHERE {{ OPTIONAL {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }} }}",
        "no space": f"SELECT * WHERE {{ SERVICESILENT<{url}>{{ ?s ?p ?o }} }}",
        "prefixed": f"PREFIX : <{url}> SELECT * WHERE {{ SERVICE:x {{ ?s ?p ?o }} }}",
        "after dot": f"SELECT * WHERE {{ ?a ?b ?c.SERVICE<{url}>{{}} }}",
        "variable": f"SELECT * WHERE {{ BIND(<{url}> AS ?u) SERVICE ?u {{ ?s ?p ?o }} }}",
        "lower case, comments": f"select * where {{ service # hop\n <{url}> # there\n {{ ?s ?p ?o }} }}",
    }


NESTED_BRACES = "SELECT * WHERE " + "{" * 2300 + "}" * 2300
NESTED_PARENS = "SELECT * WHERE { FILTER(" + "(" * 4700 + "1" + ")" * 4700 + ") }"


# -- the guard on its own -------------------------------------------------------


@pytest.mark.parametrize("depth", [MAX_NESTING - 2, MAX_NESTING + 1, 5000])
def test_guard_measures_nesting(depth):
    text = "SELECT * WHERE " + "{" * depth + "}" * depth
    assert inspect_sparql(text).depth == depth
    if depth > MAX_NESTING:
        with pytest.raises(QueryTooComplexError, match=f"{depth} levels"):
            check_sparql(text)
    else:
        check_sparql(text)


def test_guard_skips_strings_and_comments_but_not_iri_lookalikes():
    deep = "(" * 300
    assert inspect_sparql(f'SELECT * WHERE {{ ?s ?p "{deep}" }} # {deep}\n').depth == 1
    assert inspect_sparql(f"SELECT * WHERE {{ ?s ?p '''{deep}\n''' }}").depth == 1
    # "?a < ((…)) > ?b" looks like an IRI: its parentheses still count.
    assert inspect_sparql(f"SELECT * WHERE {{ FILTER(?a<{deep}1{')' * 300}>?b) }}").depth > 300
    assert inspect_sparql("SELECT * WHERE { FILTER(" + "!" * 400 + "true) }").depth > 400


@pytest.mark.parametrize("form", sorted(service_forms("http://127.0.0.1:9/sparql")))
def test_guard_finds_every_service_form(form):
    text = service_forms("http://127.0.0.1:9/sparql")[form]
    shape = inspect_sparql(text)
    assert len(shape.services) == 1
    with pytest.raises(ServiceRefusedError, match="SERVICE"):
        check_sparql(text)


def test_guard_lets_ordinary_service_lookalikes_through():
    text = (
        "PREFIX service: <http://example.org/service/> SELECT * WHERE { "
        "?s service:type 'SERVICE <http://a> { }' . GRAPH service:g { ?s ?p ?o } } # SERVICE <http://b> {"
    )
    assert inspect_sparql(text).services == ()


def test_allowlist_takes_only_full_iris():
    policy = ServicePolicy(allow=("http://127.0.0.1:9/sparql",))
    check_sparql(service_forms("http://127.0.0.1:9/sparql")["plain"], services=policy)
    for form in ("prefixed", "variable"):
        with pytest.raises(ServiceRefusedError, match="not an allowed endpoint"):
            check_sparql(service_forms("http://127.0.0.1:9/sparql")[form], services=policy)
    with pytest.raises(ServiceRefusedError):
        check_sparql(service_forms("http://127.0.0.1:10/sparql")["plain"], services=policy)


# -- the real server -------------------------------------------------------------


@pytest.fixture(scope="module")
def listeners():
    made = {"allowed": Listener(), "other": Listener()}
    yield made
    for listener in made.values():
        listener.close()


@pytest.fixture(scope="module")
def served(tmp_path_factory, listeners):
    """``newsgraph serve`` in its own process, with one allowed SERVICE endpoint."""
    store = tmp_path_factory.mktemp("safety-sparql") / "store"
    server = ServedProcess(store, "--sparql-service-allow", listeners["allowed"].url, "--sparql-service-timeout", "1")
    try:
        yield server.wait_ready()
    finally:
        server.stop()


@pytest.mark.e2e
@pytest.mark.parametrize("query", [NESTED_BRACES, NESTED_PARENS], ids=["braces", "parens"])
def test_nested_query_is_refused_and_the_server_stays_up(served, query):
    url = served.url
    for _ in range(3):
        response = httpx.get(url + "/sparql", params={"query": query}, headers=SPARQL_JSON, timeout=30)
        assert response.status_code == 400
        assert response.headers["content-type"].startswith("text/plain")
        assert "levels deep" in response.text
    response = httpx.post(url + "/sparql", content=query, headers={"Content-Type": "application/sparql-query"}, timeout=30)
    assert response.status_code == 400
    response = httpx.post(url + "/sparql", data={"update": "INSERT DATA " + query[15:]}, timeout=30)
    assert response.status_code in (400, 403)
    served.assert_alive()


@pytest.mark.e2e
def test_long_flat_expression_runs_on_a_big_stack(served):
    """100,000 chained && overflow a default thread stack; the workers' stack holds it."""
    url = served.url
    query = "ASK { FILTER(" + " && ".join(["true"] * 100_000) + ") }"
    response = httpx.post(
        url + "/sparql",
        content=query,
        timeout=60,
        headers={"Content-Type": "application/sparql-query", **SPARQL_JSON},
    )
    assert response.status_code == 200, response.text
    assert response.json()["boolean"] is True
    served.assert_alive()


@pytest.mark.e2e
@pytest.mark.parametrize("form", sorted(service_forms("http://127.0.0.1:9/sparql")))
def test_service_to_other_hosts_is_refused_without_connecting(served, listeners, form):
    url = served.url
    other = listeners["other"]
    query = service_forms(other.url)[form]
    response = httpx.get(url + "/sparql", params={"query": query}, headers=SPARQL_JSON, timeout=30)
    assert response.status_code == 400
    assert "SERVICE" in response.text and "not an allowed endpoint" in response.text
    time.sleep(0.1)
    assert other.connections == 0
    served.assert_alive()


@pytest.mark.e2e
def test_allowed_service_is_called_under_its_own_time_limit(served, listeners):
    """The allowed endpoint is contacted; it never answers, so the query gets 503 at 1 s, not 10 s."""
    url = served.url
    allowed = listeners["allowed"]
    before = allowed.connections
    started = time.monotonic()
    response = httpx.get(url + "/sparql", params={"query": service_forms(allowed.url)["plain"]}, timeout=30)
    elapsed = time.monotonic() - started
    assert response.status_code == 503
    assert elapsed < 5
    assert allowed.connections == before + 1
    # Ordinary queries are not held up by the stuck SERVICE call.
    response = httpx.get(url + "/sparql", params={"query": "ASK {}"}, headers=SPARQL_JSON, timeout=5)
    assert response.status_code == 200
    served.assert_alive()


@pytest.mark.e2e
@pytest.mark.parametrize("form", ["plain", "silent", "optional", "silent in optional"])
def test_service_is_refused_by_default(serve, tmp_path, form):
    from graph.api.app import create_app
    from graph.knowledge import KnowledgeGraph

    listener = Listener()
    knowledge = KnowledgeGraph.open(tmp_path / "store")
    try:
        server = serve(create_app(knowledge))
        response = server.get("/sparql", params={"query": service_forms(listener.url)[form]}, headers=SPARQL_JSON)
        assert response.status_code == 400
        assert "federated queries (SERVICE) are disabled" in response.text
        time.sleep(0.1)
        assert listener.connections == 0
    finally:
        listener.close()
