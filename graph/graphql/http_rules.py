"""How ``/graphql`` treats HTTP requests beyond what strawberry does by itself.

* A POST body is parsed in a worker thread, never on the event loop, with a
  nesting limit (:func:`graph.request_limits.load_json`); the body size is
  capped before that by :class:`graph.request_limits.BodyLimit`.
* Every request-level refusal (bad JSON, invalid UTF-8, a body that is not
  an object, nesting, unknown content type, unknown ``operationName``) is a
  4xx with a GraphQL error document ``{"errors": [{"message": …}]}`` instead
  of plain text or a 500.
* ``QuietSchema`` logs expected errors (syntax, validation, newsgraph's own
  errors raised by resolvers) as one line each; only unexpected exceptions
  get a traceback in the log.
"""

from __future__ import annotations

import contextvars
import logging
from typing import Any

import strawberry
from cross_web import HTTPException
from graphql.error import GraphQLError
from starlette.concurrency import run_in_threadpool
from starlette.responses import JSONResponse, Response

from graph.errors import NewsgraphError
from graph.request_limits import MAX_JSON_DEPTH, JsonBodyError, load_json

log = logging.getLogger("graph.graphql")

#: The body parsed off the event loop, handed to strawberry's ``decode_json``.
_PARSED: contextvars.ContextVar[tuple[bytes, Any] | None] = contextvars.ContextVar("graphql_parsed_body", default=None)


def error_document(status: int, message: str) -> Response:
    """A GraphQL-over-HTTP error response: a JSON document with one error."""
    return JSONResponse({"errors": [{"message": message}]}, status_code=status)


class GraphQLOverHTTP:
    """Mix into strawberry's ASGI ``GraphQL`` app (before it in the bases)."""

    max_json_depth: int = MAX_JSON_DEPTH

    async def run(self, request: Any, context: Any = strawberry.UNSET, root_value: Any = strawberry.UNSET) -> Any:
        try:
            return await super().run(request, context, root_value)  # type: ignore[misc]
        except HTTPException as exc:
            if getattr(request, "scope", {}).get("type") != "http":
                raise
            return error_document(exc.status_code, exc.reason)

    async def parse_http_body(self, request: Any) -> Any:
        if request.method == "POST" and "json" in (request.content_type or "").lower():
            body = await request.get_body()
            try:
                parsed = await run_in_threadpool(load_json, body, max_depth=self.max_json_depth)
            except JsonBodyError as exc:
                raise HTTPException(400, str(exc)) from None
            if not isinstance(parsed, (dict, list)):
                raise HTTPException(400, "the request body must be a JSON object (or a list of them for a batch)")
            if isinstance(parsed, list) and not all(isinstance(item, dict) for item in parsed):
                raise HTTPException(400, "every operation of a batch must be a JSON object")
            token = _PARSED.set((body, parsed))
            try:
                return await super().parse_http_body(request)  # type: ignore[misc]
            finally:
                _PARSED.reset(token)
        return await super().parse_http_body(request)  # type: ignore[misc]

    def decode_json(self, data: str | bytes) -> object:
        parsed = _PARSED.get()
        if parsed is not None and parsed[0] is data:
            return parsed[1]
        # GET parameters (variables, extensions): small, bounded by the URL length.
        try:
            return load_json(data, max_depth=self.max_json_depth)
        except JsonBodyError as exc:
            raise HTTPException(400, str(exc)) from None


def _expected(error: GraphQLError) -> bool:
    original = error.original_error
    return original is None or isinstance(original, (NewsgraphError, GraphQLError))


class QuietSchema(strawberry.Schema):
    """A schema that logs expected errors in one line, unexpected ones with their traceback."""

    def process_errors(self, errors: list[GraphQLError], execution_context: Any = None) -> None:
        unexpected = [error for error in errors if not _expected(error)]
        for error in errors:
            if _expected(error):
                log.info("GraphQL error: %s", error.message)
        if unexpected:
            super().process_errors(unexpected, execution_context)
