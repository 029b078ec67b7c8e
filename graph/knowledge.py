"""The knowledge graph: the store and its networkx mirror, written through one door.

``KnowledgeGraph`` is the only writer: ``ingest`` and ``remove_article`` update
the store and the mirror under one write lock, a batch of articles at a time
(new articles of a batch in one store transaction), so a reader never sees half
an article and the two always agree.

Readers either hold the shared lock::

    with knowledge.read() as mirror:       # nobody writes meanwhile
        mirror.graph.number_of_edges()
    with knowledge.lock:                   # the same, without the mirror
        ...

or, on an event loop that must never wait, try the lock and do something else
when a writer holds it::

    with knowledge.try_read() as acquired:
        if acquired: ...

or take a frozen snapshot that stays valid however long they keep it::

    graph = knowledge.snapshot()           # nx.MultiDiGraph, frozen, cached per version

Readers (the API, the exports, GraphQL's ``MirrorView``) are typed with the
``KnowledgeReader`` protocol, which ``KnowledgeGraph`` implements.

The mirror is built from the store when first read (``mirror``, ``read()``,
``snapshot()``), not when the store is opened: commands that only write or
dump (``ingest``, ``remove``, the RDF exports) never build it, and ``serve``
builds it in the background (``warm_mirror``) while it already answers. An
on-disk store opened with ``KnowledgeGraph.open`` keeps its mirror saved beside
it (``graph.saved``): every write is journalled, the mirror is loaded from the
saved one when that is up to date, and rebuilt from the store only otherwise.

``knowledge.version`` grows by one with every article written or removed;
caches key on it. Callbacks registered with ``on_change`` run after each write.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Sized
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import networkx as nx

from graph.errors import InputError, StoreError, WriteFailedError
from graph.mirror import Mirror
from graph.model import ArticleExtraction, Skipped
from graph.rdf.vocab import Vocabulary
from graph.saved import SavedMirror
from graph.store import is_remote, open_store
from graph.store.oxigraph import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class IngestResult:
    """What one ``ingest`` call wrote."""

    articles: int = 0  # articles written (new or replaced)
    triples: int = 0  # statements written
    entities: int = 0  # distinct entities in the written articles
    replaced: int = 0  # articles that replaced an earlier version
    skipped: tuple[Skipped, ...] = ()
    article_ids: tuple[str, ...] = field(default=())

    def to_record(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "triples": self.triples,
            "entities": self.entities,
            "replaced": self.replaced,
            "skipped": [{"source": s.source, "reason": s.reason} for s in self.skipped],
            "article_ids": list(self.article_ids),
        }


class KnowledgeReader(Protocol):
    """Read access to the knowledge graph: what the API, the exports and MirrorView use."""

    @property
    def store(self) -> Store: ...

    @property
    def mirror(self) -> Mirror: ...

    @property
    def mirror_ready(self) -> bool: ...

    def warm_mirror(self) -> threading.Thread: ...

    @property
    def version(self) -> int: ...

    @property
    def write_failure(self) -> str | None: ...

    @property
    def vocab(self) -> Vocabulary: ...

    @property
    def lock(self) -> contextlib.AbstractContextManager[None]: ...

    def read(self) -> contextlib.AbstractContextManager[Mirror]: ...

    def try_read(self) -> contextlib.AbstractContextManager[bool]: ...

    def summary(self) -> dict[str, Any]: ...


class ReadWriteLock:
    """Many readers or one writer; waiting writers go first. Reentrant for readers,
    and the writing thread may also read.

    Reentrancy is tracked per thread, so coroutines must not hold the read lock
    across an ``await`` (read synchronously, or in a worker thread).
    """

    def __init__(self) -> None:
        self._condition = threading.Condition(threading.Lock())
        self._readers = 0
        self._writer: int | None = None
        self._waiting_writers = 0
        self._local = threading.local()

    @contextmanager
    def reading(self) -> Iterator[None]:
        with self._holding(wait=True):
            yield

    @contextmanager
    def try_reading(self) -> Iterator[bool]:
        """Like ``reading``, but never waits: yields False (holding nothing) when a writer
        holds the lock or waits for it, True (holding it for the block) otherwise."""
        with self._holding(wait=False) as acquired:
            yield acquired

    @contextmanager
    def _holding(self, *, wait: bool) -> Iterator[bool]:
        depth = getattr(self._local, "depth", 0)
        if depth or self._writer == threading.get_ident():
            self._local.depth = depth + 1
            try:
                yield True
            finally:
                self._local.depth = depth
            return
        with self._condition:
            while wait and (self._writer is not None or self._waiting_writers):
                self._condition.wait()
            acquired = self._writer is None and not self._waiting_writers
            if acquired:
                self._readers += 1
        if not acquired:
            yield False
            return
        self._local.depth = 1
        try:
            yield True
        finally:
            self._local.depth = 0
            with self._condition:
                self._readers -= 1
                if not self._readers:
                    self._condition.notify_all()

    @contextmanager
    def writing(self) -> Iterator[None]:
        me = threading.get_ident()
        if getattr(self._local, "depth", 0):
            raise RuntimeError("a thread holding the read lock can't take the write lock")
        with self._condition:
            self._waiting_writers += 1
            while self._writer is not None or self._readers:
                self._condition.wait()
            self._waiting_writers -= 1
            self._writer = me
        try:
            yield
        finally:
            with self._condition:
                self._writer = None
                self._condition.notify_all()


@dataclass
class _Tally:
    """What an ``ingest`` call has written so far."""

    triples: int = 0
    replaced: int = 0
    entities: set[str] = field(default_factory=set)
    skipped: list[Skipped] = field(default_factory=list)
    written: list[str] = field(default_factory=list)

    def count(self, extraction: ArticleExtraction, replaced: bool) -> None:
        self.written.append(extraction.article.id)
        self.triples += len(extraction.triples)
        self.replaced += replaced
        self.entities.update(extraction.entity_keys())


def _release_free_memory() -> None:
    """Hand the heap pages freed while building the mirror (the records read from the store)
    back to the system, so that they don't count in the resident size (glibc only)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


