"""``POST /ingest``: extracted articles sent by ``newsgraph ingest``, written at once.

The body is ``{"extractions": [ArticleExtraction.to_record(), …]}`` with a
bearer token; the answer is ``{"ingested": n, "result": IngestResult.to_record()}``.
Writes go through the KnowledgeGraph, which updates the store and the mirror
together, so new articles are visible to every endpoint without a restart.
"""

from __future__ import annotations

import hmac

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from graph.api.request_limits import JsonBodyError, load_json
from graph.api.state import api_state
from graph.errors import AuthError, IngestDisabledError, InputError, PayloadTooLargeError
from graph.model import ArticleExtraction

#: Largest ingest request body accepted, in bytes.
MAX_INGEST_BYTES = 64 * 1024 * 1024


async def ingest(request: Request) -> Response:
    state = api_state(request)
    if state.ingest_token is None or state.ingest is None:
        raise IngestDisabledError("ingest is disabled on this server")
    supplied = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
    if not hmac.compare_digest(supplied.encode(), state.ingest_token.encode()):
        raise AuthError("missing or wrong ingest token")
    length = int(request.headers.get("content-length") or 0)
    if length > MAX_INGEST_BYTES:
        raise PayloadTooLargeError(f"request body over {MAX_INGEST_BYTES} bytes")
    body = await request.body()
    if len(body) > MAX_INGEST_BYTES:
        raise PayloadTooLargeError(f"request body over {MAX_INGEST_BYTES} bytes")
    extractions = await run_in_threadpool(parse_extractions, body)
    result = await run_in_threadpool(state.ingest, extractions)
    return JSONResponse({"ingested": len(extractions), "result": result.to_record()})


def parse_extractions(body: bytes) -> list[ArticleExtraction]:
    """The extractions of a request body (JSON with a nesting limit); InputError when malformed."""
    try:
        payload = load_json(body)
    except JsonBodyError as exc:
        raise InputError(f"malformed ingest request: {exc}") from None
    try:
        records = payload["extractions"]
        return [ArticleExtraction.from_record(r) for r in records]
    except (ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        raise InputError(f"malformed ingest request: {exc!r}") from None
