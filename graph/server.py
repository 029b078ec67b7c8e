"""The HTTP application: health, ingest, GraphQL, SPARQL and exports.

``create_app`` composes the route lists each serving module offers into one
Starlette app. The server owns the store: writes arrive through ``POST
/ingest`` (guarded by a bearer token) and go through the KnowledgeGraph, which
updates the store and the mirror together, so new articles are visible to
every endpoint at once, without a restart.
"""

from __future__ import annotations

import hmac
from typing import Sequence

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from graph.errors import InputError, NewsgraphError
from graph.model import ArticleExtraction
from graph.request_limits import JsonBodyError, load_json

#: Default CORS origins: any origin may read (the API is read-only without a token).
DEFAULT_CORS_ORIGINS: tuple[str, ...] = ("*",)
#: Largest ingest request body accepted, in bytes.
MAX_INGEST_BYTES = 64 * 1024 * 1024


def create_app(
    knowledge,
    *,
    ingest_token: str | None = None,
    cors_origins: Sequence[str] = DEFAULT_CORS_ORIGINS,
    sparql_timeout: float = 10.0,
    sparql_services=None,
    graphql_options: dict | None = None,
) -> Starlette:
    """Build the app over an open KnowledgeGraph.

    ``ingest_token``: the bearer token ``POST /ingest`` requires; ``None``
    disables the endpoint (answers 403). ``sparql_services``: a
    ``graph.sparql_guard.ServicePolicy``, the SERVICE endpoints SPARQL queries
    may call (none by default).
    """
    from graph import gexf, graphql, sparql

    async def health(request: Request) -> Response:
        stats = await run_in_threadpool(knowledge.summary)
        return JSONResponse({"status": "ok", **stats})

    async def ingest(request: Request) -> Response:
        if ingest_token is None:
            return JSONResponse({"error": "ingest is disabled on this server"}, status_code=403)
        supplied = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
        if not hmac.compare_digest(supplied.encode(), ingest_token.encode()):
            return JSONResponse({"error": "missing or wrong ingest token"}, status_code=401)
        length = int(request.headers.get("content-length") or 0)
        if length > MAX_INGEST_BYTES:
            return JSONResponse({"error": f"request body over {MAX_INGEST_BYTES} bytes"}, status_code=413)
        body = await request.body()
        if len(body) > MAX_INGEST_BYTES:
            return JSONResponse({"error": f"request body over {MAX_INGEST_BYTES} bytes"}, status_code=413)
        try:
            extractions = await run_in_threadpool(_parse_extractions, body)
        except InputError as exc:
            return JSONResponse({"error": str(exc)}, status_code=400)
        result = await run_in_threadpool(knowledge.ingest, extractions)
        return JSONResponse({"ingested": len(extractions), "result": result.to_record()})

    routes = [
        Route("/health", health, methods=["GET"]),
        Route("/ingest", ingest, methods=["POST"]),
        *graphql.routes(knowledge, **(graphql_options or {})),
        *sparql.routes(knowledge, timeout=sparql_timeout, **({"services": sparql_services} if sparql_services else {})),
        *sparql.export_routes(knowledge),
        *gexf.export_routes(knowledge),
    ]
    middleware = [
        Middleware(
            CORSMiddleware,
            allow_origins=list(cors_origins),
            allow_methods=["GET", "POST", "OPTIONS"],
            allow_headers=["*"],
        )
    ]
    return Starlette(
        routes=routes,
        middleware=middleware,
        exception_handlers={NewsgraphError: _newsgraph_error},
    )


def _parse_extractions(body: bytes) -> list[ArticleExtraction]:
    try:
        payload = load_json(body)
    except JsonBodyError as exc:
        raise InputError(f"malformed ingest request: {exc}") from None
    try:
        records = payload["extractions"]
        return [ArticleExtraction.from_record(r) for r in records]
    except (ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        raise InputError(f"malformed ingest request: {exc!r}") from None


async def _newsgraph_error(request: Request, exc: Exception) -> Response:
    status = getattr(exc, "http_status", 500)
    return JSONResponse({"error": str(exc)}, status_code=status)
