"""The shared store: a real `oxigraph serve` as a remote SPARQL endpoint, compared with the embedded store on the same data."""

from __future__ import annotations

import base64
import io
import json
import os
import subprocess
import sys
import time

import httpx
import pyoxigraph as ox
import pytest

from graph.api.app import create_app
from graph.api.sparql import example_queries
from graph.errors import InputError, QueryError, StoreError
from graph.knowledge import KnowledgeGraph
from graph.rdf.ontology import load_ontology
from graph.rdf.vocab import Vocabulary
from graph.store import is_remote, open_store
from graph.store.dumps import write_dump
from graph.store.endpoint import SparqlEndpoint, insert_data
from graph.store.oxigraph import Store
from graph.store.remote import RemoteStore
from tests.factories import aid_article, odd_article, sparql_extractions, war_article
from tests.live import free_port
from tests.served import ServedProcess
from tests.settings import ROOT

SAMPLES = (war_article, aid_article, odd_article)


@pytest.fixture
def remote(oxigraph_server):
    store = open_store(oxigraph_server.url)
    assert isinstance(store, RemoteStore)
    yield store
    store.close()


@pytest.fixture
def embedded():
    store = Store.open(None)
    yield store
    store.close()


def _both(remote: Store, embedded: Store, extractions) -> None:
    for store in (remote, embedded):
        assert store.put_articles(extractions) == [False] * len(extractions)
        load_ontology(store)


def _answer_text(answer) -> str:
    """A query answer serialized (solutions and booleans as SPARQL JSON, graphs as sorted N-Triples)."""
    out = io.BytesIO()
    if isinstance(answer, ox.QueryTriples):
        return "\n".join(sorted(str(triple) for triple in answer))
    answer.serialize(out, ox.QueryResultsFormat.JSON)
    return out.getvalue().decode("utf-8")


# -- round trips ----------------------------------------------------------------------


def test_round_trip_gives_the_records_the_embedded_store_gives(remote, embedded):
    extractions = [make() for make in SAMPLES]
    _both(remote, embedded, extractions)
    assert list(remote.extractions()) == list(embedded.extractions()) == sorted(extractions, key=lambda e: e.article.id)
    assert remote.article_ids() == embedded.article_ids() == sorted(e.article.id for e in extractions)
    assert len(remote) == len(embedded) == 3
    for extraction in extractions:
        assert extraction.article.id in remote
        assert remote.extraction(extraction.article.id) == extraction
    assert list(remote.triples("a1")) == list(war_article().triples)
    assert remote.extraction("missing") is None and "missing" not in remote
    assert set(remote.oxigraph) == set(embedded.oxigraph)


def test_reingesting_an_article_replaces_its_graph(remote, embedded):
    _both(remote, embedded, [war_article(), aid_article()])
    changed = war_article(extra_sentence="Ukraine denied the report.")
    assert remote.put_article(changed) is True
    assert embedded.put_article(changed) is True
    assert remote.extraction("a1") == changed
    assert set(remote.oxigraph) == set(embedded.oxigraph)  # nothing of the first version is left
    assert remote.put_articles([aid_article("c3")]) == [False]
    assert remote.article_ids() == ["a1", "b2", "c3"]


def test_entities_are_described_once_and_lose_what_replaced_or_removed_articles_alone_said(remote, embedded):
    _both(remote, embedded, [war_article(), war_article("a2"), aid_article()])
    assert remote.put_articles([aid_article("a1"), aid_article("c3")]) == [True, False]  # a1 no longer says "The U.S."
    assert embedded.put_articles([aid_article("a1"), aid_article("c3")]) == [True, False]
    assert set(remote.oxigraph) == set(embedded.oxigraph)
    assert remote.put_article(aid_article("a2")) is True  # nothing says "The U.S." any more
    assert embedded.put_article(aid_article("a2")) is True
    assert remote.remove_article("c3") is True and embedded.remove_article("c3") is True
    assert set(remote.oxigraph) == set(embedded.oxigraph)
    with Store.open(None) as fresh:
        fresh.put_articles([aid_article("a1"), aid_article("a2"), aid_article()])
        load_ontology(fresh)
        assert set(remote.oxigraph) == set(fresh.oxigraph)
    labels = remote.select("SELECT ?e (COUNT(?l) AS ?n) WHERE { ?e rdfs:label ?l } GROUP BY ?e HAVING (COUNT(?l) > 1)")
    assert [row for row in labels if str(row["e"].value).startswith(str(remote.vocab.ENTITY))] == []


