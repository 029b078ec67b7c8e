"""Extraction on every core: articles parsed and extracted in worker processes.

``ProcessExtractor(model, workers)`` is an extractor for ``run_ingest``: it
sends chunks of articles to a pool of worker processes and yields the results
in input order while the caller (the one writer) stores them. On Linux the
workers are forked from this process after ``start()`` loaded the spaCy
pipeline, so they share it; elsewhere (or with ``start_method="forkserver"``)
each loads it once, in the pool's initializer. At most
two chunks' worth of articles per worker are in flight, so memory stays flat
however many articles there are.

One article never aborts the batch: inside a worker it is isolated like in
``extract_safely``; a worker that dies (a crash in native code) has its chunk
retried article by article in a fresh pool, and an article that kills a worker
on its own becomes a ``Skipped`` record.
"""

from __future__ import annotations

import gc
import multiprocessing
import multiprocessing.context
import os
import sys
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import TYPE_CHECKING

from graph.errors import ModelError
from graph.ingest import Extractor, extract_safely
from graph.model import Article, ArticleExtraction, Skipped
from loaders.sources import Record

if TYPE_CHECKING:
    from spacy.language import Language

#: Thread counts of the numeric libraries, pinned to 1 for worker processes (unless set).
_THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")

#: The pipeline of this worker process (set by the pool's initializer).
_WORKER_NLP: Language | None = None
_WORKER_ERROR: str | None = None


