"""GraphQL API over the knowledge graph (strawberry on starlette).

``routes(knowledge, ...)`` gives the server its ``/graphql`` routes;
``build_schema()`` the schema (``schema.graphql`` at the top of the repository
is its SDL: ``python -m graph.graphql.export_schema > schema.graphql``).

Modules: ``types`` (the GraphQL types), ``resolvers`` (the root Query),
``loaders`` (per-request batching), ``relations`` / ``paths`` /
``neighborhood`` / ``search`` (what the questions select), ``view``
(snapshots of the mirror and their indexes), ``cursors`` (keyset paging),
``articles`` (article metadata from the store), ``limits``, ``errors``,
``serving`` (the routes).
"""

from __future__ import annotations

from typing import Any


def routes(knowledge: Any, **options: Any) -> list:
    from graph.graphql.serving import routes as _routes

    return _routes(knowledge, **options)


def build_schema(*args: Any, **kwargs: Any):
    from graph.graphql.schema import build_schema as _build

    return _build(*args, **kwargs)


__all__ = ["build_schema", "routes"]
