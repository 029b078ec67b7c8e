"""Matching names: the score of a search hit (the normal form, ``normalize_name``, is ``graph.names``'s)."""

from __future__ import annotations

from graph.names import normalize_name

__all__ = ["EXACT", "PREFIX", "SUBSTRING", "WORD_PREFIX", "match_score", "normalize_name"]

#: Scores of the kinds of match, best first (the schema documents them).
EXACT, PREFIX, WORD_PREFIX, SUBSTRING = 1.0, 0.8, 0.6, 0.4


def match_score(query: str, name: str) -> float:
    """How well a normalized ``name`` matches a normalized ``query`` (0 when it doesn't).

    >>> [match_score("kyiv", n) for n in ("kyiv", "kyiv oblast", "greater kyiv", "kyivstar", "ukraine")]
    [1.0, 0.8, 0.6, 0.8, 0.0]
    """
    if not query:
        return 0.0
    if name == query:
        return EXACT
    if name.startswith(query):
        return PREFIX
    position = name.find(query)
    if position < 0:
        return 0.0
    while position >= 0:
        if not name[position - 1].isalnum():
            return WORD_PREFIX
        position = name.find(query, position + 1)
    return SUBSTRING