def default_workers() -> int:
    """The cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _load_worker(model: str | None) -> None:
    """Pool initializer: load the pipeline once per worker process (unless inherited by forking)."""
    global _WORKER_NLP, _WORKER_ERROR
    if _WORKER_NLP is not None:
        return
    from loaders.nlp import load_pipeline  # heavy: spaCy, in the worker only

    try:
        _WORKER_NLP = load_pipeline(model)
    except ModelError as error:  # reported with the first chunk, as a ModelError in the parent
        _WORKER_ERROR = str(error)


def _extract_chunk(articles: Sequence[Article], batch_size: int) -> list[ArticleExtraction | Skipped]:
    if _WORKER_NLP is None:
        raise ModelError(_WORKER_ERROR or "the spaCy pipeline did not load in the worker process")
    return list(extract_safely(_WORKER_NLP, articles, batch_size=batch_size))


def _share_pipeline(nlp: Language) -> None:
    """Use ``nlp`` as the pipeline of workers forked from this process."""
    global _WORKER_NLP
    _WORKER_NLP = nlp


def _ready() -> None:
    """A no-op task: the pool has started its workers once it ran."""


def default_start_method() -> str:
    """``fork`` on Linux (workers share the parent's pipeline), else ``forkserver`` or ``spawn``."""
    methods = multiprocessing.get_all_start_methods()
    if sys.platform.startswith("linux") and "fork" in methods:
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


def chunk_bounds(count: int, size: int, workers: int) -> list[tuple[int, int]]:
    """Where the chunks of ``count`` articles start and end: ``size`` each (fewer when there are
    too few articles to keep every worker busy), the last ``workers × size`` articles in chunks a
    quarter that size, so that the workers finish together instead of one idling through the
    other's last full chunk."""
    size = max(1, min(size, -(-count // workers)))
    tail_start = max(0, count - workers * size)
    small = max(1, size // 4)
    bounds = [(start, min(start + size, tail_start)) for start in range(0, tail_start, size)]
    bounds += [(start, min(start + small, count)) for start in range(tail_start, count, small)]
    return bounds


@dataclass(frozen=True)
class _Chunk:
    articles: tuple[Article, ...]
    retried: bool = False  # already a retry: a second death skips it


class ProcessExtractor:
    """Extract articles in ``workers`` processes; results in input order."""

    #: What a worker runs on a chunk, and how it starts: module-level functions (they are pickled by name).
    task: Callable[[Sequence[Article], int], list[ArticleExtraction | Skipped]] = staticmethod(_extract_chunk)
    initializer: Callable[[str | None], None] = staticmethod(_load_worker)

    def __init__(
        self,
        model: str | None,
        workers: int,
        *,
        batch_size: int = 16,
        start_method: str | None = None,
        nlp: Language | None = None,
    ) -> None:
        """``nlp``: the pipeline ``model`` names, if this process has it loaded already (forked workers share it)."""
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self.model = model
        self.workers = workers
        self.batch_size = batch_size
        self.start_method = start_method or default_start_method()
        self._started: ProcessPoolExecutor | None = None
        self._nlp = nlp

    def start(self) -> ProcessExtractor:
        """Start the workers now (``__call__`` otherwise does): with ``fork``, load the pipeline
        here first, so the workers share it instead of each loading its own, and fork before
        the caller opens a store. Raises ModelError if the pipeline can't load."""
        if self._started is None:
            if self.start_method == "fork":
                if self._nlp is not None:
                    _share_pipeline(self._nlp)
                self.initializer(self.model)
                if _WORKER_ERROR is not None:
                    raise ModelError(_WORKER_ERROR)
            # the objects made so far (the pipeline's) are left out of the workers' garbage
            # collections: fewer objects to walk, fewer shared pages copied
            gc.freeze()
            try:
                self._started = self._pool(self.workers)
                for future in [self._started.submit(_ready) for _ in range(self.workers)]:
                    future.result()
            finally:
                gc.unfreeze()
        return self

    def _pool(self, workers: int) -> ProcessPoolExecutor:
        context: multiprocessing.context.BaseContext = multiprocessing.get_context(self.start_method)
        # fork: workers are copies of this process, a pipeline loaded by start() included (copy-on-write).
        # forkserver: workers start from a clean process with spaCy imported; each loads the pipeline.
        if self.start_method != "fork":
            # One BLAS thread per worker: N workers with a thread per core each fight over the cores
            # (chunks took 1.5x as long). Set before the fork server starts, which reads them.
            for name in _THREAD_VARIABLES:
                os.environ.setdefault(name, "1")
        if isinstance(context, multiprocessing.context.ForkServerContext):
            context.set_forkserver_preload(["spacy", "loaders.extraction", "loaders.nlp"])
        return ProcessPoolExecutor(workers, mp_context=context, initializer=self.initializer, initargs=(self.model,))

    def map_inputs(self, read: Callable[[str], list[Record]], names: Sequence[str]) -> list[list[Record]]:
        """``read`` on each input file, on the workers, results in order (a ``loaders.sources.InputMapper``:
        the files are read and cleaned on every core before extraction starts). Starts the workers
        if they are not yet; if one dies, the files are read here."""
        self.start()
        assert self._started is not None
        try:
            return list(self._started.map(read, names, chunksize=max(1, len(names) // (4 * self.workers))))
        except BrokenProcessPool:
            self._started.shutdown(wait=False, cancel_futures=True)
            self._started = self._pool(self.workers)
            return [read(name) for name in names]

    def __call__(self, articles: Sequence[Article]) -> Iterator[ArticleExtraction | Skipped]:
        bounds = chunk_bounds(len(articles), self.batch_size, self.workers)
        chunks: deque[_Chunk] = deque(_Chunk(tuple(articles[start:end])) for start, end in bounds)
        if self._started is not None:
            pool, workers, self._started = self._started, self.workers, None
        else:
            workers = min(self.workers, len(chunks)) or 1  # no idle worker loading a pipeline for nothing
            pool = self._pool(workers)
        in_flight: deque[tuple[_Chunk, Future[list[ArticleExtraction | Skipped]]]] = deque()
        try:
            while chunks or in_flight:
                # as many articles in flight as two full chunks a worker, however small the chunks
                while chunks and sum(len(c.articles) for c, _ in in_flight) < 2 * workers * self.batch_size:
                    # a retry runs alone, so a worker that dies on it died of it
                    if in_flight and (chunks[0].retried or in_flight[-1][0].retried):
                        break
                    chunk = chunks.popleft()
                    in_flight.append((chunk, pool.submit(self.task, chunk.articles, self.batch_size)))
                chunk, future = in_flight.popleft()
                try:
                    results = future.result()
                except BrokenProcessPool:
                    # a worker died: a fresh pool, and what was in flight retried article by article
                    pool.shutdown(wait=False, cancel_futures=True)
                    pool = self._pool(workers)
                    if chunk.retried:
                        article = chunk.articles[0]
                        yield Skipped(article.source, f"extraction crashed a worker process on article {article.id}")
                        continue
                    lost = [chunk, *(other for other, _ in in_flight)]
                    in_flight.clear()
                    chunks.extendleft(
                        reversed([_Chunk((article,), retried=True) for lost_chunk in lost for article in lost_chunk.articles])
                    )
                    continue
                yield from results
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


def make_extractor(model: str | None, workers: int, batch_size: int = 16) -> Extractor:
    """``workers`` processes extracting (a ProcessExtractor), or for 1 the pipeline in this process."""
    if workers > 1:
        return ProcessExtractor(model, workers, batch_size=batch_size).start()
    from loaders.nlp import load_pipeline  # heavy: spaCy

    nlp = load_pipeline(model)
    return lambda articles: extract_safely(nlp, articles, batch_size=batch_size)
