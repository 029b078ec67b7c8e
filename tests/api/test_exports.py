"""GET /export/graph.<ext>: streamed dumps that reload into the same dataset."""

from __future__ import annotations

import json

import httpx
import pyoxigraph as ox
import pytest

from graph.store.dumps import load_dump
from graph.store.oxigraph import Store

pytestmark = pytest.mark.e2e


def _quads(store: ox.Store) -> set[ox.Quad]:
    return set(store.quads_for_pattern(None, None, None, None))


@pytest.mark.parametrize(
    ("path", "fmt", "media_type"),
    [
        ("/export/graph.trig", "trig", "application/trig"),
        ("/export/graph.nq", "nquads", "application/n-quads"),
        ("/export/graph.nquads", "nquads", "application/n-quads"),
        ("/export/graph.jsonld", "jsonld", "application/ld+json"),
    ],
)
def test_dataset_dump_reloads_into_the_same_dataset(sparql_server, sample_knowledge, path, fmt, media_type):
    response = httpx.get(sparql_server.url + path, timeout=60)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media_type)
    assert "attachment" in response.headers["content-disposition"]
    with Store.open(None) as fresh:
        load_dump(fresh, fmt, response.content)
        assert _quads(fresh.oxigraph) == _quads(sample_knowledge.store.oxigraph)
        assert fresh.article_ids() == sample_knowledge.store.article_ids()
        assert list(fresh.extractions()) == list(sample_knowledge.store.extractions())


def test_turtle_dump_holds_the_union_graph(sparql_server, sample_knowledge):
    response = httpx.get(sparql_server.url + "/export/graph.ttl", timeout=60)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/turtle")
    triples = {q.triple for q in ox.parse(response.content, format=ox.RdfFormat.TURTLE)}
    union = {q.triple for q in _quads(sample_knowledge.store.oxigraph)}
    assert triples == union


def test_jsonl_dump_holds_every_triple_record(sparql_server, sample_knowledge):
    response = httpx.get(sparql_server.url + "/export/graph.jsonl", timeout=60)
    records = [json.loads(line) for line in response.text.splitlines() if line.strip()]
    assert sorted(json.dumps(r, sort_keys=True) for r in records) == sorted(
        json.dumps(t.to_record(), sort_keys=True) for t in sample_knowledge.store.triples()
    )


def test_big_dump_streams_in_chunks(serve, tmp_path):
    """A dump bigger than the queue of chunks arrives whole, in many pieces."""
    from graph.api.app import create_app
    from graph.knowledge import KnowledgeGraph
    from tests.factories import sparql_extractions

    knowledge = KnowledgeGraph.open(tmp_path / "store")
    base = sparql_extractions()[0]
    from dataclasses import replace

    copies = []
    for n in range(300):
        article = replace(base.article, id=f"copy-{n}", text=base.article.text + " " + "filler " * 2000)
        copies.append(replace(base, article=article, triples=tuple(replace(t, article=article.id) for t in base.triples)))
    knowledge.ingest(copies)
    server = serve(create_app(knowledge))
    pieces = 0
    size = 0
    with httpx.stream("GET", server.url + "/export/graph.nq", timeout=120) as response:
        assert response.status_code == 200
        for chunk in response.iter_raw():
            pieces += 1
            size += len(chunk)
    assert size > 4 * 1024 * 1024 and pieces > 4
    knowledge.close()


def test_unknown_export_is_404(sparql_server):
    assert httpx.get(sparql_server.url + "/export/graph.xlsx", timeout=10).status_code == 404