def test_two_versions_in_one_batch_keep_the_second(remote):
    first, second = war_article(), war_article(extra_sentence="Kyiv said nothing.")
    assert remote.put_articles([first, aid_article(), second]) == [False, False, True]
    assert remote.extraction("a1") == second


def test_a_batch_over_the_request_size_goes_in_several_updates(remote, monkeypatch):
    updates: list[str] = []
    send = remote.endpoint.update
    monkeypatch.setattr(remote.endpoint, "update", lambda text, **options: (updates.append(text), send(text, **options))[1])
    assert remote.put_articles([war_article(), aid_article()]) == [False, False]
    assert len(updates) == 1
    monkeypatch.setattr("graph.store.remote.MAX_UPDATE_CHARS", 1)
    done: list[int] = []
    assert remote.put_articles([war_article(), aid_article(), odd_article()], done) == [True, True, False]
    assert len(updates) == 4 and sorted(done) == [0, 1, 2]
    assert [e.article.id for e in remote.extractions()] == sorted(["a1", "b2", odd_article().article.id])


def test_an_article_that_cant_be_stored_is_refused_alone(remote):
    bad = war_article("")  # an empty id has no graph name
    outcomes = remote.put_articles([bad, aid_article()])
    assert isinstance(outcomes[0], InputError) and outcomes[1] is False
    assert remote.article_ids() == ["b2"]


def test_remove_drops_the_article_graph(remote, embedded):
    _both(remote, embedded, [war_article(), aid_article()])
    assert remote.remove_article("a1") is True
    assert remote.remove_article("a1") is False
    assert embedded.remove_article("a1") is True
    assert remote.article_ids() == ["b2"]
    assert set(remote.oxigraph) == set(embedded.oxigraph)


def test_stats_equal_the_embedded_stats(remote, embedded):
    _both(remote, embedded, sparql_extractions())
    remote_stats, embedded_stats = remote.stats(), embedded.stats()
    assert remote_stats.pop("path") == remote.url
    embedded_stats.pop("path")
    assert remote_stats == embedded_stats
    assert remote_stats["articles"] == 3 and remote_stats["statements"] > 0


def test_a_read_only_remote_store_refuses_writes(oxigraph_server):
    with RemoteStore.open(oxigraph_server.url, read_only=True) as store:
        with pytest.raises(StoreError, match="read-only"):
            store.put_article(war_article())
        assert store.article_ids() == []


# -- SPARQL ---------------------------------------------------------------------------

QUERIES = [
    "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o",
    "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
    "SELECT ?label ?category WHERE { ?stmt a ng:Statement ; ng:predicateLabel ?label ; ng:category ?category } ORDER BY ?label ?category",
    "ASK { ?stmt ng:polarity 'negative' }",
    "ASK { ?stmt ng:polarity 'no such polarity' }",
    "CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s a ng:Entity ; rdfs:label ?l }",
    "DESCRIBE ?a WHERE { ?a a schema:NewsArticle }",
]


@pytest.mark.parametrize("sparql", QUERIES)
def test_sparql_answers_equal_the_embedded_answers(remote, embedded, sparql):
    _both(remote, embedded, sparql_extractions())
    expected = _answer_text(embedded.query(sparql))
    assert _answer_text(remote.query(sparql)) == expected
    if sparql.startswith("ASK"):
        assert expected.endswith(f'"boolean":{str("no such" not in sparql).lower()}}}')
    else:
        assert expected.count("https://newsgraph.example.org/") >= 4  # solutions or triples, not an empty answer


def test_a_dataset_named_by_the_query_options_is_the_one_queried(remote, embedded):
    _both(remote, embedded, [war_article(), aid_article()])
    graph = ox.NamedNode(remote.vocab.article("b2"))
    sparql = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    counts = [next(iter(store.select(sparql, default_graph=[graph])))["n"].value for store in (remote, embedded)]
    assert counts[0] == counts[1] != "0"
    union = next(iter(remote.select(sparql)))["n"].value
    assert int(union) > int(counts[0])


