"""Opaque keyset cursors and the pages cut with them.

A cursor holds the sort key of the last item a client saw, never an offset,
so a page does not shift when articles are ingested between two requests:
items added before the cursor are simply not part of the rest of the walk,
and nothing already seen comes back or is skipped.

Sort keys are tuples of str/int/float; a cursor is the URL-safe base64 of a
small JSON array tagged with the kind of list it belongs to, so a cursor of
one list is refused by another.
"""

from __future__ import annotations

import base64
import binascii
import json
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from graph.errors import QueryError

T = TypeVar("T")
SortKey = tuple


def statement_order(statement_id: str) -> tuple[str, int]:
    """The stable order of statements: article id, then the statement's number.

    >>> statement_order("000_abc/12") > statement_order("000_abc/9")
    True
    """
    article, _, number = statement_id.rpartition("/")
    if number.isdigit():
        return (article, int(number))
    return (statement_id, -1)


def encode_cursor(kind: str, key: SortKey) -> str:
    raw = json.dumps([kind, *key], separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(kind: str, cursor: str, shape: tuple[type, ...]) -> SortKey:
    """The sort key inside ``cursor``; QueryError when it isn't one of ``kind``'s.

    ``shape`` gives the type of each part of the key (int accepts float too).
    """
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        value = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
    except (ValueError, binascii.Error, UnicodeError) as exc:
        raise QueryError(f"invalid cursor {cursor!r}") from exc
    if not isinstance(value, list) or not value or value[0] != kind:
        raise QueryError(f"invalid cursor {cursor!r} (not a cursor of this list)")
    key = tuple(value[1:])
    if len(key) != len(shape) or not all(_fits(part, kind_) for part, kind_ in zip(key, shape, strict=True)):
        raise QueryError(f"invalid cursor {cursor!r}")
    return key


def _fits(part: object, expected: type) -> bool:
    if expected is str:
        return isinstance(part, str)
    return isinstance(part, (int, float)) and not isinstance(part, bool)


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a keyset-ordered list: items with their keys, and whether more follow."""

    items: list[tuple[SortKey, T]]
    has_next: bool
    has_previous: bool


def page_sorted(
    keyed: Sequence[tuple[SortKey, T]],
    *,
    after: SortKey | None,
    first: int,
    keep: Callable[[T], bool] | None = None,
) -> Page[T]:
    """The ``first`` items of an ascending (key, item) list after ``after`` that ``keep`` accepts.

    Finds the start with a binary search, then scans only as far as needed to
    fill the page (and learn whether another item follows).
    """
    start = 0 if after is None else bisect_right(keyed, after, key=_sort_key)
    rest = (keyed[index] for index in range(start, len(keyed)))
    return page_scan(rest, first=first, keep=keep, has_previous=start > 0)


def _sort_key(pair: tuple[SortKey, object]) -> SortKey:
    return pair[0]


def page_scan(
    keyed: Iterable[tuple[SortKey, T]],
    *,
    first: int,
    keep: Callable[[T], bool] | None = None,
    has_previous: bool = False,
) -> Page[T]:
    """The first ``first`` accepted items of an already positioned (key, item) stream."""
    items: list[tuple[SortKey, T]] = []
    has_next = False
    for pair in keyed:
        if keep is not None and not keep(pair[1]):
            continue
        if len(items) >= first:
            has_next = True
            break
        items.append(pair)
    return Page(items=items, has_next=has_next, has_previous=has_previous)
