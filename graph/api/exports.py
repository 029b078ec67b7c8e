"""``GET /export/graph.<suffix>``: every format of ``graph.exports.EXPORT_FORMATS``.

What a format needs is read first, in a worker thread, under the read lock
(so a bad cut option is a 400 before any byte is sent); then it is written in
a worker thread into a small bounded queue that the response drains, so
memory stays flat whatever the size of the store, and a client that goes
away stops the writer at its next chunk.

The entity-graph formats (gexf, graphml, csv.zip) take the cut options as
query parameters: ``since``, ``until``, ``category`` and ``type`` (repeatable),
``min_weight``, ``collapse``, ``asserted_only``, ``keep_isolated`` (see ``cut_options_from_query``).
"""

from __future__ import annotations

import functools
import queue
import threading
from collections.abc import AsyncIterator, Callable
from typing import Any, BinaryIO

import anyio.to_thread
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from graph.api.state import api_state
from graph.errors import InputError, NotFoundError
from graph.exports import BY_SUFFIX

#: Chunks buffered between the writer thread and the response.
QUEUE_CHUNKS = 16
CHUNK_BYTES = 256 * 1024


class _ClientGone(Exception):
    """The response stopped draining the queue."""


class _QueueWriter:
    """A binary file object that hands chunks of ``CHUNK_BYTES`` to a queue."""

    def __init__(self, chunks: queue.Queue[bytes | BaseException | None], stopped: threading.Event) -> None:
        self._chunks = chunks
        self._stopped = stopped
        self._pending = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self._pending += data
        if len(self._pending) >= CHUNK_BYTES:
            self._hand_over()
        return len(data)

    def flush(self) -> None:
        pass

    def finish(self) -> None:
        if self._pending:
            self._hand_over()

    def _hand_over(self) -> None:
        chunk, self._pending = bytes(self._pending), bytearray()
        while True:
            if self._stopped.is_set():
                raise _ClientGone()
            try:
                self._chunks.put(chunk, timeout=0.5)
                return
            except queue.Full:
                continue


async def stream(write: Callable[[BinaryIO], None], name: str) -> AsyncIterator[bytes]:
    """What ``write(out)`` writes, chunk by chunk, written in a worker thread."""
    chunks: queue.Queue[bytes | BaseException | None] = queue.Queue(maxsize=QUEUE_CHUNKS)
    stopped = threading.Event()

    def produce() -> None:
        writer = _QueueWriter(chunks, stopped)
        try:
            write(writer)  # type: ignore[arg-type]  # a write-only file object
            writer.finish()
            end: BaseException | None = None
        except _ClientGone:
            return
        except BaseException as exc:  # handed to the response, which aborts the body
            end = exc
        while not stopped.is_set():
            try:
                chunks.put(end, timeout=0.5)
                return
            except queue.Full:
                continue

    threading.Thread(target=produce, name=f"export-{name}", daemon=True).start()
    try:
        while True:
            item = await anyio.to_thread.run_sync(chunks.get)
            if item is None:
                return
            if isinstance(item, BaseException):
                # Raising mid-body makes the server drop the connection without
                # the final chunk, so the client sees an incomplete transfer.
                raise item
            yield item
    finally:
        stopped.set()


async def export(request: Request) -> Response:
    """The export named by the path's suffix (``graph.trig``, ``graph.gexf``…)."""
    suffix = request.path_params["suffix"]
    spec = BY_SUFFIX.get(suffix)
    if spec is None:
        raise NotFoundError(f"no export graph.{suffix}; choose one of {', '.join('graph.' + s for s in BY_SUFFIX)}")
    options = cut_options_from_query(request.query_params) if spec.cut else {}
    knowledge = api_state(request).knowledge
    payload = await run_in_threadpool(spec.read, knowledge, options)
    return StreamingResponse(
        stream(functools.partial(spec.write, payload), spec.name),
        media_type=spec.media_type,
        headers={"Content-Disposition": f'attachment; filename="{spec.filename}"'},
    )


# -- the cut options as query parameters ---------------------------------------------

_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off"}
QUERY_PARAMETERS = ("since", "until", "category", "min_weight", "type", "collapse", "asserted_only", "keep_isolated")


def cut_options_from_query(params: Any) -> dict[str, Any]:
    """Cut options from query parameters (a starlette ``QueryParams`` or a mapping
    of name → list of values). Raises InputError naming the bad parameter."""

    def values(name: str) -> list[str]:
        if hasattr(params, "getlist"):
            return list(params.getlist(name))
        found = params.get(name, [])
        return [found] if isinstance(found, str) else list(found)

    names = set(params.keys())
    unknown = sorted(names - set(QUERY_PARAMETERS))
    if unknown:
        raise InputError(f"unknown parameter(s): {', '.join(unknown)}; expected {', '.join(QUERY_PARAMETERS)}")
    options: dict[str, Any] = {"categories": values("category"), "types": values("type")}
    for name in ("since", "until", "min_weight"):
        given = values(name)
        if len(given) > 1:
            raise InputError(f"{name} given {len(given)} times; give it once")
        if given:
            options[name] = given[0]
    if "min_weight" in options:
        try:
            options["min_weight"] = int(options["min_weight"])
        except ValueError:
            raise InputError(f"min_weight: {options['min_weight']!r} is not a whole number") from None
    for name in ("collapse", "asserted_only", "keep_isolated"):
        given = values(name)
        if given:
            word = given[-1].strip().lower()
            if word not in _TRUE | _FALSE:
                raise InputError(f"{name}: {given[-1]!r} is not true or false")
            options[name] = word in _TRUE
    return options
