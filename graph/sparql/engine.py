"""Run one SPARQL query on Oxigraph with a time limit, into a buffer.

The query string goes unchanged to pyoxigraph's engine (never through
rdflib's pure-Python one). Evaluation and serialization happen in a worker
thread (pyoxigraph releases the GIL while it works) and write into a
spooled buffer; only a complete result is ever sent, so a client never gets
a ``200`` with a truncated body.

Time limit: pyoxigraph has no cancellation call. The serializer writes to
a Python file object, and that object raises ``QueryTimeoutError`` at the
first write after the deadline, which stops Oxigraph's lazy evaluation
there. Work done before the first output (a big ``ORDER BY`` or ``GROUP
BY``) can't be interrupted: the client gets its error at the deadline while
that thread finishes in the background. The pool is bounded, so runaway
queries can't take more than ``workers`` threads.

Updates are refused: a text that is not a query is parsed again as an
update (by Oxigraph, on a throwaway empty store, behind a leading operation
that always fails, so nothing of it runs) to tell "this is an update"
(``UpdateRefusedError``, 403) from "this is malformed" (``QueryError``, 400,
with the parser's message).
"""

from __future__ import annotations

import io
import re
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from typing import IO, Any

from pyoxigraph import NamedNode, QueryBoolean, QueryTriples, Store

from graph.errors import NewsgraphError, QueryError, QueryTimeoutError, StoreError
from graph.sparql.formats import GRAPH_FORMATS, SOLUTION_FORMATS, ResultFormat, choose_format
from graph.sparql.guard import MAX_NESTING, NO_SERVICES, ServicePolicy, SparqlShape, check_sparql
from graph.sparql.stack_pool import StackPool
from graph.sparql.xml_escape import XML_FORMATS, CrEscapingWriter

#: Results up to this size stay in memory; bigger ones spill to a temporary file.
SPOOL_BYTES = 8 * 1024 * 1024


class UpdateRefusedError(QueryError):
    """A SPARQL update sent to the read-only endpoint."""

    http_status = 403


@dataclass(frozen=True)
class QueryRequest:
    """One protocol request, already taken apart."""

    query: str
    default_graph_uris: tuple[str, ...] = ()
    named_graph_uris: tuple[str, ...] = ()
    format_param: str | tuple[str, ...] | None = None
    accept: str | None = None


@dataclass
class QueryAnswer:
    """A fully evaluated, serialized result."""

    body: IO[bytes]
    size: int
    media_type: str
    form: str  # "solutions", "boolean" or "graph"
    elapsed: float = 0.0


class _DeadlineWriter(io.RawIOBase):
    """A write target that refuses writes once its deadline passed."""

    def __init__(self, target: IO[bytes], deadline: float, cancelled: threading.Event) -> None:
        self._target = target
        self._deadline = deadline
        self._cancelled = cancelled
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        if self._cancelled.is_set() or time.monotonic() > self._deadline:
            raise QueryTimeoutError("query cancelled: over the time limit")
        written = self._target.write(bytes(data))
        self.size += written
        return written