#: Articles written per store transaction (and per hold of the write lock) by ``ingest``.
WRITE_BATCH = 64


class KnowledgeGraph:
    """The store plus its mirror, kept in agreement; the single writer of both."""

    def __init__(self, store: Store, mirror: Mirror | None = None, *, saved: SavedMirror | None = None) -> None:
        """``mirror``: the store's mirror if the caller has it; None builds it when first read.
        ``saved``: the mirror saved beside an on-disk store (``open`` passes it), loaded instead of rebuilt."""
        self.store = store
        self._mirror = mirror
        self._saved = saved
        self._mirror_lock = threading.Lock()
        self._warming: threading.Thread | None = None
        self.version = 0
        self._lock = ReadWriteLock()
        self._write_lock = threading.Lock()  # one ingest/remove call at a time
        self._snapshot: tuple[int, nx.MultiDiGraph] | None = None
        self._snapshot_lock = threading.Lock()
        self._listeners: list[Callable[[int, tuple[str, ...]], None]] = []
        #: Why the last write failed (e.g. a full disk), until a write succeeds again; None when fine.
        self.write_failure: str | None = None

    @classmethod
    def open(cls, path: str | Path | None = None, vocab: Vocabulary | None = None, *, read_only: bool = False) -> KnowledgeGraph:
        """Open the store at ``path``: a directory, an http(s):// SPARQL endpoint (a shared store),
        or None (in memory); its mirror is built when first read."""
        if path is None or is_remote(path):
            store = open_store(path, vocab=vocab, read_only=read_only)
            saved = None
        else:
            with SavedMirror.opening(path, read_only=read_only) as saved:
                store = open_store(path, vocab=vocab, read_only=read_only)
        try:
            return cls(store, saved=saved)
        except BaseException:
            store.close()
            raise

    @property
    def vocab(self) -> Vocabulary:
        return self.store.vocab

    def close(self) -> None:
        """Wait for a running write and for readers, then close the store (first folding a journal
        that outgrew the saved mirror into it, when this process did not build the mirror)."""
        self._fold_journal()
        with self._write_lock, self._lock.writing():
            if self._saved is None:
                self.store.close()
                return
            with self._saved.closing(self._store_writes):
                self.store.close()

    @property
    def folds_on_close(self) -> bool:
        """Whether ``close`` will fold the saved mirror's journal into it (seconds to minutes: ``_fold_journal``)."""
        saved = self._saved
        return saved is not None and self._mirror is None and saved.journal_outgrew_base()

    def _fold_journal(self) -> None:
        """Load the saved mirror with its journal and save it as one ``mirror.pickle``, if the journal
        outgrew it (``SavedMirror.journal_outgrew_base``: after a large ingest), so that the next start
        does not replay it. Nothing is built from the store: a saved mirror that can't be used stays so."""
        saved = self._saved
        if saved is None or not self.folds_on_close:
            return
        with self._write_lock, self._lock.reading(), self._mirror_lock:
            if self._mirror is not None:  # built meanwhile (``warm_mirror``), and kept then
                return
            log.info("folding the journal of the saved mirror of %s into it", saved.path)
            mirror = saved.load()
            if mirror is not None:
                saved.keep(mirror, self._store_writes(), rebuilt=False, fold=True)
            del mirror
            gc.unfreeze()  # ``load`` froze the mirror for a process that keeps it
        _release_free_memory()

    def _store_writes(self) -> int:
        return int(getattr(self.store, "article_writes", 0))

    def __enter__(self) -> KnowledgeGraph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the mirror ------------------------------------------------------------

    @property
    def mirror(self) -> Mirror:
        """The networkx mirror, built from the store on first use (writers wait meanwhile)."""
        mirror = self._mirror
        if mirror is not None:
            return mirror
        with self._lock.reading(), self._mirror_lock:  # no write between reading the store and serving the mirror
            if self._mirror is None:
                loaded = self._saved.load() if self._saved is not None else None
                built = loaded if loaded is not None else Mirror.from_store(self.store)
                self._mirror = built
                if self._saved is not None:  # readers may go on meanwhile: the lock is shared
                    self._saved.keep(built, self._store_writes(), rebuilt=loaded is None)
                _release_free_memory()
            return self._mirror

    @property
    def mirror_ready(self) -> bool:
        """Whether the mirror is built (reading it won't wait for the store to be read)."""
        return self._mirror is not None

    def warm_mirror(self) -> threading.Thread:
        """Build the mirror in a background thread (``serve`` answers SPARQL meanwhile); the one already running if any."""
        with self._mirror_lock:
            if self._warming is None or (not self._warming.is_alive() and self._mirror is None):
                self._warming = threading.Thread(target=lambda: self.mirror, name="newsgraph-mirror", daemon=True)
                self._warming.start()
            return self._warming

    # -- reading ---------------------------------------------------------------

    @contextmanager
    def read(self) -> Iterator[Mirror]:
        """Hold off writers while reading the live mirror (and the store)."""
        with self._lock.reading():
            yield self.mirror

    @contextmanager
    def try_read(self) -> Iterator[bool]:
        """Hold off writers for the block if that needs no wait: yields whether it does."""
        with self._lock.try_reading() as acquired:
            yield acquired

    @property
    def lock(self) -> contextlib.AbstractContextManager[None]:
        """A fresh context manager holding off writers (``with knowledge.lock: ...``)."""
        return self._lock.reading()

    def summary(self) -> dict[str, Any]:
        """Small counts for health checks: articles, statements, entities, version (the mirror's running figures)."""
        with self._lock.reading():
            figures = self.mirror.figures
            return {
                "articles": figures.articles,
                "statements": figures.statements,
                "entities": figures.entities,
                "version": self.version,
                "read_only": self.store.read_only,
            }

    def snapshot(self) -> nx.MultiDiGraph:
        """A frozen copy of the mirror graph at the current version (copied once per version)."""
        with self._lock.reading():
            version = self.version
            with self._snapshot_lock:
                if self._snapshot is None or self._snapshot[0] != version:
                    self._snapshot = (version, nx.freeze(self.mirror.frozen_copy()))
                return self._snapshot[1]

    def follow(self, fingerprint: Callable[[], object], interval: float) -> threading.Event:
        """Rebuild the mirror whenever ``fingerprint()``, read every ``interval`` seconds in a
        background thread, changes: for a shared store that other processes write to.
        A read that fails is skipped (tried again next time). Set the returned event to stop."""
        stop = threading.Event()
        try:
            last = fingerprint()
        except StoreError:
            last = None

        def watch() -> None:
            nonlocal last
            while not stop.wait(interval):
                try:
                    current = fingerprint()
                    if current != last:
                        self.refresh()
                        last = current
                except StoreError:
                    continue

        threading.Thread(target=watch, name="newsgraph-follow", daemon=True).start()
        return stop

    def on_change(self, callback: Callable[[int, tuple[str, ...]], None]) -> None:
        """Call ``callback(version, article_ids)`` after every write."""
        self._listeners.append(callback)

    # -- writing ---------------------------------------------------------------

    def ingest(self, extractions: Iterable[ArticleExtraction | Skipped]) -> IngestResult:
        """Write each article (replacing earlier versions); a bad article is skipped, not fatal.

        Skipped records passed in are reported back in ``skipped``. When the store fails
        (a full disk), WriteFailedError says which articles were committed before it; the
        failure stays in ``write_failure`` and the next write reopens the store first.
        """
        tally = _Tally()
        try:
            with self._write_lock:
                self._recover()
                batch: list[ArticleExtraction] = []
                for extraction in extractions:
                    if isinstance(extraction, Skipped):
                        tally.skipped.append(extraction)
                        continue
                    batch.append(extraction)
                    if len(batch) >= WRITE_BATCH:
                        self._write_batch(batch, tally)
                self._write_batch(batch, tally)
        except StoreError as error:
            if self.store.read_only:  # refused, not failed: nothing to recover from
                raise
            self.write_failure = str(error)
            if self._saved is not None:
                self._saved.invalidate()
            if tally.written:
                self._notify(tuple(tally.written))
            attempted = sum(1 for e in extractions if not isinstance(e, Skipped)) if isinstance(extractions, Sized) else None
            raise WriteFailedError(str(error), committed=tuple(tally.written), attempted=attempted) from error
        self.write_failure = None
        if tally.written:
            self._notify(tuple(tally.written))
        return IngestResult(
            articles=len(tally.written),
            triples=tally.triples,
            entities=len(tally.entities),
            replaced=tally.replaced,
            skipped=tuple(tally.skipped),
            article_ids=tuple(tally.written),
        )

    def _write_batch(self, batch: list[ArticleExtraction], tally: _Tally) -> None:
        """Write a batch and count it in ``tally`` (also what was committed before a StoreError)."""
        done: list[int] = []
        try:
            outcomes = self._put_batch(batch, done)
        except StoreError:  # failed midway: count what is in the store
            for position in done:
                tally.count(batch[position], False)
            raise
        for extraction, outcome in zip(batch, outcomes, strict=True):
            if isinstance(outcome, InputError):
                tally.skipped.append(Skipped(source=extraction.article.source or extraction.article.id, reason=str(outcome)))
            else:
                tally.count(extraction, outcome)
        batch.clear()

    def _recover(self) -> None:
        """After a failed write, reopen the store before writing again (StoreError if it can't be)."""
        if self.write_failure is None:
            return
        with self._lock.writing():
            self.store.reopen()

    def remove_article(self, article_id: str) -> bool:
        """Remove an article and what only it asserted; False if it wasn't stored."""
        with self._write_lock:
            self._recover()
            with self._lock.writing():
                try:
                    removed = self.store.remove_article(article_id)
                except StoreError as error:
                    if not self.store.read_only:
                        self.write_failure = str(error)
                        if self._saved is not None:
                            self._saved.invalidate()
                    raise
                self.write_failure = None
                if self._mirror is not None:
                    self._mirror.remove_article(article_id)
                if removed:
                    self.version += 1
                    if self._saved is not None:
                        self._saved.removed(article_id)
        if removed:
            self._notify((article_id,))
        return removed

    def refresh(self) -> None:
        """Rebuild the mirror from the store (after writing to the store directly, e.g. loading a dump)."""
        with self._write_lock:
            mirror = Mirror.from_store(self.store)
            with self._lock.writing():
                self._mirror = mirror
                self.version += 1
                gc.unfreeze()  # a loaded mirror was frozen (``SavedMirror.load``): the one replaced may now be collected
                if self._saved is not None:
                    self._saved.keep(mirror, self._store_writes(), rebuilt=True)
        self._notify(tuple(mirror.article_ids()))

    def _put_batch(self, batch: list[ArticleExtraction], done: list[int]) -> list[bool | InputError]:
        """Write a batch to the store (new articles in one transaction), then to a built mirror.

        ``done`` gets the positions committed; when the store fails midway, those are
        still applied to the mirror before the StoreError goes on."""
        if not batch:
            return []
        with self._lock.writing():
            try:
                outcomes = self.store.put_articles(batch, done)
            except StoreError:
                for position in done:
                    self._apply(batch[position])
                raise
            for position in done:
                self._apply(batch[position])
        return outcomes

    def _apply(self, extraction: ArticleExtraction) -> None:
        if self._mirror is not None:  # not built yet: it will be read from the store, these articles included
            self._mirror.apply(extraction)
        if self._saved is not None:
            self._saved.put(extraction)
        self.version += 1

    def _notify(self, article_ids: tuple[str, ...]) -> None:
        for callback in list(self._listeners):
            callback(self.version, article_ids)
