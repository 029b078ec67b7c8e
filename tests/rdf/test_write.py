"""ArticleExtraction → quads of an article graph, IRIs, literals, replacement updates."""

from __future__ import annotations

import dataclasses
import json

import pyoxigraph as ox
import pytest
from rdflib.namespace import RDF, RDFS, SKOS

from graph.rdf.entities import description_quads, descriptions
from graph.rdf.read import extraction_from_quads
from graph.rdf.vocab import SCHEMA, Vocabulary
from graph.rdf.write import (
    _number,
    article_id_from_iri,
    article_iri,
    article_quads,
    iri_segment,
    replace_changes_update,
    replace_graph_update,
)
from tests.factories import aid_article, war_article

VOCAB = Vocabulary()


def _quads_by(quads, subject=None, predicate=None):
    return [
        q
        for q in quads
        if (subject is None or q.subject.value == str(subject)) and (predicate is None or q.predicate.value == str(predicate))
    ]


def test_every_quad_is_in_the_article_graph():
    extraction = war_article()
    graph = article_iri(VOCAB, "a1")
    assert {q.graph_name.value for q in article_quads(extraction, VOCAB)} == {graph}


def test_only_asserted_triples_get_direct_triples():
    extraction = war_article()
    quads = article_quads(extraction, VOCAB)
    attacked = str(VOCAB.relation("attacked"))
    direct = {(q.subject.value, q.object.value) for q in _quads_by(quads, predicate=attacked)}
    # "Russia attacked Kharkiv" is asserted; "Russia did not attack Kyiv" is not
    assert direct == {(str(VOCAB.entity("russia")), str(VOCAB.entity("kharkiv")))}
    hit = _quads_by(quads, predicate=VOCAB.relation("hit"))
    assert hit == []  # hypothetical
    statements = _quads_by(quads, predicate=RDF.type)
    assert sum(q.object.value == str(VOCAB.NG.Statement) for q in statements) == len(extraction.triples)
    asserted = [q.object.value for q in _quads_by(quads, predicate=VOCAB.NG.asserted)]
    assert asserted == ["true" if t.asserted else "false" for t in extraction.triples]


def test_statement_node_carries_provenance():
    extraction = war_article()
    quads = article_quads(extraction, VOCAB)
    node = VOCAB.statement("a1", 1)
    props = {q.predicate.value: q.object for q in _quads_by(quads, subject=node)}
    ng = VOCAB.NG
    assert props[str(ng.predicateLabel)].value == "pledged"
    assert props[str(ng.category)].value == str(VOCAB.category("AID"))
    assert props[str(ng.modality)].value == "reported"
    assert props[str(ng.amount)].value == "425000000"
    assert props[str(ng.currency)].value == "USD"
    assert props[str(ng.date)].datatype.value.endswith("#date")
    assert props["http://www.w3.org/ns/prov#wasDerivedFrom"].value == article_iri(VOCAB, "a1")
    assert json.loads(props[str(ng.qualifiersJson)].value)["recipient"] == "Ukraine"
    quantity = props[str(RDF.object)].value
    assert quantity == str(VOCAB.quantity("a1", 1))
    qprops = {q.predicate.value: q.object.value for q in _quads_by(quads, subject=quantity)}
    assert qprops[str(SCHEMA.value)] == "425000000"
    assert qprops[str(RDFS.label)] == "$425 million"


def test_the_article_graph_names_its_entities_with_their_mention_counts_only():
    quads = article_quads(war_article(), VOCAB)
    russia = VOCAB.entity("Russia")
    assert [q.object.value for q in _quads_by(quads, russia, VOCAB.NG.mentionCount)] == ["2"]
    assert {q.predicate.value for q in _quads_by(quads, russia) if not q.predicate.value.startswith(str(VOCAB.REL))} == {
        str(VOCAB.NG.mentionCount)
    }
    assert str(russia) in {q.object.value for q in _quads_by(quads, article_iri(VOCAB, "a1"), SCHEMA.mentions)}


