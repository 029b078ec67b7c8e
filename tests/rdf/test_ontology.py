"""The ontology: every term newsgraph writes is described, rebased with the vocabulary, loaded."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from graph.model import CATEGORIES
from graph.rdf.ontology import PLOVER, load_ontology, ontology_path, ontology_triples, serialize_ontology
from graph.rdf.vocab import Vocabulary
from graph.rdf.write import article_quads
from graph.store.oxigraph import Store
from tests.factories import sparql_extractions

LABEL, COMMENT = str(RDFS.label), str(RDFS.comment)
PLOVER_TYPES = CATEGORIES[:16]


def _described(vocab: Vocabulary) -> dict[str, dict[str, set[str]]]:
    terms: dict[str, dict[str, set[str]]] = {}
    for triple in ontology_triples(vocab):
        terms.setdefault(triple.subject.value, {}).setdefault(triple.predicate.value, set()).add(triple.object.value)
    return terms


@pytest.fixture(scope="module")
def terms() -> dict[str, dict[str, set[str]]]:
    return _described(Vocabulary())


def test_every_ontology_term_written_by_the_store_is_described(terms):
    vocab = Vocabulary()
    used = set()
    for extraction in sparql_extractions():
        for quad in article_quads(extraction, vocab):
            for term in (quad.predicate, quad.object):
                if isinstance(term, ox.NamedNode) and term.value.startswith(str(vocab.NG)):
                    used.add(term.value)
    assert len(used) > 30
    missing = sorted(t for t in used if LABEL not in terms.get(t, {}) or COMMENT not in terms.get(t, {}))
    assert missing == []


def test_every_term_of_the_ontology_has_a_label_and_a_comment(terms):
    vocab = Vocabulary()
    own = [t for t in terms if t.startswith((vocab.base, PLOVER))]
    assert len(own) > 60
    assert [t for t in own if LABEL not in terms[t] or COMMENT not in terms[t]] == []


@pytest.mark.parametrize("category", CATEGORIES)
def test_categories_form_a_skos_scheme(terms, category):
    vocab = Vocabulary()
    concept = terms[str(vocab.category(category))]
    assert str(SKOS.Concept) in concept[str(RDF.type)]
    assert concept[str(SKOS.inScheme)] == {str(vocab.category_scheme)}
    assert concept[str(SKOS.notation)] == {category}
    assert str(vocab.category(category)) in terms[str(vocab.category_scheme)][str(SKOS.hasTopConcept)]


@pytest.mark.parametrize("category", PLOVER_TYPES)
def test_plover_types_are_matched_and_named(terms, category):
    concept = terms[str(Vocabulary().category(category))]
    assert concept[str(SKOS.exactMatch)] == {PLOVER + category}
    assert terms[PLOVER + category][str(SKOS.prefLabel)] == {category}


@pytest.mark.parametrize("category", ["AFFILIATION", "OTHER"])
def test_own_categories_have_no_plover_match(terms, category):
    concept = terms[str(Vocabulary().category(category))]
    assert str(SKOS.exactMatch) not in concept


def test_the_base_iri_is_configurable():
    vocab = Vocabulary("http://news.example.net/kg/")
    terms = _described(vocab)
    assert "http://news.example.net/kg/ontology#Statement" in terms
    assert "http://news.example.net/kg/category/ASSAULT" in terms
    assert str(OWL.Ontology) in terms["http://news.example.net/kg/ontology"][str(RDF.type)]
    assert not [t for t in terms if "newsgraph.example.org" in t]
    assert ontology_path(vocab) == "/kg/ontology"
    assert ontology_path(Vocabulary()) == "/ontology"


@pytest.mark.parametrize("fmt", [ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES, ox.RdfFormat.JSON_LD, ox.RdfFormat.RDF_XML])
def test_serializations_round_trip(fmt):
    vocab = Vocabulary()
    data = serialize_ontology(vocab, fmt)
    assert len(list(ox.parse(data, format=fmt))) == len(ontology_triples(vocab))


def test_load_ontology_replaces_the_ontology_graph():
    with Store.open(None) as store:
        graph = ox.NamedNode(str(store.vocab.ontology_graph))
        store.oxigraph.add(ox.Quad(ox.NamedNode("urn:x:stale"), ox.NamedNode("urn:x:p"), ox.Literal("old"), graph))
        count = load_ontology(store)
        assert count == load_ontology(store) == len(ontology_triples(store.vocab))
        in_graph = list(store.oxigraph.quads_for_pattern(None, None, None, graph))
        assert len(in_graph) == count
        assert not any(q.subject.value == "urn:x:stale" for q in in_graph)
