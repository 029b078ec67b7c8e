"""Result formats of the SPARQL endpoint and content negotiation.

Two families, chosen by the query form: solutions (SELECT, ASK) as SPARQL
results in JSON, XML, CSV or TSV, and graphs (CONSTRUCT, DESCRIBE) as
Turtle, N-Triples, JSON-LD or RDF/XML. Serialization is pyoxigraph's own;
this module only picks the format from a ``format=`` parameter (for
browsers and clients such as SPARQLWrapper that send one) or the
``Accept`` header.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pyoxigraph import QueryResultsFormat, RdfFormat

from graph.errors import QueryError

SerialFormat = QueryResultsFormat | RdfFormat


class NotAcceptableError(QueryError):
    """No format the client accepts can carry this kind of result."""

    http_status = 406


@dataclass(frozen=True)
class ResultFormat:
    name: str  # short name, used by ``format=`` and in download links
    media_type: str  # the Content-Type sent
    serializer: SerialFormat
    accepts: tuple[str, ...]  # media types that select it in an Accept header
    aliases: tuple[str, ...] = ()  # other ``format=`` values that select it

    @property
    def rdf_format(self) -> RdfFormat:
        """The serializer of a graph format (one of GRAPH_FORMATS)."""
        if not isinstance(self.serializer, RdfFormat):
            raise TypeError(f"{self.name} is a solutions format, not an RDF format")
        return self.serializer


SOLUTION_FORMATS: tuple[ResultFormat, ...] = (
    ResultFormat(
        "json",
        "application/sparql-results+json",
        QueryResultsFormat.JSON,
        ("application/sparql-results+json", "application/json", "text/javascript", "application/javascript"),
        ("srj",),
    ),
    ResultFormat(
        "xml",
        "application/sparql-results+xml",
        QueryResultsFormat.XML,
        ("application/sparql-results+xml", "application/xml", "text/xml"),
        ("srx",),
    ),
    ResultFormat("csv", "text/csv", QueryResultsFormat.CSV, ("text/csv",)),
    ResultFormat("tsv", "text/tab-separated-values", QueryResultsFormat.TSV, ("text/tab-separated-values",)),
)

GRAPH_FORMATS: tuple[ResultFormat, ...] = (
    ResultFormat(
        "turtle",
        "text/turtle",
        RdfFormat.TURTLE,
        ("text/turtle", "application/turtle", "application/x-turtle", "text/n3", "text/rdf+n3"),
        ("ttl", "n3"),
    ),
    ResultFormat(
        "ntriples",
        "application/n-triples",
        RdfFormat.N_TRIPLES,
        ("application/n-triples", "text/plain"),
        ("nt", "n-triples"),
    ),
    ResultFormat(
        "jsonld",
        "application/ld+json",
        RdfFormat.JSON_LD,
        ("application/ld+json", "application/x-json+ld", "application/json"),
        ("json-ld", "json"),
    ),
    ResultFormat(
        "rdfxml",
        "application/rdf+xml",
        RdfFormat.RDF_XML,
        ("application/rdf+xml", "application/xml", "text/xml"),
        ("rdf+xml", "rdf", "xml", "owl"),
    ),
)


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """Media ranges of an Accept header, best first (stable for equal q)."""
    if not header:
        return [("*/*", 1.0)]
    ranges: list[tuple[str, float, int]] = []
    for position, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for param in fields[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        ranges.append((media, q, position))
    ranges.sort(key=lambda r: (-r[1], -_specificity(r[0]), r[2]))
    return [(media, q) for media, q, _ in ranges]


def _specificity(media: str) -> int:
    if media == "*/*":
        return 0
    return 1 if media.endswith("/*") else 2


def accepts_html(header: str | None) -> bool:
    """True when a browser asks for a page (text/html preferred over RDF)."""
    for media, q in parse_accept(header):
        if q <= 0:
            continue
        if media in ("text/html", "application/xhtml+xml"):
            return True
        if media != "*/*":
            return False
    return False


def choose_format(
    candidates: tuple[ResultFormat, ...],
    *,
    format_param: str | Sequence[str] | None,
    accept: str | None,
) -> ResultFormat:
    """The format to answer with; raises NotAcceptableError when none fits.

    ``format_param``: the value(s) of a ``format=`` parameter (short names or
    media types, comma-separated lists allowed); the first available one wins
    over the Accept header.
    """
    kind = "query results" if candidates is SOLUTION_FORMATS else "graphs"
    values = [format_param] if isinstance(format_param, str) else list(format_param or ())
    wanted = [w.strip().lower() for value in values for w in value.split(",") if w.strip()]
    if wanted:
        for name in wanted:
            for fmt in candidates:
                if name in (fmt.name, fmt.media_type, *fmt.accepts, *fmt.aliases):
                    return fmt
        names = ", ".join(f.name for f in candidates)
        raise NotAcceptableError(f"format {', '.join(values)!r} is not available for {kind}; use one of: {names}")
    for media, q in parse_accept(accept):
        if q <= 0:
            continue
        if media in ("*/*", "text/html", "application/xhtml+xml"):
            # Browsers list text/html first; they get the default format.
            return candidates[0]
        if media.endswith("/*"):
            major = media[:-1]
            for fmt in candidates:
                if fmt.media_type.startswith(major):
                    return fmt
            continue
        for fmt in candidates:
            if media in fmt.accepts:
                return fmt
    offered = ", ".join(f.media_type for f in candidates)
    raise NotAcceptableError(f"none of the accepted media types ({accept}) is available for {kind}; offered: {offered}")
