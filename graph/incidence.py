"""Each entity's statements by category, newest first, kept on every write so a page of them costs the same for a hub.

``Incidence`` is told by ``graph.mirror.Mirror`` about each statement it adds
or removes. Per entity it keeps, per category, the statements sorted by
(day, statement id), and statements per day, so an entity page reads the
counts per category, a page of the newest rows of a category and its timeline
without going through all the entity's statements. It costs two small tuples
per statement (one per entity end).
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass

#: One statement seen from an entity: (day or "", statement id, subject key, object key).
Row = tuple[str, str, str, str]


class _Entity:
    __slots__ = ("categories", "days")

    def __init__(self) -> None:
        self.categories: dict[str, list[Row]] = {}  # category → rows, oldest first
        self.days: Counter[str] = Counter()

    def add(self, category: str, row: Row) -> None:
        bisect.insort(self.categories.setdefault(category, []), row)
        if row[0]:
            self.days[row[0]] += 1

    def remove(self, category: str, row: Row) -> None:
        rows = self.categories.get(category)
        if rows is None:
            return
        at = bisect.bisect_left(rows, row)
        if at < len(rows) and rows[at] == row:
            del rows[at]
            if not rows:
                del self.categories[category]
            if row[0]:
                self.days[row[0]] -= 1
                if not self.days[row[0]]:
                    del self.days[row[0]]

    def copy(self) -> _Entity:
        clone = _Entity()
        clone.categories = {category: list(rows) for category, rows in self.categories.items()}
        clone.days = Counter(self.days)
        return clone


@dataclass(frozen=True)
class Statement:
    """A statement as an entity page lists it: its ends and id."""

    subject: str
    object: str
    key: str
    day: str | None


class Incidence:
    """Per entity: statements per category, newest first, and per day."""

    def __init__(self) -> None:
        self._entities: dict[str, _Entity] = {}

    def added(self, subject: str, obj: str, key: str, category: str, day: str | None, *, object_is_entity: bool) -> None:
        row: Row = (day or "", key, subject, obj)
        self._entities.setdefault(subject, _Entity()).add(category, row)
        if object_is_entity and obj != subject:  # a self-loop is listed once
            self._entities.setdefault(obj, _Entity()).add(category, row)

    def removed(self, subject: str, obj: str, key: str, category: str, day: str | None) -> None:
        row: Row = (day or "", key, subject, obj)
        for end in {subject, obj}:
            entity = self._entities.get(end)
            if entity is not None:
                entity.remove(category, row)
                if not entity.categories:
                    del self._entities[end]

    def category_sizes(self, key: str) -> dict[str, int]:
        """category → statements of ``key`` in it, most first (then by name)."""
        entity = self._entities.get(key)
        if entity is None:
            return {}
        return dict(sorted(((c, len(rows)) for c, rows in entity.categories.items()), key=lambda item: (-item[1], item[0])))

    def newest(self, key: str, category: str, start: int, count: int) -> list[Statement]:
        """Statements ``start`` to ``start + count`` of ``key`` in ``category``, newest first."""
        entity = self._entities.get(key)
        rows = entity.categories.get(category, []) if entity is not None else []
        end = len(rows) - max(start, 0)
        return [Statement(s, o, k, d or None) for d, k, s, o in reversed(rows[max(end - count, 0) : max(end, 0)])]

    def timeline(self, key: str) -> list[tuple[str, int]]:
        """(day, statements of ``key`` that day), by day."""
        entity = self._entities.get(key)
        return sorted(entity.days.items()) if entity is not None else []

    def copy(self) -> Incidence:
        clone = Incidence()
        clone._entities = {key: entity.copy() for key, entity in self._entities.items()}
        return clone