def test_a_malformed_query_is_a_query_error_at_its_own_line(remote):
    with pytest.raises(QueryError, match=r"error at 2:"):
        remote.query("SELECT ?s\nWHERE { ?s ")


def test_dumps_equal_the_embedded_dumps(remote, embedded):
    _both(remote, embedded, [war_article(), odd_article()])
    for fmt in ("nquads", "jsonl"):
        dumps = []
        for store in (remote, embedded):
            out = io.BytesIO()
            write_dump(store, fmt, out)
            dumps.append(sorted(out.getvalue().decode("utf-8").splitlines()))
        assert dumps[0] == dumps[1] and dumps[0]
    formats = {"trig": ox.RdfFormat.TRIG, "jsonld": ox.RdfFormat.JSON_LD, "turtle": ox.RdfFormat.TURTLE}
    for fmt, rdf_format in formats.items():  # the same dataset (Turtle: the union graph), whatever the order it is written in
        datasets = []
        for store in (remote, embedded):
            out = io.BytesIO()
            write_dump(store, fmt, out)
            datasets.append(set(ox.parse(out.getvalue(), rdf_format)))
        assert datasets[0] == datasets[1] and len(datasets[0]) > 100


def test_the_knowledge_graph_over_a_remote_store_mirrors_what_it_holds(oxigraph_server):
    with KnowledgeGraph.open(oxigraph_server.url) as writer:
        result = writer.ingest(sparql_extractions())
        assert result.articles == 3 and not result.skipped
        edges = sorted(writer.mirror.graph.edges(keys=True))
    with KnowledgeGraph.open(oxigraph_server.url, read_only=True) as reader, KnowledgeGraph.open(None) as local:
        local.ingest(sparql_extractions())
        assert sorted(reader.mirror.graph.edges(keys=True)) == edges == sorted(local.mirror.graph.edges(keys=True))
        assert reader.summary()["statements"] == local.summary()["statements"] > 0


def test_a_server_follows_what_other_processes_write_to_the_shared_store(oxigraph_server):
    with KnowledgeGraph.open(oxigraph_server.url) as replica, KnowledgeGraph.open(oxigraph_server.url) as worker:
        assert replica.mirror.article_ids() == []
        stop = replica.follow(replica.store.fingerprint, 0.05)  # type: ignore[attr-defined]
        try:
            worker.ingest([war_article(), aid_article()])
            deadline = time.monotonic() + 20
            while replica.mirror.article_ids() != ["a1", "b2"] and time.monotonic() < deadline:
                time.sleep(0.05)
            assert replica.mirror.article_ids() == ["a1", "b2"]
            version = replica.version
            worker.remove_article("a1")
            while replica.mirror.article_ids() != ["b2"] and time.monotonic() < deadline:
                time.sleep(0.05)
            assert replica.mirror.article_ids() == ["b2"] and replica.version > version
        finally:
            stop.set()


# -- opening and errors (no endpoint process) -------------------------------------------


def test_urls_open_a_remote_store_and_anything_else_a_directory():
    assert is_remote("http://127.0.0.1:7878/") and is_remote("HTTPS://example.org/ds/")
    assert not is_remote("newsgraph-data") and not is_remote(None) and not is_remote("./http:/x")


def test_an_unreachable_endpoint_is_a_store_error_naming_it():
    url = f"http://127.0.0.1:{free_port()}/"
    with pytest.raises(StoreError, match=rf"can't reach the SPARQL endpoint at {url}query .*oxigraph serve"):
        open_store(url)


def _endpoint(handler) -> SparqlEndpoint:
    return SparqlEndpoint("http://sparql.test/ds/", transport=httpx.MockTransport(handler))


def test_an_endpoint_failure_is_a_store_error_with_its_status():
    endpoint = _endpoint(lambda request: httpx.Response(503, text="overloaded"))
    with pytest.raises(StoreError, match=r"http://sparql.test/ds/query answered 503: overloaded"):
        endpoint.query("ASK {}")


def test_an_answer_that_is_not_sparql_is_a_store_error():
    endpoint = _endpoint(lambda request: httpx.Response(200, html="<p>hello</p>"))
    with pytest.raises(StoreError, match="answered in text/html"):
        endpoint.ping()


