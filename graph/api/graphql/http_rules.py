"""How ``/graphql`` treats HTTP requests beyond what strawberry does by itself.

* A POST body is parsed in a worker thread, never on the event loop, with a
  nesting limit (:func:`graph.api.request_limits.load_json`); the body size is
  capped before that by :class:`graph.api.request_limits.BodyLimit`.
* Every request-level refusal (bad JSON, invalid UTF-8, a body that is not
  an object, nesting, unknown content type, unknown ``operationName``) is a
  4xx with a GraphQL error document ``{"errors": [{"message": …}]}`` instead
  of plain text or a 500.
* GraphQL over HTTP: a client that accepts ``application/graphql-response+json``
  gets that media type, and a request error (syntax, validation, a bad
  parameter: errors without a ``path`` and no data) is a 400 without a
  ``data`` entry; ``application/json`` clients keep 200 for those, as the
  specification asks. A document with several operations needs an
  ``operationName`` (a 400 otherwise, instead of running the first one).
* ``QuietSchema`` logs expected errors (syntax, validation, newsgraph's own
  errors raised by resolvers) as one line each; only unexpected exceptions
  get a traceback in the log.
"""

from __future__ import annotations

import contextvars
import json
import logging
from typing import Any

import strawberry
from cross_web import HTTPException
from graphql import OperationDefinitionNode, parse
from graphql.error import GraphQLError
from starlette.concurrency import run_in_threadpool
from starlette.responses import JSONResponse, Response

from graph.api.request_limits import MAX_JSON_DEPTH, JsonBodyError, load_json
from graph.errors import NewsgraphError
from graph.sparql.formats import parse_accept

log = logging.getLogger("graph.graphql")

#: The body parsed off the event loop, handed to strawberry's ``decode_json``.
_PARSED: contextvars.ContextVar[tuple[bytes, Any] | None] = contextvars.ContextVar("graphql_parsed_body", default=None)


GRAPHQL_RESPONSE = "application/graphql-response+json"


def error_document(status: int, message: str, media_type: str = "application/json") -> Response:
    """A GraphQL-over-HTTP error response: a JSON document with one error."""
    return JSONResponse({"errors": [{"message": message}]}, status_code=status, media_type=media_type)


def prefers_graphql_response(accept: str | None) -> bool:
    """True when the Accept header takes application/graphql-response+json at least as gladly as application/json."""
    if not accept:
        return False
    weights: dict[str, float] = {}
    for media, q in parse_accept(accept):
        weights[media] = max(q, weights.get(media, 0.0))
    wanted = weights.get(GRAPHQL_RESPONSE, 0.0)
    return wanted > 0 and wanted >= weights.get("application/json", 0.0)


def _operation_names(query: str, max_tokens: int | None) -> list[str | None] | None:
    """Names of the operations of a document (None when it does not parse: strawberry reports that)."""
    try:
        document = parse(query, no_location=True, max_tokens=max_tokens)
    except (GraphQLError, RecursionError):
        return None
    return [
        definition.name.value if definition.name else None
        for definition in document.definitions
        if isinstance(definition, OperationDefinitionNode)
    ]


class GraphQLOverHTTP:
    """Mix into strawberry's ASGI ``GraphQL`` app (before it in the bases)."""

    max_json_depth: int = MAX_JSON_DEPTH

    async def run(self, request: Any, context: Any = strawberry.UNSET, root_value: Any = strawberry.UNSET) -> Any:
        if getattr(request, "scope", {}).get("type") != "http":
            return await super().run(request, context, root_value)  # type: ignore[misc]
        graphql_response = prefers_graphql_response(request.headers.get("accept"))
        try:
            response = await super().run(request, context, root_value)  # type: ignore[misc]
        except HTTPException as exc:
            return error_document(exc.status_code, exc.reason, GRAPHQL_RESPONSE if graphql_response else "application/json")
        if graphql_response and (response.headers.get("content-type") or "").startswith("application/json"):
            return _as_graphql_response(response)
        return response

    async def parse_http_body(self, request: Any) -> Any:
        data = await self._parse_http_body(request)
        for item in data if isinstance(data, list) else [data]:
            if not isinstance(item.operation_name, (str, type(None))):
                raise HTTPException(400, "The GraphQL operation's `operationName` must be a string or null, if provided.")
            if item.operation_name is None and isinstance(item.query, str):
                names = await run_in_threadpool(_operation_names, item.query, getattr(getattr(self, "limits", None), "max_tokens", None))
                if names is not None and len(names) > 1:
                    listed = ", ".join(name or "(anonymous)" for name in names)
                    raise HTTPException(400, f"the document holds {len(names)} operations ({listed}): name the one to run in operationName")
        return data

    async def _parse_http_body(self, request: Any) -> Any:
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


def _as_graphql_response(response: Response) -> Response:
    """The same result as application/graphql-response+json; a request error becomes a 400 without data."""
    body = bytes(response.body)
    status = response.status_code
    if body.startswith(b'{"data":null') and status == 200:
        document = json.loads(body)
        errors = document.get("errors") or []
        if errors and all("path" not in error for error in errors):
            status = 400
            body = json.dumps({"errors": errors}, separators=(",", ":")).encode("utf-8")
    headers = {k: v for k, v in response.headers.items() if k.lower() not in ("content-type", "content-length")}
    return Response(body, status_code=status, headers=headers, media_type=GRAPHQL_RESPONSE)
