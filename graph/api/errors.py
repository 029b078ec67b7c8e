"""Errors as HTTP answers: JSON for every route, plain text for the SPARQL protocol.

Views raise ``graph.errors.NewsgraphError``; the application's handler
(``newsgraph_error``) answers ``{"error": "…"}`` with the error's
``http_status``. SPARQL routes answer with ``sparql_error``: the plain-text body
SPARQL clients show to their users.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response

from graph.errors import NewsgraphError


def error_response(exc: NewsgraphError) -> JSONResponse:
    """``{"error": message, **details}`` with the error's status code."""
    return JSONResponse({"error": str(exc), **exc.details()}, status_code=exc.http_status)


async def newsgraph_error(request: Request, exc: Exception) -> Response:
    """The application's handler for NewsgraphError raised by a view."""
    assert isinstance(exc, NewsgraphError)
    return error_response(exc)


def sparql_error(exc: NewsgraphError) -> PlainTextResponse:
    """The message as plain text, as the SPARQL protocol's clients expect."""
    return PlainTextResponse(f"{exc}\n", status_code=exc.http_status)
