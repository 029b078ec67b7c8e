"""Linked Data: every IRI the server mints answers in RDF to a client that asks for it.

``rdf_format(accept)`` picks Turtle, JSON-LD or N-Triples from an Accept
header (``None``: the client wants HTML); ``describe(store, iri)`` is the RDF
about one resource: an article's whole named graph, else the statements whose
subject it is, in every graph.
"""

from __future__ import annotations

from itertools import islice
from urllib.parse import urlsplit

import pyoxigraph as ox

from graph.errors import NotFoundError
from graph.rdf.vocab import Vocabulary
from graph.store.oxigraph import Store

#: Media type → RDF format a resource is served in, besides HTML.
RDF_MEDIA_TYPES: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
}
#: ``?format=`` names of the same formats.
FORMAT_NAMES = {"turtle": "text/turtle", "jsonld": "application/ld+json", "ntriples": "application/n-triples"}


def rdf_media_type(accept: str | None, format_param: str | None = None) -> str | None:
    """The RDF media type the client prefers to HTML, or None when HTML (or anything) will do."""
    if format_param:
        return FORMAT_NAMES.get(format_param.lower())
    best: tuple[float, str] | None = None
    html_quality = 0.0
    for part in (accept or "").split(","):
        fields = [f.strip() for f in part.split(";")]
        media_type = fields[0].lower()
        quality = 1.0
        for parameter in fields[1:]:
            if parameter.startswith("q="):
                try:
                    quality = float(parameter[2:])
                except ValueError:
                    quality = 0.0
        if media_type in ("text/html", "application/xhtml+xml"):
            html_quality = max(html_quality, quality)
        elif media_type in RDF_MEDIA_TYPES and quality > 0 and (best is None or quality > best[0]):
            best = (quality, media_type)
    if best is None or best[0] < html_quality:
        return None
    return best[1]


def local_path(vocab: Vocabulary, iri: str) -> str | None:
    """The path this server answers ``iri`` at, when the IRI is one it mints."""
    if not iri.startswith(vocab.base):
        return None
    return urlsplit(vocab.base).path.rstrip("/") + "/" + iri[len(vocab.base) :]


def iri_of_path(vocab: Vocabulary, path: str) -> str:
    """The IRI a request path stands for (the inverse of ``local_path``)."""
    prefix = urlsplit(vocab.base).path.rstrip("/")
    return vocab.base + path[len(prefix) :].lstrip("/")


#: Statements shown for an IRI used only as a predicate or an object (a relation, a category).
USES_SHOWN = 100


def describe(store: Store, iri: str) -> list[ox.Triple]:
    """What the store says about ``iri``; NotFoundError when it never mentions it.

    An article: its whole named graph. Anything else: the statements whose
    subject it is, in every graph; failing those (a relation IRI, used only as a
    predicate), the first ``USES_SHOWN`` statements using it as predicate or object.
    """
    node = ox.NamedNode(iri)
    oxigraph = store.oxigraph
    quads = list(oxigraph.quads_for_pattern(None, None, None, node))
    if not quads:
        quads = list(oxigraph.quads_for_pattern(node, None, None, None))
    if not quads:
        quads = list(islice(oxigraph.quads_for_pattern(None, node, None, None), USES_SHOWN))
    if not quads:
        quads = list(islice(oxigraph.quads_for_pattern(None, None, node, None), USES_SHOWN))
    if not quads:
        raise NotFoundError(f"nothing is known about <{iri}>")
    return list(dict.fromkeys(ox.Triple(q.subject, q.predicate, q.object) for q in quads))


def serialize(store: Store, triples: list[ox.Triple], media_type: str) -> bytes:
    fmt = RDF_MEDIA_TYPES[media_type]
    if fmt is ox.RdfFormat.TURTLE:
        body = ox.serialize(triples, format=fmt, prefixes=store.vocab.prefixes())
    else:
        body = ox.serialize(triples, format=fmt)
    return body or b""
