"""GraphQL over HTTP: a real uvicorn server on loopback, queried with the real `gql` client.

The first part serves the hand-made articles of test_graphql.py; the second
runs the seeds through the real pipeline (loaders, spaCy, store) and asks the
questions front ends ask of them.
"""

from __future__ import annotations

import queue
import threading
from typing import Any

import httpx
import pytest
from gql import Client, GraphQLRequest
from gql.transport.exceptions import TransportQueryError
from gql.transport.httpx import HTTPXTransport
from graphql import build_schema as parse_sdl
from graphql import lexicographic_sort_schema, print_schema

from tests.factories import RELATIONS, graphql_extra_article, graphql_extractions, relation_ids
from tests.settings import ROOT

pytestmark = pytest.mark.e2e


class GraphQLSession:
    """A gql client session on one server (the schema fetched by introspection)."""

    def __init__(self, url: str) -> None:
        self.url = url + "/graphql"
        self.client = Client(
            transport=HTTPXTransport(url=self.url, timeout=60),
            fetch_schema_from_transport=True,
            introspection_args={"specified_by_url": True, "input_value_deprecation": True},
        )
        self.session = self.client.connect_sync()

    def __call__(self, document: str, **variables: Any) -> dict:
        return self.session.execute(GraphQLRequest(document, variable_values=variables or None))

    def close(self) -> None:
        self.client.close_sync()


@pytest.fixture(scope="module")
def sample_knowledge(tmp_path_factory):
    from graph.knowledge import KnowledgeGraph

    knowledge = KnowledgeGraph.open(tmp_path_factory.mktemp("graphql") / "store")
    knowledge.ingest(graphql_extractions())
    yield knowledge
    knowledge.close()


@pytest.fixture(scope="module")
def sample_server(serve, sample_knowledge):
    from graph.api.app import create_app

    return serve(create_app(sample_knowledge, cors_origins=["https://explorer.example"]))


@pytest.fixture(scope="module")
def gq(sample_server):
    session = GraphQLSession(sample_server.url)
    yield session
    session.close()


# -- serving ------------------------------------------------------------------------


def test_served_schema_is_schema_graphql(sample_server, gq):
    exported = (ROOT / "schema.graphql").read_text(encoding="utf-8")
    assert sample_server.get("/graphql/schema.graphql").text == exported
    gq("{ stats { relations } }")  # makes gql fetch the schema by introspection
    assert print_schema(lexicographic_sort_schema(gq.client.schema)) == print_schema(lexicographic_sort_schema(parse_sdl(exported)))


def test_graphiql_in_a_browser(sample_server):
    page = sample_server.get("/graphql", headers={"accept": "text/html"})
    assert page.status_code == 200 and "graphiql" in page.text.lower()


def test_queries_over_get_and_post(sample_server):
    query = '{ entity(name: "moscow") { id } }'
    got = sample_server.get("/graphql", params={"query": query}, headers={"accept": "application/json"})
    posted = sample_server.post("/graphql", json={"query": query})
    assert got.json() == posted.json() == {"data": {"entity": {"id": "russia"}}}


def test_cors_preflight(sample_server):
    answer = httpx.options(
        sample_server.url + "/graphql",
        headers={
            "origin": "https://explorer.example",
            "access-control-request-method": "POST",
            "access-control-request-headers": "content-type",
        },
    )
    assert answer.status_code == 200
    assert answer.headers["access-control-allow-origin"] == "https://explorer.example"


@pytest.mark.parametrize(
    ("document", "fragment"),
    [
        ('{ path(from: "Atlantis", to: "Kyiv") { length } }', "Atlantis"),
        ('{ neighborhood(entity: "Atlantis") { truncated } }', "Atlantis"),
        ("{ relations(first: 1000) { totalCount } }", "first must be between"),
        ('{ relations(after: "bogus") { totalCount } }', "invalid cursor"),
    ],
)
def test_bad_questions_are_graphql_errors_not_500s(sample_server, document, fragment):
    answer = sample_server.post("/graphql", json={"query": document})
    assert answer.status_code == 200
    assert fragment in answer.json()["errors"][0]["message"]


def test_deep_queries_are_refused(sample_server):
    deep = '{ entity(name: "Russia") { ' + "relations { edges { node { subject { " * 4 + "id" + " } } } }" * 4 + " } }"
    answer = sample_server.post("/graphql", json={"query": deep})
    assert answer.status_code in (200, 400) and "depth" in answer.json()["errors"][0]["message"]


