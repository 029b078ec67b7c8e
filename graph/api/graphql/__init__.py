"""GraphQL API over the knowledge graph (strawberry on starlette).

``serving.graphql_app(knowledge, ...)`` is the ASGI app ``graph.api.app``
routes at ``/graphql``; ``schema.build_schema()`` the schema (``schema.graphql``
at the top of the repository is its SDL: ``newsgraph schema > schema.graphql``).

Modules: ``types`` (the GraphQL types), ``resolvers`` (the root Query),
``questions`` (what a relations list asks for), ``loaders`` (per-request
batching), ``relations`` / ``paths`` / ``neighborhood`` / ``search`` (what the
questions select), ``view`` (snapshots of the mirror and their indexes),
``cursors`` (keyset paging), ``articles`` (article metadata from the store),
``limits``, ``errors``, ``serving`` (the ASGI app and the SDL view).
"""
