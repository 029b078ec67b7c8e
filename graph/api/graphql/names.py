"""Matching names: the normal form used for lookups, and the score of a search hit."""

from __future__ import annotations

import re
import unicodedata

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})
_SPACE = re.compile(r"\s+")
_EDGE_PUNCT = re.compile(r"^[\W_]+|[\W_]+$")

#: Scores of the kinds of match, best first (the schema documents them).
EXACT, PREFIX, WORD_PREFIX, SUBSTRING = 1.0, 0.8, 0.6, 0.4


def normalize_name(text: str) -> str:
    """Case-folded, accents kept, spaces collapsed, a leading "the" and trailing "'s" dropped.

    >>> normalize_name("  The  United States's ")
    'united states'
    """
    text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES).casefold()
    text = _SPACE.sub(" ", text).strip()
    if text.startswith("the "):
        text = text[4:]
    if text.endswith("'s"):
        text = text[:-2]
    return _EDGE_PUNCT.sub("", text)


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
