"""The shared entity graph: every entity described once, as the union of what the stored articles say of it.

An article's graph names the entities it mentions (``schema:mentions``, with
``ng:mentionCount``); their descriptions live in one named graph,
``<base>graph/entities`` (:attr:`graph.rdf.vocab.Vocabulary.entity_graph`)::

    entity:russia a ng:Entity, schema:AdministrativeArea ;
        rdfs:label "Russia" ; ng:entityType "GPE" ; skos:altLabel "Russian" .

An entity's description is the union, over the articles that mention it, of
the labels, types and surface forms each gives it (an article's surface forms
that equal one of its labels for the entity are not aliases).
``descriptions`` computes one article's share, ``description_quads`` turns
descriptions into quads of the entity graph, ``stored_quads`` reads the entity
graph and ``described_by_articles`` recomputes descriptions from the article
graphs (to drop what only a replaced or removed article said);
``changes_update`` is the SPARQL Update from one to the other.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
from rdflib.namespace import RDF, RDFS, SKOS

from graph.model import ArticleExtraction, entity_summaries
from graph.rdf.vocab import ENTITY_CLASSES, Vocabulary

#: Entity IRIs per SPARQL query (their VALUES list).
QUERY_CHUNK = 400

_TYPE, _LABEL, _ALT_LABEL = (ox.NamedNode(str(iri)) for iri in (RDF.type, RDFS.label, SKOS.altLabel))


@dataclass
class Description:
    """What the articles say of one entity: its labels, entity types and other surface forms."""

    labels: set[str] = field(default_factory=set)
    types: set[str] = field(default_factory=set)
    aliases: set[str] = field(default_factory=set)

    def update(self, other: Description) -> None:
        self.labels |= other.labels
        self.types |= other.types
        self.aliases |= other.aliases

    def covers(self, other: Description) -> bool:
        """Whether everything ``other`` says is said here too."""
        return other.labels <= self.labels and other.types <= self.types and other.aliases <= self.aliases


#: entity IRI → its description
Descriptions = dict[str, Description]


def descriptions(extraction: ArticleExtraction, vocab: Vocabulary) -> Descriptions:
    """What one article says of each entity it names."""
    found: Descriptions = {}
    for key, summary in entity_summaries(extraction).items():
        labels = set(summary["labels"])
        found[str(vocab.entity(key))] = Description(labels, set(summary["types"]), set(summary["aliases"]) - labels)
    return found


def merged(many: Iterable[Mapping[str, Description]]) -> Descriptions:
    """The union of several articles' descriptions."""
    union: Descriptions = defaultdict(Description)
    for one in many:
        for iri, description in one.items():
            union[iri].update(description)
    return dict(union)


def shrunk(old: Mapping[str, Description], new: Mapping[str, Description]) -> Descriptions:
    """What ``old`` said of each entity that ``new`` no longer says (the entity graph may lose it)."""
    lost: Descriptions = {}
    for iri, description in old.items():
        kept = new.get(iri, Description())
        if not kept.covers(description):
            lost[iri] = Description(description.labels - kept.labels, description.types - kept.types, description.aliases - kept.aliases)
    return lost


def without(described: Mapping[str, Description], gone: Mapping[str, Description]) -> Descriptions:
    """``described`` less the values in ``gone``; an entity left without a label (no article names it) is left out."""
    kept: Descriptions = {}
    for iri, description in described.items():
        less = gone.get(iri, Description())
        labels = description.labels - less.labels
        if labels:
            kept[iri] = Description(labels, description.types - less.types, description.aliases - less.aliases)
    return kept


def description_quads(vocab: Vocabulary, described: Mapping[str, Description]) -> list[ox.Quad]:
    """The quads of the entity graph that describe ``described``."""
    graph = ox.NamedNode(str(vocab.entity_graph))
    entity_class = ox.NamedNode(str(vocab.NG.Entity))
    entity_type = ox.NamedNode(str(vocab.NG.entityType))
    quads = []
    for iri, description in described.items():
        node = ox.NamedNode(iri)
        quads.append(ox.Quad(node, _TYPE, entity_class, graph))
        classes = {ENTITY_CLASSES[kind] for kind in description.types if kind in ENTITY_CLASSES}
        quads.extend(ox.Quad(node, _TYPE, ox.NamedNode(str(cls)), graph) for cls in sorted(classes))
        quads.extend(ox.Quad(node, _LABEL, ox.Literal(label), graph) for label in sorted(description.labels))
        quads.extend(ox.Quad(node, entity_type, ox.Literal(kind), graph) for kind in sorted(description.types))
        quads.extend(ox.Quad(node, _ALT_LABEL, ox.Literal(alias), graph) for alias in sorted(description.aliases))
    return quads


