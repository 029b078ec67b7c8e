"""The export formats: the one registry the CLI (``newsgraph export``) and HTTP (``/export/…``) read.

Each ``ExportFormat`` says what a format is called, its media type, the
suffixes it is served under (``/export/graph.<suffix>``), how to read what it
needs from the knowledge graph and how to write it. Adding a format is adding
one entry to ``EXPORT_FORMATS`` (see docs/extending.md).

* Dumps of the whole store (``jsonl``, ``turtle``, ``trig``, ``nquads``,
  ``jsonld``), written by :mod:`graph.store.dumps`; they take no cut options.
* The entity graph (``gexf``, ``graphml``, ``csv``): the mirror graph cut by
  :func:`graph.exports.cut.cut_graph` under the read lock, then written.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, BinaryIO

import networkx as nx

from graph.errors import InputError
from graph.exports.csv import write_cut_csv_files
from graph.exports.cut import cut_graph
from graph.exports.gexf import write_cut_gexf
from graph.exports.graphml import write_cut_graphml
from graph.knowledge import KnowledgeReader
from graph.store.dumps import write_dump
from graph.store.oxigraph import Store

#: Cut options (``graph.exports.cut.cut_graph`` keywords), as the CLI and the query string give them.
CutOptions = Mapping[str, Any]


@dataclass(frozen=True)
class ExportFormat:
    """One export format, as the CLI and the HTTP API offer it."""

    name: str  # ``newsgraph export --format NAME``
    media_type: str  # the Content-Type served
    suffixes: tuple[str, ...]  # served at /export/graph.<suffix>; the first names the downloaded file
    read: Callable[[KnowledgeReader, CutOptions], Any]  # what to write; raises InputError for bad options
    write: Callable[[Any, BinaryIO], None]  # writes what ``read`` gave
    cut: bool = False  # takes the cut options (since, until, category, …)
    files: Callable[[Any], dict[str, bytes]] | None = None  # several files (the CLI writes them into a directory)

    @property
    def filename(self) -> str:
        return f"newsgraph.{self.suffixes[0]}"

    def export(self, knowledge: KnowledgeReader, out: BinaryIO, options: CutOptions | None = None) -> None:
        """Read and write in one go (the CLI); HTTP reads first, then streams the writing."""
        self.write(self.read(knowledge, options or {}), out)


def _open_store(knowledge: KnowledgeReader, _options: CutOptions) -> Store:
    store = knowledge.store
    _ = store.oxigraph  # raises StoreError when the store is closed
    return store


def _dump(name: str) -> Callable[[Store, BinaryIO], None]:
    def write(store: Store, out: BinaryIO) -> None:
        write_dump(store, name, out)

    return write


def _cut(knowledge: KnowledgeReader, options: CutOptions) -> nx.MultiDiGraph:
    with knowledge.read() as mirror:
        return cut_graph(mirror.graph, **options)  # a new graph: the lock is released before writing


def _zip(files: Callable[[nx.MultiDiGraph], dict[str, bytes]]) -> Callable[[nx.MultiDiGraph, BinaryIO], None]:
    def write(cut: nx.MultiDiGraph, out: BinaryIO) -> None:
        buffer = io.BytesIO()  # zipfile seeks; the archive is small next to the graph it holds
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, payload in files(cut).items():
                archive.writestr(name, payload)
        out.write(buffer.getvalue())

    return write


EXPORT_FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat("jsonl", "application/x-ndjson", ("jsonl",), _open_store, _dump("jsonl")),
        ExportFormat("turtle", "text/turtle", ("ttl", "turtle"), _open_store, _dump("turtle")),
        ExportFormat("trig", "application/trig", ("trig",), _open_store, _dump("trig")),
        ExportFormat("nquads", "application/n-quads", ("nq", "nquads"), _open_store, _dump("nquads")),
        ExportFormat("jsonld", "application/ld+json", ("jsonld",), _open_store, _dump("jsonld")),
        ExportFormat("gexf", "application/gexf+xml", ("gexf",), _cut, write_cut_gexf, cut=True),
        ExportFormat("graphml", "application/graphml+xml", ("graphml",), _cut, write_cut_graphml, cut=True),
        ExportFormat("csv", "application/zip", ("csv.zip",), _cut, _zip(write_cut_csv_files), cut=True, files=write_cut_csv_files),
    )
}

#: Export formats by the suffix they are served under.
BY_SUFFIX: dict[str, ExportFormat] = {suffix: f for f in EXPORT_FORMATS.values() for suffix in f.suffixes}


def export_format(name: str) -> ExportFormat:
    """The format called ``name`` (any case); InputError naming the choices otherwise."""
    try:
        return EXPORT_FORMATS[name.lower()]
    except KeyError:
        raise InputError(f"unknown format {name!r}; choose one of {', '.join(EXPORT_FORMATS)}") from None
