"""Names for lookups: their normal form, and the index of entities by it that the mirror keeps on every write.

``normalize_name`` is the one normal form of a label, an alias or a search.
``NameIndex`` maps each normalized label or alias to the entities bearing it;
``graph.mirror.Mirror`` updates it whenever an entity's label or aliases change,
so a search or a lookup by name never has to index the whole graph first.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable, Iterator
from functools import lru_cache

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})
_SPACE = re.compile(r"\s+")
_EDGE_PUNCT = re.compile(r"^[\W_]+|[\W_]+$")


def normalize_name(text: str) -> str:
    """Case-folded, accents kept, spaces collapsed, a leading "the" and trailing "'s" dropped.

    >>> normalize_name("  The  United States's ")
    'united states'
    """
    return _normalized(text)


@lru_cache(maxsize=1 << 16)  # the same names come back with every article that mentions them
def _normalized(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES).casefold()
    text = _SPACE.sub(" ", text).strip()
    if text.startswith("the "):
        text = text[4:]
    if text.endswith("'s"):
        text = text[:-2]
    return _EDGE_PUNCT.sub("", text)


class NameIndex:
    """normalized label or alias → the keys of the entities bearing it (unordered)."""

    def __init__(self) -> None:
        self._keys: dict[str, set[str]] = {}
        self._names: dict[str, frozenset[str]] = {}  # entity key → its normalized names

    def set(self, key: str, names: Iterable[str]) -> None:
        """``key``'s label and aliases are now ``names``."""
        new = frozenset(normal for normal in map(normalize_name, names) if normal)
        old = self._names.get(key, frozenset())
        if new == old:
            return
        for name in old - new:
            self._discard(name, key)
        for name in new - old:
            self._keys.setdefault(name, set()).add(key)
        self._names[key] = new

    def drop(self, key: str) -> None:
        """``key`` is no longer an entity."""
        for name in self._names.pop(key, frozenset()):
            self._discard(name, key)

    def _discard(self, name: str, key: str) -> None:
        keys = self._keys.get(name)
        if keys is not None:
            keys.discard(key)
            if not keys:
                del self._keys[name]

    def get(self, name: str) -> Collection[str] | None:
        """The entities bearing the normalized ``name``."""
        return self._keys.get(name)

    def items(self) -> Iterator[tuple[str, Collection[str]]]:
        return iter(self._keys.items())

    def __len__(self) -> int:
        return len(self._keys)

    def copy(self) -> NameIndex:
        clone = NameIndex()
        clone._keys = {name: set(keys) for name, keys in self._keys.items()}
        clone._names = dict(self._names)
        return clone
