"""``GET /health``: the server is up, with small counts of what it holds."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from graph.api.state import api_state


async def health(request: Request) -> Response:
    stats = await run_in_threadpool(api_state(request).knowledge.summary)
    return JSONResponse({"status": "ok", **stats})
