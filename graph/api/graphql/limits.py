"""The limits of the GraphQL API and their defaults.

Every list is paged and every page is capped, and strawberry's validation
extensions refuse documents that are too deep, too long or alias-heavy, so
one query can't walk the whole graph. The defaults are documented in the
schema's descriptions and can be changed per server through ``routes``.
"""

from __future__ import annotations

from dataclasses import dataclass

from strawberry.extensions import MaxAliasesLimiter, MaxTokensLimiter, QueryDepthLimiter

from graph.errors import InputError, QueryError

#: Largest ``first`` a connection accepts (a larger one is refused, not clamped).
MAX_FIRST = 100
#: Page size when ``first`` is omitted.
DEFAULT_FIRST = 20
#: Deepest selection set a document may hold (fields nested in fields).
MAX_DEPTH = 12
#: Most lexical tokens a document may hold.
MAX_TOKENS = 2000
#: Most aliases a document may hold.
MAX_ALIASES = 20
#: ``neighborhood``: largest depth; nodes and edges returned by default and at most.
MAX_NEIGHBORHOOD_DEPTH = 3
DEFAULT_NEIGHBORHOOD_NODES = 100
MAX_NEIGHBORHOOD_NODES = 500
DEFAULT_NEIGHBORHOOD_EDGES = 500
MAX_NEIGHBORHOOD_EDGES = 2000
#: ``path``: longest chain searched, and most paths returned.
MAX_PATH_LENGTH = 6
MAX_PATHS = 20


@dataclass(frozen=True)
class Limits:
    """The limits one server applies (the module constants by default)."""

    max_first: int = MAX_FIRST
    max_depth: int = MAX_DEPTH
    max_tokens: int = MAX_TOKENS
    max_aliases: int = MAX_ALIASES
    max_neighborhood_nodes: int = MAX_NEIGHBORHOOD_NODES
    max_neighborhood_edges: int = MAX_NEIGHBORHOOD_EDGES

    def __post_init__(self) -> None:
        for name in ("max_first", "max_depth", "max_tokens", "max_aliases", "max_neighborhood_nodes", "max_neighborhood_edges"):
            if int(getattr(self, name)) < 1:
                raise InputError(f"GraphQL limit {name} must be a positive integer, got {getattr(self, name)!r}")

    def extensions(self) -> list:
        """Factories of strawberry's validation extensions configured with these limits.

        The limiters are built once and handed out to every request: they hold
        no request state, and the same validation rules on every request let
        ``ValidationCache`` recognise a document it has already validated.
        """
        limiters = (
            QueryDepthLimiter(max_depth=self.max_depth),
            MaxTokensLimiter(max_token_count=self.max_tokens),
            MaxAliasesLimiter(max_alias_count=self.max_aliases),
        )
        return [lambda limiter=limiter: limiter for limiter in limiters]

    def page_size(self, first: int | None) -> int:
        """``first`` checked against the cap; a clear QueryError when out of range."""
        if first is None:
            return min(DEFAULT_FIRST, self.max_first)
        if first < 0 or first > self.max_first:
            raise QueryError(f"first must be between 0 and {self.max_first}, got {first}")
        return first


def bounded(name: str, value: int, low: int, high: int) -> int:
    """``value`` if low <= value <= high, else a QueryError naming the argument."""
    if value < low or value > high:
        raise QueryError(f"{name} must be between {low} and {high}, got {value}")
    return value
