"""The HTTP application: every route in one list, ``_routes``.

``create_app`` builds the Starlette app over an open KnowledgeGraph. The
server owns the store: writes arrive through ``POST /ingest`` (guarded by a
bearer token) and go through the KnowledgeGraph, which updates the store and
the mirror together, so new articles are visible to every endpoint at once,
without a restart.

Views raise ``graph.errors.NewsgraphError``; the app answers them as JSON
(``graph.api.errors``), except the SPARQL routes, which answer in plain text
as SPARQL clients expect.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.routing import BaseRoute, Route

from graph.api import assets, docs, exports, health, ingest, sparql
from graph.api.errors import newsgraph_error
from graph.api.graphql.http_rules import error_document
from graph.api.graphql.serving import graphql_app, schema_file
from graph.api.pages import Explorer
from graph.api.request_limits import MAX_GRAPHQL_BODY, BodyLimit
from graph.api.state import ApiState
from graph.errors import NewsgraphError
from graph.knowledge import KnowledgeGraph, KnowledgeReader
from graph.rdf.ontology import ontology_path
from graph.sparql.engine import QueryRunner
from graph.sparql.guard import NO_SERVICES, ServicePolicy

#: Default CORS origins: any origin may read (the API is read-only without a token).
DEFAULT_CORS_ORIGINS: tuple[str, ...] = ("*",)
#: Seconds a SPARQL query may run before it is cancelled (``newsgraph serve --sparql-timeout``).
DEFAULT_SPARQL_TIMEOUT = 10.0


def _routes(knowledge: KnowledgeReader, graphql_options: dict[str, Any]) -> list[BaseRoute]:
    """Every route the server answers."""
    explorer = Explorer(knowledge)
    return [
        Route("/", explorer.home, methods=["GET"], name="home"),
        Route("/search", explorer.search, methods=["GET"], name="search"),
        Route("/entity/{key}/graph.json", explorer.entity_graph, methods=["GET"], name="entity-graph"),
        Route("/entity/{key}", explorer.entity, methods=["GET"], name="entity"),
        Route("/article/{article_id}", explorer.article, methods=["GET"], name="article"),
        Route("/statement/{rest:path}", explorer.resource, methods=["GET"], name="statement"),
        Route("/quantity/{rest:path}", explorer.resource, methods=["GET"], name="quantity"),
        Route("/relation/{rest:path}", explorer.resource, methods=["GET"], name="relation"),
        Route("/category/{rest:path}", explorer.resource, methods=["GET"], name="category"),
        Route("/graph/{rest:path}", explorer.resource, methods=["GET"], name="graph"),
        Route("/export", explorer.exports, methods=["GET"], name="exports"),
        Route("/export/", explorer.exports, methods=["GET"]),
        Route("/docs/{name}", docs.doc, methods=["GET"], name="doc"),
        Route("/health", health.health, methods=["GET"]),
        Route("/ingest", ingest.ingest, methods=["POST"]),
        Route("/graphql/schema.graphql", schema_file, methods=["GET"]),
        Route(
            "/graphql",
            BodyLimit(graphql_app(knowledge, **graphql_options), max_bytes=MAX_GRAPHQL_BODY, error=error_document),
            methods=["GET", "POST", "OPTIONS"],
        ),
        Route("/sparql", sparql.endpoint, methods=["GET", "POST"], name="sparql"),
        Route("/sparql/static/{name}", sparql.static, methods=["GET"], name="sparql-static"),
        Route(ontology_path(knowledge.vocab), explorer.ontology, methods=["GET", "HEAD"], name="ontology"),
        Route("/export/graph.{suffix:path}", exports.export, methods=["GET"], name="export"),
        Route("/assets/{folder}/{name}", assets.asset, methods=["GET"], name="assets"),
    ]


def create_app(
    knowledge: KnowledgeGraph | KnowledgeReader,
    *,
    ingest_token: str | None = None,
    cors_origins: Sequence[str] = DEFAULT_CORS_ORIGINS,
    sparql_timeout: float = DEFAULT_SPARQL_TIMEOUT,
    sparql_workers: int = 4,
    sparql_services: ServicePolicy | None = None,
    graphql_options: dict[str, Any] | None = None,
) -> Starlette:
    """Build the app over an open KnowledgeGraph (or any KnowledgeReader: then read-only).

    ``ingest_token``: the bearer token ``POST /ingest`` requires; ``None``
    disables the endpoint (answers 403). ``graphql_options``: the GraphQL limits
    (``graph.api.graphql.serving.graphql_app``). ``sparql_services``: the
    SERVICE endpoints SPARQL queries may call (none by default, see
    ``graph.sparql.guard``).
    """
    store = knowledge.store
    app = Starlette(
        routes=_routes(knowledge, graphql_options or {}),
        middleware=[
            Middleware(
                CORSMiddleware,
                allow_origins=list(cors_origins),
                allow_methods=["GET", "POST", "OPTIONS"],
                allow_headers=["*"],
            )
        ],
        exception_handlers={NewsgraphError: newsgraph_error},
    )
    app.state.newsgraph = ApiState(
        knowledge=knowledge,
        ingest=knowledge.ingest if isinstance(knowledge, KnowledgeGraph) else None,
        ingest_token=ingest_token,
        sparql=QueryRunner(
            lambda: store.oxigraph,
            timeout=sparql_timeout,
            workers=sparql_workers,
            prefixes=store.vocab.prefixes(),
            services=sparql_services or NO_SERVICES,
            base_iri=store.vocab.base,
        ),
    )
    return app
