"""Checks shared by the tests of the store, the mirror and the knowledge graph."""

from __future__ import annotations

import json
from urllib.parse import unquote

from graph.mirror import Mirror
from graph.store.oxigraph import Store


def store_statements(store: Store) -> dict[str, tuple]:
    """statement id → (subject key, object key, attributes) read with SPARQL from the store."""
    vocab = store.vocab
    rows = store.query("""
        SELECT ?stmt ?s ?o ?label ?category ?polarity ?modality ?asserted ?confidence ?date ?sentence
               ?start ?end ?qualifiers ?source ?article ?stext ?otext
        WHERE {
          ?stmt a ng:Statement ; rdf:subject ?s ; rdf:object ?o ; ng:predicateLabel ?label ;
                ng:category ?category ; ng:polarity ?polarity ; ng:modality ?modality ; ng:asserted ?asserted ;
                ng:confidence ?confidence ; ng:sentence ?sentence ; ng:sentenceStart ?start ; ng:sentenceEnd ?end ;
                ng:qualifiersJson ?qualifiers ; ng:sourceFile ?source ; prov:wasDerivedFrom ?article ;
                ng:subjectText ?stext ; ng:objectText ?otext .
          OPTIONAL { ?stmt ng:date ?date }
        }""")

    def key(iri: str) -> str:
        if iri.startswith(str(vocab.ENTITY)):
            return iri.removeprefix(str(vocab.ENTITY))
        return "quantity:" + unquote(iri.removeprefix(str(vocab.QUANTITY)))

    found = {}
    for row in rows:
        statement = unquote(row["stmt"].value.removeprefix(str(vocab.STATEMENT)))
        found[statement] = (
            key(row["s"].value),
            key(row["o"].value),
            {
                "predicate": row["label"].value,
                "category": row["category"].value.removeprefix(str(vocab.CATEGORY)),
                "polarity": row["polarity"].value,
                "modality": row["modality"].value,
                "asserted": row["asserted"].value == "true",
                "confidence": float(row["confidence"].value),
                "date": row["date"].value if row["date"] is not None else None,
                "sentence": row["sentence"].value,
                "start": int(row["start"].value),
                "end": int(row["end"].value),
                "qualifiers": json.loads(row["qualifiers"].value),
                "source": row["source"].value,
                "article": unquote(row["article"].value.removeprefix(str(vocab.ARTICLE))),
            },
        )
    return found


def assert_mirror_agrees(mirror: Mirror, store: Store) -> None:
    expected = store_statements(store)
    edges = mirror.statements()
    assert set(edges) == set(expected)
    for statement, (subject, obj, attrs) in expected.items():
        u, v, edge = edges[statement]
        assert (u, v) == (subject, obj)
        assert {name: edge[name] for name in attrs} == attrs
    assert mirror.article_ids() == store.article_ids()
    # entity nodes: every entity of the store, with the articles that mention it
    rows = store.query("SELECT ?e ?g WHERE { GRAPH ?g { ?article schema:mentions ?e } }")
    articles: dict[str, set] = {}
    for row in rows:
        entity = row["e"].value.removeprefix(str(store.vocab.ENTITY))
        articles.setdefault(entity, set()).add(unquote(row["g"].value.removeprefix(str(store.vocab.ARTICLE))))
    nodes = {n: d["articles"] for n, d in mirror.graph.nodes(data=True) if d["type"] != "QUANTITY"}
    assert nodes == articles
