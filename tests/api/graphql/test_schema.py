"""The GraphQL schema in process: every query on hand-made articles in a real (in-memory) store.

End-to-end tests over HTTP, on the seeds, are in test_e2e.py.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from graph.api.graphql.articles import ArticleCatalog
from graph.api.graphql.context import Context
from graph.api.graphql.cursors import decode_cursor, encode_cursor, page_sorted, statement_order
from graph.api.graphql.limits import MAX_FIRST, Limits
from graph.api.graphql.names import match_score, normalize_name
from graph.api.graphql.schema import build_schema, schema_sdl
from graph.api.graphql.view import MirrorView
from graph.errors import QueryError
from tests.factories import (
    RELATIONS,
    graphql_extra_article,
    graphql_extractions,
    relation_ids,
)
from tests.settings import ROOT

# -- fixtures ---------------------------------------------------------------------


@pytest.fixture()
def knowledge():
    from graph.knowledge import KnowledgeGraph

    graph = KnowledgeGraph.open(None)
    graph.ingest(graphql_extractions())
    yield graph
    graph.close()


class Client:
    """Runs documents on the schema in process, as the server would."""

    def __init__(self, knowledge, limits: Limits | None = None) -> None:
        self.limits = limits or Limits()
        self.schema = build_schema(self.limits)
        self.view = MirrorView(knowledge)
        self.catalog = ArticleCatalog(knowledge.store)

    def execute(self, document: str, **variables: Any):
        context = Context(self.view, self.catalog, self.limits)
        return asyncio.run(self.schema.execute(document, variable_values=variables, context_value=context))

    def data(self, document: str, **variables: Any) -> dict:
        result = self.execute(document, **variables)
        assert not result.errors, result.errors
        return result.data

    def error(self, document: str, **variables: Any):
        result = self.execute(document, **variables)
        assert result.errors, result.data
        return result.errors[0]


@pytest.fixture()
def client(knowledge) -> Client:
    return Client(knowledge)


# -- the SDL file -------------------------------------------------------------------


def test_schema_file_is_the_served_schema():
    exported = (ROOT / "schema.graphql").read_text(encoding="utf-8")
    assert exported == schema_sdl(), "schema.graphql is stale: run `python -m graph.api.graphql.export_schema > schema.graphql`"


def test_limits_do_not_change_the_sdl():
    assert schema_sdl(build_schema(Limits(max_first=7, max_depth=5))) == schema_sdl()


def test_schema_documents_the_page_cap():
    assert f"at most {MAX_FIRST}" in schema_sdl()


# -- cursors and names --------------------------------------------------------------


def test_cursor_round_trip_and_refusals():
    cursor = encode_cursor("relation", ("a-kharkiv", 3))
    assert decode_cursor("relation", cursor, (str, int)) == ("a-kharkiv", 3)
    with pytest.raises(QueryError):
        decode_cursor("entity", cursor, (float, str))
    with pytest.raises(QueryError):
        decode_cursor("relation", "not a cursor!", (str, int))
    with pytest.raises(QueryError):
        decode_cursor("relation", encode_cursor("relation", (3, "x")), (str, int))


def test_statement_order_is_numeric_within_an_article():
    ids = ["b/10", "a/2", "b/9", "a/10"]
    assert sorted(ids, key=statement_order) == ["a/2", "a/10", "b/9", "b/10"]


def test_page_sorted_resumes_after_the_key():
    keyed = [((i,), i) for i in range(10)]
    page = page_sorted(keyed, after=(3,), first=3, keep=lambda i: i % 2 == 0)
    assert [item for _, item in page.items] == [4, 6, 8] and not page.has_next and page.has_previous


@pytest.mark.parametrize(
    ("query", "name", "score"),
    [
        ("kyiv", "kyiv", 1.0),
        ("kyiv", "kyiv oblast", 0.8),
        ("korea", "north korea", 0.6),
        ("rea", "north korea", 0.4),
        ("kyiv", "ukraine", 0.0),
    ],
)
def test_match_score(query, name, score):
    assert match_score(query, name) == score


@pytest.mark.parametrize(("text", "normal"), [("The United States", "united states"), ("  RUSSIA ", "russia"), ("Russia\u2019s", "russia")])
def test_normalize_name(text, normal):
    assert normalize_name(text) == normal


# -- entity lookups -----------------------------------------------------------------

ENTITY = (
    "query($name: String, $id: ID) { entity(name: $name, id: $id) { id name type aliases "
    "mentions degree inDegree outDegree articleCount } }"
)


@pytest.mark.parametrize("name", ["Russia", "russia", "MOSCOW", "moscow"])
def test_entity_by_name_or_alias_any_case(client, name):
    entity = client.data(ENTITY, name=name)["entity"]
    assert entity["id"] == "russia" and entity["name"] == "Russia" and "Moscow" in entity["aliases"]
    assert entity["degree"] == entity["inDegree"] + entity["outDegree"] == 6


def test_entity_by_id_and_unknown_names(client):
    assert client.data(ENTITY, id="united-states")["entity"]["aliases"] == ["U.S."]
    assert client.data(ENTITY, name="u.s.")["entity"]["id"] == "united-states"
    assert client.data(ENTITY, name="Atlantis")["entity"] is None
    assert client.data(ENTITY, id="atlantis")["entity"] is None


def test_entity_needs_one_of_id_or_name(client):
    error = client.error("{ entity { id } }")
    assert "exactly one" in error.message and error.extensions["code"] == "BAD_REQUEST"


def test_entities_search_scores_and_pages(client):
    query = (
        "query($s: String, $t: String, $after: String) { entities(search: $s, type: $t, first: 1, after: $after) { "
        "totalCount edges { score cursor node { id } } pageInfo { hasNextPage endCursor } } }"
    )
    first = client.data(query, s="korea")["entities"]
    assert first["totalCount"] == 1 and first["edges"][0]["node"]["id"] == "north-korea"
    assert first["edges"][0]["score"] == pytest.approx(0.6)
    people = client.data(query, t="PERSON")["entities"]
    seen = [people["edges"][0]["node"]["id"]]
    while people["pageInfo"]["hasNextPage"]:
        people = client.data(query, t="PERSON", after=people["pageInfo"]["endCursor"])["entities"]
        seen += [e["node"]["id"] for e in people["edges"]]
    assert seen == ["choe-son-hui", "vitali-klitschko"]
    exact = client.data(query, s="Kyiv")["entities"]["edges"][0]
    assert exact["node"]["id"] == "kyiv" and exact["score"] == 1.0


# -- relations ------------------------------------------------------------------------


def test_who_attacked_kharkiv(client):
    found = client.data(RELATIONS, object="kharkiv", category=["ASSAULT"])["relations"]
    assert [e["node"]["subject"]["name"] for e in found["edges"]] == ["Russia"]
    node = found["edges"][0]["node"]
    assert node["qualifiers"] == {"injured": 15} and node["date"] == "2024-11-03"
    assert node["evidence"]["article"] == {"id": "a-kharkiv", "title": "Russia strikes Kharkiv", "date": "2024-11-04"}
    text = graphql_extractions()[0].article.text
    assert text[node["evidence"]["start"] : node["evidence"]["end"]] == node["evidence"]["sentence"]


def test_what_the_us_pledged_in_november(client):
    found = client.data(RELATIONS, subject="U.S.", predicate="Pledged", since="2024-11-01", until="2024-11-30")["relations"]
    assert found["totalCount"] == 2
    objects = {e["node"]["object"]["__typename"]: e["node"] for e in found["edges"]}
    assert objects["Entity"]["object"]["name"] == "Ukraine"
    assert objects["Entity"]["amount"] == 425_000_000 and objects["Entity"]["currency"] == "USD"
    assert objects["Quantity"]["object"] == {"__typename": "Quantity", "value": 425_000_000.0, "unit": "USD", "text": "$425 million"}
    assert client.data(RELATIONS, subject="U.S.", since="2024-12-01")["relations"]["totalCount"] == 0


def test_relations_between_two_entities_and_filters(client):
    both = client.data(RELATIONS, subject="Russia", object="Kyiv")["relations"]
    assert relation_ids(both) == ["a-kharkiv/3", "b-aid/3"]
    negative = both["edges"][0]["node"]
    assert (negative["polarity"], negative["modality"], negative["asserted"]) == ("NEGATIVE", "REPORTED", False)
    assert relation_ids(client.data(RELATIONS, subject="Russia", object="Kyiv", minConfidence=0.7)["relations"]) == ["b-aid/3"]
    assert relation_ids(client.data(RELATIONS, article="c-visit")["relations"]) == ["c-visit/0", "c-visit/1", "c-visit/2"]


def test_unknown_names_give_empty_pages(client):
    found = client.data(RELATIONS, subject="Atlantis")["relations"]
    assert found["edges"] == [] and found["totalCount"] == 0 and not found["pageInfo"]["hasNextPage"]


def test_paging_walks_every_relation_once(client):
    seen: list[str] = []
    after = None
    while True:
        page = client.data(RELATIONS, first=3, after=after)["relations"]
        seen += relation_ids(page)
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert page["totalCount"] == len(seen) == len(set(seen)) == 11
    assert seen == sorted(seen, key=statement_order)


def test_pages_do_not_shift_when_articles_arrive(client, knowledge):
    first = client.data(RELATIONS, object="Kharkiv", first=1)["relations"]
    assert relation_ids(first) == ["a-kharkiv/0"]
    knowledge.ingest([graphql_extra_article("0-early", 2), graphql_extra_article("z-late", 5)])
    rest = client.data(RELATIONS, object="Kharkiv", first=10, after=first["pageInfo"]["endCursor"])["relations"]
    assert relation_ids(rest) == ["z-late/0"]  # nothing repeated; the earlier-sorting new one is behind the cursor


@pytest.mark.parametrize("first", [-1, MAX_FIRST + 1])
def test_first_is_capped(client, first):
    error = client.error(RELATIONS, first=first)
    assert f"between 0 and {MAX_FIRST}" in error.message and error.extensions["code"] == "BAD_REQUEST"


def test_bad_cursor_is_a_clear_error(client):
    assert "invalid cursor" in client.error(RELATIONS, after="garbage").message
    entity_cursor = client.data("{ entities(first: 1) { pageInfo { endCursor } } }")["entities"]["pageInfo"]["endCursor"]
    assert "invalid cursor" in client.error(RELATIONS, after=entity_cursor).message


def test_nested_relations_are_batched(client, monkeypatch):
    from graph.api.graphql import loaders

    calls: list[int] = []
    original = loaders.Loaders._relations

    async def counting(self, questions):
        calls.append(len(questions))
        return await original(self, questions)

    monkeypatch.setattr(loaders.Loaders, "_relations", counting)
    data = client.data("{ entities(first: 10) { edges { node { id relations(first: 2) { totalCount edges { node { id } } } } } } }")
    assert len(data["entities"]["edges"]) == 8
    assert calls == [8]


def test_entity_relations_directions(client):
    query = 'query($d: Direction!) { entity(name: "North Korea") { relations(direction: $d) { edges { node { id } } } } }'
    out = relation_ids(client.data(query, d="OUT")["entity"]["relations"])
    inward = relation_ids(client.data(query, d="IN")["entity"]["relations"])
    both = relation_ids(client.data(query, d="BOTH")["entity"]["relations"])
    assert out == ["b-aid/2"] and inward == ["a-kharkiv/2", "c-visit/0"]
    assert both == ["a-kharkiv/2", "b-aid/2", "c-visit/0"]


def test_neighbors(client):
    data = client.data('{ entity(name: "Choe Son Hui") { neighbors(depth: 2) { distance entity { id } } } }')
    pairs = [(n["distance"], n["entity"]["id"]) for n in data["entity"]["neighbors"]]
    assert pairs[:2] == [(1, "north-korea"), (1, "russia")]
    assert (2, "kharkiv") in pairs and (2, "ukraine") in pairs
    assert all(p[1] != "choe-son-hui" for p in pairs)


# -- timeline, path, neighbourhood, rankings, articles, stats -------------------------------


def test_timeline_orders_by_date(client):
    query = (
        'query($newest: Boolean!, $after: String) { timeline(entity: "Russia", newestFirst: $newest, first: 2, after: '
        "$after) { edges { node { id date } } pageInfo { hasNextPage endCursor } } }"
    )
    dates, after = [], None
    while True:
        page = client.data(query, newest=False, after=after)["timeline"]
        dates += [e["node"]["date"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert dates == sorted(dates) and len(dates) == 6
    newest = client.data(query, newest=True)["timeline"]["edges"]
    assert [e["node"]["date"] for e in newest] == ["2024-11-04", "2024-11-03"]


def test_path_links_north_korea_to_kharkiv(client):
    query = """query($from: String!, $to: String!, $max: Int!) { path(from: $from, to: $to, maxLength: $max) {
        length entities { id } relations { id predicate } steps { source { id } target { id } relations { id } } } }"""
    paths = client.data(query, **{"from": "North Korea", "to": "kharkiv", "max": 4})["path"]
    assert [p["entities"] for p in paths] == [[{"id": "north-korea"}, {"id": "russia"}, {"id": "kharkiv"}]]
    assert paths[0]["length"] == 2
    assert {s["id"] for s in paths[0]["steps"][0]["relations"]} == {"b-aid/2"}
    assert paths[0]["relations"][1]["predicate"] == "attacked"
    assert client.data(query, **{"from": "North Korea", "to": "kharkiv", "max": 1})["path"] == []
    two = client.data(query, **{"from": "Choe Son Hui", "to": "Ukraine", "max": 4})["path"]
    assert sorted(tuple(e["id"] for e in p["entities"]) for p in two) == [
        ("choe-son-hui", "north-korea", "ukraine"),
        ("choe-son-hui", "russia", "ukraine"),
    ]


def test_path_to_an_unknown_entity_is_a_clear_error(client):
    error = client.error('{ path(from: "Atlantis", to: "Kyiv") { length } }')
    assert "Atlantis" in error.message and error.extensions["code"] == "NOT_FOUND"


def test_neighborhood(client):
    query = """query($c: [Category!]) { neighborhood(entity: "Kharkiv", depth: 2, category: $c) {
        center { id } truncated nodes { id depth } edges { id source target category } } }"""
    view = client.data(query)["neighborhood"]
    depths = {n["id"]: n["depth"] for n in view["nodes"]}
    assert depths["kharkiv"] == 0 and depths["russia"] == 1 and depths["north-korea"] == 2
    assert all(e["source"] in depths and e["target"] in depths for e in view["edges"])
    assaults = client.data(query, c=["ASSAULT"])["neighborhood"]
    assert {e["category"] for e in assaults["edges"]} == {"ASSAULT"}
    assert "north-korea" not in {n["id"] for n in assaults["nodes"]}
    small = client.data('{ neighborhood(entity: "Russia", depth: 2, maxNodes: 2) { truncated nodes { id } } }')["neighborhood"]
    assert small["truncated"] and len(small["nodes"]) == 2


def test_top_entities(client):
    query = "query($by: RankBy!) { topEntities(by: $by, first: 2) { rank score entity { id } } }"
    for by in ("DEGREE", "PAGERANK", "MENTIONS"):
        top = client.data(query, by=by)["topEntities"]
        assert [t["rank"] for t in top] == [1, 2] and top[0]["score"] >= top[1]["score"]
    assert client.data(query, by="DEGREE")["topEntities"][0]["entity"]["id"] == "russia"
    people = client.data('{ topEntities(by: MENTIONS, type: "PERSON") { entity { type } } }')["topEntities"]
    assert {p["entity"]["type"] for p in people} == {"PERSON"}


def test_articles_and_article(client):
    query = (
        "query($after: String, $since: Date) { articles(first: 2, after: $after, since: $since) { totalCount edges { "
        "node { id title date source } } pageInfo { hasNextPage endCursor } } }"
    )
    page = client.data(query)["articles"]
    assert [e["node"]["id"] for e in page["edges"]] == ["a-kharkiv", "b-aid"] and page["totalCount"] == 3
    rest = client.data(query, after=page["pageInfo"]["endCursor"])["articles"]
    assert [e["node"]["id"] for e in rest["edges"]] == ["c-visit"] and not rest["pageInfo"]["hasNextPage"]
    assert client.data(query, since="2024-11-01")["articles"]["totalCount"] == 2
    one = client.data('{ article(id: "b-aid") { title date source relations(first: 2) { totalCount edges { node { id } } } } }')["article"]
    assert one["title"] == "US announces aid for Ukraine" and one["date"] == "2024-11-01"
    assert one["relations"]["totalCount"] == 4 and relation_ids(one["relations"]) == ["b-aid/0", "b-aid/1"]
    assert client.data('{ article(id: "nope") { id } }')["article"] is None


def test_stats(client):
    stats = client.data("{ stats { entities quantities relations asserted articles version categories { category count } } }")["stats"]
    assert stats["relations"] == 11 and stats["asserted"] == 10 and stats["quantities"] == 1 and stats["articles"] == 3
    assert stats["entities"] == 8
    assert {c["category"]: c["count"] for c in stats["categories"]}["ASSAULT"] == 5


def test_stats_counted_from_the_graph_when_the_figures_do_not_keep_them(client, monkeypatch):
    """A mirror saved before the running figures kept these counts: the same answer, counted from the graph."""
    from graph.figures import Figures

    question = "{ stats { entities quantities relations asserted categories { category count } } }"
    kept = client.data(question)["stats"]
    monkeypatch.setattr(Figures, "counted", lambda self: None)
    assert client.data(question)["stats"] == kept


# -- limits -----------------------------------------------------------------------------


def test_depth_limit(knowledge):
    small = Client(knowledge, Limits(max_depth=3))
    error = small.error('{ entity(name: "Russia") { relations { edges { node { id } } } } }')
    assert "exceeds maximum operation depth" in error.message


def test_alias_and_token_limits(client):
    aliases = " ".join(f"a{i}: stats {{ relations }}" for i in range(client.limits.max_aliases + 1))
    assert "aliases" in client.error("{ " + aliases + " }").message.lower()
    fields = " ".join("relations" for _ in range(client.limits.max_tokens))
    assert "token" in client.error("{ stats { " + fields + " } }").message.lower()


def test_depth_and_first_bound_the_work(client):
    error = client.error('{ neighborhood(entity: "Russia", depth: 9) { truncated } }')
    assert "depth must be between 1 and 3" in error.message


# -- path search against networkx --------------------------------------------------------


@pytest.mark.parametrize("seed", range(6))
def test_shortest_paths_agree_with_networkx(seed):
    import random

    import networkx as nx

    from graph.api.graphql.paths import shortest_paths
    from graph.api.graphql.view import Snapshot

    rng = random.Random(seed)
    graph = nx.MultiDiGraph()
    for i in range(40):
        graph.add_node(f"e{i}", type="GPE", label=f"E{i}")
    graph.add_node("quantity:q/0", type="QUANTITY")
    for n in range(70):
        u, v = rng.sample(range(40), 2)
        graph.add_edge(f"e{u}", f"e{v}", key=f"a/{n}", category=rng.choice(["ASSAULT", "AID"]))
        if n % 10 == 0:  # quantities must not be crossed
            graph.add_edge(f"e{u}", "quantity:q/0", key=f"q/{n}", category="AID")
    undirected = nx.subgraph_view(graph.to_undirected(as_view=True), filter_node=lambda k: not k.startswith("quantity:"))

    def assault(u: str, v: str, k: str) -> bool:
        data = graph.get_edge_data(u, v, k) or graph.get_edge_data(v, u, k)
        return data["category"] == "ASSAULT"

    assaults = nx.subgraph_view(undirected, filter_edge=assault)
    snapshot = Snapshot(graph, 1)
    for _ in range(15):
        a, b = rng.sample(sorted(undirected.nodes), 2)
        try:
            expected = sorted(nx.all_shortest_paths(undirected, a, b))
        except nx.NetworkXNoPath:
            expected = []
        found = shortest_paths(snapshot, a, b, max_length=40, limit=10_000)
        assert sorted(found) == expected
        if expected and len(expected[0]) > 2:
            assert shortest_paths(snapshot, a, b, max_length=len(expected[0]) - 2, limit=10) == []
        try:
            only_assaults = sorted(nx.all_shortest_paths(assaults, a, b))
        except nx.NetworkXNoPath:
            only_assaults = []
        accepts = lambda data: data["category"] == "ASSAULT"  # noqa: E731
        assert sorted(shortest_paths(snapshot, a, b, max_length=40, limit=10_000, accepts=accepts)) == only_assaults


# -- reads and the event loop --------------------------------------------------------------


def test_whole_graph_indexes_are_never_built_on_the_event_loop(client, monkeypatch):
    import threading

    from graph.api.graphql.view import Snapshot

    builders: list[str] = []
    original = Snapshot.names

    def recording(self):
        if self._names is None and not self.inline:
            builders.append(threading.current_thread().name)
        return original(self)

    monkeypatch.setattr(Snapshot, "names", recording)
    assert client.data(ENTITY, name="moscow")["entity"]["id"] == "russia"
    assert builders == []  # the mirror's name index answers: nothing to build
    assert client.data(ENTITY, name="Rüssia")["entity"]["id"] == "russia"  # only its slug matches: the slug index is built
    assert builders and threading.main_thread().name not in builders


def test_a_busy_lock_sends_reads_to_a_worker_thread(knowledge):
    import contextlib

    class BusyKnowledge:
        """The real KnowledgeGraph, but the lock is always taken when the event loop tries it."""

        def __init__(self, inner) -> None:
            self.inner, self.tries = inner, 0

        def __getattr__(self, name):
            return getattr(self.inner, name)

        @contextlib.contextmanager
        def try_read(self):
            self.tries += 1
            yield False

    busy = BusyKnowledge(knowledge)
    answer = Client(busy).data('{ entity(id: "russia") { relations(first: 2) { edges { node { id } } } } }')
    assert relation_ids(answer["entity"]["relations"]) == ["a-kharkiv/0", "a-kharkiv/3"] and busy.tries >= 2
