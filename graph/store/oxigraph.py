"""The RDF store: an Oxigraph dataset on disk (or in memory), one named graph per article.

>>> with Store.open(None) as store:          # in memory
...     store.put_article(extraction)        # replaces the article's graph
...     store.triples()

On disk a store is a directory holding ``oxigraph/`` (the RocksDB database)
and ``newsgraph.json`` (format version and base IRI). Entities are described
once, in the shared entity graph (:mod:`graph.rdf.entities`): writing an
article adds what it says of them, replacing or removing it takes away what
only it said (an entity no article names any more loses its description). Only one process can
open it read-write; ``Store.open(path, read_only=True)`` reads a snapshot
even while another process holds it.

:class:`graph.store.remote.RemoteStore` keeps the same records in a remote SPARQL
dataset (a shared store); ``graph.store.open_store`` picks one or the other.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from graph.errors import InputError, QueryError, StoreError, StoreLockedError
from graph.model import Article, ArticleExtraction, Triple
from graph.rdf.entities import (
    Descriptions,
    changes_update,
    described_by_articles,
    description_quads,
    descriptions,
    insert_update,
    merged,
    shrunk,
    stored_descriptions,
    stored_quads,
    unsaid,
    without,
)
from graph.rdf.read import extraction_from_quads, extractions_by_query
from graph.rdf.vocab import Vocabulary
from graph.rdf.write import article_iri, article_quads, iter_graph_names, replace_changes_update

#: 2: entity descriptions once, in the entity graph. 1: repeated in every article graph (read as
#: they are; opening one read-write upgrades it to 2).
FORMAT_VERSION = 2
READABLE_VERSIONS = (1, 2)
METADATA_FILE = "newsgraph.json"
DATABASE_DIR = "oxigraph"
READ_ONLY_ATTEMPTS = 6


class Store:
    """Articles as named graphs in an Oxigraph dataset, read and written as model records."""

    def __init__(self, oxigraph: ox.Store, *, vocab: Vocabulary, path: Path | None = None, read_only: bool = False) -> None:
        self._oxigraph: ox.Store | None = oxigraph
        self.vocab = vocab
        self.path = path
        self.read_only = read_only
        self._write_lock = threading.Lock()
        #: Articles written or removed through this object (what a saved mirror checks it journalled).
        self.article_writes = 0

    # -- opening --------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path | None = None, *, vocab: Vocabulary | None = None, read_only: bool = False) -> Store:
        """Open (creating if needed) the store at ``path``; ``None`` gives an in-memory store.

        ``vocab`` defaults to the base IRI the store was written with; a
        different explicit one is refused with StoreError.
        """
        if path is None:
            if read_only:
                raise StoreError("an in-memory store can't be opened read-only")
            return cls(ox.Store(), vocab=vocab or Vocabulary())
        path = Path(path)
        metadata = _read_metadata(path, must_exist=read_only)
        if metadata is not None:
            stored = Vocabulary(metadata["base_iri"])
            if vocab is not None and vocab.base != stored.base:
                raise StoreError(
                    f"the store at {path} was written with base IRI {stored.base}, not {vocab.base}; "
                    "use the same base IRI or another --store path"
                )
            vocab = stored
        vocab = vocab or Vocabulary()
        database = path / DATABASE_DIR
        if read_only:
            oxigraph = _open_read_only(database, path)
        else:
            _prepare_directory(path)
            if metadata is None:
                _write_metadata(path, vocab)
            oxigraph = _open_read_write(database, path)
        store = cls(oxigraph, vocab=vocab, path=path, read_only=read_only)
        if metadata is not None and metadata["format_version"] != FORMAT_VERSION and not read_only:
            store._upgrade_from_1()
            _write_metadata(path, vocab)
        return store

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying pyoxigraph.Store (SPARQL endpoint, bulk I/O)."""
        if self._oxigraph is None:
            raise StoreError(f"{self!r} is closed")
        return self._oxigraph

    @property
    def closed(self) -> bool:
        return self._oxigraph is None

    def close(self) -> None:
        """Flush and release the store (and, once unreferenced, its lock), leaving no write-ahead log behind."""
        oxigraph, self._oxigraph = self._oxigraph, None
        writable = oxigraph is not None and self.path is not None and not self.read_only
        if oxigraph is not None and writable:
            try:
                oxigraph.flush()
            except OSError as error:
                raise StoreError(f"could not flush the store at {self.path}: {error}") from error
        del oxigraph
        if writable and self.path is not None:
            _drop_write_ahead_log(self.path / DATABASE_DIR)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        where = str(self.path) if self.path else "memory"
        return f"<Store {where}{' read-only' if self.read_only else ''}>"

    # -- writing ----------------------------------------------------------------

    def put_article(self, extraction: ArticleExtraction) -> bool:
        """Write the article's graph, replacing any earlier version; True if it replaced one."""
        self._check_writable()
        with self._write_lock:
            return self._put_locked(extraction)

    def _put_locked(self, extraction: ArticleExtraction) -> bool:
        graph = ox.NamedNode(article_iri(self.vocab, extraction.article.id))
        quads, described = self._quads(extraction)
        existed = self._contains_graph(graph)
        old: Descriptions = {}
        try:
            # each is a single transaction: readers see the old graph or the new one
            if not existed:
                self.oxigraph.extend([*quads, *self._missing(description_quads(self.vocab, described))])
            else:
                old_quads = list(self.oxigraph.quads_for_pattern(None, None, None, graph))
                old = self._said_in(old_quads)
                entities = insert_update(self._missing(description_quads(self.vocab, described)))
                parts = (replace_changes_update(graph, old_quads, quads), entities)
                update = " ;\n".join(part for part in parts if part)
                if update:
                    self.oxigraph.update(update)
        except SyntaxError as error:
            raise InputError(f"article {extraction.article.id!r} can't be stored: {error}") from error
        except (OSError, RuntimeError) as error:
            raise StoreError(f"could not write article {extraction.article.id!r} to {self}: {error}") from error
        self.article_writes += 1
        self._refresh_descriptions(shrunk(old, described))
        return existed

    def _quads(self, extraction: ArticleExtraction) -> tuple[list[ox.Quad], Descriptions]:
        """The quads of the article's graph and what it says of its entities; InputError if it can't be stored."""
        try:
            return article_quads(extraction, self.vocab), descriptions(extraction, self.vocab)
        except InputError:
            raise
        except (ValueError, TypeError) as error:  # e.g. lone surrogates, non-text values
            raise InputError(f"article {extraction.article.id!r} can't be stored: {error}") from error

    def _missing(self, quads: list[ox.Quad]) -> list[ox.Quad]:
        """Those of ``quads`` not in the store yet (an entity's description is written once)."""
        return [quad for quad in quads if quad not in self.oxigraph]

    def _said_in(self, quads: list[ox.Quad]) -> Descriptions:
        """What a stored article graph says of its entities (nothing, for a graph that holds no article)."""
        try:
            return descriptions(extraction_from_quads(quads, self.vocab), self.vocab)
        except (InputError, ValueError, TypeError, KeyError, IndexError):
            return {}

    def _descriptions_update(self, lost: Descriptions, leave_out: Sequence[ox.NamedNode] = ()) -> str | None:
        """The update taking out of the entity graph those of the ``lost`` values that no article graph
        (but ``leave_out``) says any more, and the entities no article names."""
        if not lost:
            return None
        stored = stored_quads(self.oxigraph, self.vocab, lost.keys())
        described = stored_descriptions(stored, self.vocab)
        gone = unsaid(self.oxigraph, self.vocab, lost, described, leave_out=leave_out)
        if not gone:
            return None
        return changes_update(self.vocab, stored, description_quads(self.vocab, without(described, gone)))

    def _refresh_descriptions(self, lost: Descriptions) -> None:
        """Take out of the entity graph those of the ``lost`` values that no stored article says any more."""
        try:
            update = self._descriptions_update(lost)
            if update:
                self.oxigraph.update(update)
        except (OSError, RuntimeError) as error:
            raise StoreError(f"could not update the entity descriptions in {self}: {error}") from error

    def put_articles(self, extractions: Sequence[ArticleExtraction], done: list[int] | None = None) -> list[bool | InputError]:
        """Write several articles: every new one in one transaction, each replacement in its own.

        Returns, per article in order, True if it replaced an earlier version, False if it
        was new, or the InputError that kept it out (the others are written all the same).
        ``done``, when given, gets the position of every article as soon as it is committed:
        after a StoreError it tells which of them are in the store.
        """
        self._check_writable()
        done = [] if done is None else done
        outcomes: list[bool | InputError] = [False] * len(extractions)
        new: dict[str, tuple[int, list[ox.Quad], Descriptions]] = {}  # article id → (position, quads, descriptions), written together
        with self._write_lock:
            for position, extraction in enumerate(extractions):
                article_id = extraction.article.id
                if article_id in new:  # a second version in the same batch: the first goes in first
                    self._extend_new(new, extractions, outcomes, done)
                if self._contains_graph(ox.NamedNode(article_iri(self.vocab, article_id))):
                    try:
                        outcomes[position] = self._put_locked(extraction)
                    except InputError as error:
                        outcomes[position] = error
                    else:
                        done.append(position)
                    continue
                try:
                    new[article_id] = (position, *self._quads(extraction))
                except InputError as error:
                    outcomes[position] = error
            self._extend_new(new, extractions, outcomes, done)
        return outcomes

    def _extend_new(
        self,
        new: dict[str, tuple[int, list[ox.Quad], Descriptions]],
        extractions: Sequence[ArticleExtraction],
        outcomes: list[bool | InputError],
        done: list[int],
    ) -> None:
        """Write the pending new articles in one transaction (one by one if that fails), and forget them."""
        if not new:
            return
        described = description_quads(self.vocab, merged(said for _, _, said in new.values()))
        try:
            self.oxigraph.extend([*(quad for _, quads, _ in new.values() for quad in quads), *self._missing(described)])
        except SyntaxError:
            for position, _, _ in new.values():
                try:
                    outcomes[position] = self._put_locked(extractions[position])
                except InputError as error:
                    outcomes[position] = error
                else:
                    done.append(position)
        except (OSError, RuntimeError) as error:
            raise StoreError(f"could not write {len(new)} articles to {self}: {error}") from error
        else:
            done.extend(position for position, _, _ in new.values())
            self.article_writes += len(new)
        new.clear()

    def remove_article(self, article_id: str) -> bool:
        """Drop the article's graph (what only it asserted disappears, descriptions of entities included);
        False if it wasn't there. One transaction."""
        self._check_writable()
        graph = ox.NamedNode(article_iri(self.vocab, article_id))
        with self._write_lock:
            if not self._contains_graph(graph):
                return False
            try:
                said = self._said_in(list(self.oxigraph.quads_for_pattern(None, None, None, graph)))
                changes = self._descriptions_update(said, leave_out=[graph])
                self.oxigraph.update(" ;\n".join(part for part in (f"DROP SILENT GRAPH {graph}", changes) if part))
            except (OSError, RuntimeError) as error:
                raise StoreError(f"could not remove article {article_id!r} from {self}: {error}") from error
            self.article_writes += 1
        return True

    def rebuild_entity_graph(self) -> int:
        """Recompute every entity's description from the article graphs (dropping those no article
        names); returns how many entities were looked at. Writes keep the entity graph up to date:
        this is for a graph loaded from elsewhere, or written by several processes at once."""
        self._check_writable()
        graph = ox.NamedNode(str(self.vocab.entity_graph))
        with self._write_lock:
            rows = self.select(
                f"SELECT DISTINCT ?e WHERE {{ {{ GRAPH {graph} {{ ?e ?p ?o }} }} UNION {{ GRAPH ?g {{ ?article schema:mentions ?e }} }} }}",
                use_default_graph_as_union=False,
            )
            iris = {row["e"].value for row in rows if isinstance(row["e"], ox.NamedNode)}
            wanted = description_quads(self.vocab, described_by_articles(self.oxigraph, self.vocab, iris))
            update = changes_update(self.vocab, stored_quads(self.oxigraph, self.vocab, iris), wanted)
            if update:
                self.oxigraph.update(update)
        return len(iris)

    def _upgrade_from_1(self) -> None:
        """Format 1 → 2: describe every entity once in the entity graph, and take the descriptions
        out of the article graphs (a repeated upgrade, after an interruption, does no harm)."""
        described = merged(descriptions(extraction, self.vocab) for extraction in self.extractions())
        try:
            self.oxigraph.extend(description_quads(self.vocab, described))
            self.oxigraph.update(
                """DELETE { GRAPH ?g { ?e ?p ?o } } WHERE { GRAPH ?g {
                     ?article a schema:NewsArticle ; schema:mentions ?e . ?e ?p ?o .
                     FILTER (?p IN (rdf:type, rdfs:label, skos:altLabel, ng:entityType)) } }""",
                prefixes=self.vocab.prefixes(),
            )
        except (OSError, RuntimeError) as error:
            raise StoreError(f"could not upgrade the store at {self.path} to format version {FORMAT_VERSION}: {error}") from error

    def flush(self) -> None:
        if self.path is not None and not self.read_only:
            self.oxigraph.flush()

    def reopen(self) -> None:
        """Close and open the database again (an on-disk, writable store): after a failed
        write (a full disk) RocksDB refuses every write until it is reopened.
        StoreError when it can't be opened again (it stays closed; call again later)."""
        if self.path is None or self.read_only:
            return
        with self._write_lock:
            old, self._oxigraph = self._oxigraph, None
            if old is not None:
                with contextlib.suppress(OSError, RuntimeError):
                    old.flush()
                del old
                gc.collect()  # the database's lock goes with the last reference
            self._oxigraph = _open_read_write(self.path / DATABASE_DIR, self.path)

    # -- reading ----------------------------------------------------------------

    def article_ids(self) -> list[str]:
        """The ids of all stored articles, sorted."""
        return sorted(article_id for article_id, _ in iter_graph_names(self.oxigraph, self.vocab))

    def __contains__(self, article_id: object) -> bool:
        return isinstance(article_id, str) and self._contains_graph(ox.NamedNode(article_iri(self.vocab, article_id)))

    def __len__(self) -> int:
        return len(self.article_ids())

    def extraction(self, article_id: str) -> ArticleExtraction | None:
        """The stored extraction of one article, or None."""
        graph = ox.NamedNode(article_iri(self.vocab, article_id))
        try:
            quads = list(self.oxigraph.quads_for_pattern(None, None, None, graph))
        except (OSError, RuntimeError) as error:
            raise StoreError(f"could not read article {article_id!r} from {self}: {error}") from error
        if not quads:
            return None
        return extraction_from_quads(quads, self.vocab)

    def extractions(self) -> Iterator[ArticleExtraction]:
        """Every stored article as the ArticleExtraction it was written from, by id."""
        try:
            extractions = extractions_by_query(self.oxigraph, self.vocab)
        except (OSError, RuntimeError) as error:
            raise StoreError(f"could not read {self}: {error}") from error
        yield from extractions

    def articles(self) -> list[Article]:
        return [extraction.article for extraction in self.extractions()]

    def triples(self, article_id: str | None = None) -> Iterator[Triple]:
        """The triples of one article, or of all of them."""
        if article_id is not None:
            extraction = self.extraction(article_id)
            yield from extraction.triples if extraction else ()
            return
        for extraction in self.extractions():
            yield from extraction.triples

    def query(self, sparql: str, **options: Any) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """Run a SPARQL query on Oxigraph's engine; the default graph is the union of all graphs."""
        options.setdefault("use_default_graph_as_union", "default_graph" not in options)
        options.setdefault("prefixes", self.vocab.prefixes())
        try:
            return self.oxigraph.query(sparql, **options)
        except SyntaxError as error:
            raise QueryError(f"invalid SPARQL query: {error}") from error
        except (OSError, RuntimeError) as error:
            raise StoreError(f"could not read {self}: {error}") from error

    def select(self, sparql: str, **options: Any) -> ox.QuerySolutions:
        """Run a SPARQL SELECT query (as ``query``); QueryError for any other query form."""
        answer = self.query(sparql, **options)
        if not isinstance(answer, ox.QuerySolutions):
            raise QueryError("expected a SELECT query")
        return answer

    def stats(self) -> dict[str, Any]:
        """Counts of articles, statements, entities, relations and quads."""
        ng = self.vocab.NG
        counts = next(
            iter(
                self.select(f"""
            SELECT (COUNT(DISTINCT ?stmt) AS ?statements) (COUNT(DISTINCT ?asserted) AS ?direct)
                   (COUNT(DISTINCT ?entity) AS ?entities) (COUNT(DISTINCT ?predicate) AS ?relations)
            WHERE {{
              {{ ?stmt a <{ng}Statement> ; <http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate> ?predicate .
                 OPTIONAL {{ ?stmt <{ng}asserted> true . BIND(?stmt AS ?asserted) }} }}
              UNION {{ ?entity a <{ng}Entity> }}
            }}""")
            )
        )
        categories = {
            row["category"].value.removeprefix(str(self.vocab.CATEGORY)): int(row["n"].value)
            for row in self.select(f"""
                SELECT ?category (COUNT(DISTINCT ?stmt) AS ?n)
                WHERE {{ ?stmt a <{ng}Statement> ; <{ng}category> ?category }} GROUP BY ?category""")
        }
        return {
            "path": str(self.path) if self.path else None,
            "base_iri": self.vocab.base,
            "articles": len(self.article_ids()),
            "statements": int(counts["statements"].value),
            "asserted": int(counts["direct"].value),
            "entities": int(counts["entities"].value),
            "relations": int(counts["relations"].value),
            "quads": len(self.oxigraph),
            "graphs": sum(1 for _ in self.oxigraph.named_graphs()),
            "categories": categories,
        }

    # -- helpers ----------------------------------------------------------------

    def _contains_graph(self, graph: ox.NamedNode) -> bool:
        return self.oxigraph.contains_named_graph(graph)

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError(f"the store at {self.path} is open read-only")


