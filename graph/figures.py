"""Running figures of the whole mirror, kept on every write so the home page reads them in constant time.

``Figures`` is told by ``graph.mirror.Mirror`` about each article, entity and
statement it adds or removes, and keeps: the number of articles, entities and
statements; statements per day (for the date range); every entity's degree
(statements at either end, a self-loop twice, as networkx counts it); and two
``TopK`` lists, the most connected entities and the newest articles. Nothing
here goes through the graph. After a removal, two things are recomputed once,
when next read: a ``TopK`` that lost one of its members refills itself from its
scores (one pass over the entities or the articles, no sorting), and the date
range when its first or last day lost its last statement (a pass over the days).
"""

from __future__ import annotations

import heapq
import threading
from collections import Counter
from collections.abc import Callable, Hashable, Iterable
from typing import Any, Generic, TypeVar

K = TypeVar("K", bound=Hashable)

#: Entities and articles the figures keep ranked (the home page shows fewer).
RANKED = 50


class TopK(Generic[K]):
    """The ``k`` best keys of a changing score map, best first; ``rank(key)`` is smaller for better.

    The map's owner calls ``better(key)`` after a key is added or its score
    improves, and ``worse(key)`` after it is removed or its score drops. A key
    outside the list that improves enters it at once; a member that drops
    leaves the list stale, and it is refilled from ``keys()`` when next read.
    """

    def __init__(self, k: int, rank: Callable[[K], Any], keys: Callable[[], Iterable[K]]) -> None:
        self.k = k
        self._rank = rank
        self._keys = keys
        self._members: dict[K, Any] = {}  # key → its rank
        self._worst: K | None = None  # the member ranked last, once the list is full
        self._stale = False
        self._refill = threading.Lock()  # readers (holding the shared read lock) may ask at once

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        del state["_refill"]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._refill = threading.Lock()

    def better(self, key: K) -> None:
        if self._stale:
            return
        members = self._members
        rank = self._rank(key)
        if key in members:
            members[key] = rank
            if key == self._worst:
                self._find_worst()
        elif len(members) < self.k:
            members[key] = rank
            if len(members) == self.k:
                self._find_worst()
        else:
            worst = self._worst
            assert worst is not None  # a full list knows its last
            if rank < members[worst]:
                del members[worst]
                members[key] = rank
                self._find_worst()

    def _find_worst(self) -> None:
        self._worst = max(self._members, key=self._members.__getitem__)

    def worse(self, key: K) -> None:
        if key in self._members:
            self._stale = True

    def best(self) -> list[K]:
        """The ``k`` best keys, best first."""
        with self._refill:
            if self._stale:
                self._members = {key: self._rank(key) for key in heapq.nsmallest(self.k, self._keys(), key=self._rank)}
                self._worst = None
                if len(self._members) == self.k:
                    self._find_worst()
                self._stale = False
            members = self._members
        return sorted(members, key=members.__getitem__)

    def copy(self, rank: Callable[[K], Any], keys: Callable[[], Iterable[K]]) -> TopK[K]:
        clone: TopK[K] = TopK(self.k, rank, keys)
        clone._members, clone._worst, clone._stale = dict(self._members), self._worst, self._stale
        return clone


