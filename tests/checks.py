"""Checks shared by several test modules: the store, the mirror and the knowledge graph agreeing;
two spaCy pipelines annotating alike."""

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


def assert_figures_agree(mirror: Mirror, article_dates: dict[str, str | None]) -> None:
    """The mirror's running figures, incidence and name index equal a full recount of its graph
    (``article_dates``: article id → ISO date or None, for the articles it holds)."""
    from collections import Counter

    graph = mirror.graph
    figures = mirror.figures
    entities = sorted(key for key, kind in graph.nodes(data="type") if kind != "QUANTITY")
    assert figures.articles == len(mirror.article_ids()) == len(article_dates)
    assert figures.entities == len(entities)
    assert figures.statements == graph.number_of_edges()
    categories = Counter(str(c) for *_, c in graph.edges(data="category"))
    quantities = sum(1 for _, kind in graph.nodes(data="type") if kind == "QUANTITY")
    asserted = sum(1 for *_, a in graph.edges(data="asserted") if a)
    assert figures.counted() == (quantities, asserted, dict(categories))
    days = [d.get("date") or d.get("article_date") for *_, d in graph.edges(data=True)]
    days = [day for day in days if day]
    assert figures.date_range() == ((min(days), max(days)) if days else None)
    for key in entities:
        assert figures.degree(key) == graph.degree(key), key
    by_degree = sorted(entities, key=lambda key: (-graph.degree(key), key))
    assert figures.most_connected(len(entities) + 5) == by_degree[: len(figures.most_connected(10**6))]
    assert figures.most_connected(10**6) == by_degree[: len(figures.most_connected(10**6))]
    newest = sorted(article_dates, key=lambda a: (article_dates[a] or "", a), reverse=True)
    assert figures.newest_articles(10**6) == newest[: len(figures.newest_articles(10**6))]
    for key in entities:
        incident = {(u, v, k): d for u, v, k, d in graph.out_edges(key, keys=True, data=True)}
        incident.update({(u, v, k): d for u, v, k, d in graph.in_edges(key, keys=True, data=True)})
        day = {k: d.get("date") or d.get("article_date") or "" for (_, _, k), d in incident.items()}
        rows = sorted(incident.items(), key=lambda item: (day[item[0][2]], item[0][2]), reverse=True)
        sizes = Counter(str(d["category"]) for _, d in rows)
        assert mirror.incidence.category_sizes(key) == dict(sorted(sizes.items(), key=lambda kv: (-kv[1], kv[0]))), key
        for category in sizes:
            expected = [k for (_, _, k), d in rows if d["category"] == category]
            assert [s.key for s in mirror.incidence.newest(key, category, 0, len(expected) + 3)] == expected
            assert [s.key for s in mirror.incidence.newest(key, category, 1, 2)] == expected[1:3]
        timeline = Counter(d.get("date") or d.get("article_date") for _, d in rows)
        timeline.pop(None, None)
        assert mirror.incidence.timeline(key) == sorted(timeline.items())
    from graph.names import normalize_name

    expected: dict[str, set[str]] = {}
    for key in entities:
        data = graph.nodes[key]
        for name in {normalize_name(str(data["label"])), *(normalize_name(str(alias)) for alias in data["aliases"])}:
            if name:
                expected.setdefault(name, set()).add(key)
    assert {name: set(keys) for name, keys in mirror.names.items()} == expected


def assert_pipelines_agree(ours, theirs, texts: list[str], read) -> None:
    """Each text read alike (``read``: a doc → what to compare) after both pipelines."""
    for mine, other in zip(ours.pipe(texts), theirs.pipe(texts), strict=True):
        assert read(mine) == read(other), mine.text
