"""The mirror as loaded from the saved columns: its parts made when first read, not when loaded.

``graph.saved`` keeps a mirror's statements, adjacency, article contributions and
each entity's set of articles as columns of numbers (``numpy`` arrays) beside a few
tables of distinct values. Loading them costs about the same for any size of
store; what a reader asks for is made from them then, once, and kept:

``Records``
    the statements' records (``graph.edges.StatementData``), by number: made
    when first asked for, alone or many at once (``many``), all of them when a
    reader goes through the whole graph (``make_all``); always the same object
    for a number, so identity (which the mirror's updates rely on) holds.
``LazyMap``
    a dict whose values are made when first read: networkx's ``_succ`` and
    ``_pred`` (a node's neighbours and the statements to each, made per node)
    and the mirror's contributions (per article). The keys are all there from
    the start, in their order, so iteration, ``in`` and ``len`` are as before.
``ArticleSet``
    an entity's set of articles, a set once first read or changed; until then
    its length comes from its column.

Between two nodes, the statements' mapping (``OneStatement`` or a dict) is made
once and shared by both ends, as in a built mirror. Making is guarded by a lock:
readers in several threads get the same objects.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, MutableMapping, MutableSet, Sequence
from typing import Any, TypeVar

import numpy as np

from graph.edges import STATEMENT_FIELDS, StatementData, from_values, one_of

V = TypeVar("V")

#: A column: the distinct values (by identity) and each row's number among them.
Column = tuple[Sequence[Any], np.ndarray]

#: Nodes made one by one before a reader going through the graph gets every record made at once.
_ONE_BY_ONE = 1 / 16
#: Fewer records than this are made one by one rather than column by column.
_SMALL = 24

_MAKING = threading.RLock()


class Texts(Sequence[str]):
    """Distinct strings kept as one UTF-8 buffer and offsets, decoded when first read (then kept)."""

    def __init__(self, buffer: bytes, offsets: np.ndarray) -> None:
        self._buffer = buffer
        self._offsets = offsets
        self._made: list[str | None] = [None] * (len(offsets) - 1)

    @classmethod
    def of(cls, texts: Iterable[str]) -> Texts:
        encoded = [text.encode("utf-8", "surrogatepass") for text in texts]
        offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
        np.cumsum([len(data) for data in encoded], out=offsets[1:])
        return cls(b"".join(encoded), offsets)

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return Texts, (self._buffer, self._offsets)

    def __len__(self) -> int:
        return len(self._made)

    def __getitem__(self, at: int) -> str:  # type: ignore[override]  # by number only
        text = self._made[at]
        if text is None:
            offsets = self._offsets
            text = self._made[at] = self._buffer[offsets.item(at) : offsets.item(at + 1)].decode("utf-8", "surrogatepass")
        return text


def column(values: Sequence[Any]) -> Column:
    """``values`` as a column: the distinct objects (by identity, so sharing survives) and each row's number."""
    numbers: dict[int, int] = {}
    distinct: list[Any] = []
    rows = np.empty(len(values), dtype=np.int32)
    for at, value in enumerate(values):
        found = numbers.get(id(value))
        if found is None:
            found = numbers[id(value)] = len(distinct)
            distinct.append(value)
        rows[at] = found
    for narrow in (np.uint8, np.uint16):
        if len(distinct) <= np.iinfo(narrow).max + 1:
            return distinct, rows.astype(narrow)
    return distinct, rows


class Records(Sequence[StatementData]):
    """The statements' records made from columns when first asked for (see the module docstring)."""

    def __init__(self, columns: Sequence[Column]) -> None:
        if len(columns) != len(STATEMENT_FIELDS):
            raise ValueError("the records' columns do not match their fields")
        self._columns = list(columns)
        count = len(columns[0][1])
        if any(len(rows) != count for _, rows in columns):
            raise ValueError("the records' columns differ in length")
        self._made: list[StatementData | None] = [None] * count
        self._missing = count

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return list, (self.many(range(len(self))),)  # a pickle of the mirror whole holds the records themselves

    def __len__(self) -> int:
        return len(self._made)

    def __getitem__(self, at: int) -> StatementData:  # type: ignore[override]  # by number only
        made = self._made[at]
        if made is None:
            return self.many((at,))[0]
        return made

    def many(self, numbers: Sequence[int]) -> list[StatementData]:
        """The records of ``numbers``, in that order."""
        made = self._made
        found = [made[at] for at in numbers]
        if None not in found:
            return found  # type: ignore[return-value]
        with _MAKING:
            missing = sorted({at for at in numbers if made[at] is None})
            if missing:
                self._make(missing)
            return [made[at] for at in numbers]  # type: ignore[misc]

    def make_all(self) -> None:
        """Make every record not made yet, column by column (what a reader of the whole graph needs)."""
        if not self._missing:
            return
        with _MAKING:
            made = self._made
            self._make([at for at, record in enumerate(made) if record is None])

    def _make(self, numbers: list[int]) -> None:
        made = self._made
        if len(numbers) < _SMALL:
            columns = self._columns
            for at in numbers:
                made[at] = from_values([distinct[rows.item(at)] for distinct, rows in columns])
        else:
            chosen = np.asarray(numbers, dtype=np.int64)
            values = [list(map(distinct.__getitem__, rows[chosen].tolist())) for distinct, rows in self._columns]
            for at, record in zip(numbers, map(from_values, zip(*values, strict=True)), strict=True):
                made[at] = record
        self._missing -= len(numbers)


