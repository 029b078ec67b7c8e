"""A mirror loaded from the saved columns (``graph.columns``) reads and follows updates exactly as the one built from the articles."""

from __future__ import annotations

import asyncio
import io
import pickle
import threading
import zipfile

import networkx as nx
import numpy as np
import pytest

from graph import saved as saved_module
from graph.api.graphql.articles import ArticleCatalog
from graph.api.graphql.context import Context
from graph.api.graphql.limits import Limits
from graph.api.graphql.schema import build_schema
from graph.api.graphql.view import MirrorView
from graph.columns import ArticleSet, LazyMap, Records, Texts, column
from graph.edges import StatementData
from graph.exports import EXPORT_FORMATS
from graph.knowledge import KnowledgeGraph
from graph.mirror import Mirror
from tests.factories import (
    aid_article,
    gephi_extractions,
    graphql_extra_article,
    graphql_extractions,
    odd_article,
    synthetic_article,
    war_article,
)


def _articles():
    return [*gephi_extractions(), war_article("a1"), war_article("a2"), aid_article(), odd_article(), *map(synthetic_article, range(6))]


def _loaded(mirror: Mirror) -> Mirror:
    out = io.BytesIO()
    saved_module._dump_mirror(mirror, out)
    out.seek(0)
    return saved_module._load_mirror(out)


def _shape(mirror: Mirror) -> tuple:
    """What readers of the graph see, in the order they see it."""
    graph = mirror.graph
    return (
        list(graph.nodes(data=True)),
        list(graph.edges(keys=True, data=True)),
        [(node, list(sources)) for node, sources in graph._pred.items()],
        [(node, [(target, list(keyed)) for target, keyed in targets.items()]) for node, targets in graph._succ.items()],
        sorted(mirror.article_ids()),
        mirror.statements(),
    )


def _pages(mirror: Mirror) -> dict:
    incidence = mirror.incidence
    return {
        key: (sizes, {c: incidence.newest(key, c, 0, 100) for c in sizes}, incidence.timeline(key))
        for key in mirror.graph.nodes
        for sizes in [incidence.category_sizes(key)]
    }


def _same_objects(mirror: Mirror) -> None:
    """Both ends of a pair share its mapping, and the mapping, the article's contribution and the
    incidence hold the same record for a statement (the mirror's updates rely on identity)."""
    succ, pred = mirror.graph._succ, mirror.graph._pred
    assert all(pred[v][u] is keyed for u, targets in succ.items() for v, keyed in targets.items())
    in_graph = {data.key: data for *_, data in mirror.graph.edges(keys=True, data=True)}
    for _, (_, edges) in mirror._contributions.items():
        assert all(in_graph[data.key] is data for data in edges)
    assert all(type(data) is StatementData for data in in_graph.values())


def test_a_loaded_mirror_reads_as_the_built_one_in_the_same_order():
    built = Mirror.from_extractions(_articles())
    loaded = _loaded(built)
    assert isinstance(loaded.graph._succ, LazyMap) and isinstance(loaded._contributions, LazyMap)
    assert _shape(loaded) == _shape(built)
    assert _pages(loaded) == _pages(built)
    assert sorted(loaded.graph.degree()) == sorted(built.graph.degree())
    assert nx.pagerank(loaded.graph) == nx.pagerank(built.graph)
    frozen, expected = loaded.frozen_copy(), built.frozen_copy()
    assert list(frozen.nodes(data=True)) == list(expected.nodes(data=True))
    assert list(frozen.edges(keys=True, data=True)) == list(expected.edges(keys=True, data=True))
    _same_objects(loaded)


@pytest.mark.parametrize("first_read", ["nothing", "predecessors", "one article", "everything"])
def test_a_loaded_mirror_follows_updates_as_the_built_one(first_read):
    """Whatever was made before the updates: nothing, one side of each pair, one article's contribution, all."""
    built = Mirror.from_extractions(_articles())
    loaded = _loaded(built)
    if first_read == "predecessors":
        for node in list(loaded.graph._pred):
            loaded.graph._pred[node]
    elif first_read == "one article":
        loaded._contributions["a1"]
    elif first_read == "everything":
        _shape(loaded)
    for mirror in (built, loaded):
        mirror.remove_article("a1")  # a2 repeats a1: its pairs go from two statements to one
        mirror.apply(war_article("a3", extra_sentence="Russia attacked Kyiv again."))
        mirror.remove_article("syn-2")
        mirror.apply(aid_article())  # replaced
        mirror.remove_article(gephi_extractions()[0].article.id)
    assert _shape(loaded) == _shape(built)
    assert _pages(loaded) == _pages(built)
    assert loaded.figures.most_connected(50) == built.figures.most_connected(50)
    assert loaded.names.items() and dict(loaded.names.items()) == dict(built.names.items())
    _same_objects(loaded)


