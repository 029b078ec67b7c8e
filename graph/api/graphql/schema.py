"""The strawberry schema, with the limits of one server."""

from __future__ import annotations

import strawberry
from strawberry.extensions import ParserCache, ValidationCache
from strawberry.schema.base import BaseSchema
from strawberry.schema.config import StrawberryConfig

from graph.api.graphql.errors import NewsgraphErrors
from graph.api.graphql.http_rules import QuietSchema
from graph.api.graphql.limits import Limits
from graph.api.graphql.resolvers import Query

#: Distinct query documents whose parse and validation are remembered (front
#: ends send the same few documents with different variables).
DOCUMENT_CACHE = 256


def build_schema(limits: Limits | None = None) -> strawberry.Schema:
    """The schema with depth, token and alias limits (``Limits()`` defaults when None)."""
    limits = limits or Limits()
    return QuietSchema(
        query=Query,
        extensions=[
            lambda: ParserCache(maxsize=DOCUMENT_CACHE),
            *limits.extensions(),
            lambda: ValidationCache(maxsize=DOCUMENT_CACHE),
            NewsgraphErrors,
        ],
        config=StrawberryConfig(auto_camel_case=True),
    )


def schema_sdl(schema: BaseSchema | None = None) -> str:
    """The SDL that ``schema.graphql`` holds (limits don't change it)."""
    return str(schema or build_schema()).rstrip("\n") + "\n"