# -- every query over HTTP -------------------------------------------------------------


def test_entity_and_entities(gq):
    assert gq('{ entity(name: "MOSCOW") { id name aliases } }')["entity"]["id"] == "russia"
    hits = gq('{ entities(search: "kor") { totalCount edges { score node { id } } } }')["entities"]
    assert [e["node"]["id"] for e in hits["edges"]] == ["north-korea"] and hits["totalCount"] == 1


def test_relations_timeline_path_neighborhood(gq):
    attackers = gq(RELATIONS, object="Kharkiv", category=["ASSAULT"])["relations"]
    assert [e["node"]["subject"]["name"] for e in attackers["edges"]] == ["Russia"]
    timeline = gq('{ timeline(entity: "Kyiv") { edges { node { date } } } }')["timeline"]["edges"]
    assert [e["node"]["date"] for e in timeline] == sorted(e["node"]["date"] for e in timeline)
    paths = gq('{ path(from: "North Korea", to: "Kharkiv") { entities { id } } }')["path"]
    assert paths == [{"entities": [{"id": "north-korea"}, {"id": "russia"}, {"id": "kharkiv"}]}]
    view = gq('{ neighborhood(entity: "Kyiv", depth: 1) { nodes { id } edges { source target } } }')["neighborhood"]
    assert {"russia", "vitali-klitschko"} <= {n["id"] for n in view["nodes"]}


def test_top_entities_articles_article_stats(gq):
    assert gq("{ topEntities(by: PAGERANK, first: 3) { rank entity { id } } }")["topEntities"][0]["rank"] == 1
    articles = gq("{ articles(first: 5) { totalCount edges { node { id title } } } }")["articles"]
    assert articles["totalCount"] == 3
    article = gq('{ article(id: "c-visit") { title relations { totalCount } } }')["article"]
    assert article == {"title": "North Korea's top diplomat visits Moscow", "relations": {"totalCount": 3}}
    assert gq("{ stats { relations articles } }")["stats"] == {"relations": 11, "articles": 3}


def test_gql_raises_on_graphql_errors(gq):
    with pytest.raises(TransportQueryError, match="Atlantis"):
        gq('{ path(from: "Atlantis", to: "Kyiv") { length } }')


# -- the seeds, through the real pipeline ------------------------------------------------

seeds_pipeline = pytest.mark.slow  # the real spaCy pipeline on the seeds


@pytest.fixture(scope="module")
def seeds_gq(live_server):
    session = GraphQLSession(live_server.url)
    yield session
    session.close()


def _assault_subjects(gq: GraphQLSession, place: str) -> set[str]:
    found = gq(RELATIONS, object=place, category=["ASSAULT"], first=100)["relations"]
    return {e["node"]["subject"]["name"] for e in found["edges"] if e["node"]["asserted"]}


@seeds_pipeline
def test_seeds_who_attacked_kharkiv(seeds_gq):
    assert "Russia" in _assault_subjects(seeds_gq, "Kharkiv")


@seeds_pipeline
def test_seeds_us_aid_to_ukraine_carries_the_amount(seeds_gq):
    found = seeds_gq(RELATIONS, subject="United States", category=["AID"], first=100)["relations"]
    amounts = set()
    for edge in found["edges"]:
        node = edge["node"]
        target = node["object"]
        to_ukraine = target.get("name") == "Ukraine" or str(node["qualifiers"].get("recipient", "")).lower() in ("ukraine", "kyiv")
        if to_ukraine:
            amounts.add((node["amount"] if node["amount"] is not None else target.get("value"), node["currency"] or target.get("unit")))
    assert (425_000_000, "USD") in amounts


@seeds_pipeline
def test_seeds_path_links_north_korea_to_ukraine(seeds_gq):
    paths = seeds_gq('{ path(from: "North Korea", to: "Ukraine", maxLength: 3) { length entities { name } relations { predicate } } }')[
        "path"
    ]
    assert paths, "no path between North Korea and Ukraine"
    for path in paths:
        assert path["entities"][0]["name"] == "North Korea" and path["entities"][-1]["name"] == "Ukraine"
        assert len(path["relations"]) == path["length"]