def test_a_loaded_mirror_saves_and_loads_again():
    built = Mirror.from_extractions(_articles())
    loaded = _loaded(built)
    loaded._contributions["a2"]  # partly made
    again = _loaded(loaded)
    assert _shape(again) == _shape(built)
    assert _pages(again) == _pages(built)
    whole = pickle.loads(pickle.dumps(_loaded(built)))  # a mirror pickles whole, its parts made
    assert _shape(whole) == _shape(built) and type(whole.graph._succ) is dict


def test_readers_in_several_threads_get_the_same_objects():
    built = Mirror.from_extractions([*_articles(), *(synthetic_article(i) for i in range(6, 60))])
    loaded = _loaded(built)
    graph = loaded.graph
    nodes = list(graph._node)
    start = threading.Barrier(4)

    def read(order: list[str]) -> None:
        start.wait()
        for node in order:
            for keyed in graph._pred[node].values():
                list(keyed.values())
            graph._succ[node]
        for article_id in loaded.article_ids():
            loaded._contributions[article_id]

    threads = [threading.Thread(target=read, args=(order,)) for order in (nodes, nodes[::-1], nodes[1::2] + nodes[::2], nodes)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    _same_objects(loaded)
    assert _shape(loaded) == _shape(built)


def test_records_are_made_once_by_number():
    built = Mirror.from_extractions(_articles())
    records = [data for _, edges in built._contributions.values() for data in edges]
    table = Records([column([getattr(data, name) for data in records]) for name in StatementData._fields])
    assert table[3] is table[3] and table[3] == records[3]
    some = table.many([5, 1, 5, *range(len(records) - 30, len(records))])  # a few, then many at once
    assert some[0] is some[2] is table[5] and [dict(data) for data in some[1:]] == [dict(records[1]), dict(records[5])] + [
        dict(data) for data in records[-30:]
    ]
    table.make_all()
    assert [dict(data) for data in table] == [dict(data) for data in records]
    distinct, rows = column([1.5, "x", 1.5, None])
    assert rows.dtype == np.uint8 and [distinct[at] for at in rows.tolist()] == [1.5, "x", 1.5, None]


def test_texts_are_read_back_from_their_buffer():
    texts = Texts.of(["Kyiv", "", "Харків 🚀", "lone \udc80 surrogate"])
    assert list(texts) == ["Kyiv", "", "Харків 🚀", "lone \udc80 surrogate"] and texts[2] is texts[2]
    assert list(pickle.loads(pickle.dumps(texts))) == list(texts)
    many = [f"Sentence {n} ({'ё' * (n % 3)})." for n in range(100)]
    texts = Texts.of(many)
    assert texts.many([7, 3]) == [many[7], many[3]]  # one by one
    assert texts.many(range(60, 100)) == many[60:] and list(texts) == many  # the whole buffer decoded at once


def test_an_article_set_is_a_set_once_read():
    ids = ["a", "b", "c", "d"]
    articles = ArticleSet(ids, np.asarray([0, 2], dtype=np.int32))
    assert len(articles) == 2 and articles._set is None  # counted without being made
    assert articles == {"a", "c"} and {"a", "c"} == articles and "c" in articles and "b" not in articles
    articles.add("d")
    articles.discard("a")
    assert sorted(articles) == ["c", "d"] and frozenset(articles) == {"c", "d"}
    assert pickle.loads(pickle.dumps(articles)) == {"c", "d"}


# -- the readers: GraphQL and the exports answer alike on a loaded mirror and a built one ------------------

QUESTIONS = [
    "{ entities(first: 100) { totalCount edges { cursor score node { id name type aliases mentions degree inDegree outDegree "
    "articleCount } } } }",
    '{ entity(name: "Russia") { relations(first: 100) { totalCount edges { cursor node { id predicate category date '
    "confidence asserted subject { id } object { ... on Entity { id } ... on Quantity { id value unit } } "
    "evidence { sentence start end subjectText objectText articleId } } } } neighbors(depth: 2) { distance entity { id } } } }",
    '{ relations(object: "Kharkiv", first: 50) { totalCount edges { node { id subject { id } } } } }',
    "{ relations(category: ASSAULT, first: 50) { totalCount edges { node { id } } } }",
    '{ path(from: "North Korea", to: "kharkiv", maxLength: 4) { length entities { id } relations { id } } }',
    '{ neighborhood(entity: "Kharkiv", depth: 2) { center { id } truncated nodes { id depth degree mentions } '
    "edges { id source target category date confidence asserted } } }",
    '{ timeline(entity: "Russia", first: 50) { edges { node { id date } } } }',
    "{ topEntities(by: DEGREE, first: 20) { rank score entity { id } } }",
    "{ topEntities(by: PAGERANK, first: 20) { rank score entity { id } } }",
    "{ topEntities(by: MENTIONS, first: 20) { rank score entity { id } } }",
    '{ article(id: "b-aid") { title relations(first: 20) { totalCount edges { node { id } } } } }',
    "{ stats { entities quantities relations asserted articles categories { category count } } }",
]


def _answers(knowledge: KnowledgeGraph) -> list:
    limits = Limits()
    schema = build_schema(limits)
    view, catalog = MirrorView(knowledge), ArticleCatalog(knowledge.store)
    answers = []
    for question in QUESTIONS:
        result = asyncio.run(schema.execute(question, context_value=Context(view, catalog, limits)))
        assert not result.errors, result.errors
        answers.append(result.data)
    for name in ("gexf", "graphml", "csv"):
        out = io.BytesIO()
        EXPORT_FORMATS[name].export(knowledge, out)
        if name == "csv":  # a zip of the files, each stamped with the time it was written
            with zipfile.ZipFile(out) as files:
                answers.append({member: files.read(member) for member in files.namelist()})
        else:
            answers.append(out.getvalue())
    return answers


def test_graphql_and_the_exports_answer_alike_on_a_loaded_mirror(tmp_path):
    articles = [*graphql_extractions(), graphql_extra_article("extra-1", 5)]
    with KnowledgeGraph.open(tmp_path / "store") as knowledge:
        knowledge.ingest(articles)
        knowledge.refresh()  # built from the store and saved as columns
    with KnowledgeGraph.open(None) as built:
        built.ingest(articles)
        expected = _answers(built)
        with KnowledgeGraph.open(tmp_path / "store", read_only=True) as loaded:
            assert isinstance(loaded.mirror.graph._succ, LazyMap)
            answers = _answers(loaded)
    assert answers[: len(QUESTIONS)] == expected[: len(QUESTIONS)]
    assert answers[len(QUESTIONS) :] == expected[len(QUESTIONS) :]


def test_stats_on_a_loaded_mirror_build_nothing(tmp_path, monkeypatch):
    """GraphQL ``stats`` reads the running figures: on a mirror loaded from columns it makes no record."""
    articles = [*graphql_extractions(), graphql_extra_article("extra-1", 5)]
    with KnowledgeGraph.open(tmp_path / "store") as knowledge:
        knowledge.ingest(articles)
        knowledge.refresh()
    question = "{ stats { entities quantities relations asserted articles categories { category count } } }"
    limits = Limits()
    schema = build_schema(limits)
    with KnowledgeGraph.open(None) as built:
        built.ingest(articles)
        view = MirrorView(built)
        expected = asyncio.run(schema.execute(question, context_value=Context(view, ArticleCatalog(built.store), limits))).data
    made: list[int] = []
    make = Records._make
    monkeypatch.setattr(Records, "_make", lambda self, numbers: (made.append(len(numbers)), make(self, numbers))[1])
    with KnowledgeGraph.open(tmp_path / "store", read_only=True) as loaded:
        assert isinstance(loaded.mirror.graph._succ, LazyMap)
        before = sum(made)
        view = MirrorView(loaded)
        answer = asyncio.run(schema.execute(question, context_value=Context(view, ArticleCatalog(loaded.store), limits))).data
        assert sum(made) == before  # no statement record made to answer
        loaded.mirror.statements()  # (what a pass over the graph makes, for contrast)
        assert sum(made) > before
    assert answer == expected
