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

import contextlib
import ctypes
import gc
import sys
import threading
from collections.abc import Callable, ItemsView, Iterable, Iterator, MutableMapping, MutableSet, Sequence, ValuesView
from typing import Any, TypeVar

import numpy as np

from graph.edges import STATEMENT_FIELDS, StatementData, from_values, one_of

V = TypeVar("V")

#: A column: the distinct values (by identity) and each row's number among them.
Column = tuple[Sequence[Any], np.ndarray]

#: Nodes made one by one before a reader going through the graph gets every record made at once.
_ONE_BY_ONE = 1 / 16
#: The share of the records made node by node after which everything is made at once.
_RIPE = 1 / 4
#: Fewer records than this are made one by one rather than column by column.
_SMALL = 24

_MAKING = threading.RLock()


def _release_free_memory() -> None:
    """Hand the heap freed (the columns, once everything is made) back to the system (glibc only)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL("libc.so.6").malloc_trim(0)


@contextlib.contextmanager
def _uncollected() -> Iterator[None]:
    """No garbage collection while millions of objects are made, none of them garbage."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class Texts(Sequence[str]):
    """Distinct strings kept as one UTF-8 buffer and offsets (in bytes and in characters), decoded when first
    read (then kept): one by one, or all of the buffer at once for a reader of all of them."""

    def __init__(self, buffer: bytes, offsets: np.ndarray, chars: np.ndarray) -> None:
        self._buffer = buffer
        self._offsets = offsets
        self._chars = chars
        self._made: list[str | None] = [None] * (len(offsets) - 1)
        self._missing = len(self._made)

    @classmethod
    def of(cls, texts: Sequence[str]) -> Texts:
        encoded = [text.encode("utf-8", "surrogatepass") for text in texts]
        offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
        np.cumsum([len(data) for data in encoded], out=offsets[1:])
        chars = np.zeros(len(texts) + 1, dtype=np.int64)
        np.cumsum([len(text) for text in texts], out=chars[1:])
        return cls(b"".join(encoded), offsets, chars)

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return Texts, (self._buffer, self._offsets, self._chars)

    def __len__(self) -> int:
        return len(self._made)

    def many(self, numbers: Sequence[int]) -> list[str]:
        """The strings of ``numbers``, in that order."""
        if len(numbers) > self._missing // 4 and self._missing > _SMALL:
            self._make_all()
            made = self._made
            return [made[at] for at in numbers]  # type: ignore[misc]
        made, buffer, offsets = self._made, self._buffer, self._offsets.data
        found = []
        for at in numbers:
            text = made[at]
            if text is None:
                text = made[at] = buffer[offsets[at] : offsets[at + 1]].decode("utf-8", "surrogatepass")
                self._missing -= 1
            found.append(text)
        return found

    def _make_all(self) -> None:
        whole = self._buffer.decode("utf-8", "surrogatepass")
        chars = self._chars.tolist()
        self._made = [
            text if text is not None else whole[start:end] for text, start, end in zip(self._made, chars, chars[1:], strict=False)
        ]
        self._missing = 0

    def __getitem__(self, at: int) -> str:  # type: ignore[override]  # by number only
        text = self._made[at]
        if text is None:
            offsets = self._offsets
            text = self._made[at] = self._buffer[offsets.item(at) : offsets.item(at + 1)].decode("utf-8", "surrogatepass")
            self._missing -= 1
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
        self._views = [(distinct, rows.data) for distinct, rows in self._columns]  # read one row as an int
        self._tables: list[np.ndarray | None] = [None] * len(self._columns)

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
        if self._missing and [at for at in numbers if made[at] is None]:  # ``is``: a record compares as a Mapping
            with _MAKING, _uncollected():
                missing = sorted({at for at in numbers if made[at] is None})
                if missing:
                    self._make(missing)
        return [made[at] for at in numbers]  # type: ignore[misc]

    @property
    def made(self) -> float:
        """The share of the records made so far."""
        return 1 - self._missing / max(len(self._made), 1)

    def make_all(self) -> None:
        """Make every record not made yet, column by column (what a reader of the whole graph needs)."""
        if not self._missing:
            return
        with _MAKING, _uncollected():
            made = self._made
            self._make(list(range(len(made))) if self._missing == len(made) else [at for at, record in enumerate(made) if record is None])
            # every record made: the columns (the sentences' buffer among them) are no longer read
            self._columns, self._views, self._tables = [], [], []

    def _make(self, numbers: list[int]) -> None:
        made = self._made
        if len(numbers) < _SMALL:
            views = self._views
            for at in numbers:
                made[at] = from_values([distinct[rows[at]] for distinct, rows in views])
        else:
            whole = len(numbers) == len(made)
            chosen = None if whole else np.asarray(numbers, dtype=np.int64)
            values = []
            for at, (distinct, rows) in enumerate(self._columns):
                if isinstance(distinct, Texts):
                    values.append(distinct.many((rows if chosen is None else rows[chosen]).tolist()))
                    continue
                table = self._tables[at]
                if table is None:  # the distinct values in an array of objects, to take many rows at once
                    table = self._tables[at] = np.fromiter(distinct, dtype=object, count=len(distinct))
                values.append(table.take(rows if chosen is None else rows[chosen]).tolist())
            if whole:
                made[:] = map(from_values, zip(*values, strict=True))
            else:
                for at, record in zip(numbers, map(from_values, zip(*values, strict=True)), strict=True):
                    made[at] = record
        self._missing -= len(numbers)


