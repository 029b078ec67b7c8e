"""ArticleExtraction → RDF quads: the article's named graph, and the IRIs in it.

``article_quads`` writes everything an article asserts into one named graph
(the model is described in :mod:`graph.rdf.vocab`; the entities it names are
described in the shared entity graph, :mod:`graph.rdf.entities`); :mod:`graph.rdf.read` reads
such graphs back. Terms are pyoxigraph terms, so the store can hand them to
Oxigraph without conversion. ``replace_graph_update`` and
``replace_changes_update`` turn a graph's replacement into one SPARQL Update.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any
from urllib.parse import quote, unquote

import pyoxigraph as ox
from rdflib.namespace import PROV, RDF, RDFS, XSD

from graph.errors import InputError
from graph.model import ArticleExtraction, Entity, Quantity, Triple, entity_summaries
from graph.rdf.vocab import QUALIFIER_PROPERTIES, SCHEMA, STATEMENT_PROPERTIES, Vocabulary

_IRI_SAFE = "-._~!$&'()*+,;=:@"
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _nn(iri: str) -> ox.NamedNode:
    return ox.NamedNode(str(iri))


_TYPE = _nn(RDF.type)
_SUBJECT, _PREDICATE, _OBJECT = _nn(RDF.subject), _nn(RDF.predicate), _nn(RDF.object)
_LABEL = _nn(RDFS.label)
_DERIVED_FROM = _nn(PROV.wasDerivedFrom)
_NEWS_ARTICLE = _nn(SCHEMA.NewsArticle)
_QUANTITATIVE_VALUE = _nn(SCHEMA.QuantitativeValue)
_S = {
    name: _nn(SCHEMA[name])
    for name in (
        "identifier",
        "headline",
        "datePublished",
        "url",
        "articleBody",
        "mentions",
        "value",
        "unitText",
    )
}
_XSD_INTEGER = _nn(XSD.integer)
_XSD_DECIMAL = _nn(XSD.decimal)
_XSD_DOUBLE = _nn(XSD.double)
_XSD_BOOLEAN = _nn(XSD.boolean)
_XSD_DATE = _nn(XSD.date)
_XSD_ANY_URI = _nn(XSD.anyURI)


# -- IRIs ---------------------------------------------------------------------


def iri_segment(text: str) -> str:
    """``text`` percent-encoded so that it is one safe IRI path segment."""
    return quote(text, safe=_IRI_SAFE)


def article_iri(vocab: Vocabulary, article_id: str) -> str:
    """The IRI of an article, which is also the name of its graph."""
    return str(vocab.article(iri_segment(article_id)))


def article_id_from_iri(vocab: Vocabulary, iri: str) -> str | None:
    """The article id an article IRI stands for, or None for other IRIs."""
    prefix = str(vocab.ARTICLE)
    if not iri.startswith(prefix) or "/" in iri[len(prefix) :]:
        return None
    return unquote(iri[len(prefix) :])


def iter_graph_names(store: ox.Store, vocab: Vocabulary) -> Iterator[tuple[str, ox.NamedNode]]:
    """(article id, graph name) of every article graph in ``store``."""
    for name in store.named_graphs():
        if isinstance(name, ox.NamedNode):
            article_id = article_id_from_iri(vocab, name.value)
            if article_id is not None:
                yield article_id, name


# -- literals -----------------------------------------------------------------


def _string(value: str) -> ox.Literal:
    return ox.Literal(value)


def _integer(value: int) -> ox.Literal:
    return ox.Literal(str(int(value)), datatype=_XSD_INTEGER)


def _boolean(value: bool) -> ox.Literal:
    return ox.Literal("true" if value else "false", datatype=_XSD_BOOLEAN)


def _number(value: float) -> ox.Literal:
    """A float as xsd:decimal when it has a plain decimal form, else xsd:double.

    Either way ``float(literal.value)`` gives back the same float.
    """
    number = float(value)
    if math.isfinite(number):
        exact = Decimal(repr(number))
        exponent = exact.as_tuple().exponent
        if exact.adjusted() < 17 and isinstance(exponent, int) and -exponent <= 18:
            return ox.Literal(format(exact.normalize(), "f"), datatype=_XSD_DECIMAL)
    lexical = {"inf": "INF", "-inf": "-INF", "nan": "NaN"}.get(repr(number), repr(number))
    return ox.Literal(lexical, datatype=_XSD_DOUBLE)


def _date_or_string(value: str) -> ox.Literal:
    return ox.Literal(value, datatype=_XSD_DATE) if _ISO_DATE.match(value) else ox.Literal(value)


def _scalar(value: Any) -> ox.Literal | None:
    if isinstance(value, bool):
        return _boolean(value)
    if isinstance(value, int):
        return _integer(value)
    if isinstance(value, float):
        return _number(value)
    if isinstance(value, str):
        return _string(value)
    return None


# -- writing --------------------------------------------------------------------


def article_quads(extraction: ArticleExtraction, vocab: Vocabulary) -> list[ox.Quad]:
    """Every quad of the article's named graph (article, the entities it names, statements).

    The descriptions of its entities are not in it: :func:`graph.rdf.entities.description_quads`.
    """
    writer = _GraphWriter(extraction.article.id, vocab)
    writer.article(extraction)
    writer.entities(extraction)
    for index, triple in enumerate(extraction.triples):
        writer.statement(index, triple)
    return writer.quads


class _GraphWriter:
    def __init__(self, article_id: str, vocab: Vocabulary) -> None:
        self.vocab = vocab
        self.article_id = article_id
        self.segment = iri_segment(article_id)
        if not self.segment:
            raise InputError("an article needs a non-empty id")
        self.article_node = _nn(vocab.article(self.segment))
        self.graph = self.article_node
        self.quads: list[ox.Quad] = []
        ng = vocab.NG
        self.ng = {name: _nn(ng[name]) for name in _NG_TERMS}

    def add(self, subject: ox.NamedNode, predicate: ox.NamedNode, obj: Any) -> None:
        self.quads.append(ox.Quad(subject, predicate, obj, self.graph))

    def article(self, extraction: ArticleExtraction) -> None:
        article, node, ng = extraction.article, self.article_node, self.ng
        self.add(node, _TYPE, _NEWS_ARTICLE)
        self.add(node, _S["identifier"], _string(article.id))
        self.add(node, _S["headline"], _string(article.title))
        self.add(node, _S["articleBody"], _string(article.text))
        self.add(node, ng["sourceFile"], _string(article.source))
        self.add(node, ng["sentenceCount"], _integer(extraction.sentences))
        if article.date is not None:
            self.add(node, _S["datePublished"], ox.Literal(article.date.isoformat(), datatype=_XSD_DATE))
        if article.url:
            self.add(node, _S["url"], ox.Literal(article.url, datatype=_XSD_ANY_URI))
        mentions = [[m.entity.label, m.entity.type, m.entity.text, m.start, m.end] for m in extraction.mentions]
        self.add(node, ng["mentionsJson"], _string(json.dumps(mentions, ensure_ascii=False)))

    def entities(self, extraction: ArticleExtraction) -> None:
        """What is the article's own of each entity it names; the entities' labels, types and
        aliases go to the shared entity graph (:mod:`graph.rdf.entities`)."""
        mention_count = self.ng["mentionCount"]
        for key, summary in entity_summaries(extraction).items():
            node = _nn(self.vocab.entity(key))
            self.add(self.article_node, _S["mentions"], node)
            self.add(node, mention_count, _integer(summary["mentions"]))

    def statement(self, index: int, triple: Triple) -> None:
        ng, vocab = self.ng, self.vocab
        node = _nn(vocab.statement(self.segment, index))
        subject = _nn(vocab.entity(triple.subject.key))
        predicate = _nn(vocab.relation(triple.predicate))
        obj = self.object_node(index, triple.object)
        if triple.asserted:
            self.add(subject, predicate, obj)
        add = self.add
        add(node, _TYPE, ng["Statement"])
        add(node, _SUBJECT, subject)
        add(node, _PREDICATE, predicate)
        add(node, _OBJECT, obj)
        add(node, ng["predicateLabel"], _string(triple.predicate))
        add(node, ng["category"], _nn(vocab.category(iri_segment(triple.category))))
        add(node, ng["polarity"], _string(triple.polarity))
        add(node, ng["modality"], _string(triple.modality))
        add(node, ng["asserted"], _boolean(triple.asserted))
        add(node, ng["confidence"], _number(triple.confidence))
        if triple.date is not None:
            add(node, ng["date"], _date_or_string(triple.date))
        if triple.article_date is not None:
            add(node, ng["articleDate"], _date_or_string(triple.article_date))
        add(node, ng["sentence"], _string(triple.sentence))
        add(node, ng["sentenceStart"], _integer(triple.start))
        add(node, ng["sentenceEnd"], _integer(triple.end))
        add(node, ng["subjectLabel"], _string(triple.subject.label))
        add(node, ng["subjectType"], _string(triple.subject.type))
        add(node, ng["subjectText"], _string(triple.subject.text))
        if isinstance(triple.object, Entity):
            add(node, ng["objectLabel"], _string(triple.object.label))
            add(node, ng["objectType"], _string(triple.object.type))
        add(node, ng["objectText"], _string(triple.object.text))
        add(node, _DERIVED_FROM, _nn(article_iri(vocab, triple.article)))
        add(node, ng["sourceFile"], _string(triple.source))
        qualifiers = dict(triple.qualifiers)
        add(node, ng["qualifiersJson"], _string(json.dumps(qualifiers, ensure_ascii=False, sort_keys=True, default=str)))
        for key in QUALIFIER_PROPERTIES:
            literal = _scalar(qualifiers.get(key))
            if literal is not None:
                add(node, ng[key], literal)

    def object_node(self, index: int, obj: Entity | Quantity) -> ox.NamedNode:
        if isinstance(obj, Entity):
            return _nn(self.vocab.entity(obj.key))
        node = _nn(self.vocab.quantity(self.segment, index))
        self.add(node, _TYPE, _QUANTITATIVE_VALUE)
        self.add(node, _S["value"], _number(obj.value))
        self.add(node, _S["unitText"], _string(obj.unit))
        self.add(node, _LABEL, _string(obj.text))
        if obj.approximate is not None:
            self.add(node, self.ng["approximate"], _string(obj.approximate))
        return node


_NG_TERMS = (
    "Statement",
    "mentionCount",
    "mentionsJson",
    "sentenceCount",
    *STATEMENT_PROPERTIES,
    *QUALIFIER_PROPERTIES,
)


# -- SPARQL Update ----------------------------------------------------------------


def replace_graph_update(graph: ox.NamedNode, quads: Iterable[ox.Quad]) -> str:
    """One SPARQL Update that drops ``graph`` and inserts ``quads`` into it.

    Oxigraph applies an update in a single transaction, so readers see the
    old graph or the new one, never a mix.
    """
    body = " .\n".join(f"{q.subject} {q.predicate} {q.object}" for q in quads)
    return f"DROP SILENT GRAPH {graph} ;\nINSERT DATA {{ GRAPH {graph} {{\n{body} .\n}} }}"


def replace_changes_update(graph: ox.NamedNode, old: Iterable[ox.Quad], new: Iterable[ox.Quad]) -> str | None:
    """One SPARQL Update turning ``graph``'s quads ``old`` into ``new``, touching only
    the quads that differ; None when nothing does. Applied in one transaction."""
    before, after = set(old), set(new)
    removed, added = before - after, after - before
    parts = []
    if removed:
        body = " .\n".join(f"{q.subject} {q.predicate} {q.object}" for q in removed)
        parts.append(f"DELETE DATA {{ GRAPH {graph} {{\n{body} .\n}} }}")
    if added:
        body = " .\n".join(f"{q.subject} {q.predicate} {q.object}" for q in added)
        parts.append(f"INSERT DATA {{ GRAPH {graph} {{\n{body} .\n}} }}")
    return " ;\n".join(parts) or None
