"""``GET /export/graph.<ext>``: the whole dataset as a streamed dump.

The dump is written by :func:`graph.dumps.write_dump` in a worker thread
into a small bounded queue that the response drains, so memory stays flat
whatever the size of the store, and a client that goes away stops the
writer at its next chunk. TriG, N-Quads and JSON-LD keep the article
graphs; Turtle holds the union graph; jsonl holds triple records.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import AsyncIterator

import anyio.to_thread
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response, StreamingResponse
from starlette.routing import BaseRoute, Route

from graph.dumps import DUMP_FORMATS, DumpFormat, write_dump
from graph.errors import NewsgraphError

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


async def stream_dump(store, spec: DumpFormat) -> AsyncIterator[bytes]:
    """The dump of ``store`` in ``spec``'s format, chunk by chunk."""
    chunks: queue.Queue[bytes | BaseException | None] = queue.Queue(maxsize=QUEUE_CHUNKS)
    stopped = threading.Event()

    def produce() -> None:
        writer = _QueueWriter(chunks, stopped)
        try:
            write_dump(store, spec.name, writer)  # type: ignore[arg-type]
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

    threading.Thread(target=produce, name=f"dump-{spec.name}", daemon=True).start()
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


def routes(knowledge) -> list[BaseRoute]:
    """One route per dump file name (``/export/graph.trig``, ``graph.nq``, ``graph.nquads``…).

    Explicit paths rather than a ``graph.{ext}`` pattern, so other exports
    (``graph.gexf``) mounted next to these keep their own routes.
    """

    def endpoint(spec: DumpFormat):
        async def export(request: Request) -> Response:
            try:
                store = knowledge.store
                _ = store.oxigraph  # raises StoreError when the store is closed
            except NewsgraphError as exc:
                return PlainTextResponse(f"{exc}\n", status_code=exc.http_status)
            return StreamingResponse(
                stream_dump(store, spec),
                media_type=spec.media_type,
                headers={"Content-Disposition": f'attachment; filename="newsgraph.{spec.extension}"'},
            )

        return export

    found: list[BaseRoute] = []
    for spec in DUMP_FORMATS.values():
        for suffix in dict.fromkeys((spec.extension, spec.name)):
            found.append(Route(f"/export/graph.{suffix}", endpoint(spec), methods=["GET"], name=f"export-{suffix}"))
    return found