class LazyMap(MutableMapping[str, V]):
    """A dict whose values are made when first read: a value still an ``int`` is the number ``make`` makes it from
    (``make`` takes a list of numbers and gives their values, so a pass over all the values makes them at once).

    ``prepare`` (if any) runs before the first pass over all the values (``values()``, ``items()``), or once
    ``_ONE_BY_ONE`` of them were made one by one, so that a reader of the whole graph makes the records at once."""

    __slots__ = ("_items", "_make", "_prepare", "_ripe", "_pending", "_one_by_one")

    def __init__(
        self,
        items: dict[str, Any],
        make: Callable[[list[int]], list[V]],
        prepare: Callable[[], None] | None = None,
        *,
        pending: int | None = None,
        ripe: Callable[[], bool] | None = None,
    ) -> None:
        """``pending``: how many values are still numbers (all, unless said); ``ripe``: whether to ``prepare``
        now, asked before each value made one by one (besides the share of them made so)."""
        self._items = items
        self._make = make
        self._prepare = prepare
        self._ripe = ripe
        self._pending = len(items) if pending is None else pending
        self._one_by_one = 0

    def __getitem__(self, key: str) -> V:
        value = self._items[key]
        if type(value) is int:
            return self._made_for(key)
        return value

    def _made_for(self, key: str) -> V:
        with _MAKING:
            value = self._items[key]
            if type(value) is not int:  # made by another thread meanwhile
                return value
            self._one_by_one += 1
            if self._prepare is not None and (
                self._one_by_one > len(self._items) * _ONE_BY_ONE or (self._ripe is not None and self._ripe())
            ):
                self._whole()
                value = self._items[key]
                if type(value) is not int:  # made with everything else
                    return value
            with _uncollected():
                made = self._items[key] = self._make([value])[0]
            self._pending -= 1
            return made

    def _whole(self) -> None:
        prepare, self._prepare = self._prepare, None
        if prepare is not None:
            prepare()

    def _make_pending(self) -> None:
        """Make every value not made yet, at once."""
        with _MAKING:
            if not self._pending:
                return
            self._whole()
            items = self._items
            pending = [(key, value) for key, value in items.items() if type(value) is int]
            with _uncollected():
                for (key, _), made in zip(pending, self._make([number for _, number in pending]), strict=True):
                    items[key] = made
            self._pending = 0

    def get(self, key: str, default: Any = None) -> Any:
        value = self._items.get(key, default)
        if type(value) is int and key in self._items:
            return self._made_for(key)
        return value

    def __setitem__(self, key: str, value: V) -> None:
        if type(self._items.get(key)) is int:
            self._pending -= 1
        self._items[key] = value

    def __delitem__(self, key: str) -> None:
        if type(self._items[key]) is int:
            self._pending -= 1
        del self._items[key]

    def __contains__(self, key: object) -> bool:
        return key in self._items

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def items(self) -> ItemsView[str, V]:  # the dict's own view, once every value is made
        if self._pending:
            self._make_pending()
        return self._items.items()

    def values(self) -> ValuesView[V]:
        if self._pending:
            self._make_pending()
        return self._items.values()

    def copy(self) -> dict[str, V]:
        return dict(self.items())

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return dict, (list(self.items()),)  # a pickle of the mirror whole holds a dict, every value made

    def __repr__(self) -> str:
        return f"LazyMap({len(self)} items, {self._pending} not made)"


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

    A node's neighbours are made when the node is first read, the statements' mapping of a pair when the
    pair is; a reader going through the whole graph (see ``LazyMap``) gets everything made at once.
    """

    def __init__(self, keys: Sequence[str], arrays: dict[str, np.ndarray], records: Records) -> None:
        self.keys = keys
        self.records = records
        self._arrays = arrays
        # memoryviews: an int per row read, a list per slice (numpy is slower at both for a few rows)
        self._succ_start = arrays["succ_start"].data
        self._pair_target = arrays["pair_target"].data
        self._pair_start = arrays["pair_start"].data
        self._pair_records = arrays["pair_records"].data
        self._pred_start = arrays["pred_start"].data
        self._pred_pairs = arrays["pred_pairs"].data
        self._pair_source: memoryview | None = None
        self._pairs: list[Any] = [None] * len(self._pair_target)
        self._everything = False
        self._maps: tuple[LazyMap[Any], LazyMap[Any]] | None = None

    def maps(self, succ_order: Sequence[int] | None = None, pred_order: Sequence[int] | None = None) -> tuple[LazyMap[Any], LazyMap[Any]]:
        """``_succ`` and ``_pred`` (keys in ``keys`` order, or the orders given as node numbers)."""
        keys = self.keys
        succ = dict(zip(keys, range(len(keys)), strict=True)) if succ_order is None else {keys[at]: at for at in succ_order}
        pred = dict(succ) if pred_order is None else {keys[at]: at for at in pred_order}
        self._maps = (
            LazyMap(succ, self._successors, self._make_everything, ripe=self._ripe),
            LazyMap(pred, self._predecessors, self._make_everything, ripe=self._ripe),
        )
        return self._maps

    def _ripe(self) -> bool:
        """Whether the nodes read one by one made so many records that this is a pass over the graph (hubs first)."""
        return self.records.made > _RIPE

    def _make_everything(self) -> None:
        """Every record, every pair's mapping, every node's neighbours, at once (a reader of the whole graph)."""
        if self._everything:
            return
        with _MAKING, _uncollected():
            self._everything = True
            self.records.make_all()
            self._make_pairs()
            for found in self._maps or ():
                found._prepare = None
                found._make_pending()
            # every node's neighbours made: only ``_keyed`` (for neighbours made before, with pairs not read yet)
            # is called from now on, and finds every pair made
            self._arrays = {}
            self._succ_start = self._pair_target = self._pair_start = self._pair_records = memoryview(b"")
            self._pred_start = self._pred_pairs = memoryview(b"")
            self._pair_source = None
        _release_free_memory()
        # As after loading (``graph.saved``): the mirror's objects live as long as it does, so no collection
        # need go through them (``KnowledgeGraph.refresh`` unfreezes).
        gc.freeze()

    def _make_pairs(self) -> None:
        """Every pair's mapping not made yet, at once."""
        made = self._pairs
        starts = self._arrays["pair_start"]
        counts = np.diff(starts)
        records = self.records.many(self._arrays["pair_records"].tolist())
        singles = np.flatnonzero(counts == 1).tolist()
        ones = map(one_of, zip(map(records.__getitem__, starts[:-1][counts == 1].tolist())))
        for pair, one in zip(singles, ones, strict=True):
            if made[pair] is None:
                made[pair] = one
        for pair, start, end in zip(
            *(column.tolist() for column in (np.flatnonzero(counts != 1), starts[:-1][counts != 1], starts[1:][counts != 1])), strict=True
        ):
            if made[pair] is None:
                made[pair] = {record.key: record for record in records[start:end]}

    def _keyed(self, pairs: Iterable[int]) -> list[Any]:
        """The statements' mapping of each pair (made once, shared by both ends)."""
        made = self._pairs
        pairs = list(pairs)
        todo = [pair for pair in pairs if made[pair] is None]
        if todo:
            starts, numbers = self._pair_start, self._pair_records
            spans = [(starts[pair], starts[pair + 1]) for pair in todo]
            records = iter(self.records.many([number for start, end in spans for number in numbers[start:end].tolist()]))
            for pair, (start, end) in zip(todo, spans, strict=True):
                if end - start == 1:
                    made[pair] = one_of((next(records),))
                else:
                    found = [next(records) for _ in range(end - start)]
                    made[pair] = {record.key: record for record in found}
        return [made[pair] for pair in pairs]

    def _neighbours(self, names: Iterable[str], pairs: list[int]) -> MutableMapping[str, Any]:
        if self._everything:  # every pair made: a plain dict, as in a built mirror
            return dict(zip(names, map(self._pairs.__getitem__, pairs), strict=True))
        return LazyMap(dict(zip(names, pairs, strict=True)), self._keyed)

    def _successors(self, nodes: list[int]) -> list[MutableMapping[str, Any]]:
        """Each node's successors: neighbour → the pair's mapping, made when first read."""
        keys, starts, targets = self.keys, self._succ_start, self._pair_target
        found = []
        for node in nodes:
            start, end = starts[node], starts[node + 1]
            found.append(self._neighbours(map(keys.__getitem__, targets[start:end].tolist()), list(range(start, end))))
        return found

    def _predecessors(self, nodes: list[int]) -> list[MutableMapping[str, Any]]:
        keys, starts, every = self.keys, self._pred_start, self._pred_pairs
        sources = self._pair_source
        if sources is None:
            counts = np.diff(self._arrays["succ_start"])
            sources = self._pair_source = np.repeat(np.arange(len(counts), dtype=np.int32), counts).data
        found = []
        for node in nodes:
            pairs = every[starts[node] : starts[node + 1]].tolist()
            found.append(self._neighbours([keys[sources[pair]] for pair in pairs], pairs))
        return found


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

    def _make(self, articles: list[int]) -> list[tuple[tuple[Any, ...], tuple[StatementData, ...]]]:
        distinct, rows = self._said
        said_start, record_start = self._said_start, self._record_start
        spans = [(record_start.item(article), record_start.item(article + 1)) for article in articles]
        records = iter(self._records.many([number for start, end in spans for number in range(start, end)]))
        found = []
        for article, (start, end) in zip(articles, spans, strict=True):
            said = tuple(map(distinct.__getitem__, rows[said_start.item(article) : said_start.item(article + 1)].tolist()))
            found.append((said, tuple(next(records) for _ in range(end - start))))
        return found
