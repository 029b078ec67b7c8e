"""Limits on request bodies: size, read before the route runs, and JSON depth.

``BodyLimit`` is ASGI middleware for one route: a body whose declared length
is over the limit is refused with 413 before a byte of it is read; an
undeclared (chunked) body is read until the limit and refused there. The
refusal is built by the route's own ``error`` function, so each route answers
in its own format (GraphQL errors, JSON, plain text).

``load_json`` parses a JSON body with a nesting limit; every way it can fail
(invalid UTF-8, invalid JSON, too deep) is one ``JsonBodyError`` (400). Call
it in a worker thread (``starlette.concurrency.run_in_threadpool``) for big
bodies: parsing a few megabytes holds the event loop for tens of ms.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graph.errors import InputError

#: Largest JSON body accepted by /graphql, in bytes (the same as /sparql).
MAX_GRAPHQL_BODY = 2 * 1024 * 1024
#: Deepest nesting of arrays and objects accepted in a JSON body.
MAX_JSON_DEPTH = 64


class JsonBodyError(InputError):
    """A request body that is not acceptable JSON."""


class BodyTooLargeError(InputError):
    http_status = 413


def load_json(data: bytes | str, *, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """The parsed JSON; raises JsonBodyError for bad UTF-8, bad JSON or nesting over ``max_depth``."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise JsonBodyError(f"the body is not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})") from None
    try:
        value = json.loads(data)
    except RecursionError:
        raise JsonBodyError(f"the JSON body is nested deeper than {max_depth} levels") from None
    except ValueError as exc:
        raise JsonBodyError(f"the body is not valid JSON: {exc}") from None
    if json_depth(value, stop_after=max_depth) > max_depth:
        raise JsonBodyError(f"the JSON body is nested deeper than {max_depth} levels")
    return value


def json_depth(value: Any, *, stop_after: int | None = None) -> int:
    """Nesting depth of parsed JSON (a scalar is 0), computed without recursion."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        children: Iterable[Any]
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        depth += 1
        deepest = max(deepest, depth)
        if stop_after is not None and deepest > stop_after:
            return deepest
        stack.extend((child, depth) for child in children if isinstance(child, (dict, list)))
    return deepest


ErrorResponse = Callable[[int, str], Response]


class BodyLimit:
    """ASGI middleware: reads the body up to ``max_bytes`` before the app runs, else answers 413."""

    def __init__(self, app: ASGIApp, *, max_bytes: int, error: ErrorResponse) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.error = error

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        message = f"request body over {self.max_bytes} bytes"
        declared = _header(scope, b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            status = 413 if declared.isdigit() else 400
            await self.error(status, message if status == 413 else "invalid Content-Length")(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            incoming = await receive()
            if incoming["type"] == "http.disconnect":
                return
            chunk = incoming.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await self.error(413, message)(scope, receive, send)
                return
            chunks.append(chunk)
            if not incoming.get("more_body", False):
                break
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return value.decode("latin-1").strip()
    return None


__all__ = ("BodyLimit", "BodyTooLargeError", "JsonBodyError", "MAX_GRAPHQL_BODY", "MAX_JSON_DEPTH", "json_depth", "load_json")
