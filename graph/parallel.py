"""Extraction on every core: articles parsed and extracted in worker processes.

``ProcessExtractor(model, workers)`` is an extractor for ``run_ingest``: it
sends chunks of articles to a pool of worker processes, each of which loads
the spaCy pipeline once (the pool's initializer), and yields the results in
input order while the caller (the one writer) stores them. At most
``2 × workers`` chunks are in flight, so memory stays flat however many
articles there are.

One article never aborts the batch: inside a worker it is isolated like in
``extract_safely``; a worker that dies (a crash in native code) has its chunk
retried article by article in a fresh pool, and an article that kills a worker
on its own becomes a ``Skipped`` record.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import TYPE_CHECKING

from graph.errors import ModelError
from graph.ingest import Extractor, extract_safely
from graph.model import Article, ArticleExtraction, Skipped

if TYPE_CHECKING:
    from spacy.language import Language

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
    """Pool initializer: load the pipeline once per worker process."""
    global _WORKER_NLP, _WORKER_ERROR
    from loaders.nlp import load_pipeline  # heavy: spaCy, in the worker only

    try:
        _WORKER_NLP = load_pipeline(model)
    except ModelError as error:  # reported with the first chunk, as a ModelError in the parent
        _WORKER_ERROR = str(error)


def _extract_chunk(articles: Sequence[Article], batch_size: int) -> list[ArticleExtraction | Skipped]:
    if _WORKER_NLP is None:
        raise ModelError(_WORKER_ERROR or "the spaCy pipeline did not load in the worker process")
    return list(extract_safely(_WORKER_NLP, articles, batch_size=batch_size))


@dataclass(frozen=True)
class _Chunk:
    articles: tuple[Article, ...]
    retried: bool = False  # already a retry: a second death skips it


class ProcessExtractor:
    """Extract articles in ``workers`` processes; results in input order."""

    #: What a worker runs on a chunk, and how it starts: module-level functions (they are pickled by name).
    task: Callable[[Sequence[Article], int], list[ArticleExtraction | Skipped]] = staticmethod(_extract_chunk)
    initializer: Callable[[str | None], None] = staticmethod(_load_worker)

    def __init__(self, model: str | None, workers: int, *, batch_size: int = 16) -> None:
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self.model = model
        self.workers = workers
        self.batch_size = batch_size

    def _pool(self, workers: int) -> ProcessPoolExecutor:
        # forkserver: workers start from a clean process, not from a copy of one that holds
        # an open store and its threads; spaCy is imported there once and shared by forking.
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["spacy", "loaders.extraction", "loaders.nlp"])
        return ProcessPoolExecutor(workers, mp_context=context, initializer=self.initializer, initargs=(self.model,))

    def __call__(self, articles: Sequence[Article]) -> Iterator[ArticleExtraction | Skipped]:
        # chunks of a batch, smaller when there are too few articles to keep every worker busy
        size = max(1, min(self.batch_size, -(-len(articles) // self.workers)))
        chunks: deque[_Chunk] = deque(_Chunk(tuple(articles[start : start + size])) for start in range(0, len(articles), size))
        workers = min(self.workers, len(chunks)) or 1  # no idle worker loading a pipeline for nothing
        pool = self._pool(workers)
        in_flight: deque[tuple[_Chunk, Future[list[ArticleExtraction | Skipped]]]] = deque()
        try:
            while chunks or in_flight:
                while chunks and len(in_flight) < 2 * workers:
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
        return ProcessExtractor(model, workers, batch_size=batch_size)
    from loaders.nlp import load_pipeline  # heavy: spaCy

    nlp = load_pipeline(model)
    return lambda articles: extract_safely(nlp, articles, batch_size=batch_size)
