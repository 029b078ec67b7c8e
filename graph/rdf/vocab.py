"""The RDF vocabulary of newsgraph: namespaces and the IRIs of every resource.

One ``Vocabulary`` per base IRI (configurable; stored with the data). All
modules build IRIs through it, so the store, the SPARQL docs, the ontology
file and the exports agree.

The model, in short (``ng:`` is the ontology namespace):

* every article is a named graph whose name is the article's IRI;
* inside it: the article (``schema:NewsArticle``, ``schema:mentions`` of every
  entity it names, each with its ``ng:mentionCount`` there), the *direct*
  triples of its asserted statements
  (``entity:russia rel:attacked entity:kharkiv``), and one ``ng:Statement``
  node per extracted triple (asserted or not) with its provenance;
* every entity is described once, in the shared graph ``<base>graph/entities``
  (``rdfs:label``, ``skos:altLabel``, ``ng:entityType``): what the stored
  articles say of it (:mod:`graph.rdf.entities`);
* the ontology lives in its own named graph, ``<base>ontology``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from rdflib import Namespace, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD

from graph.model import QUALIFIER_KEYS, slugify

DEFAULT_BASE_IRI = "https://newsgraph.example.org/"

SCHEMA = Namespace("https://schema.org/")

#: entity type → schema.org class (plus ng:Entity for all)
ENTITY_CLASSES = {
    "PERSON": SCHEMA.Person,
    "ORG": SCHEMA.Organization,
    "GPE": SCHEMA.AdministrativeArea,
    "LOC": SCHEMA.Place,
    "FAC": SCHEMA.Place,
    "NORP": SCHEMA.Organization,
}


@dataclass(frozen=True)
class Vocabulary:
    base: str = DEFAULT_BASE_IRI

    def __post_init__(self) -> None:
        if not self.base.endswith(("/", "#")):
            object.__setattr__(self, "base", self.base + "/")

    @cached_property
    def NG(self) -> Namespace:  # noqa: N802 - namespace constant
        """Classes and properties of the ontology."""
        return Namespace(self.base + "ontology#")

    @cached_property
    def ENTITY(self) -> Namespace:  # noqa: N802
        return Namespace(self.base + "entity/")

    @cached_property
    def REL(self) -> Namespace:  # noqa: N802
        """Direct relation predicates: rel:attacked, rel:mayor-of."""
        return Namespace(self.base + "relation/")

    @cached_property
    def ARTICLE(self) -> Namespace:  # noqa: N802
        return Namespace(self.base + "article/")

    @cached_property
    def STATEMENT(self) -> Namespace:  # noqa: N802
        return Namespace(self.base + "statement/")

    @cached_property
    def QUANTITY(self) -> Namespace:  # noqa: N802
        return Namespace(self.base + "quantity/")

    @cached_property
    def CATEGORY(self) -> Namespace:  # noqa: N802
        """SKOS concepts of the category scheme: category:ASSAULT."""
        return Namespace(self.base + "category/")

    @property
    def ontology_graph(self) -> URIRef:
        return URIRef(self.base + "ontology")

    @property
    def entity_graph(self) -> URIRef:
        """The named graph describing every entity once (labels, types, aliases)."""
        return URIRef(self.base + "graph/entities")

    @property
    def category_scheme(self) -> URIRef:
        return URIRef(self.base + "category/")

    # -- IRIs of resources -------------------------------------------------

    def entity(self, key_or_label: str) -> URIRef:
        return self.ENTITY[slugify(key_or_label)]

    def relation(self, predicate: str) -> URIRef:
        return self.REL[slugify(predicate)]

    def article(self, article_id: str) -> URIRef:
        """The article's IRI, which is also the name of its graph."""
        return self.ARTICLE[article_id]

    def statement(self, article_id: str, index: int) -> URIRef:
        return self.STATEMENT[f"{article_id}/{index}"]

    def quantity(self, article_id: str, index: int) -> URIRef:
        return self.QUANTITY[f"{article_id}/{index}"]

    def category(self, name: str) -> URIRef:
        return self.CATEGORY[name]

    def prefixes(self) -> dict[str, str]:
        """Prefixes used in dumps, docs and the SPARQL endpoint."""
        return {
            "ng": str(self.NG),
            "entity": str(self.ENTITY),
            "rel": str(self.REL),
            "article": str(self.ARTICLE),
            "stmt": str(self.STATEMENT),
            "qty": str(self.QUANTITY),
            "cat": str(self.CATEGORY),
            "schema": str(SCHEMA),
            "rdf": str(RDF),
            "rdfs": str(RDFS),
            "skos": str(SKOS),
            "prov": str(PROV),
            "xsd": str(XSD),
        }