class LazyMap(MutableMapping[str, V]):
    """A dict whose values are made when first read: a value still an ``int`` is the number ``make`` makes it from.

    ``prepare`` (if any) runs before the first pass over all the values (``values()``, ``items()``), or once
    ``_ONE_BY_ONE`` of them were made one by one, so that a reader of the whole graph makes the records at once."""

    __slots__ = ("_items", "_make", "_prepare", "_made", "_prepared")

    def __init__(self, items: dict[str, Any], make: Callable[[int], V], prepare: Callable[[], None] | None = None) -> None:
        self._items = items
        self._make = make
        self._prepare = prepare
        self._made = 0
        self._prepared = prepare is None

    def __getitem__(self, key: str) -> V:
        value = self._items[key]
        if type(value) is int:
            return self._made_for(key, value)
        return value

    def _made_for(self, key: str, number: int) -> V:
        with _MAKING:
            value = self._items[key]
            if type(value) is not int:  # made by another thread meanwhile
                return value
            self._made += 1
            if not self._prepared and self._made > len(self._items) * _ONE_BY_ONE:
                self._whole()
            made = self._items[key] = self._make(number)
            return made

    def _whole(self) -> None:
        if not self._prepared and self._prepare is not None:
            self._prepared = True
            self._prepare()

    def get(self, key: str, default: Any = None) -> Any:
        value = self._items.get(key, default)
        if type(value) is int and key in self._items:
            return self._made_for(key, value)
        return value

    def __setitem__(self, key: str, value: V) -> None:
        self._items[key] = value

    def __delitem__(self, key: str) -> None:
        del self._items[key]

    def __contains__(self, key: object) -> bool:
        return key in self._items

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def items(self) -> Iterator[tuple[str, V]]:  # type: ignore[override]  # a pass, as dict.items() is iterated
        if self._made < len(self._items):
            self._whole()
        get = self.__getitem__
        return ((key, get(key)) for key in list(self._items))

    def values(self) -> Iterator[V]:  # type: ignore[override]
        return (value for _, value in self.items())

    def copy(self) -> dict[str, V]:
        return dict(self.items())

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return dict, (list(self.items()),)  # a pickle of the mirror whole holds a dict, every value made

    def __repr__(self) -> str:
        return f"LazyMap({len(self)} items)"


class ArticleSet(MutableSet[str]):
    """An entity's set of articles: numbers in the table of article ids until first read or changed."""

    __slots__ = ("_ids", "_numbers", "_set")

    def __init__(self, ids: Sequence[str], numbers: np.ndarray) -> None:
        self._ids: Sequence[str] | None = ids
        self._numbers: np.ndarray | None = numbers
        self._set: set[str] | None = None

    def _made(self) -> set[str]:
        found = self._set
        if found is None:
            with _MAKING:
                if self._set is None:
                    assert self._ids is not None and self._numbers is not None
                    self._set = set(map(self._ids.__getitem__, self._numbers.tolist()))
                    self._ids = self._numbers = None
                found = self._set
        return found

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return set, (list(self._made()),)

    def __len__(self) -> int:
        found, numbers = self._set, self._numbers
        if found is None and numbers is not None:
            return len(numbers)
        return len(self._made())

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._made()

    def __iter__(self) -> Iterator[str]:
        return iter(self._made())

    def add(self, article_id: str) -> None:
        self._made().add(article_id)

    def discard(self, article_id: str) -> None:
        self._made().discard(article_id)

    def copy(self) -> set[str]:
        return set(self._made())

    def __repr__(self) -> str:
        return f"ArticleSet({self._made()!r})"


