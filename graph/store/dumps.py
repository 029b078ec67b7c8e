"""Dumps of the whole store, streamed: jsonl (triple records), Turtle, TriG, N-Quads, JSON-LD.

TriG, N-Quads and JSON-LD keep the named graphs, so ``load_dump`` of them
into a fresh store gives the same dataset. Turtle has no named graphs: it
holds the union graph (every distinct triple once). jsonl holds one
``Triple.to_record()`` per line.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, BinaryIO

import pyoxigraph as ox

from graph.errors import InputError, StoreError
from graph.model import Article, ArticleExtraction, Triple
from graph.store.oxigraph import Store


@dataclass(frozen=True)
class DumpFormat:
    """How a dump is serialised (what it is offered as: ``graph.exports.EXPORT_FORMATS``)."""

    name: str
    rdf_format: ox.RdfFormat | None  # None: jsonl triple records
    named_graphs: bool


DUMP_FORMATS: dict[str, DumpFormat] = {
    f.name: f
    for f in (
        DumpFormat("jsonl", None, False),
        DumpFormat("turtle", ox.RdfFormat.TURTLE, False),
        DumpFormat("trig", ox.RdfFormat.TRIG, True),
        DumpFormat("nquads", ox.RdfFormat.N_QUADS, True),
        DumpFormat("jsonld", ox.RdfFormat.JSON_LD, True),
    )
}


def dump_format(name: str) -> DumpFormat:
    """The format called ``name``; InputError naming the choices otherwise."""
    try:
        return DUMP_FORMATS[name.lower()]
    except KeyError:
        raise InputError(f"unknown dump format {name!r}; choose one of {', '.join(DUMP_FORMATS)}") from None


def write_dump(store: Store, fmt: str, out: BinaryIO) -> None:
    """Stream the whole store to ``out`` in format ``fmt``."""
    spec = dump_format(fmt)
    try:
        if spec.rdf_format is None:
            # article by article, so memory stays flat however big the store is
            write_triple_records((t for article_id in store.article_ids() for t in store.triples(article_id)), out)
        elif spec.named_graphs:
            store.oxigraph.dump(out, spec.rdf_format, prefixes=store.vocab.prefixes())
        else:
            ox.serialize(union_triples(store), out, spec.rdf_format, prefixes=store.vocab.prefixes())
    except OSError as error:
        raise StoreError(f"could not write the {spec.name} dump: {error}") from error


def write_triple_records(triples: Iterable[Triple], out: BinaryIO) -> int:
    """One JSON record per line; returns the number of lines."""
    count = 0
    for triple in triples:
        out.write(json.dumps(triple.to_record(), ensure_ascii=False).encode("utf-8") + b"\n")
        count += 1
    return count


def union_triples(store: Store) -> Iterator[ox.Triple]:
    """Every distinct triple of the union of all graphs."""
    for solution in store.select("SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o }"):
        yield ox.Triple(solution["s"], solution["p"], solution["o"])


def load_dump(store: Store, fmt: str, data: IO[bytes] | bytes) -> None:
    """Load a dump written by ``write_dump`` into ``store`` (articles in it are replaced as a whole).

    RDF formats are loaded quad for quad (Turtle into the default graph);
    jsonl triple records are grouped into one extraction per article, which
    keeps the triples but not the article text or mentions.
    """
    spec = dump_format(fmt)
    if spec.rdf_format is None:
        lines = data.splitlines() if isinstance(data, bytes) else data
        for extraction in extractions_from_triples(read_triple_records(lines)):
            store.put_article(extraction)
        return
    store.article_writes += 1  # articles written, how many unknown: a saved mirror is stale (graph.saved)
    try:
        store.oxigraph.load(data, spec.rdf_format)
    except SyntaxError as error:
        raise InputError(f"the {spec.name} dump is malformed: {error}") from error
    except OSError as error:
        raise StoreError(f"could not load the {spec.name} dump: {error}") from error


def read_triple_records(lines: Iterable[bytes | str]) -> Iterator[Triple]:
    """Triples from jsonl lines (blank lines skipped); InputError names the bad line."""
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            yield Triple.from_record(json.loads(line))
        except (ValueError, KeyError, TypeError) as error:
            raise InputError(f"line {number} is not a triple record: {error}") from error


def extractions_from_triples(triples: Iterable[Triple]) -> list[ArticleExtraction]:
    """Group triples by article into extractions (article text and mentions unknown)."""
    grouped: dict[str, list[Triple]] = {}
    for triple in triples:
        grouped.setdefault(triple.article, []).append(triple)
    extractions = []
    for article_id, article_triples in grouped.items():
        first = article_triples[0]
        published = first.article_date
        article = Article.from_record({"id": article_id, "title": "", "text": "", "source": first.source, "published": published})
        extractions.append(ArticleExtraction(article=article, triples=tuple(article_triples)))
    return extractions