# Properties of ng:Statement nodes (local names in the NG namespace). The store
# writes them, the SPARQL docs and the ontology describe them:
#   rdf:subject / rdf:predicate / rdf:object   the direct triple (reification)
#   ng:predicateLabel "attacked"   ng:category cat:ASSAULT
#   ng:polarity "positive"|"negative"   ng:modality "asserted"|"reported"|"hypothetical"
#   ng:asserted true|false (true ⇔ the direct triple is in the article graph)
#   ng:confidence xsd:decimal   ng:date xsd:date   ng:articleDate xsd:date
#   ng:sentence "…"   ng:sentenceStart / ng:sentenceEnd xsd:integer
#   ng:subjectText / ng:objectText (surface forms)
#   ng:subjectLabel / ng:subjectType, ng:objectLabel / ng:objectType (the
#   canonical label and entity type of each end, as extracted; no object
#   label/type when the object is a quantity)
#   prov:wasDerivedFrom <article>   ng:sourceFile "seeds/000.txt"
#   qualifiers: ng:amount ng:currency ng:count ng:unit ng:injured ng:killed
#   ng:location ng:recipient ng:role ng:attribution ng:approximate
#   ng:qualifiersJson (all qualifiers as one JSON literal, for lossless reload)
# Quantity objects: qty:<article>/<n> a schema:QuantitativeValue;
#   schema:value; schema:unitText; rdfs:label "$425 million"; ng:approximate.
# Entities (in the entity graph <base>graph/entities, once per entity): entity:<slug>
#   a ng:Entity, <schema class>; rdfs:label; skos:altLabel (surface forms);
#   ng:entityType "GPE" -- the union of what the stored articles say. In each
#   article graph: article schema:mentions entity; entity ng:mentionCount n.
# Articles: article:<id> a schema:NewsArticle; schema:identifier; schema:headline;
#   schema:datePublished; schema:url; ng:sourceFile; ng:sentenceCount;
#   schema:articleBody (cleaned text that the offsets refer to);
#   ng:mentionsJson (every mention as [label, type, text, start, end], JSON).
# IRIs: an article id is percent-encoded into one path segment
#   (graph.rdf.write.article_iri: "news/2024 11" → article:news%2F2024%2011);
#   statement and quantity IRIs use the same encoded id and the index n of
#   the triple in the article (stmt:<id>/<n>, qty:<id>/<n> is the object of
#   stmt:<id>/<n>); category IRIs percent-encode the name too. Numbers:
#   xsd:decimal, or xsd:double when a float has no short decimal form.
#   ng:date / ng:articleDate are xsd:date when ISO (YYYY-MM-DD), else plain
#   strings; schema:url is an xsd:anyURI literal. skos:altLabel holds the
#   surface forms that differ from the entity's labels in the article they are from.
# Store layout on disk: <store>/oxigraph (RocksDB) and <store>/newsgraph.json
#   (format_version, base_iri); graph.store.oxigraph refuses another base IRI.
STATEMENT_PROPERTIES = (
    "predicateLabel",
    "category",
    "polarity",
    "modality",
    "asserted",
    "confidence",
    "date",
    "articleDate",
    "sentence",
    "sentenceStart",
    "sentenceEnd",
    "subjectText",
    "objectText",
    "subjectLabel",
    "subjectType",
    "objectLabel",
    "objectType",
    "sourceFile",
    "qualifiersJson",
)
#: Qualifiers stored as properties of their own (a qualifier date is the statement's ng:date).
QUALIFIER_PROPERTIES = tuple(key for key in QUALIFIER_KEYS if key != "date")