def test_requests_follow_the_sparql_protocol():
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path.endswith("/update"):
            return httpx.Response(204)
        return httpx.Response(200, json={"head": {}, "boolean": True}, headers={"Content-Type": "application/sparql-results+json"})

    endpoint = _endpoint(handler)
    answer = endpoint.query("ASK { ?s ?p ?o }", prefixes={"ex": "http://example.org/"}, use_default_graph_as_union=True)
    assert isinstance(answer, ox.QueryBoolean) and bool(answer)
    endpoint.remove_graph(ox.NamedNode("http://example.org/g"))
    query, update = seen
    assert str(query.url) == "http://sparql.test/ds/query?union-default-graph="
    assert query.headers["content-type"].startswith("application/sparql-query")
    assert query.content.decode() == "PREFIX ex: <http://example.org/>\nASK { ?s ?p ?o }"
    assert str(update.url) == "http://sparql.test/ds/update"
    assert update.content.decode() == "DROP SILENT GRAPH <http://example.org/g>"


def test_credentials_in_the_url_are_sent_but_never_shown():
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(404, text="no such dataset")

    endpoint = SparqlEndpoint("https://reader:s3cret@sparql.test/ds/", transport=httpx.MockTransport(handler))
    with pytest.raises(StoreError) as raised:
        endpoint.ping()
    assert seen[0].headers["authorization"] == "Basic " + base64.b64encode(b"reader:s3cret").decode()
    assert "s3cret" not in str(raised.value) and "s3cret" not in endpoint.url
    assert str(raised.value) == (
        "the SPARQL endpoint at https://sparql.test/ds/query answered 404: no such dataset "
        "(is https://sparql.test/ds/ the dataset's URL, with query and update under it?)"
    )


def test_insert_data_groups_quads_by_graph():
    g1, g2 = ox.NamedNode("http://example.org/g1"), ox.NamedNode("http://example.org/g2")
    s, p = ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p")
    text = insert_data([ox.Quad(s, p, ox.Literal("a"), g1), ox.Quad(s, p, ox.Literal("b"), g2), ox.Quad(s, p, ox.Literal("c"), g1)])
    assert text is not None and text.count("GRAPH <http://example.org/g1>") == 1 and text.count("GRAPH") == 2
    assert insert_data([]) is None
    store = ox.Store()
    store.update(text)
    assert len(store) == 3


# -- the HTTP API over a shared store and over an embedded one ----------------------------


@pytest.fixture
def both_apps(serve, oxigraph_server):
    """The app over the SPARQL samples in an embedded store and in a shared one, each on a real uvicorn on loopback."""
    opened = [KnowledgeGraph.open(None), KnowledgeGraph.open(oxigraph_server.url)]
    for knowledge in opened:
        assert knowledge.ingest(sparql_extractions()).articles == 3
        load_ontology(knowledge.store)
    yield [serve(create_app(knowledge)) for knowledge in opened]
    for knowledge in opened:
        knowledge.close()


def _sparql_answer(server, query: str, **params: str) -> tuple[int, object]:
    accept = {"Accept": "application/sparql-results+json, application/n-triples;q=0.9"}
    response = httpx.post(server.url + "/sparql", data={"query": query, **params}, headers=accept, timeout=60)
    if response.status_code != 200:
        return response.status_code, response.headers["content-type"].split(";")[0]
    if response.headers["content-type"].startswith("application/n-triples"):
        return 200, sorted(response.text.splitlines())
    data = response.json()
    if "boolean" in data:
        return 200, data
    return 200, (data["head"], sorted(json.dumps(row, sort_keys=True) for row in data["results"]["bindings"]))


def test_every_documented_sparql_example_answers_as_over_the_embedded_store(both_apps):
    examples = example_queries(Vocabulary())
    assert len(examples) >= 12
    for example in examples:
        embedded, remote = (_sparql_answer(server, example["query"]) for server in both_apps)
        assert embedded[0] == 200, example["title"]
        assert remote == embedded, example["title"]


