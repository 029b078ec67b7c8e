"""Every example query of docs/sparql.md returns rows, through the real endpoint.

The docs and the query page share their examples (graph/api/static/examples.rq);
a test keeps the two identical. The examples run over the hand-made samples
(always) and over the seed articles put through the real pipeline (slow).
"""

from __future__ import annotations

import re

import httpx
import pyoxigraph as ox
import pytest

from graph.api.sparql import example_queries, parse_examples
from graph.rdf.vocab import Vocabulary
from tests.settings import DOCS as DOCS_DIR

DOCS = DOCS_DIR / "sparql.md"


def documented_examples() -> list[tuple[str, str]]:
    """(title, query) of each ```sparql block under "## Example queries"."""
    text = DOCS.read_text(encoding="utf-8")
    section = text.split("## Example queries", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^### (.+?)\n\n```sparql\n(.*?)```", section, flags=re.S | re.M)


EXAMPLES = documented_examples()


def test_docs_hold_a_dozen_examples_and_the_page_has_the_same():
    assert len(EXAMPLES) >= 12
    page = [(e["title"], e["query"]) for e in example_queries(Vocabulary())]
    assert page == EXAMPLES


def test_page_examples_follow_the_configured_base():
    rebased = example_queries(Vocabulary("http://news.example.net/kg/"))
    assert all("newsgraph.example.org" not in e["query"] for e in rebased)
    assert any("<http://news.example.net/kg/ontology#>" in e["query"] for e in rebased)


def test_parse_examples_splits_on_titles():
    text = "intro\n#### First\nSELECT * {}\n\n#### Second\nASK {}\n"
    assert parse_examples(text) == [("First", "SELECT * {}\n"), ("Second", "ASK {}\n")]


def count_results(response: httpx.Response) -> int:
    assert response.status_code == 200, response.text
    media_type = response.headers["content-type"]
    if media_type.startswith("application/sparql-results+json"):
        data = response.json()
        if "boolean" in data:
            return int(data["boolean"])
        return len(data["results"]["bindings"])
    return len(list(ox.parse(response.content, format=ox.RdfFormat.N_TRIPLES)))


def run_example(server, query: str) -> int:
    response = httpx.post(
        server.url + "/sparql",
        data={"query": query},
        timeout=60,
        headers={"Accept": "application/sparql-results+json, application/n-triples;q=0.9"},
    )
    return count_results(response)


@pytest.mark.e2e
@pytest.mark.parametrize(("title", "query"), EXAMPLES, ids=[t for t, _ in EXAMPLES])
def test_example_returns_rows_on_the_samples(sparql_server, title, query):
    assert run_example(sparql_server, query) > 0, title


@pytest.fixture(scope="module")
def seeds_server(serve, seed_extractions, tmp_path_factory):
    """The seeds (real loaders, real spaCy model) in a store of their own, with the ontology."""
    from graph.api.app import create_app
    from graph.knowledge import KnowledgeGraph
    from graph.rdf.ontology import load_ontology

    knowledge = KnowledgeGraph.open(tmp_path_factory.mktemp("seeds-sparql") / "store")
    knowledge.ingest(seed_extractions)
    load_ontology(knowledge.store)
    yield serve(create_app(knowledge, sparql_timeout=30))
    knowledge.close()


@pytest.mark.e2e
@pytest.mark.slow
@pytest.mark.parametrize(("title", "query"), EXAMPLES, ids=[t for t, _ in EXAMPLES])
def test_example_returns_rows_on_the_seeds(seeds_server, title, query):
    assert run_example(seeds_server, query) > 0, title
