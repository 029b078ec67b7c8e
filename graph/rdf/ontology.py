"""The newsgraph ontology: read from ``ontology.ttl``, rebased, loaded, served.

``ontology.ttl`` writes every newsgraph term as a relative IRI
(``<ontology#Statement>``, ``<category/ASSAULT>``), so parsing it against a
:class:`~graph.rdf.vocab.Vocabulary`'s base gives the ontology of that base. The
store keeps it in its own named graph (``<base>ontology``), and the server
answers ``GET <base path>ontology`` with it (Turtle, N-Triples, JSON-LD or
RDF/XML by content negotiation).
"""

from __future__ import annotations

from importlib import resources
from typing import Protocol
from urllib.parse import urlsplit

import pyoxigraph as ox

from graph.rdf.vocab import Vocabulary
from graph.rdf.write import replace_graph_update


class WritableStore(Protocol):
    """What ``load_ontology`` needs of a ``graph.store.oxigraph.Store``."""

    @property
    def oxigraph(self) -> ox.Store: ...

    @property
    def vocab(self) -> Vocabulary: ...

    @property
    def read_only(self) -> bool: ...


#: Namespace used for the PLOVER event types the categories are aligned to.
PLOVER = "https://github.com/openeventdata/PLOVER#"

EXTRA_PREFIXES = {
    "owl": "http://www.w3.org/2002/07/owl#",
    "dcterms": "http://purl.org/dc/terms/",
    "plover": PLOVER,
}


def ontology_source() -> str:
    """The Turtle text of ``ontology.ttl`` (relative IRIs, not yet rebased)."""
    return resources.files("graph.rdf").joinpath("ontology.ttl").read_text(encoding="utf-8")


def ontology_triples(vocab: Vocabulary) -> list[ox.Triple]:
    """Every triple of the ontology, with newsgraph's terms under ``vocab.base``."""
    return [quad.triple for quad in ox.parse(ontology_source(), format=ox.RdfFormat.TURTLE, base_iri=vocab.base)]


def ontology_prefixes(vocab: Vocabulary) -> dict[str, str]:
    return {**vocab.prefixes(), **EXTRA_PREFIXES}


def serialize_ontology(vocab: Vocabulary, fmt: ox.RdfFormat = ox.RdfFormat.TURTLE) -> bytes:
    """The ontology in one RDF format (prefixes declared where the format has them)."""
    triples = ontology_triples(vocab)
    if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.RDF_XML, ox.RdfFormat.N3):
        body = ox.serialize(triples, format=fmt, prefixes=ontology_prefixes(vocab))
    else:
        body = ox.serialize(triples, format=fmt)
    assert body is not None  # no output file given: the bytes are returned
    return body


def load_ontology(store: WritableStore) -> int:
    """Put the ontology into ``store``'s ontology graph (replacing it); returns its size.

    ``store`` is a :class:`graph.store.oxigraph.Store`; its vocabulary gives the base IRI.
    The graph is replaced by one SPARQL update, so readers see the old or the new
    ontology, never a mix. A store opened read-only is left as it is (returns 0).
    """
    if store.read_only:
        return 0  # a read-only store serves what it holds
    vocab = store.vocab
    graph = ox.NamedNode(str(vocab.ontology_graph))
    quads = [ox.Quad(t.subject, t.predicate, t.object, graph) for t in ontology_triples(vocab)]
    store.oxigraph.update(replace_graph_update(graph, quads))
    return len(quads)


def ontology_path(vocab: Vocabulary) -> str:
    """The URL path the ontology is served at: the path of ``<base>ontology``."""
    return urlsplit(str(vocab.ontology_graph)).path or "/ontology"