class Figures:
    """Counts, date range, degrees, the most connected entities and the newest articles of one mirror."""

    def __init__(self) -> None:
        self.statements = 0
        # what GraphQL ``stats`` reads, kept so that no question needs the whole graph built;
        # None in figures saved before they were kept (then counted from the graph)
        self.quantities: int | None = 0  # statements whose object is a quantity (one node each)
        self.asserted: int | None = 0
        self.categories: Counter[str] | None = Counter()
        self._days: Counter[str] = Counter()  # day → statements dated that day
        self._range: tuple[str, str] | None = None  # (first, last) day; None: to be recomputed
        self._degrees: dict[str, int] = {}  # entity key → statements at either end
        self._article_dates: dict[str, str] = {}  # article id → its date ("" undated)
        self._hubs: TopK[str] = TopK(RANKED, self._degree_rank, self._degrees.keys)
        self._newest: TopK[str] = TopK(RANKED, self._article_rank, self._article_dates.keys)

    def _degree_rank(self, key: str) -> tuple[int, str]:
        return -self._degrees[key], key

    def _article_rank(self, article_id: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
        # newest date first, undated last, then the greater id first (as ORDER BY DESC(?date) DESC(?id))
        return _descending(self._article_dates[article_id]), _descending(article_id)

    # -- what the page reads -----------------------------------------------------

    @property
    def articles(self) -> int:
        return len(self._article_dates)

    @property
    def entities(self) -> int:
        return len(self._degrees)

    def degree(self, key: str) -> int:
        return self._degrees.get(key, 0)

    def date_range(self) -> tuple[str, str] | None:
        """(first, last) day of the dated statements, None when none is dated."""
        found = self._range
        if found is None and self._days:
            found = self._range = (min(self._days), max(self._days))
        return found

    def most_connected(self, limit: int) -> list[str]:
        """Entity keys by degree (then key), at most ``min(limit, RANKED)``."""
        return self._hubs.best()[:limit]

    def newest_articles(self, limit: int) -> list[str]:
        """Article ids, newest first (undated last), at most ``min(limit, RANKED)``."""
        return self._newest.best()[:limit]

    # -- what the mirror tells ---------------------------------------------------

    def article_added(self, article_id: str, day: str | None) -> None:
        self._article_dates[article_id] = day or ""
        self._newest.better(article_id)

    def article_removed(self, article_id: str) -> None:
        if self._article_dates.pop(article_id, None) is not None:
            self._newest.worse(article_id)

    def entity_added(self, key: str) -> None:
        if key not in self._degrees:
            self._degrees[key] = 0
            self._hubs.better(key)

    def entity_removed(self, key: str) -> None:
        if self._degrees.pop(key, None) is not None:
            self._hubs.worse(key)

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        for name in ("quantities", "asserted", "categories"):
            self.__dict__.setdefault(name, None)  # figures saved before these were kept

    def counted(self) -> tuple[int, int, dict[str, int]] | None:
        """(quantity nodes, asserted statements, statements by category), or None when not kept."""
        if self.quantities is None or self.asserted is None or self.categories is None:
            return None
        return self.quantities, self.asserted, dict(self.categories)

    def _count(self, step: int, quantity: bool, asserted: bool, category: str | None) -> None:
        if self.quantities is not None and quantity:
            self.quantities += step
        if self.asserted is not None and asserted:
            self.asserted += step
        if self.categories is not None and category is not None:
            self.categories[category] += step
            if not self.categories[category]:
                del self.categories[category]

    def statement_added(
        self, ends: Iterable[str], day: str | None, *, quantity: bool = False, asserted: bool = False, category: str | None = None
    ) -> None:
        """A statement between the entities ``ends`` (its subject, and its object unless a quantity)."""
        self._count(1, quantity, asserted, category)
        self.statements += 1
        for key in ends:
            self._degrees[key] += 1
            self._hubs.better(key)
        if day:
            self._days[day] += 1
            if self._range is not None and not self._range[0] <= day <= self._range[1]:
                self._range = (min(self._range[0], day), max(self._range[1], day))

    def statement_removed(
        self, ends: Iterable[str], day: str | None, *, quantity: bool = False, asserted: bool = False, category: str | None = None
    ) -> None:
        self._count(-1, quantity, asserted, category)
        self.statements -= 1
        for key in ends:
            if key in self._degrees:
                self._degrees[key] -= 1
                self._hubs.worse(key)
        if day:
            self._days[day] -= 1
            if not self._days[day]:
                del self._days[day]
                if self._range is not None and day in self._range:
                    self._range = None

    def copy(self) -> Figures:
        clone = Figures()
        clone.statements = self.statements
        clone.quantities, clone.asserted = self.quantities, self.asserted
        clone.categories = None if self.categories is None else Counter(self.categories)
        clone._days, clone._range = Counter(self._days), self._range
        clone._degrees, clone._article_dates = dict(self._degrees), dict(self._article_dates)
        clone._hubs = self._hubs.copy(clone._degree_rank, clone._degrees.keys)
        clone._newest = self._newest.copy(clone._article_rank, clone._article_dates.keys)
        return clone


def _descending(text: str) -> tuple[int, ...]:
    """A sort key that orders strings backwards (a longer string after its prefix, as forwards)."""
    return (*(-ord(c) for c in text), 1)
