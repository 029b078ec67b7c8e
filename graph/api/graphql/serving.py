"""The HTTP side: ``/graphql`` (GraphiQL in a browser, queries over GET and POST) and the SDL.

``graphql_app(knowledge, ...)`` is the ASGI app and ``schema_file`` the SDL
view that ``graph.api.app`` routes. CORS is the application's business.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from strawberry.asgi import GraphQL

from graph.api.graphql.articles import ArticleCatalog
from graph.api.graphql.context import Context
from graph.api.graphql.http_rules import GraphQLOverHTTP
from graph.api.graphql.ide import graphiql_html
from graph.api.graphql.limits import (
    MAX_ALIASES,
    MAX_DEPTH,
    MAX_FIRST,
    MAX_NEIGHBORHOOD_EDGES,
    MAX_NEIGHBORHOOD_NODES,
    MAX_TOKENS,
    Limits,
)
from graph.api.graphql.schema import build_schema, schema_sdl
from graph.api.graphql.view import MirrorView
from graph.knowledge import KnowledgeReader


class NewsGraphQL(GraphQLOverHTTP, GraphQL):
    """strawberry's ASGI app with a newsgraph Context per request (HTTP rules: graph.api.graphql.http_rules)."""

    def __init__(self, schema, *, view: MirrorView, catalog: ArticleCatalog, limits: Limits, **options: Any) -> None:
        super().__init__(schema, graphql_ide="graphiql", allow_queries_via_get=True, **options)
        self.view = view
        self.catalog = catalog
        self.limits = limits

    async def render_graphql_ide(self, request: Any) -> Response:
        """GraphiQL from the package (``graph.api.graphql.ide``), not from a CDN."""
        return HTMLResponse(graphiql_html(endpoint=request.url.path))

    async def get_context(self, request: Any, response: Any) -> Context:  # type: ignore[override]
        return Context(self.view, self.catalog, self.limits, request=request, response=response)


def graphql_app(
    knowledge: KnowledgeReader,
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
        catalog=ArticleCatalog(knowledge.store),
        limits=limits,
    )


async def schema_file(request: Request) -> Response:
    """``/graphql/schema.graphql``: the SDL, for client generators (limits don't change it)."""
    return PlainTextResponse(schema_sdl(), media_type="application/graphql; charset=utf-8")
