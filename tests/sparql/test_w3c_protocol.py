"""The W3C SPARQL 1.1 Protocol tests, replayed over HTTP against ``newsgraph serve``.

The suite (``manifest.ttl`` and ``data1.nt``–``data3.nt``) lives in
``../shared/w3c/sparql11-protocol/`` beside the repository; without it these
tests are skipped with the path they looked in. The three graphs are loaded
into a real on-disk store under their ``http://kasei.us/2009/09/sparql/data/data*.rdf``
names, the server is started on loopback over it, and every request of every
manifest entry is sent as written (method, path and query string, body,
``Content-Type``). Query tests must get the status, the result format and the
boolean the manifest expects. The endpoint is read-only: an update test must
get a 4xx (whatever status the manifest expects of a writable endpoint) and
leave every quad of the store as it was; its follow-up queries, which check
what the update wrote, are not sent.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import httpx
import pyoxigraph as ox
import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.collection import Collection

from graph.store.dumps import load_dump
from graph.store.oxigraph import Store
from tests.served import ROOT, ServedProcess

SUITE = ROOT.parent / "shared" / "w3c" / "sparql11-protocol"
DATA_IRI = "http://kasei.us/2009/09/sparql/data/{name}.rdf"

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
HTS = "http://www.w3.org/2011/http-statusCodes#StatusCode"

BOOLEAN_TYPES = {"application/sparql-results+json", "application/sparql-results+xml"}
TABULAR_TYPES = BOOLEAN_TYPES | {"text/csv", "text/tab-separated-values"}
RDF_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}
#: Everything in the store, to tell that an update changed nothing.
ALL_QUADS = "SELECT ?g ?s ?p ?o WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"


@dataclass(frozen=True)
class ProtocolRequest:
    method: str
    path: str  # the manifest's absolutePath, /sparql/ prefix included
    body: bytes | None
    headers: dict[str, str]
    statuses: frozenset[int]  # acceptable status classes: 2 for 2xx…
    result_format: str | None
    boolean: bool | None


@dataclass(frozen=True)
class ProtocolTest:
    name: str
    requests: tuple[ProtocolRequest, ...]

    @property
    def is_update(self) -> bool:
        return "update" in self.name


def _read_manifest() -> list[ProtocolTest]:
    manifest = SUITE / "manifest.ttl"
    if not manifest.exists():
        return []
    graph = Graph()
    graph.parse(manifest, format="turtle", publicID=manifest.as_uri())
    entries = Collection(graph, graph.value(URIRef(manifest.as_uri()), MF.entries))
    return [_read_test(graph, entry) for entry in entries]


def _read_test(graph: Graph, entry) -> ProtocolTest:
    name = str(entry).rpartition("#")[2]
    action = graph.value(entry, MF.action)
    requests = []
    for node in Collection(graph, graph.value(action, HT.requests)):
        body_node = graph.value(node, HT.body)
        body = None
        if body_node is not None:
            encoding = str(graph.value(body_node, CNT.characterEncoding) or "UTF-8")
            body = str(graph.value(body_node, CNT.chars)).encode(encoding)
        headers = {}
        headers_list = graph.value(node, HT.headers)
        if headers_list is not None:
            for header in Collection(graph, headers_list):
                headers[str(graph.value(header, HT.fieldName))] = str(graph.value(header, HT.fieldValue))
        response = graph.value(node, HT.resp)
        statuses = frozenset(int(str(code).removeprefix(HTS)[0]) for code in graph.objects(response, MF.expectedStatus))
        result_format = graph.value(response, MF.expectedFormat)
        boolean = graph.value(response, MF.expectedBoolean)
        requests.append(
            ProtocolRequest(
                method=str(graph.value(node, HT.methodName)),
                path=str(graph.value(node, HT.absolutePath)),
                body=body,
                headers=headers,
                statuses=statuses,
                result_format=None if result_format is None else str(result_format),
                boolean=None if boolean is None else boolean.toPython(),
            )
        )
    return ProtocolTest(name, tuple(requests))


TESTS = _read_manifest()


@pytest.fixture(scope="module")
def protocol_server(tmp_path_factory):
    """``newsgraph serve`` over a store holding data1–data3 as named graphs."""
    path = tmp_path_factory.mktemp("w3c-protocol") / "store"
    store = Store.open(path)
    try:
        for name in ("data1", "data2", "data3"):
            graph = f"<{DATA_IRI.format(name=name)}>"
            lines = (SUITE / f"{name}.nt").read_text(encoding="utf-8").splitlines()
            nquads = "".join(line.rstrip().removesuffix(".").rstrip() + f" {graph} .\n" for line in lines if line.strip())
            load_dump(store, "nquads", nquads.encode("utf-8"))
    finally:
        store.close()
    server = ServedProcess(path)
    try:
        yield server.wait_ready()
    finally:
        server.stop()


def _send(server: ServedProcess, request: ProtocolRequest) -> httpx.Response:
    assert request.path.startswith("/sparql/")
    rest = request.path.removeprefix("/sparql/")
    url = server.url + "/sparql" + (rest if not rest or rest.startswith("?") else "/" + rest)
    return httpx.request(request.method, url, content=request.body, headers=request.headers, timeout=30)


def _media_type(response: httpx.Response) -> str:
    return response.headers.get("content-type", "").split(";")[0].strip().lower()


def _boolean(response: httpx.Response) -> bool:
    media_type = _media_type(response)
    if media_type == "application/sparql-results+json":
        return json.loads(response.content)["boolean"]
    boolean = ET.fromstring(response.content).find("{http://www.w3.org/2005/sparql-results#}boolean")
    assert boolean is not None and boolean.text in ("true", "false"), response.text
    return boolean.text == "true"


def _check_result(request: ProtocolRequest, response: httpx.Response) -> None:
    media_type = _media_type(response)
    if request.result_format == "boolean":
        assert media_type in BOOLEAN_TYPES, media_type
        answer = _boolean(response)
        if request.boolean is not None:
            assert answer is request.boolean
    elif request.result_format == "tabular":
        assert media_type in TABULAR_TYPES, media_type
        if media_type == "application/sparql-results+json":
            assert "bindings" in json.loads(response.content)["results"]
    elif request.result_format == "RDF":
        assert media_type in RDF_TYPES, media_type
        ox.parse(response.content, format=RDF_TYPES[media_type])  # raises on a malformed graph


def _snapshot(server: ServedProcess) -> list[tuple[str, ...]]:
    response = httpx.get(server.url + "/sparql", params={"query": ALL_QUADS}, headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.text
    rows = json.loads(response.content)["results"]["bindings"]
    return sorted(tuple(row.get(v, {}).get("value", "") for v in ("g", "s", "p", "o")) for row in rows)


def test_the_suite_is_there():
    if not TESTS:
        pytest.skip(f"the W3C SPARQL 1.1 Protocol tests are not at {SUITE}")
    names = {test.name for test in TESTS}
    assert len(TESTS) == 34 and "query_post_form" in names and "bad_update_dataset_conflict" in names


@pytest.mark.e2e
@pytest.mark.parametrize("test", [t for t in TESTS if not t.is_update], ids=lambda t: t.name)
def test_query(protocol_server, test: ProtocolTest):
    for request in test.requests:
        response = _send(protocol_server, request)
        assert response.status_code // 100 in request.statuses, (response.status_code, response.text)
        if response.status_code < 300:
            _check_result(request, response)
    protocol_server.assert_alive()


@pytest.mark.e2e
@pytest.mark.parametrize("test", [t for t in TESTS if t.is_update], ids=lambda t: t.name)
def test_update_is_refused_and_changes_nothing(protocol_server, test: ProtocolTest):
    before = _snapshot(protocol_server)
    assert len(before) >= 3
    update = test.requests[0]
    response = _send(protocol_server, update)
    assert 400 <= response.status_code < 500, (response.status_code, response.text)
    assert _snapshot(protocol_server) == before