class Adjacency:
    """A graph's ``_succ`` and ``_pred`` in columns: per node, its pairs (neighbour, statements) in dict order.

    ``succ_start[i]:succ_start[i + 1]`` are node ``i``'s pairs as a subject; pair ``p`` goes to node
    ``pair_target[p]`` and holds records ``pair_records[pair_start[p]:pair_start[p + 1]]``, in its mapping's
    order. ``pred_start`` and ``pred_pairs`` list each node's pairs as an object, in its ``_pred`` order.
    """

    def __init__(self, keys: Sequence[str], arrays: dict[str, np.ndarray], records: Records) -> None:
        self.keys = keys
        self.records = records
        self._succ_start = arrays["succ_start"]
        self._pair_target = arrays["pair_target"]
        self._pair_start = arrays["pair_start"]
        self._pair_records = arrays["pair_records"]
        self._pred_start = arrays["pred_start"]
        self._pred_pairs = arrays["pred_pairs"]
        self._pair_source: np.ndarray | None = None
        self._pairs: list[Any] = [None] * len(self._pair_target)

    def maps(self, succ_order: Sequence[int] | None = None, pred_order: Sequence[int] | None = None) -> tuple[LazyMap[Any], LazyMap[Any]]:
        """``_succ`` and ``_pred`` (keys in ``keys`` order, or the orders given as node numbers)."""
        keys = self.keys
        succ = dict(zip(keys, range(len(keys)), strict=True)) if succ_order is None else {keys[at]: at for at in succ_order}
        pred = dict(succ) if pred_order is None else {keys[at]: at for at in pred_order}
        prepare = self.records.make_all
        return LazyMap(succ, self._successors, prepare), LazyMap(pred, self._predecessors, prepare)

    def _keyed(self, pairs: Sequence[int]) -> list[Any]:
        """The statements' mapping of each pair (made once, shared by both ends)."""
        made = self._pairs
        todo = [pair for pair in pairs if made[pair] is None]
        if todo:
            starts = self._pair_start
            spans = [(int(starts[pair]), int(starts[pair + 1])) for pair in todo]
            numbers = [number for start, end in spans for number in self._pair_records[start:end].tolist()]
            records = iter(self.records.many(numbers))
            for pair, (start, end) in zip(todo, spans, strict=True):
                if end - start == 1:
                    made[pair] = one_of((next(records),))
                else:
                    found = [next(records) for _ in range(end - start)]
                    made[pair] = {record.key: record for record in found}
        return [made[pair] for pair in pairs]

    def _successors(self, node: int) -> dict[str, Any]:
        start, end = int(self._succ_start[node]), int(self._succ_start[node + 1])
        if start == end:
            return {}
        keys = self.keys
        targets = map(keys.__getitem__, self._pair_target[start:end].tolist())
        return dict(zip(targets, self._keyed(range(start, end)), strict=True))

    def _predecessors(self, node: int) -> dict[str, Any]:
        start, end = int(self._pred_start[node]), int(self._pred_start[node + 1])
        if start == end:
            return {}
        if self._pair_source is None:
            counts = np.diff(self._succ_start)
            self._pair_source = np.repeat(np.arange(len(counts), dtype=np.int32), counts)
        pairs = self._pred_pairs[start:end]
        keys = self.keys
        sources = map(keys.__getitem__, self._pair_source[pairs].tolist())
        return dict(zip(sources, self._keyed(pairs.tolist()), strict=True))


def adjacency_arrays(
    keys: Sequence[str], succ: MutableMapping[str, Any], pred: MutableMapping[str, Any], numbers: dict[int, int]
) -> dict[str, np.ndarray]:
    """The columns of ``Adjacency`` for a graph's ``_succ`` and ``_pred`` (``numbers``: ``id(record)`` → its number)."""
    index = {key: at for at, key in enumerate(keys)}
    succ_start, pair_start = [0], [0]
    pair_target: list[int] = []
    pair_records: list[int] = []
    pair_of: dict[int, int] = {}
    for key in keys:
        for target, keyed in succ[key].items():
            pair_of[id(keyed)] = len(pair_target)
            pair_target.append(index[target])
            pair_records.extend(numbers[id(record)] for record in keyed.values())
            pair_start.append(len(pair_records))
        succ_start.append(len(pair_target))
    pred_start, pred_pairs = [0], []
    for key in keys:
        for source, keyed in pred[key].items():
            pair = pair_of[id(keyed)]
            if pair_target[pair] != index[key] or succ[source].get(key) is not keyed:
                raise ValueError("the graph's successors and predecessors disagree")
            pred_pairs.append(pair)
        pred_start.append(len(pred_pairs))
    numbered = {
        "succ_start": succ_start,
        "pair_target": pair_target,
        "pair_start": pair_start,
        "pair_records": pair_records,
        "pred_start": pred_start,
        "pred_pairs": pred_pairs,
    }
    wide = np.int32 if len(pair_records) <= np.iinfo(np.int32).max else np.int64
    return {name: np.asarray(values, dtype=wide) for name, values in numbered.items()}


class Contributions:
    """What each article contributed, in columns: its (entity, mentions) pairs and its records (a range of numbers)."""

    def __init__(self, said: Column, said_start: np.ndarray, record_start: np.ndarray, records: Records) -> None:
        self._said, self._said_start, self._record_start, self._records = said, said_start, record_start, records

    def map(self, ids: Sequence[str]) -> LazyMap[Any]:
        return LazyMap(dict(zip(ids, range(len(ids)), strict=True)), self._make, self._records.make_all)

    def _make(self, article: int) -> tuple[tuple[Any, ...], tuple[StatementData, ...]]:
        distinct, rows = self._said
        said = tuple(map(distinct.__getitem__, rows[int(self._said_start[article]) : int(self._said_start[article + 1])].tolist()))
        edges = self._records.many(range(int(self._record_start[article]), int(self._record_start[article + 1])))
        return said, tuple(edges)
