"""The HTTP side: ``/graphql`` (GraphiQL in a browser, queries over GET and POST) and the SDL.

``routes(knowledge, ...)`` returns starlette routes for the server to mount.
CORS is the application's business (the server adds it app-wide); pass
``cors_origins`` only when mounting these routes in an app without it.
"""

from __future__ import annotations

from typing import Any, Sequence

from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import BaseRoute, Route
from strawberry.asgi import GraphQL

from graph.graphql.articles import ArticleCatalog
from graph.graphql.context import Context
from graph.graphql.http_rules import GraphQLOverHTTP, error_document
from graph.graphql.limits import (
    MAX_ALIASES,
    MAX_DEPTH,
    MAX_FIRST,
    MAX_NEIGHBORHOOD_EDGES,
    MAX_NEIGHBORHOOD_NODES,
    MAX_TOKENS,
    Limits,
)
from graph.graphql.schema import build_schema, schema_sdl
from graph.graphql.view import MirrorView
from graph.request_limits import MAX_GRAPHQL_BODY, BodyLimit


class NewsGraphQL(GraphQLOverHTTP, GraphQL):
    """strawberry's ASGI app with a newsgraph Context per request (HTTP rules: graph.graphql.http_rules)."""

    def __init__(self, schema, *, view: MirrorView, catalog: ArticleCatalog, limits: Limits, **options: Any) -> None:
        super().__init__(schema, graphql_ide="graphiql", allow_queries_via_get=True, **options)
        self.view = view
        self.catalog = catalog
        self.limits = limits

    async def get_context(self, request: Any, response: Any) -> Context:  # type: ignore[override]
        return Context(self.view, self.catalog, self.limits, request=request, response=response)


def graphql_app(
    knowledge: Any,
    *,
    max_depth: int = MAX_DEPTH,
    max_first: int = MAX_FIRST,
    max_tokens: int = MAX_TOKENS,
    max_aliases: int = MAX_ALIASES,
    max_neighborhood_nodes: int = MAX_NEIGHBORHOOD_NODES,
    max_neighborhood_edges: int = MAX_NEIGHBORHOOD_EDGES,
) -> NewsGraphQL:
    """The ASGI GraphQL app over a KnowledgeGraph."""
    limits = Limits(
        max_first=max_first,
        max_depth=max_depth,
        max_tokens=max_tokens,
        max_aliases=max_aliases,
        max_neighborhood_nodes=max_neighborhood_nodes,
        max_neighborhood_edges=max_neighborhood_edges,
    )
    return NewsGraphQL(
        build_schema(limits),
        view=MirrorView(knowledge),
        catalog=ArticleCatalog(getattr(knowledge, "store", None)),
        limits=limits,
    )


def routes(
    knowledge: Any,
    *,
    path: str = "/graphql",
    cors_origins: Sequence[str] | None = None,
    **limits: Any,
) -> list[BaseRoute]:
    """``path`` (GraphQL, GraphiQL) and ``path + "/schema.graphql"`` (the SDL, for client generators).

    ``limits``: max_depth, max_first, max_tokens, max_aliases, max_neighborhood_nodes,
    max_neighborhood_edges (defaults in graph.graphql.limits).
    """
    graphql = graphql_app(knowledge, **limits)
    sdl = schema_sdl(graphql.schema)
    app: Any = BodyLimit(graphql, max_bytes=MAX_GRAPHQL_BODY, error=error_document)
    if cors_origins is not None:
        app = CORSMiddleware(app, allow_origins=list(cors_origins), allow_methods=["GET", "POST", "OPTIONS"], allow_headers=["*"])

    async def schema_file(request: Request) -> Response:
        return PlainTextResponse(sdl, media_type="application/graphql; charset=utf-8")

    return [
        Route(path + "/schema.graphql", schema_file, methods=["GET"]),
        Route(path, app, methods=["GET", "POST", "OPTIONS"]),
    ]
