"""``GET /health``: the server is up, with small counts of what it holds.

While writes fail (the last one did, e.g. on a full disk) the answer is 503 with
``"status": "write_failed"`` and the reason, until a write succeeds again."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from graph.api.state import api_state


async def health(request: Request) -> Response:
    knowledge = api_state(request).knowledge
    stats = await run_in_threadpool(knowledge.summary)
    failure = knowledge.write_failure
    if failure is not None:
        return JSONResponse({"status": "write_failed", "write_failure": failure, **stats}, status_code=503)
    return JSONResponse({"status": "ok", **stats})
