"""Entities described once, in the shared entity graph: writes, replacements, removals, and the upgrade of version-1 stores."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from rdflib.namespace import RDF, RDFS, SKOS

from graph.errors import StoreError
from graph.rdf.entities import description_quads, descriptions, merged
from graph.rdf.vocab import Vocabulary
from graph.rdf.write import article_iri, article_quads
from graph.store.oxigraph import DATABASE_DIR, FORMAT_VERSION, METADATA_FILE, Store
from tests.factories import aid_article, odd_article, war_article

VOCAB = Vocabulary()


@pytest.fixture(params=["memory", "disk"])
def store(request, tmp_path):
    opened = Store.open(None if request.param == "memory" else tmp_path / "store")
    yield opened
    opened.close()


def _fresh_quads(*extractions) -> set[ox.Quad]:
    """The quads of a store written once with ``extractions``: what any sequence of writes must end in."""
    with Store.open(None) as fresh:
        fresh.put_articles(list(extractions))
        return set(fresh.oxigraph)


def _values(store: Store, entity: str, predicate) -> list[str]:
    node, predicate = ox.NamedNode(str(VOCAB.entity(entity))), ox.NamedNode(str(predicate))
    return sorted(q.object.value for q in store.oxigraph.quads_for_pattern(node, predicate, None))


def test_an_entity_is_described_once_however_many_articles_name_it(store):
    war, aid = war_article(), aid_article()
    store.put_article(war)
    store.put_article(aid)
    # United States, Ukraine and Kyiv are in both articles: one label, one type, one class each in the whole store
    for entity in ("United States", "Ukraine", "Kyiv"):
        assert _values(store, entity, RDFS.label) == [entity]
        assert _values(store, entity, VOCAB.NG.entityType) == ["GPE"]
        assert len(_values(store, entity, RDF.type)) == 2  # ng:Entity and schema:AdministrativeArea
    entity_graph = ox.NamedNode(str(VOCAB.entity_graph))
    described = description_quads(VOCAB, merged([descriptions(war, VOCAB), descriptions(aid, VOCAB)]))
    assert set(store.oxigraph.quads_for_pattern(None, None, None, entity_graph)) == set(described)
    assert len(store.oxigraph) == len(article_quads(war, VOCAB)) + len(article_quads(aid, VOCAB)) + len(described)
    # each article graph still names its entities, with its own mention count
    for extraction in (war, aid):
        graph = ox.NamedNode(article_iri(VOCAB, extraction.article.id))
        mentioned = store.oxigraph.quads_for_pattern(None, ox.NamedNode(str(VOCAB.NG.mentionCount)), None, graph)
        assert {q.subject.value for q in mentioned} == set(descriptions(extraction, VOCAB))


def test_the_description_is_the_union_of_what_the_articles_say(store):
    store.put_article(aid_article())  # calls it "the United States"
    assert _values(store, "United States", SKOS.altLabel) == ["the United States"]
    store.put_article(war_article())  # calls it "The U.S."
    assert _values(store, "United States", SKOS.altLabel) == ["U.S.", "the United States"]


def test_removing_an_article_takes_away_what_only_it_said(store):
    war, aid = war_article(), aid_article()
    store.put_articles([war, aid])
    assert store.remove_article("a1") is True
    assert _values(store, "United States", SKOS.altLabel) == ["the United States"]  # only the war article said "The U.S."
    assert _values(store, "Kharkiv", RDFS.label) == []  # no article names Kharkiv any more: no description
    assert _values(store, "Kyiv", RDFS.label) == ["Kyiv"]
    assert set(store.oxigraph) == _fresh_quads(aid)
    assert list(store.extractions()) == [aid]
    assert store.remove_article("b2") is True
    assert len(store.oxigraph) == 0


def test_replacing_an_article_leaves_what_a_fresh_write_would(store):
    war, aid, odd = war_article(), aid_article(), odd_article()
    store.put_articles([war, aid, odd])
    store.put_article(war)  # the same again: nothing changes
    assert set(store.oxigraph) == _fresh_quads(war, aid, odd)
    assert list(store.extractions()) == sorted([war, aid, odd], key=lambda e: e.article.id)
    other = aid_article("a1")  # a1 now says something else altogether
    assert store.put_article(other) is True
    assert set(store.oxigraph) == _fresh_quads(other, aid, odd)
    assert store.extraction("a1") == other
    assert store.put_articles([war, aid_article("c3")]) == [True, False]  # and back, in a batch
    assert set(store.oxigraph) == _fresh_quads(war, aid, odd, aid_article("c3"))
    assert store.extraction("a1") == war


def test_a_changed_article_keeps_what_others_still_say(store):
    store.put_articles([war_article(), war_article("a2")])
    store.put_article(aid_article("a1"))  # a1 no longer says "The U.S.", a2 still does
    assert _values(store, "United States", SKOS.altLabel) == ["U.S.", "the United States"]
    assert _values(store, "Kharkiv", RDFS.label) == ["Kharkiv"]
    assert set(store.oxigraph) == _fresh_quads(aid_article("a1"), war_article("a2"))


def test_rebuilding_the_entity_graph_recomputes_every_description(store):
    store.put_articles([war_article(), aid_article()])
    expected = set(store.oxigraph)
    entity_graph = ox.NamedNode(str(VOCAB.entity_graph))
    stale = ox.Quad(ox.NamedNode(str(VOCAB.entity("Kyiv"))), ox.NamedNode(str(SKOS.altLabel)), ox.Literal("Kiev"), entity_graph)
    nobody = ox.Quad(ox.NamedNode(str(VOCAB.entity("Nobody"))), ox.NamedNode(str(RDFS.label)), ox.Literal("Nobody"), entity_graph)
    store.oxigraph.extend([stale, nobody])
    store.oxigraph.remove(ox.Quad(ox.NamedNode(str(VOCAB.entity("Kyiv"))), ox.NamedNode(str(RDFS.label)), ox.Literal("Kyiv"), entity_graph))
    assert store.rebuild_entity_graph() >= 3
    assert set(store.oxigraph) == expected


# -- format version 1: descriptions in every article graph -------------------------------


def _version_1_store(path, extractions) -> None:
    """A store as format version 1 wrote it: each article graph describes the entities it names."""
    database = ox.Store(str(path / DATABASE_DIR))
    for extraction in extractions:
        graph = ox.NamedNode(article_iri(VOCAB, extraction.article.id))
        database.extend(article_quads(extraction, VOCAB))
        database.extend(ox.Quad(q.subject, q.predicate, q.object, graph) for q in description_quads(VOCAB, descriptions(extraction, VOCAB)))
    database.flush()
    del database
    (path / METADATA_FILE).write_text(json.dumps({"format_version": 1, "base_iri": VOCAB.base}))


def test_a_version_1_store_is_read_as_it_is_and_upgraded_when_opened_for_writing(tmp_path):
    extractions = [war_article(), aid_article(), odd_article()]
    path = tmp_path / "store"
    path.mkdir()
    _version_1_store(path, extractions)
    with Store.open(path, read_only=True) as old:
        assert list(old.extractions()) == sorted(extractions, key=lambda e: e.article.id)
        before = len(old.oxigraph)
    assert json.loads((path / METADATA_FILE).read_text())["format_version"] == 1  # reading changes nothing
    with Store.open(path) as upgraded:
        assert set(upgraded.oxigraph) == _fresh_quads(*extractions)
        assert len(upgraded.oxigraph) < before
        assert list(upgraded.extractions()) == sorted(extractions, key=lambda e: e.article.id)
    assert json.loads((path / METADATA_FILE).read_text())["format_version"] == FORMAT_VERSION == 2
    with Store.open(path) as reopened:  # upgraded once
        assert set(reopened.oxigraph) == _fresh_quads(*extractions)


def test_an_unknown_format_version_is_refused(tmp_path):
    path = tmp_path / "store"
    with Store.open(path):
        pass
    (path / METADATA_FILE).write_text(json.dumps({"format_version": 99, "base_iri": VOCAB.base}))
    with pytest.raises(StoreError, match="format version 99"):
        Store.open(path)