def stored_quads(store: ox.Store, vocab: Vocabulary, iris: Collection[str]) -> set[ox.Quad]:
    """The quads of the entity graph about ``iris``, as stored."""
    graph = ox.NamedNode(str(vocab.entity_graph))
    found: set[ox.Quad] = set()
    for chunk in _chunks(iris):
        for row in _select(store, f"SELECT ?e ?p ?o WHERE {{ VALUES ?e {{ {_values(chunk)} }} GRAPH {graph} {{ ?e ?p ?o }} }}"):
            found.add(ox.Quad(row["e"], row["p"], row["o"], graph))
    return found


def stored_descriptions(quads: Iterable[ox.Quad], vocab: Vocabulary) -> Descriptions:
    """The descriptions quads of the entity graph hold."""
    found: Descriptions = defaultdict(Description)
    label, alias, kind = _LABEL.value, _ALT_LABEL.value, str(vocab.NG.entityType)
    for quad in quads:
        if not isinstance(quad.subject, ox.NamedNode) or not isinstance(quad.object, ox.Literal):
            continue
        description = found[quad.subject.value]
        values = {label: description.labels, alias: description.aliases, kind: description.types}
        if quad.predicate.value in values:
            values[quad.predicate.value].add(quad.object.value)
    return dict(found)


def unsaid(
    store: ox.Store,
    vocab: Vocabulary,
    values: Mapping[str, Description],
    stored: Mapping[str, Description],
    *,
    leave_out: Collection[ox.NamedNode] = (),
) -> Descriptions:
    """Those of ``values`` that no article graph (but those in ``leave_out``) says of its entity.

    One query: for each value, does a statement say it of the entity (``ng:subjectLabel``,
    ``ng:objectType``, ``ng:subjectText``…), or does an article's ``ng:mentionsJson`` hold a
    mention of the entity with it (looked for as the start of the mention's JSON, from the
    entity's ``stored`` labels and types)? Each check stops at the first article that says it.
    """
    rows: list[tuple[str, str, str, str]] = []  # entity, kind, value, JSON of a mention that says it
    for iri, description in values.items():
        labels, types = stored.get(iri, Description()).labels | description.labels, stored.get(iri, Description()).types | description.types
        for label in description.labels:
            rows.append((iri, "Label", label, _json_start(label)))
        for kind in description.types:
            rows.extend((iri, "Type", kind, _json_start(label, kind)) for label in labels)
        for alias in description.aliases:
            rows.extend((iri, "Text", alias, _json_start(label, kind, alias)) for label in labels for kind in types)
    said: set[tuple[str, str, str]] = set()
    for start in range(0, len(rows), QUERY_CHUNK):
        chunk = rows[start : start + QUERY_CHUNK]
        table = " ".join(
            f"({ox.NamedNode(iri)} ng:subject{kind} ng:object{kind} {ox.Literal(value)} {ox.Literal(needle)})"
            for iri, kind, value, needle in chunk
        )
        skipped = f"FILTER (?g NOT IN ({', '.join(str(graph) for graph in leave_out)}))" if leave_out else ""
        query = f"""SELECT DISTINCT ?e ?sp ?v WHERE {{ VALUES (?e ?sp ?op ?v ?needle) {{ {table} }}
            FILTER EXISTS {{ GRAPH ?g {{ {{ ?st rdf:subject ?e ; ?sp ?v }} UNION {{ ?st rdf:object ?e ; ?op ?v }}
              UNION {{ ?article schema:mentions ?e ; ng:mentionsJson ?mentions . FILTER (CONTAINS(?mentions, ?needle)) }} }}
            {skipped} }} }}"""
        for row in _select(store, query, prefixes=vocab.prefixes()):
            said.add((row["e"].value, row["sp"].value.removeprefix(str(vocab.NG) + "subject"), row["v"].value))
    gone: Descriptions = {}
    for iri, description in values.items():
        lost = Description(
            {v for v in description.labels if (iri, "Label", v) not in said},
            {v for v in description.types if (iri, "Type", v) not in said},
            {v for v in description.aliases if (iri, "Text", v) not in said},
        )
        if lost.labels or lost.types or lost.aliases:
            gone[iri] = lost
    return gone