# -- on-disk layout ---------------------------------------------------------------


def _read_metadata(path: Path, *, must_exist: bool) -> dict[str, Any] | None:
    file = path / METADATA_FILE
    if not file.exists():
        if must_exist:
            raise StoreError(f"no newsgraph store at {path}")
        if path.is_dir() and any(entry.name != DATABASE_DIR for entry in path.iterdir()):
            raise StoreError(f"{path} is not a newsgraph store (no {METADATA_FILE}) and is not empty; choose another --store path")
        if path.exists() and not path.is_dir():
            raise StoreError(f"{path} is a file, not a store directory")
        return None
    try:
        metadata = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise StoreError(f"can't read the store metadata {file}: {error}") from error
    if not isinstance(metadata, dict) or "base_iri" not in metadata:
        raise StoreError(f"{file} is not newsgraph store metadata")
    if metadata.get("format_version") not in READABLE_VERSIONS:
        raise StoreError(
            f"the store at {path} has format version {metadata.get('format_version')}, "
            f"this newsgraph reads versions {', '.join(map(str, READABLE_VERSIONS))}; "
            "export it with the matching version and re-import"
        )
    return metadata


def _write_metadata(path: Path, vocab: Vocabulary) -> None:
    file = path / METADATA_FILE
    temporary = file.with_name(f".{METADATA_FILE}.{os.getpid()}.tmp")
    try:
        temporary.write_text(json.dumps({"format_version": FORMAT_VERSION, "base_iri": vocab.base}, indent=2) + "\n")
        os.replace(temporary, file)
    except OSError as error:
        raise StoreError(f"can't write the store metadata {file}: {error}") from error