class QueryRunner:
    """Runs queries on one pyoxigraph store, at most ``workers`` at a time.

    ``store`` is the pyoxigraph Store, or a function returning it (looked up
    for every query, so a reopened store is picked up).
    """

    def __init__(
        self,
        store: Store | Callable[[], Store],
        *,
        timeout: float = 10.0,
        workers: int = 4,
        prefixes: dict[str, str] | None = None,
        services: ServicePolicy = NO_SERVICES,
        max_nesting: int = MAX_NESTING,
        base_iri: str | None = None,
    ) -> None:
        self._store = store
        self.base_iri = base_iri  # relative IRIs in queries resolve against it
        self.timeout = timeout
        self.prefixes = dict(prefixes or {})
        self.services = services
        self.max_nesting = max_nesting
        # Queries run on big-stack threads (see graph.sparql.stack_pool); queries that
        # call an allowed SERVICE get their own small pool, so a remote endpoint
        # that never answers can't hold the workers of every other query.
        self._pool = StackPool(workers, name="sparql")
        self._service_pool = StackPool(1, name="sparql-service") if services.allow else None

    @property
    def store(self) -> Store:
        return self._store if isinstance(self._store, Store) else self._store()

    def check(self, request: QueryRequest) -> SparqlShape:
        """The guard of graph.sparql.guard: raises QueryError for a refused query."""
        return check_sparql(request.query, max_nesting=self.max_nesting, services=self.services)

    def timeout_for(self, shape: SparqlShape | None) -> float:
        if shape is not None and shape.services:
            return min(self.timeout, self.services.timeout)
        return self.timeout

    def submit(self, request: QueryRequest, shape: SparqlShape | None = None) -> tuple[Future, threading.Event]:
        """Start the query; the event cancels it (at its next write).

        ``shape``: what ``check`` returned for it (checked in the worker when None).
        """
        cancelled = threading.Event()
        deadline = time.monotonic() + self.timeout_for(shape)
        pool = self._service_pool if shape is not None and shape.services and self._service_pool else self._pool
        future = pool.submit(self._evaluate, request, deadline, cancelled, shape, deadline=deadline)
        return future, cancelled

    def run(self, request: QueryRequest) -> QueryAnswer:
        """Evaluate on a worker and wait (CLI, tests, benchmarks)."""
        shape = self.check(request)
        future, cancelled = self.submit(request, shape)
        try:
            return future.result(timeout=self.timeout_for(shape) + 1)
        except TimeoutError:
            cancelled.set()
            raise QueryTimeoutError(f"the query ran past the time limit of {self.timeout_for(shape):g} s") from None

    def close(self) -> None:
        self._pool.shutdown()
        if self._service_pool is not None:
            self._service_pool.shutdown()

    # -- in the worker thread ------------------------------------------------

    def _evaluate(
        self, request: QueryRequest, deadline: float, cancelled: threading.Event, shape: SparqlShape | None = None
    ) -> QueryAnswer:
        if cancelled.is_set() or time.monotonic() > deadline:
            raise QueryTimeoutError("query cancelled: it waited past the time limit for a free worker")
        if shape is None:
            shape = self.check(request)  # nothing reaches Oxigraph's parser unchecked
        started = time.perf_counter()
        # pyoxigraph result iterators must be dropped by the thread that made
        # them: keep them out of any traceback that leaves this thread.
        results = self._query(request, dataset_options(request, declares_dataset=shape.declares_dataset))
        failure: NewsgraphError | None = None
        try:
            answer = self._answer(results, request, deadline, cancelled)
        except NewsgraphError as exc:
            failure = exc
        except (OSError, RuntimeError, ValueError) as exc:
            cause = exc.__cause__ or exc.__context__
            failure = cause if isinstance(cause, NewsgraphError) else QueryError(f"query evaluation failed: {exc}")
        finally:
            del results
        if failure is not None:
            failure.__cause__ = failure.__context__ = None
            raise failure.with_traceback(None)
        answer.elapsed = time.perf_counter() - started
        return answer

    def _answer(self, results, request: QueryRequest, deadline: float, cancelled: threading.Event) -> QueryAnswer:
        if time.monotonic() > deadline:
            raise QueryTimeoutError("query cancelled: over the time limit")
        if isinstance(results, QueryTriples):
            form, candidates = "graph", GRAPH_FORMATS
        elif isinstance(results, QueryBoolean):
            form, candidates = "boolean", SOLUTION_FORMATS
        else:
            form, candidates = "solutions", SOLUTION_FORMATS
        fmt: ResultFormat = choose_format(candidates, format_param=request.format_param, accept=request.accept)
        buffer = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)
        writer = _DeadlineWriter(buffer, deadline, cancelled)
        target = CrEscapingWriter(writer) if fmt.serializer in XML_FORMATS else writer
        try:
            results.serialize(target, fmt.serializer)
        except BaseException:
            buffer.close()
            raise
        buffer.seek(0)
        return QueryAnswer(body=buffer, size=writer.size, media_type=fmt.media_type, form=form)

    def _query(self, request: QueryRequest, options: dict[str, Any]):
        try:
            return self.store.query(request.query, prefixes=self.prefixes or None, base_iri=self.base_iri, **options)
        except SyntaxError as exc:
            if is_update(request.query, base_iri=self.base_iri):
                raise UpdateRefusedError("this endpoint is read-only: SPARQL updates are refused") from None
            raise QueryError(f"malformed query: {exc}") from None
        except OSError as exc:  # the store can't be read, or a SERVICE can't be reached
            raise StoreError(f"query failed: {exc}") from None
        except (RuntimeError, ValueError) as exc:
            raise QueryError(f"query failed: {exc}") from None