def test_entities_get_labels_aliases_and_types_in_the_entity_graph():
    quads = description_quads(VOCAB, descriptions(war_article(), VOCAB))
    assert {q.graph_name.value for q in quads} == {str(VOCAB.entity_graph)}
    russia = VOCAB.entity("Russia")
    assert {q.object.value for q in _quads_by(quads, russia, RDFS.label)} == {"Russia"}
    assert {q.object.value for q in _quads_by(quads, russia, SKOS.altLabel)} == {"Russian"}
    assert {q.object.value for q in _quads_by(quads, russia, VOCAB.NG.entityType)} == {"GPE"}
    types = {q.object.value for q in _quads_by(quads, russia, RDF.type)}
    assert types == {str(VOCAB.NG.Entity), str(SCHEMA.AdministrativeArea)}


@pytest.mark.parametrize("article_id", ["a1", "news/2024 11#7", "ü-ñ", "100%", "x?y=1&z"])
def test_article_ids_become_one_iri_segment_and_come_back(article_id):
    iri = article_iri(VOCAB, article_id)
    ox.NamedNode(iri)  # a valid IRI
    assert "/" not in iri.removeprefix(str(VOCAB.ARTICLE))
    assert article_id_from_iri(VOCAB, iri) == article_id
    assert iri_segment(article_id)


def test_other_iris_are_not_articles():
    assert article_id_from_iri(VOCAB, str(VOCAB.ontology_graph)) is None
    assert article_id_from_iri(VOCAB, str(VOCAB.statement("a1", 2))) is None


@pytest.mark.parametrize(
    "value, datatype",
    [(0.5, "decimal"), (425e6, "decimal"), (1e-5, "decimal"), (0.1 + 0.2, "decimal"), (1e300, "double"), (float("inf"), "double")],
)
def test_numbers_keep_their_exact_value(value, datatype):
    literal = _number(value)
    assert literal.datatype.value.endswith("#" + datatype)
    assert float(literal.value) == value


def test_replace_graph_update_is_valid_sparql_and_replaces():
    store = ox.Store()
    first, second = war_article(), war_article(extra_sentence="One more sentence.")
    graph = ox.NamedNode(article_iri(VOCAB, "a1"))
    store.update(replace_graph_update(graph, article_quads(first, VOCAB)))
    store.update(replace_graph_update(graph, article_quads(second, VOCAB)))
    assert set(store) == set(article_quads(second, VOCAB))


def test_replace_changes_update_touches_only_what_differs():
    store = ox.Store()
    first, second = war_article(), war_article(extra_sentence="One more sentence.")
    graph = ox.NamedNode(article_iri(VOCAB, "a1"))
    store.extend(article_quads(first, VOCAB))
    assert replace_changes_update(graph, store.quads_for_pattern(None, None, None, graph), article_quads(first, VOCAB)) is None
    update = replace_changes_update(graph, store.quads_for_pattern(None, None, None, graph), article_quads(second, VOCAB))
    assert update.count("DELETE DATA") == 1 and update.count("INSERT DATA") == 1
    assert len(update) < len(replace_graph_update(graph, article_quads(second, VOCAB))) / 2
    store.update(update)
    assert set(store) == set(article_quads(second, VOCAB))
    smaller = dataclasses.replace(first, triples=first.triples[:1])
    update = replace_changes_update(graph, store.quads_for_pattern(None, None, None, graph), article_quads(smaller, VOCAB))
    store.update(update)
    assert set(store) == set(article_quads(smaller, VOCAB))


def test_base_iri_is_configurable():
    vocab = Vocabulary("http://example.com/kg")
    quads = article_quads(aid_article(), vocab)
    assert all(q.graph_name.value.startswith("http://example.com/kg/article/") for q in quads)
    assert extraction_from_quads(quads, vocab) == aid_article()