@seeds_pipeline
def test_seeds_paging_while_an_ingest_runs_neither_repeats_nor_skips(serve, tmp_path, seed_extractions):
    from graph.api.app import create_app
    from graph.knowledge import KnowledgeGraph

    knowledge = KnowledgeGraph.open(tmp_path / "store")
    try:
        ordered = sorted(seed_extractions, key=lambda e: e.article.id)
        held_back = ordered[len(ordered) // 2]
        knowledge.ingest([e for e in ordered if e is not held_back])
        server = serve(create_app(knowledge))
        gq = GraphQLSession(server.url)
        try:
            before = _walk(gq, first=100)
            assert len(before) > 20, "the seeds gave too few relations to page through"
            pages: queue.Queue = queue.Queue()

            def ingest_meanwhile() -> None:
                # one ingest per page fetched, running while the client asks for the next page
                round_ = 0
                while pages.get() is not None:
                    batch = [graphql_extra_article(f"{'0z'[round_ % 2]}-concurrent-{round_}", 1 + round_ % 28)]
                    knowledge.ingest(batch + ([held_back] if round_ % 5 == 0 else []))
                    round_ += 1

            writer = threading.Thread(target=ingest_meanwhile)
            writer.start()
            try:
                during, versions = _walk(gq, first=3, versions=True, on_page=lambda: pages.put(True))
            finally:
                pages.put(None)
                writer.join()
        finally:
            gq.close()
        assert len(set(versions)) > 1, "no ingest happened while paging"
        assert len(during) == len(set(during)), "a relation came back on a later page"
        assert set(before) <= set(during), "a relation present from the start was skipped"
        assert set(during) - set(before), "no relation ingested during the walk was seen (all sorted before the cursor?)"
    finally:
        knowledge.close()


def _walk(gq: GraphQLSession, *, first: int, versions: bool = False, on_page=None):
    seen: list[str] = []
    seen_versions: list[str] = []
    after = None
    while True:
        page = gq(
            "query($first: Int, $after: String) { stats { version } relations(first: $first, after: $after) { "
            "edges { node { id } } pageInfo { hasNextPage endCursor } } }",
            first=first,
            after=after,
        )
        seen_versions.append(page["stats"]["version"])
        seen += relation_ids(page["relations"])
        if on_page is not None:
            on_page()
        if not page["relations"]["pageInfo"]["hasNextPage"]:
            break
        after = page["relations"]["pageInfo"]["endCursor"]
    return (seen, seen_versions) if versions else seen


@seeds_pipeline
def test_seeds_every_query_answers(seeds_gq, seeded_knowledge):
    russia = seeds_gq('{ entity(name: "russia") { id name degree relations(first: 5) { totalCount edges { node { id } } } } }')["entity"]
    assert russia["name"] == "Russia" and russia["degree"] == russia["relations"]["totalCount"] > 0
    hits = seeds_gq('{ entities(search: "ukr", first: 10) { edges { score node { name } } } }')["entities"]["edges"]
    assert "Ukraine" in {h["node"]["name"] for h in hits} and hits[0]["score"] >= hits[-1]["score"]
    timeline = seeds_gq('{ timeline(entity: "Russia", first: 100) { edges { node { date } } } }')["timeline"]["edges"]
    dates = [e["node"]["date"] for e in timeline if e["node"]["date"]]
    assert dates and dates == sorted(dates)
    view = seeds_gq('{ neighborhood(entity: "Kyiv", depth: 2) { nodes { id depth } edges { source target } } }')["neighborhood"]
    ids = {n["id"] for n in view["nodes"]}
    assert len(ids) > 1 and all(e["source"] in ids and e["target"] in ids for e in view["edges"])
    top = seeds_gq("{ topEntities(by: DEGREE, first: 5) { score entity { degree } } }")["topEntities"]
    assert [t["score"] for t in top] == sorted((t["score"] for t in top), reverse=True)
    assert all(t["score"] == t["entity"]["degree"] for t in top)
    stored = seeded_knowledge.store.article_ids()
    articles = seeds_gq("{ articles(first: 100) { totalCount edges { node { id title } } } }")["articles"]
    assert articles["totalCount"] == len(stored) and [e["node"]["id"] for e in articles["edges"]] == stored
    one = seeds_gq("query($id: ID!) { article(id: $id) { id title relations(first: 3) { totalCount } } }", id=stored[0])["article"]
    assert one["id"] == stored[0] and one["title"]
    stats = seeds_gq("{ stats { relations articles entities } }")["stats"]
    assert stats["articles"] == len(stored) and stats["relations"] == seeded_knowledge.mirror.graph.number_of_edges()
