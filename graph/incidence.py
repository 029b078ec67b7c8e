"""Each entity's statements by category, newest first, kept on every write so a page of them costs the same for a hub.

``Incidence`` is told by ``graph.mirror.Mirror`` about each statement it adds
or removes. Per entity it keeps, per category, the statements sorted by
(day, statement id), and statements per day, so an entity page reads the
counts per category, a page of the newest rows of a category and its timeline
without going through all the entity's statements. A statement is the mirror's
own read-only record of it (``graph.edges.StatementData``: its day, id, ends
and category), so each entity end costs one list slot.
"""

from __future__ import annotations

import bisect
from array import array
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol


class Row(Protocol):
    """One statement as the index sees it (``graph.edges.StatementData`` is one)."""

    @property
    def day(self) -> str: ...  # its date, else its article's, else ""

    @property
    def key(self) -> str: ...

    @property
    def subject(self) -> str: ...

    @property
    def object(self) -> str: ...

    @property
    def category(self) -> str: ...


def _order(row: Row) -> tuple[str, str]:
    return row.day, row.key


class _Packed:
    """A category's rows as loaded with the saved mirror (``graph.saved``): their numbers in the table of
    objects it was loaded with. Read in place (a count, a page); made a list when first changed."""

    __slots__ = ("table", "numbers")

    def __init__(self, table: Sequence[Any], numbers: array[int]) -> None:
        self.table, self.numbers = table, numbers

    def __len__(self) -> int:
        return len(self.numbers)

    def __getitem__(self, at: slice) -> list[Row]:
        return _rows_of(self.table, self.numbers[at])

    def rows(self) -> list[Row]:
        return _rows_of(self.table, self.numbers)


def _rows_of(table: Sequence[Any], numbers: Sequence[int]) -> list[Row]:
    """The rows of ``numbers`` in ``table``, all at once if it makes them so (``graph.columns.Records.many``)."""
    many = getattr(table, "many", None)
    return list(many(numbers)) if many is not None else list(map(table.__getitem__, numbers))


class _Entity:
    __slots__ = ("categories", "days")

    def __init__(self) -> None:
        self.categories: dict[str, list[Row] | _Packed] = {}  # category → rows, oldest first
        self.days: Counter[str] = Counter()

    def _rows(self, category: str) -> list[Row] | None:
        rows = self.categories.get(category)
        if isinstance(rows, _Packed):
            rows = self.categories[category] = rows.rows()
        return rows

    def add(self, row: Row) -> None:
        rows = self._rows(row.category)
        if rows is None:
            rows = self.categories[row.category] = []
        bisect.insort(rows, row, key=_order)
        day = row.day
        if day:
            self.days[day] += 1

    def remove(self, row: Row) -> None:
        rows = self._rows(row.category)
        if rows is None:
            return
        at = bisect.bisect_left(rows, _order(row), key=_order)
        if at < len(rows) and _order(rows[at]) == _order(row):
            del rows[at]
            if not rows:
                del self.categories[row.category]
            day = row.day
            if day:
                self.days[day] -= 1
                if not self.days[day]:
                    del self.days[day]

    def copy(self) -> _Entity:
        clone = _Entity()
        clone.categories = {category: rows if isinstance(rows, _Packed) else list(rows) for category, rows in self.categories.items()}
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

    def added(self, row: Row, *, object_is_entity: bool) -> None:
        self._entities.setdefault(row.subject, _Entity()).add(row)
        if object_is_entity and row.object != row.subject:  # a self-loop is listed once
            self._entities.setdefault(row.object, _Entity()).add(row)

    def removed(self, row: Row) -> None:
        for end in {row.subject, row.object}:
            entity = self._entities.get(end)
            if entity is not None:
                entity.remove(row)
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
        return [Statement(r.subject, r.object, r.key, r.day or None) for r in reversed(rows[max(end - count, 0) : max(end, 0)])]

    def timeline(self, key: str) -> list[tuple[str, int]]:
        """(day, statements of ``key`` that day), by day."""
        entity = self._entities.get(key)
        return sorted(entity.days.items()) if entity is not None else []

    def copy(self) -> Incidence:
        clone = Incidence()
        clone._entities = {key: entity.copy() for key, entity in self._entities.items()}
        return clone

    def packed(self, numbers: Mapping[int, int]) -> dict[str, tuple[dict[str, array[int] | list[Row]], Counter[str]]]:
        """Each entity's rows by category as their numbers (``numbers``: ``id(row)`` → number), for ``unpacked``;
        a category with a row ``numbers`` lacks stays a list."""
        found: dict[str, tuple[dict[str, array[int] | list[Row]], Counter[str]]] = {}
        for key, entity in self._entities.items():
            categories: dict[str, array[int] | list[Row]] = {}
            for category, listed in entity.categories.items():
                rows = listed.rows() if isinstance(listed, _Packed) else listed
                try:
                    categories[category] = array("I", [numbers[id(row)] for row in rows])
                except KeyError:
                    categories[category] = list(rows)
            found[key] = (categories, entity.days)
        return found


def unpacked(packed: dict[str, tuple[dict[str, array[int] | list[Row]], Counter[str]]], table: Sequence[Any]) -> Incidence:
    """The ``Incidence`` of ``Incidence.packed``, its rows read from ``table`` (by number) when asked."""
    incidence = Incidence()
    for key, (categories, days) in packed.items():
        entity = incidence._entities[key] = _Entity()
        entity.categories = {category: _Packed(table, rows) if isinstance(rows, array) else rows for category, rows in categories.items()}
        entity.days = days
    return incidence
