"""Article graphs read back into ArticleExtraction records, graph by graph and by query."""

from __future__ import annotations

import dataclasses

import pyoxigraph as ox
import pytest

from graph.errors import InputError
from graph.model import Entity, Quantity
from graph.rdf.read import extraction_from_quads, extractions_by_query
from graph.rdf.vocab import Vocabulary
from graph.rdf.write import article_iri, article_quads
from tests.factories import aid_article, odd_article, synthetic_article, war_article

VOCAB = Vocabulary()


@pytest.mark.parametrize("make", [war_article, aid_article, odd_article, lambda: synthetic_article(3)])
def test_quads_read_back_into_the_same_extraction(make):
    extraction = make()
    assert extraction_from_quads(article_quads(extraction, VOCAB), VOCAB) == extraction


def test_awkward_values_survive():
    base = war_article()
    triple = dataclasses.replace(
        base.triples[0],
        sentence='He said "no"\n\tand\\left.',
        date="sometime in 2024",
        qualifiers={"count": 3, "approximate": "at least", "location": "Kharkiv Oblast", "nested": {"a": [1, 2]}},
        subject=Entity("Ёлка", "ORG", ""),
        object=Quantity(1.5, "", "", None),
        confidence=1e-7,
    )
    extraction = dataclasses.replace(base, triples=(triple,))
    assert extraction_from_quads(article_quads(extraction, VOCAB), VOCAB) == extraction
    store = ox.Store()
    store.extend(article_quads(extraction, VOCAB))
    assert extractions_by_query(store, VOCAB) == [extraction]


def test_reading_by_query_equals_reading_graph_by_graph():
    extractions = [war_article(), aid_article(), odd_article(), synthetic_article(4)]
    store = ox.Store()
    for extraction in extractions:
        store.extend(article_quads(extraction, VOCAB))
    by_graph = [
        extraction_from_quads(store.quads_for_pattern(None, None, None, ox.NamedNode(article_iri(VOCAB, e.article.id))), VOCAB)
        for e in extractions
    ]
    assert by_graph == extractions
    assert extractions_by_query(store, VOCAB) == sorted(extractions, key=lambda e: e.article.id)


def test_a_graph_without_an_article_is_refused():
    quads = [q for q in article_quads(war_article(), VOCAB) if q.subject.value != article_iri(VOCAB, "a1")]
    with pytest.raises(InputError):
        extraction_from_quads(quads, VOCAB)
