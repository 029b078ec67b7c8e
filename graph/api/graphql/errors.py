"""GraphQL errors: newsgraph's own errors keep their message and gain a code; others are masked.

A resolver raises graph.errors (NotFoundError, QueryError, …). The client gets
a normal GraphQL response (HTTP 200, ``errors`` filled, ``extensions.code``
set: NOT_FOUND, BAD_REQUEST, UNAVAILABLE, …). An unexpected exception never
becomes a 500 or leaks internals: its message is replaced.
"""

from __future__ import annotations

import logging

from graphql.error import GraphQLError
from strawberry.extensions import MaskErrors

from graph.errors import NewsgraphError, NotFoundError, QueryError, QueryTimeoutError, StoreError

log = logging.getLogger(__name__)

_CODES: tuple[tuple[type[NewsgraphError], str], ...] = (
    (NotFoundError, "NOT_FOUND"),
    (QueryTimeoutError, "TIMEOUT"),
    (QueryError, "BAD_REQUEST"),
    (StoreError, "UNAVAILABLE"),
)


def error_code(error: NewsgraphError) -> str:
    for kind, code in _CODES:
        if isinstance(error, kind):
            return code
    return "ERROR"


class NewsgraphErrors(MaskErrors):
    """Adds ``extensions.code`` to newsgraph errors and masks unexpected ones."""

    def __init__(self) -> None:
        super().__init__(should_mask_error=_unexpected, error_message="Internal error while answering the query.")

    def _process_errors(self, errors: list[GraphQLError]) -> list[GraphQLError]:
        processed = []
        for error in errors:
            original = error.original_error
            if isinstance(original, NewsgraphError):
                processed.append(
                    GraphQLError(
                        str(original),
                        nodes=error.nodes,
                        source=error.source,
                        positions=error.positions,
                        path=error.path,
                        original_error=original,
                        extensions={**(error.extensions or {}), "code": error_code(original)},
                    )
                )
            elif _unexpected(error):
                log.error("GraphQL resolver failed", exc_info=original)
                processed.append(self.anonymise_error(error))
            else:
                processed.append(error)
        return processed


def _unexpected(error: GraphQLError) -> bool:
    original = error.original_error
    return original is not None and not isinstance(original, (NewsgraphError, GraphQLError))