def _json_start(*fields: str) -> str:
    """How a mention with these first fields starts in ``ng:mentionsJson`` (as ``article_quads`` writes it)."""
    return json.dumps(list(fields), ensure_ascii=False)[:-1] + ","


def described_by_articles(
    store: ox.Store, vocab: Vocabulary, iris: Collection[str], *, leave_out: Collection[ox.NamedNode] = ()
) -> Descriptions:
    """The descriptions of ``iris`` the article graphs give (but those in ``leave_out``): an entity no
    article names has none. Reads every article that mentions one of them."""
    wanted = set(iris)
    skipped = {graph.value for graph in leave_out}
    per_article: dict[tuple[str, str], Description] = defaultdict(Description)  # (graph, entity) → its share

    def see(graph: str, iri: str, label: str, kind: str, text: str) -> None:
        share = per_article[graph, iri]
        share.labels.add(label)
        share.types.add(kind)
        if text:
            share.aliases.add(text)

    prefixes = vocab.prefixes()
    for chunk in _chunks(wanted):
        values = _values(chunk)
        mentions = f"""SELECT DISTINCT ?g ?mentions WHERE {{ VALUES ?e {{ {values} }}
            GRAPH ?g {{ ?article schema:mentions ?e ; ng:mentionsJson ?mentions }} }}"""
        for row in _select(store, mentions, prefixes=prefixes):
            graph = row["g"].value
            if graph in skipped:
                continue
            for label, kind, text, _, _ in json.loads(row["mentions"].value):
                iri = str(vocab.entity(label))
                if iri in wanted:
                    see(graph, iri, label, kind, text)
        ends = f"""SELECT DISTINCT ?g ?e ?label ?type ?text WHERE {{ VALUES ?e {{ {values} }} GRAPH ?g {{
            {{ ?st rdf:subject ?e ; ng:subjectLabel ?label ; ng:subjectType ?type ; ng:subjectText ?text }}
            UNION {{ ?st rdf:object ?e ; ng:objectLabel ?label ; ng:objectType ?type ; ng:objectText ?text }} }} }}"""
        for row in _select(store, ends, prefixes=prefixes):
            if row["g"].value not in skipped:
                see(row["g"].value, row["e"].value, row["label"].value, row["type"].value, row["text"].value)
    described: Descriptions = defaultdict(Description)
    for (_, iri), share in per_article.items():
        share.aliases -= share.labels
        described[iri].update(share)
    return dict(described)


def changes_update(vocab: Vocabulary, stored: Iterable[ox.Quad], wanted: Iterable[ox.Quad]) -> str | None:
    """One SPARQL Update turning the entity graph's quads ``stored`` into ``wanted``; None if they are the same."""
    graph = ox.NamedNode(str(vocab.entity_graph))
    before, after = set(stored), set(wanted)
    parts = []
    for verb, quads in (("DELETE", before - after), ("INSERT", after - before)):
        if quads:
            body = " .\n".join(f"{q.subject} {q.predicate} {q.object}" for q in quads)
            parts.append(f"{verb} DATA {{ GRAPH {graph} {{\n{body} .\n}} }}")
    return " ;\n".join(parts) or None


def insert_update(quads: Iterable[ox.Quad]) -> str | None:
    """One SPARQL Update adding ``quads`` (of one graph) where they are missing; None for none."""
    quads = list(quads)
    if not quads:
        return None
    body = " .\n".join(f"{q.subject} {q.predicate} {q.object}" for q in quads)
    return f"INSERT DATA {{ GRAPH {quads[0].graph_name} {{\n{body} .\n}} }}"


def _chunks(iris: Collection[str]) -> list[list[str]]:
    ordered = sorted(iris)
    return [ordered[start : start + QUERY_CHUNK] for start in range(0, len(ordered), QUERY_CHUNK)]


def _values(iris: Iterable[str]) -> str:
    return " ".join(str(ox.NamedNode(iri)) for iri in iris)


def _select(store: ox.Store, sparql: str, **options: Any) -> ox.QuerySolutions:
    answer = store.query(sparql, **options)
    assert isinstance(answer, ox.QuerySolutions), "a SELECT query"
    return answer
