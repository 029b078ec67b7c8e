"""The networkx mirror: node/edge attributes, replacement, removal, agreement with the store."""

from __future__ import annotations

import dataclasses

import networkx as nx
import pytest

from graph.mirror import Mirror
from graph.model import Entity
from graph.store.oxigraph import Store
from tests.checks import assert_mirror_agrees
from tests.factories import aid_article, odd_article, synthetic_article, war_article


@pytest.fixture
def store():
    with Store.open(None) as opened:
        yield opened


def _ingest(store: Store, mirror: Mirror, *extractions) -> None:
    for extraction in extractions:
        store.put_article(extraction)
        mirror.apply(extraction)


def test_nodes_and_edges_carry_the_contract_attributes():
    mirror = Mirror.from_extractions([war_article(), aid_article()])
    graph = mirror.graph
    assert isinstance(graph, nx.MultiDiGraph)
    us = graph.nodes["united-states"]
    assert us == {
        "label": "United States",
        "type": "GPE",
        "aliases": ["U.S.", "the United States"],
        "mentions": 3,
        "articles": {"a1", "b2"},
    }
    quantity = graph.nodes["quantity:a1/1"]
    assert quantity["type"] == "QUANTITY"
    assert (quantity["value"], quantity["unit"], quantity["label"]) == (425e6, "USD", "$425 million")
    edge = graph.edges["united-states", "quantity:a1/1", "a1/1"]
    assert edge["predicate"] == "pledged" and edge["category"] == "AID"
    assert edge["modality"] == "reported" and edge["asserted"] is True
    assert (edge["amount"], edge["currency"]) == (425e6, "USD")
    assert edge["subject_text"] == "U.S." and edge["object_text"] == "$425 million"
    assert edge["date"] == "2024-11-09" and edge["article"] == "a1" and edge["source"] == "seeds/a1.txt"
    negated = graph.edges["russia", "kyiv", "a1/2"]
    assert negated["polarity"] == "negative" and negated["asserted"] is False
    assert "amount" not in negated
    assert set(graph.edges["kyiv", "unknown-attacker", "a1/4"]) >= {
        "predicate",
        "category",
        "polarity",
        "modality",
        "asserted",
        "confidence",
        "date",
        "article",
        "source",
        "sentence",
        "start",
        "end",
        "qualifiers",
        "subject_text",
        "object_text",
    }


def test_entities_without_triples_are_nodes_too():
    graph = Mirror.from_extractions([odd_article()]).graph
    assert graph.number_of_edges() == 0
    assert graph.nodes["kharkiv"]["aliases"] == ["Харків"]


def test_apply_replaces_an_article():
    mirror = Mirror.from_extractions([war_article(), aid_article()])
    before = mirror.graph.number_of_edges()
    mirror.apply(war_article())
    assert mirror.graph.number_of_edges() == before
    shorter = dataclasses.replace(war_article(), triples=war_article().triples[:1])
    mirror.apply(shorter)
    assert mirror.graph.number_of_edges() == 1 + len(aid_article().triples)
    assert "quantity:a1/1" not in mirror.graph


def test_remove_keeps_what_other_articles_contribute():
    mirror = Mirror.from_extractions([war_article(), aid_article()])
    assert mirror.remove_article("a1") is True
    assert mirror.remove_article("a1") is False
    graph = mirror.graph
    assert "vitali-klitschko" not in graph and "russia" not in graph
    assert graph.nodes["united-states"]["aliases"] == ["the United States"]
    assert graph.nodes["united-states"]["articles"] == {"b2"}
    assert graph.nodes["kyiv"]["mentions"] == 1
    assert all(key.startswith("b2/") for *_, key in graph.edges(keys=True))


def test_mirror_is_independent_of_ingest_order():
    extractions = [war_article(), aid_article(), odd_article(), synthetic_article(1)]
    forward = Mirror.from_extractions(extractions)
    backward = Mirror.from_extractions(reversed(extractions))
    assert dict(forward.graph.nodes(data=True)) == dict(backward.graph.nodes(data=True))
    assert forward.statements() == backward.statements()


def test_conflicting_labels_resolve_by_weight():
    a = war_article()
    relabelled = dataclasses.replace(
        aid_article(),
        mentions=tuple(
            dataclasses.replace(m, entity=Entity("KYIV", "LOC", "Kyiv")) if m.entity.key == "kyiv" else m for m in aid_article().mentions
        ),
    )
    node = Mirror.from_extractions([a, relabelled]).graph.nodes["kyiv"]
    assert (node["label"], node["type"]) == ("Kyiv", "GPE")  # 2 mentions in a1 outweigh 1 in b2


def test_from_store_agrees_with_the_store(store):
    _ingest(store, Mirror(), war_article(), aid_article(), odd_article(), synthetic_article(2))
    assert_mirror_agrees(Mirror.from_store(store), store)


def test_mirror_and_store_agree_after_replace_and_remove(store):
    mirror = Mirror()
    _ingest(store, mirror, war_article(), aid_article(), odd_article())
    assert_mirror_agrees(mirror, store)
    _ingest(store, mirror, dataclasses.replace(war_article(), triples=war_article().triples[1:3]))
    assert_mirror_agrees(mirror, store)
    store.remove_article("b2")
    mirror.remove_article("b2")
    assert_mirror_agrees(mirror, store)
    rebuilt = Mirror.from_store(store)
    assert dict(rebuilt.graph.nodes(data=True)) == dict(mirror.graph.nodes(data=True))
    assert rebuilt.statements() == mirror.statements()


def test_copy_is_independent():
    mirror = Mirror.from_extractions([war_article()])
    clone = mirror.copy()
    mirror.apply(aid_article())
    assert "b2" not in clone
    assert clone.graph.nodes["kyiv"]["articles"] == {"a1"}
    assert mirror.graph.nodes["kyiv"]["articles"] == {"a1", "b2"}