def _prepare_directory(path: Path) -> None:
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError(f"can't create the store directory {path}: {error.strerror or error}") from error
    if not os.access(path, os.W_OK | os.X_OK):
        raise StoreError(f"the store directory {path} is not writable")


def _open_read_write(database: Path, path: Path) -> ox.Store:
    try:
        return ox.Store(str(database))
    except (OSError, RuntimeError) as error:
        message = str(error)
        if "lock" in message.lower():
            if "current process" in message:
                raise StoreLockedError(f"the store at {path} is already open in this process") from error
            raise StoreLockedError(
                f"the store at {path} is locked by another newsgraph process (a running `newsgraph serve`?). "
                "Stop that process, or send the articles to the running server with "
                "`newsgraph ingest --server URL`, or use another --store path."
            ) from error
        raise StoreError(f"can't open the store at {path}: {message}") from error


def _drop_write_ahead_log(database: Path) -> None:
    """Open and close the flushed database once more: RocksDB deletes the write-ahead log,
    which all its data is already out of, only when it opens (it is as big as what was written).

    Best effort: if the store is still referenced here or another process opened it, the
    log stays until the next open, as before.
    """
    try:
        reopened = ox.Store(str(database))
    except (OSError, RuntimeError):
        return
    del reopened


def _open_read_only(database: Path, path: Path) -> ox.Store:
    if not database.is_dir():
        raise StoreError(f"no newsgraph store at {path}")
    # A read-only open while another process writes can race with its
    # compactions (RocksDB files listed at open time vanish): retry briefly.
    for attempt in range(READ_ONLY_ATTEMPTS):
        try:
            return ox.Store.read_only(str(database))
        except (OSError, RuntimeError) as error:
            if attempt + 1 == READ_ONLY_ATTEMPTS:
                raise StoreError(
                    f"can't open the store at {path} read-only ({error}); if a newsgraph server is writing "
                    "to it, try again or query the server instead"
                ) from error
            time.sleep(0.05 * 2**attempt)
    raise AssertionError("unreachable")