@pytest.mark.parametrize(
    ("query", "params", "status"),
    [
        ("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", {"default-graph-uri": "https://newsgraph.example.org/article/kyiv-strike"}, 200),
        ("SELECT ?g WHERE { GRAPH ?g { ?s a schema:NewsArticle } } ORDER BY ?g", {}, 200),
        ("DESCRIBE <https://newsgraph.example.org/article/kyiv-strike>", {}, 200),
        ("SELECT * WHERE { ?s ?p", {}, 400),
        ("DELETE WHERE { ?s ?p ?o }", {}, 403),
    ],
)
def test_the_sparql_protocol_answers_as_over_the_embedded_store(both_apps, query, params, status):
    embedded, remote = (_sparql_answer(server, query, **params) for server in both_apps)
    assert embedded[0] == status
    assert remote == embedded


GRAPHQL_QUESTIONS = [
    "{ relations(first: 50) { totalCount edges { node { id predicate category date polarity modality confidence "
    "subject { id name } object { ... on Entity { id name } ... on Quantity { value unit text } } "
    "evidence { sentence article { id title date url } } } } } }",
    '{ entity(name: "Russia") { id name aliases mentions degree articleCount } }',
    "{ topEntities(by: PAGERANK, first: 5) { rank score entity { id name } } }",
    '{ timeline(entity: "Ukraine") { totalCount edges { node { id date predicate } } } }',
]


@pytest.mark.parametrize("question", GRAPHQL_QUESTIONS)
def test_graphql_answers_as_over_the_embedded_store(both_apps, question):
    answers = [httpx.post(server.url + "/graphql", json={"query": question}, timeout=60).json() for server in both_apps]
    assert "errors" not in answers[0], answers[0]
    assert answers[1] == answers[0]
    assert json.dumps(answers[0]).count('"') > 10  # an answer with something in it


# -- end to end: `newsgraph ingest` and `newsgraph serve` on a shared store ------------------

GRAPHQL = """{
  relations(first: 100) {
    totalCount
    edges { node { id predicate category date polarity modality asserted confidence qualifiers
      subject { id name type aliases mentions degree }
      object { ... on Entity { id name type } ... on Quantity { id value unit text } }
      evidence { article { id title date source url } sentence } } }
  }
  entities(first: 100) { totalCount edges { node { id name type aliases mentions degree articleCount } } }
}"""

SPARQL = """SELECT ?article ?label ?subject ?object WHERE {
  ?stmt a ng:Statement ; prov:wasDerivedFrom ?article ; ng:predicateLabel ?label ; rdf:subject ?subject ; rdf:object ?object
} ORDER BY ?article ?label ?subject ?object"""


def _cli(*argv: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "import sys; from graph.cli.app import main; sys.exit(main())", *argv],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=600,
    )


@pytest.mark.slow  # each ingest loads the spaCy model
def test_ingest_and_serve_on_a_shared_store_answer_as_the_embedded_path(oxigraph_server, tmp_path, seeds_dir):
    stores = [oxigraph_server.url, str(tmp_path / "store")]
    summaries = []
    for store in stores:
        result = _cli("ingest", str(seeds_dir), "--store", store, "--workers", "1", "--json")
        assert result.returncode == 0, result.stderr
        summary = json.loads(result.stdout)
        summaries.append({key: summary[key] for key in ("articles", "triples", "entities")})
    assert summaries[0] == summaries[1] and summaries[0]["triples"] > 0
    stats = [json.loads(_cli("stats", "--store", store, "--json").stdout) for store in stores]
    assert {**stats[0], "path": None} == {**stats[1], "path": None}
    servers = [ServedProcess(store) for store in stores]
    try:
        graphql, sparql = [], []
        for server in servers:
            server.wait_ready()
            answer = httpx.post(server.url + "/graphql", json={"query": GRAPHQL}, timeout=60)
            assert answer.status_code == 200 and "errors" not in answer.json(), answer.text
            graphql.append(answer.json()["data"])
            accept = {"Accept": "application/sparql-results+json"}
            answer = httpx.post(server.url + "/sparql", data={"query": SPARQL}, headers=accept, timeout=60)
            assert answer.status_code == 200, answer.text
            sparql.append(answer.json())
        assert graphql[0] == graphql[1]
        assert graphql[0]["relations"]["totalCount"] == summaries[0]["triples"]
        assert sparql[0] == sparql[1] and len(sparql[0]["results"]["bindings"]) == summaries[0]["triples"]
    finally:
        for server in servers:
            server.stop()