def dataset_options(request: QueryRequest, *, declares_dataset: bool = False) -> dict[str, Any]:
    """The dataset of a query, as ``Store.query`` arguments (SPARQL 1.1 Protocol, section 2.1.4).

    ``default-graph-uri`` and ``named-graph-uri`` act as ``FROM`` and ``FROM NAMED``
    and override the query's own clauses: the default graph is made of the
    ``default-graph-uri`` graphs only (none given: an empty default graph), and
    ``GRAPH`` reaches the ``named-graph-uri`` graphs only (none given: no named
    graph). Without either parameter a query that declares ``FROM`` keeps its
    own dataset, and any other query gets the union of every graph as its
    default graph, with every graph reachable by ``GRAPH``.
    """
    if request.default_graph_uris or request.named_graph_uris:
        return {
            "default_graph": [_graph_name(iri) for iri in request.default_graph_uris],
            "named_graphs": [_graph_name(iri) for iri in request.named_graph_uris],
        }
    if declares_dataset:
        return {}
    return {"use_default_graph_as_union": True}


def _graph_name(iri: str) -> NamedNode:
    iri = iri.strip()
    try:
        return NamedNode(iri)
    except ValueError as exc:
        raise QueryError(f"graph URI {iri!r} is not a valid IRI: {exc}") from None


# -- telling updates from malformed queries ------------------------------------

_PROBE = "DROP GRAPH <urn:newsgraph:update-probe:absent> ;\n"
_IGNORED = r"(?:\s+|#[^\n]*(?:\n|$))*"
_PROLOGUE = re.compile(
    rf"{_IGNORED}(?:(?:BASE{_IGNORED}<[^<>\"{{}}|^`\\\x00-\x20]*>|PREFIX{_IGNORED}[^\s:]*:{_IGNORED}<[^<>\"{{}}|^`\\\x00-\x20]*>){_IGNORED})*",
    re.IGNORECASE,
)


def is_update(text: str, *, base_iri: str | None = None) -> bool:
    """True when Oxigraph parses ``text`` as a SPARQL update.

    The update is parsed on an empty in-memory store with an operation that
    always fails inserted right after the prologue: Oxigraph parses the whole
    text first (a syntax error means "not an update"), then runs operations
    in order inside one transaction, so the failing probe stops everything
    before any operation of the text (no LOAD, no SERVICE call) runs.
    """
    prologue = _PROLOGUE.match(text)
    cut = prologue.end() if prologue else 0
    if not re.sub(r"#[^\n]*", "", text[cut:]).strip():
        return False  # nothing but declarations: a malformed query, not an update
    probe = text[:cut] + "\n" + _PROBE + text[cut:]
    try:
        Store().update(probe, base_iri=base_iri)
    except SyntaxError:
        return False
    except (OSError, RuntimeError, ValueError):
        return True
    return True


def split_graph_uris(values: Sequence[str]) -> tuple[str, ...]:
    return tuple(v for v in (value.strip() for value in values) if v)
