"""Extraction on a Dask cluster: chunks of articles as tasks, this process the one writer.

``ClusterExtractor(address, model)`` is an extractor for ``run_ingest``, like
``graph.parallel.ProcessExtractor``, whose workers are the worker processes of
a Dask scheduler (``dask scheduler`` / ``dask worker``) instead of a local pool.
It submits chunks of articles as tasks and yields the results in input order
while the caller stores them; at most ``2 × threads`` chunks (the threads of
all workers) are in flight, so memory stays flat however many articles there
are. Each worker process loads the spaCy pipeline once, on its first chunk (or
when ``start()`` warms the workers up), and keeps it.

One article never aborts the batch: inside a worker it is isolated like in
``extract_safely``. A worker process that dies has its tasks rescheduled by the
scheduler on another worker; a task that was running on ``allowed-failures + 1``
workers that died (``distributed.scheduler.allowed-failures``, 3 by default)
fails with ``KilledWorker``, and its chunk is retried article by article, one
at a time, so an article that kills workers on its own becomes a ``Skipped``
record and the others of its chunk are extracted.

``distributed`` is imported when a cluster is first used, never at import.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

from graph.errors import ClusterError, ModelError
from graph.ingest import extract_safely
from graph.model import Article, ArticleExtraction, Skipped

if TYPE_CHECKING:
    from distributed import Client, Future
    from spacy.language import Language

#: Seconds to reach the scheduler, and to wait for a first worker, before giving up.
CONNECT_TIMEOUT = 10.0

#: The pipelines of this worker process, by model name (loaded on first use).
_PIPELINES: dict[str | None, Language] = {}
#: One pipeline load and one extraction at a time in a worker process (a worker may run several threads).
_PIPELINE_LOCK = threading.Lock()


def _pipeline(model: str | None) -> Language:
    """The pipeline ``model`` names, loaded once per worker process."""
    with _PIPELINE_LOCK:
        nlp = _PIPELINES.get(model)
        if nlp is None:
            from loaders.nlp import load_pipeline  # heavy: spaCy, in the worker only

            nlp = _PIPELINES[model] = load_pipeline(model)
        return nlp


def warm_up(model: str | None) -> None:
    """Load the pipeline in this worker process now (raises ModelError if it can't)."""
    _pipeline(model)


def extract_chunk(articles: Sequence[Article], model: str | None, batch_size: int) -> list[ArticleExtraction | Skipped]:
    """A task: extract a chunk of articles with this worker's pipeline."""
    nlp = _pipeline(model)
    with _PIPELINE_LOCK:  # a spaCy pipeline is not made to run in several threads at once
        return list(extract_safely(nlp, articles, batch_size=batch_size))


class ClusterExtractor:
    """Extract articles on the workers of the Dask scheduler at ``address``; results in input order."""

    #: What a worker runs on a chunk, and to load its pipeline: module-level functions (pickled by name).
    task: Callable[[Sequence[Article], str | None, int], list[ArticleExtraction | Skipped]] = staticmethod(extract_chunk)
    warm: Callable[[str | None], None] = staticmethod(warm_up)

    def __init__(
        self, address: str, model: str | None, *, batch_size: int = 16, timeout: float = CONNECT_TIMEOUT, quiet: bool = False
    ) -> None:
        """``quiet``: silence the client's Dask log (its reconnection tracebacks) when the caller reports errors itself."""
        if not address:
            raise ClusterError("--cluster needs the address of a Dask scheduler, e.g. tcp://scheduler:8786")
        self.address = address
        self.model = model
        self.batch_size = batch_size
        self.timeout = timeout
        self.quiet = quiet
        self._client: Client | None = None

    def start(self) -> ClusterExtractor:
        """Connect to the scheduler and load the pipeline on every worker now (``__call__`` otherwise
        connects). Raises ClusterError if the scheduler can't be reached or has no worker, ModelError
        if a worker can't load the pipeline."""
        if self._client is None:
            client = self._connect()
            try:
                self._warm_up(client)
            except BaseException:
                client.close()
                raise
            self._client = client
        return self

    def _connect(self) -> Client:
        from distributed import Client  # heavy: imported when a cluster is used
        from distributed.comm import get_address_host_port

        if self.quiet:  # after the import: importing distributed sets its loggers' levels
            for name in ["distributed", *(name for name in logging.root.manager.loggerDict if name.startswith("distributed."))]:
                logging.getLogger(name).setLevel(logging.CRITICAL)
        try:
            get_address_host_port(self.address)
        except ValueError as exc:
            raise ClusterError(f"--cluster {self.address!r} is not a scheduler address ({exc}); give e.g. tcp://scheduler:8786") from None
        hint = "start one with `dask scheduler` and `dask worker ADDRESS`, or check --cluster"
        try:
            client = Client(self.address, timeout=self.timeout, set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise ClusterError(f"can't reach the Dask scheduler at {self.address}: {_reason(exc)} ({hint})") from None
        try:
            client.wait_for_workers(1, timeout=self.timeout)
        except (OSError, TimeoutError):
            client.close()
            raise ClusterError(
                f"the Dask scheduler at {self.address} has no worker after {self.timeout:g} s "
                f"(start some with `dask worker {self.address}`)"
            ) from None
        return client

    def _warm_up(self, client: Client) -> None:
        """One task per worker loading the pipeline, so they load it at once and a bad model fails here."""
        from distributed import KilledWorker

        # allow_other_workers: a worker that dies is replaced under another address, and the task goes elsewhere
        workers = list(client.nthreads())
        futures = [client.submit(self.warm, self.model, workers=[worker], allow_other_workers=True, pure=False) for worker in workers]
        try:
            client.gather(futures)
        except KilledWorker:
            pass  # workers died while loading: the tasks load the pipeline where they land (and report what kills them)
        except Exception as exc:
            raise self._translated(exc) from None

    def __call__(self, articles: Sequence[Article]) -> Iterator[ArticleExtraction | Skipped]:
        client, self._client = self._client or self.start()._client, None
        assert client is not None
        try:
            yield from self._extract(client, articles)
        finally:
            client.close()

    def _extract(self, client: Client, articles: Sequence[Article]) -> Iterator[ArticleExtraction | Skipped]:
        slots = max(1, sum(client.nthreads().values()))
        # chunks of a batch, smaller when there are too few articles to keep every worker busy
        size = max(1, min(self.batch_size, -(-len(articles) // slots)))
        chunks = deque(tuple(articles[start : start + size]) for start in range(0, len(articles), size))
        in_flight: deque[tuple[tuple[Article, ...], Future[list[ArticleExtraction | Skipped]]]] = deque()
        try:
            while chunks or in_flight:
                while chunks and len(in_flight) < 2 * slots:
                    chunk = chunks.popleft()
                    in_flight.append((chunk, self._submit(client, chunk)))
                chunk, future = in_flight.popleft()
                try:
                    yield from self._result(future)
                except _WorkersKilled:
                    # workers died running it, allowed-failures + 1 times: its articles again, each alone
                    # (what else is in flight finishes first), so a worker that dies on one died of it
                    client.gather([other for _, other in in_flight], errors="skip")
                    for article in chunk:
                        try:
                            yield from self._result(self._submit(client, (article,)))
                        except _WorkersKilled:
                            yield Skipped(article.source, f"extraction killed Dask workers on article {article.id}")
        finally:
            with contextlib.suppress(Exception):  # the scheduler may be gone already
                client.cancel([future for _, future in in_flight])

    def _submit(self, client: Client, chunk: tuple[Article, ...]) -> Future[list[ArticleExtraction | Skipped]]:
        # pure=False: a fresh key per submission (a retried article is not the failed result again)
        return client.submit(self.task, chunk, self.model, self.batch_size, pure=False)

    def _result(self, future: Future[list[ArticleExtraction | Skipped]]) -> list[ArticleExtraction | Skipped]:
        """The records of a task; _WorkersKilled if it killed its workers; scheduler and model troubles as errors."""
        from distributed import KilledWorker

        try:
            return future.result()
        except KilledWorker:
            raise _WorkersKilled from None
        except Exception as exc:
            raise self._translated(exc) from None

    def _translated(self, exc: Exception) -> Exception:
        """What a task's failure means here: the model, the workers' environment or the scheduler; else ``exc``."""
        from concurrent.futures import CancelledError

        from distributed.comm.core import CommClosedError

        if isinstance(exc, ModelError):
            return ModelError(f"a worker of the Dask cluster at {self.address} can't load the pipeline: {exc}")
        if isinstance(exc, ImportError):
            return ClusterError(
                f"a worker of the Dask cluster at {self.address} can't import newsgraph ({_reason(exc)}): "
                "install the project and its language model where the workers run"
            )
        if isinstance(exc, CancelledError):  # the client cancels its futures when it loses the scheduler
            return ClusterError(f"lost the connection to the Dask scheduler at {self.address}")
        if isinstance(exc, CommClosedError | TimeoutError):
            return ClusterError(f"lost the connection to the Dask scheduler at {self.address}: {_reason(exc)}")
        return exc


class _WorkersKilled(Exception):
    """A task failed with KilledWorker."""


def _reason(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__
