"""The mirror saved beside an on-disk store, so that opening the store does not rebuild it from SPARQL.

Three files in the store directory:

``mirror.pickle``
    the whole ``Mirror`` (graph, figures, indexes) at some point of the store's
    history, with a checksum;
``mirror.journal``
    every article written or removed since then, in order (what the mirror
    needs of it: no article text), each record with its length and checksum;
``mirror.json``
    the manifest: the two files' lengths and checksums, and the fingerprint of
    the store's database files (names, sizes, modification times) when the
    store was last closed.

The manifest is written only when a ``KnowledgeGraph`` closes the store after
an open during which it journalled every article write, and it is deleted as soon
as the store is opened for writing. So the saved mirror is used only when the
database files are exactly as they were at that close: a crash, a write by a
process that does not keep the journal, a copy of the database without the
saved mirror, or any other change of the files makes it stale, and the mirror
is rebuilt from the store. A saved mirror that can't be read or whose
checksums don't match is ignored, with a warning.

Writes keep the journal whether or not the process built the mirror (``ingest``
appends the articles it writes); the process that loads the mirror replays the
journal, and writes a new ``mirror.pickle`` (and empties the journal) after it
rebuilt the mirror from the store or replayed a long journal. A new store
starts with an empty journal and no ``mirror.pickle`` (the empty mirror).

A lock file (``mirror.lock``) keeps a process from opening the store between
another's close and its manifest. Remote stores and in-memory stores have no
saved mirror.
"""

from __future__ import annotations

import array
import contextlib
import dataclasses
import fcntl
import gc
import io
import json
import logging
import os
import pickle
import struct
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import networkx as nx
import numpy as np

from graph.columns import Adjacency, ArticleSet, Contributions, LazyMap, Records, Texts, adjacency_arrays, column
from graph.edges import (
    EARLIER_FIELDS,
    QUANTITY_FIELDS,
    STATEMENT_FIELDS,
    QuantityData,
    Shared,
    StatementData,
    from_values,
    one_of,
    quantity_of,
    unpickled_statement,
)
from graph.incidence import Incidence, unpacked
from graph.mirror import Mirror
from graph.model import ArticleExtraction
from graph.store.oxigraph import DATABASE_DIR as DATABASE
from graph.store.oxigraph import METADATA_FILE as METADATA

log = logging.getLogger(__name__)

#: Version of the three files' layout; any other is stale.
FORMAT = 1
MANIFEST = "mirror.json"
BASE = "mirror.pickle"
JOURNAL = "mirror.journal"
LOCK = "mirror.lock"
_MAGIC = b"NGMIRROR"
_HEADER = struct.Struct("<8sIQI")  # magic, format, payload length, crc32
_RECORD = struct.Struct("<II")  # payload length, crc32

#: A journal longer than this (records), or than a twentieth of the articles, is folded into a new mirror.pickle.
JOURNAL_FOLD = 256
#: A writer that closes the store folds in a journal past JOURNAL_FOLD records and 1/JOURNAL_SHARE of mirror.pickle's bytes.
JOURNAL_SHARE = 4


def _dump_mirror(mirror: Mirror, out: Any) -> None:
    """Two pickles through one pickler (so the second names the strings of the first): the mirror's
    statements, adjacency, contributions and quantity nodes as columns (``graph.columns``), then the rest
    of the mirror (entity nodes, tallies, figures, indexes).

    Each column is its distinct values (by identity, so that a value shared in memory is shared again once
    loaded) and each row's number among them in an array; the statements' sentences are one UTF-8 buffer.
    Loading reads the arrays whole and makes the records, each node's neighbours, each article's
    contribution and each entity's set of articles when first read (``_load_columns``), so that it costs
    about the same for a store of any size."""
    graph = mirror.graph
    contributions = list(mirror._contributions.items())
    ids = [article_id for article_id, _ in contributions]
    records = [data for _, (_, edges) in contributions for data in edges]
    numbers = {id(data): at for at, data in enumerate(records)}
    for targets in graph._succ.values():  # a statement in the graph but in no article's contribution (none, kept by the mirror)
        for keyed in targets.values():
            for data in keyed.values():
                if id(data) not in numbers:
                    numbers[id(data)] = len(records)
                    records.append(data)
    keys = list(graph._node)
    node_numbers = {key: at for at, key in enumerate(keys)}
    record_columns = [column([getattr(data, name) for data in records]) for name in STATEMENT_FIELDS]
    at = STATEMENT_FIELDS.index("sentence")
    record_columns[at] = (Texts.of(record_columns[at][0]), record_columns[at][1])
    quantities = [(key, data) for key, data in graph._node.items() if type(data) is QuantityData]
    article_numbers = {article_id: at for at, article_id in enumerate(ids)}
    article_sets: dict[int, int] = {}  # id(an entity's set of articles) → its number among the sets
    members: list[list[int]] = []
    for tally in mirror._tallies.values():
        with contextlib.suppress(KeyError):
            numbered = sorted(article_numbers[a] for a in tally.articles)
            article_sets[id(tally.articles)] = len(members)
            members.append(numbered)
    pickler = _ColumnPickler(out, numbers, article_sets)
    pickler.dump(
        {
            "layout": _COLUMNS_LAYOUT,
            "records": record_columns,
            "keys": keys,
            "succ_order": None if list(graph._succ) == keys else [node_numbers[key] for key in graph._succ],
            "pred_order": None if list(graph._pred) == keys else [node_numbers[key] for key in graph._pred],
            "adjacency": adjacency_arrays(keys, graph._succ, graph._pred, numbers),
            "ids": ids,
            "said": column([pair for _, (said, _) in contributions for pair in said]),
            "said_start": np.cumsum([0, *(len(said) for _, (said, _) in contributions)], dtype=np.int64),
            "record_start": np.cumsum([0, *(len(edges) for _, (_, edges) in contributions)], dtype=np.int64),
            "quantity_keys": [key for key, _ in quantities],
            "quantities": [column([getattr(data, name) for _, data in quantities]) for name in QUANTITY_FIELDS],
            "article_sets": np.asarray([at for numbered in members for at in numbered], dtype=np.int32),
            "article_set_start": np.cumsum([0, *map(len, members)], dtype=np.int64),
        }
    )
    pickler.dump(
        {
            "graph": graph.graph,
            "nodes": {key: data for key, data in graph._node.items() if type(data) is not QuantityData},
            "mirror": {name: value for name, value in mirror.__dict__.items() if name not in ("graph", "_contributions")},
        }
    )


#: The layout of mirror.pickle written by ``_dump_mirror``.
_COLUMNS_LAYOUT = 3


def _load_columns(unpickler: pickle.Unpickler, first: dict[str, Any]) -> Mirror:
    """The mirror of ``_dump_mirror``: arrays and tables read whole, the rest made when first read."""
    records = Records(first["records"])
    ids = first["ids"]
    members, starts = first["article_sets"], first["article_set_start"].tolist()
    objects: list[Any] = [records, ids]
    objects.extend(ArticleSet(ids, members[start:end]) for start, end in zip(starts, starts[1:], strict=False))
    unpickler.persistent_load = objects.__getitem__  # type: ignore[method-assign]
    rest = unpickler.load()
    if not isinstance(rest, dict) or not isinstance(rest.get("mirror"), dict):
        raise SavedMirrorError(f"{BASE} holds no mirror")
    graph = nx.MultiDiGraph()
    graph.graph.update(rest["graph"])
    keys = first["keys"]
    nodes: dict[str, Any] = dict.fromkeys(keys)
    nodes.update(rest["nodes"])
    values = [list(map(distinct.__getitem__, rows.tolist())) for distinct, rows in first["quantities"]]
    nodes.update(zip(first["quantity_keys"], map(quantity_of, zip(*values, strict=True)), strict=True))
    if len(nodes) != len(keys) or len(rest["nodes"]) + len(first["quantity_keys"]) != len(keys):
        raise SavedMirrorError(f"{BASE} names nodes it does not hold")
    graph._node = nodes
    graph._succ, graph._pred = Adjacency(keys, first["adjacency"], records).maps(first["succ_order"], first["pred_order"])
    graph._adj = graph._succ
    nx._clear_cache(graph)
    mirror = Mirror.__new__(Mirror)
    mirror.__dict__.update(rest["mirror"])
    mirror.graph = graph
    mirror._contributions = Contributions(first["said"], first["said_start"], first["record_start"], records).map(ids)
    return mirror


class _ColumnPickler(pickle.Pickler):
    """Names the table of the records (``_TABLE``: 0), the article ids (``_IDS``: 1) and each entity's set of
    articles (2 on, in the columns of the first pickle) by number; an ``Incidence`` goes as numbers in the table."""

    def __init__(self, out: Any, numbers: dict[int, int], article_sets: dict[int, int]) -> None:
        super().__init__(out, protocol=pickle.HIGHEST_PROTOCOL)
        self._numbers = numbers
        self._article_sets = article_sets

    def persistent_id(self, obj: Any) -> int | None:
        if obj is _TABLE:
            return 0
        if obj is _IDS:
            return 1
        kind = type(obj)
        if kind is set or kind is ArticleSet:
            found = self._article_sets.get(id(obj))
            return None if found is None else 2 + found
        return None

    def reducer_override(self, obj: Any) -> Any:
        if type(obj) is Incidence:
            return unpacked, (obj.packed(self._numbers), _TABLE)
        return NotImplemented


#: The layout of mirror.pickle before ``_COLUMNS_LAYOUT`` (still read): the records, one-statement mappings and
#: quantity nodes as columns (a list, or distinct values and each row's number), then the mirror naming them by number.
_LAYOUT = 2
_Column = list[Any] | tuple[list[Any], "array.array[int]"]


def _rows(column: _Column) -> Iterable[Any]:
    if isinstance(column, list):
        return column
    distinct, rows = column
    return map(distinct.__getitem__, rows)


def _load_mirror(stream: IO[bytes]) -> Mirror:
    unpickler = pickle.Unpickler(stream)
    first = unpickler.load()
    if isinstance(first, Mirror):  # a single pickle, as written before the records went in columns
        return first
    if isinstance(first, tuple) and len(first) == len(EARLIER_FIELDS):  # the records' columns alone
        return _load_records_mirror(stream, first)
    if isinstance(first, dict) and first.get("layout") == _COLUMNS_LAYOUT:
        return _load_columns(unpickler, first)
    if not isinstance(first, dict) or first.get("layout") != _LAYOUT:
        raise SavedMirrorError(f"{BASE} holds no mirror")
    objects: list[Any] = list(map(from_values, zip(*map(_rows, first["records"]), strict=True)))
    table = objects[:]  # what an Incidence names its rows in: the records alone, kept as long as it does
    objects.extend(map(one_of, zip(map(objects.__getitem__, first["singles"]))))
    objects.extend(map(QuantityData, *map(_rows, first["quantities"])))
    del first
    objects.append(table)
    unpickler.persistent_load = objects.__getitem__  # type: ignore[method-assign]
    mirror = unpickler.load()
    if not isinstance(mirror, Mirror):
        raise SavedMirrorError(f"{BASE} holds no mirror")
    return mirror


def _load_records_mirror(stream: IO[bytes], columns: tuple[list[Any], ...]) -> Mirror:
    """The layout before the one-statement mappings and quantities went in columns too."""
    field = {name: columns[at] for at, name in enumerate(EARLIER_FIELDS)}
    shared: dict[Any, Any] = {}
    share = Shared()
    origins = [shared.setdefault(origin, origin) for origin in zip(field["article"], field["source"], field["article_date"], strict=True)]
    money = [share.money(amount, currency) for amount, currency in zip(field["amount"], field["currency"], strict=True)]
    numbers = [_numbered(key, article) for key, article in zip(field["number"], field["article"], strict=True)]
    field.update(origin=origins, money=money, number=numbers)
    records = [unpickled_statement(*values) for values in zip(*(field[name] for name in STATEMENT_FIELDS), strict=True)]
    del columns, field, origins, money, numbers
    mirror = _RecordUnpickler(stream, records).load()
    if not isinstance(mirror, Mirror):
        raise SavedMirrorError(f"{BASE} holds no mirror")
    return mirror


class _Table:
    """Stands for the table of the records loaded from columns (in ``_load_mirror``, last among the objects;
    in ``_load_columns``, the ``Records``); ``_IDS`` for the table of article ids."""


_TABLE = _Table()
_IDS = _Table()


def _numbered(key: Any, article: Any) -> Any:
    """A statement's number instead of its id (as the earlier layouts held), when the id is made of it."""
    prefix, _, number = key.rpartition("/") if type(key) is str else ("", "", "")
    if prefix != article or not number.isdigit() or str(int(number)) != number:
        return key
    return int(number)


class _RecordUnpickler(pickle.Unpickler):
    def __init__(self, stream: IO[bytes], records: list[StatementData]) -> None:
        super().__init__(stream)
        self._records = records

    def persistent_load(self, pid: Any) -> StatementData:
        try:
            return self._records[pid]
        except (IndexError, TypeError):
            raise SavedMirrorError(f"{BASE} names a statement it does not hold") from None


class _Checksummed:
    """A file being written, with the length and CRC-32 of what went through it."""

    def __init__(self, file: IO[bytes]) -> None:
        self.file = file
        self.length = 0
        self.crc = 0

    def write(self, data: bytes | pickle.PickleBuffer) -> int:
        view = memoryview(data)  # pickle hands a large buffer (an array's) over as it is
        self.length += view.nbytes
        self.crc = zlib.crc32(view, self.crc)
        return self.file.write(view)


class SavedMirrorError(Exception):
    """The saved mirror can't be used (unreadable, truncated, checksum mismatch); the mirror is rebuilt."""


def fingerprint(database: Path) -> list[list[Any]]:
    """Name, size and modification time of each database file (RocksDB's own logs left out)."""
    found = []
    for entry in os.scandir(database):
        if entry.is_file() and not entry.name.startswith("LOG"):
            stat = entry.stat()
            found.append([entry.name, stat.st_size, stat.st_mtime_ns])
    return sorted(found)


def journal_form(extraction: ArticleExtraction) -> ArticleExtraction:
    """What the mirror needs of an article: the extraction without the article's text, title and URL."""
    article = dataclasses.replace(extraction.article, text="", title="", url=None)
    return dataclasses.replace(extraction, article=article)


@dataclasses.dataclass
class _State:
    """What the files hold, as far as this open of the store knows (valid only while ``fresh``)."""

    fresh: bool = False  # the base and journal describe the store (at open, and after every journalled write)
    base: tuple[int, int] | None = None  # (length, crc32) of mirror.pickle; None: the empty mirror
    journal: int = 0  # bytes of mirror.journal that count
    records: int = 0  # records in them
    writes_at_base: int = 0  # the store's article writes when the base and journal were last in step with it
    journalled: int = 0  # article writes journalled since
    earlier: bool = False  # mirror.pickle was loaded from an earlier layout (saved anew in this one)


class SavedMirror:
    """The saved mirror of one store directory, over one open of the store (see the module docstring)."""

    def __init__(self, path: Path, *, read_only: bool) -> None:
        self.path = path
        self.read_only = read_only
        self._state = _State()
        self._journal: IO[bytes] | None = None

    # -- opening ------------------------------------------------------------------

    @classmethod
    @contextlib.contextmanager
    def opening(cls, path: str | Path, *, read_only: bool) -> Iterator[SavedMirror]:
        """Around opening the store at ``path``: checks the saved mirror against the database files
        before the store changes them and, for writing, deletes the manifest once it is open."""
        saved = cls(Path(path), read_only=read_only)
        database = saved.path / DATABASE
        if not (saved.path / METADATA).is_file():  # no store yet, or a database without its metadata
            if not read_only and not database.exists():  # a new store: its mirror is the empty one
                saved._state = _State(fresh=True)
            yield saved
            return
        with saved._locked():
            if not database.is_dir():
                saved._start_empty()
            else:
                saved._check(database)
            yield saved
            if not read_only:
                saved._remove(MANIFEST)

    def _start_empty(self) -> None:
        """A store about to be created: its mirror is the empty one, and the journal starts empty."""
        if self.read_only:
            return
        for name in (BASE, JOURNAL, MANIFEST):
            self._remove(name)
        self._state = _State(fresh=True)

    def _check(self, database: Path) -> None:
        try:
            manifest = json.loads((self.path / MANIFEST).read_text(encoding="utf-8"))
        except FileNotFoundError:
            return
        except (OSError, ValueError) as error:
            log.warning("ignoring the saved mirror of %s: %s", self.path, error)
            return
        try:
            if manifest.get("format") != FORMAT or manifest.get("fingerprint") != fingerprint(database):
                return  # stale: the store changed since the mirror was saved
            base = manifest["base"]
            self._state = _State(
                fresh=True,
                base=None if base is None else (int(base[0]), int(base[1])),
                journal=int(manifest["journal"]),
                records=int(manifest["records"]),
            )
        except (OSError, KeyError, TypeError, ValueError, AttributeError) as error:
            log.warning("ignoring the saved mirror of %s: %s", self.path, error)

    @property
    def fresh(self) -> bool:
        """Whether the saved mirror (base and journal) is the store's."""
        return self._state.fresh

    # -- loading ------------------------------------------------------------------

    def load(self) -> Mirror | None:
        """The saved mirror with its journal replayed; None (after a warning when it is damaged) if it can't be used."""
        state = self._state
        if not state.fresh:
            return None
        if self._journal is not None:  # what this process journalled (a writer folding it in)
            self._journal.flush()
        enabled = gc.isenabled()
        gc.disable()  # millions of new objects, none of them garbage
        try:
            mirror = self._read_base(state.base)
            state.earlier = state.base is not None and not isinstance(mirror.graph._succ, LazyMap)
            for record in self._read_journal(state.journal, state.records):
                kind, value = record
                if kind == "put":
                    mirror.apply(value)
                elif kind == "remove":
                    mirror.remove_article(value)
                else:
                    raise SavedMirrorError(f"unknown journal record {kind!r}")
        except (
            SavedMirrorError,
            OSError,
            pickle.UnpicklingError,
            EOFError,
            AttributeError,
            ImportError,
            TypeError,
            ValueError,
            IndexError,
        ) as error:
            log.warning("the saved mirror of %s can't be used (%s); rebuilding it from the store", self.path, error)
            self.invalidate()
            return None
        else:
            # The mirror lives as long as the process (``KnowledgeGraph.refresh`` unfreezes): no collection
            # need go through its millions of objects, the first ones after loading included.
            gc.freeze()
            return mirror
        finally:
            if enabled:
                gc.enable()

    def _read_base(self, base: tuple[int, int] | None) -> Mirror:
        if base is None:
            return Mirror()
        with open(self.path / BASE, "rb") as file:
            header = file.read(_HEADER.size)
            if len(header) != _HEADER.size:
                raise SavedMirrorError(f"{BASE} is truncated")
            magic, version, length, crc = _HEADER.unpack(header)
            if magic != _MAGIC or version != FORMAT or (length, crc) != base:
                raise SavedMirrorError(f"{BASE} is not the one the manifest names")
            payload = file.read(length)
        if len(payload) != length or zlib.crc32(payload) != crc:
            raise SavedMirrorError(f"{BASE} is damaged (checksum mismatch)")
        return _load_mirror(io.BytesIO(payload))

    def _read_journal(self, length: int, records: int) -> Iterator[tuple[str, Any]]:
        if not length:
            return
        with open(self.path / JOURNAL, "rb") as file:
            data = file.read(length)
        if len(data) != length:
            raise SavedMirrorError(f"{JOURNAL} is truncated")
        at = seen = 0
        while at < length:
            if at + _RECORD.size > length:
                raise SavedMirrorError(f"{JOURNAL} is damaged (a record is cut)")
            size, crc = _RECORD.unpack_from(data, at)
            payload = data[at + _RECORD.size : at + _RECORD.size + size]
            if len(payload) != size or zlib.crc32(payload) != crc:
                raise SavedMirrorError(f"{JOURNAL} is damaged (checksum mismatch)")
            at += _RECORD.size + size
            seen += 1
            yield pickle.loads(payload)
        if seen != records:
            raise SavedMirrorError(f"{JOURNAL} holds {seen} records, not {records}")

    # -- keeping it up to date ----------------------------------------------------

    def journal_outgrew_base(self) -> bool:
        """Whether the journal holds more than JOURNAL_FOLD records and 1/JOURNAL_SHARE of the bytes of
        ``mirror.pickle`` (any, if there is none yet). A writer that closes the store then folds it in
        (``KnowledgeGraph.close``), so that the next start loads the pickle instead of replaying a long
        journal (about 2 ms per article: minutes after a large ingest). The fold costs about a start;
        as the journal must grow by a share of the pickle before the next one, the folds of a store
        filled by many ingests add a bounded cost per article written."""
        state = self._state
        if self.read_only or not state.fresh or state.records <= JOURNAL_FOLD:
            return False
        base_bytes = state.base[0] if state.base is not None else 0
        return state.journal * JOURNAL_SHARE >= base_bytes

    def keep(self, mirror: Mirror, store_writes: int, *, rebuilt: bool, fold: bool = False) -> None:
        """After the mirror was loaded (``rebuilt``: or built from the store, which then holds
        ``store_writes`` article writes): save it anew if it was rebuilt, its journal is long (or
        ``fold`` says to fold it in) or its ``mirror.pickle`` of an earlier layout (which loads whole,
        in time growing with the store)."""
        if self.read_only:
            return
        state = self._state
        short = not fold and state.records <= max(JOURNAL_FOLD, len(mirror.article_ids()) // 20)
        if not rebuilt and (not state.fresh or (short and not state.earlier)):
            return
        try:
            self._write_base(mirror)
        except (OSError, ValueError) as error:  # ValueError: a graph whose two sides disagree (``adjacency_arrays``)
            log.warning("could not save the mirror of %s: %s", self.path, error)
            self.invalidate()
            return
        self._state = _State(fresh=True, base=self._state.base, writes_at_base=store_writes)

    def _write_base(self, mirror: Mirror) -> None:
        """Write ``mirror.pickle`` (streamed to the file, never whole in memory) and empty the journal."""
        temporary = self.path / f".{BASE}.{os.getpid()}.tmp"
        enabled = gc.isenabled()
        gc.disable()  # pickling allocates no garbage worth a collection
        try:
            with open(temporary, "wb") as file:
                file.write(_HEADER.pack(_MAGIC, FORMAT, 0, 0))  # rewritten once the length and checksum are known
                out = _Checksummed(file)
                _dump_mirror(mirror, out)
                file.seek(0)
                file.write(_HEADER.pack(_MAGIC, FORMAT, out.length, out.crc))
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, self.path / BASE)
        finally:
            if enabled:
                gc.enable()
            with contextlib.suppress(FileNotFoundError):
                temporary.unlink()
        self._close_journal()
        with open(self.path / JOURNAL, "wb"):
            pass
        self._state.base = (out.length, out.crc)

    def put(self, extraction: ArticleExtraction) -> None:
        """An article was written to the store (and to the mirror, if built)."""
        self._append(("put", journal_form(extraction)))

    def removed(self, article_id: str) -> None:
        """An article was removed from the store."""
        self._append(("remove", article_id))

    def _append(self, record: tuple[str, Any]) -> None:
        state = self._state
        if not state.fresh or self.read_only:
            return
        payload = pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            if self._journal is None:
                self._journal = open(self.path / JOURNAL, "r+b" if state.journal else "wb")
                self._journal.seek(state.journal)
                self._journal.truncate()
            self._journal.write(_RECORD.pack(len(payload), zlib.crc32(payload)))
            self._journal.write(payload)
        except OSError as error:
            log.warning("could not keep the journal of the saved mirror of %s: %s", self.path, error)
            self.invalidate()
            return
        state.journal += _RECORD.size + len(payload)
        state.records += 1
        state.journalled += 1

    def invalidate(self) -> None:
        """The saved mirror no longer describes the store (a write it did not see, a failed write):
        nothing is saved at close, and the next open rebuilds the mirror."""
        self._state.fresh = False
        self._close_journal()

    def _close_journal(self) -> None:
        if self._journal is not None:
            with contextlib.suppress(OSError):
                self._journal.close()
            self._journal = None

    # -- closing --------------------------------------------------------------------

    @contextlib.contextmanager
    def closing(self, store_writes: Any) -> Iterator[None]:
        """Around closing the store: then, if every article write since the base was journalled
        (``store_writes()``: the store's count, read before it closes), writes the manifest."""
        with self._locked():
            state = self._state
            writes = store_writes()
            yield
            if self.read_only or not state.fresh:
                self._close_journal()
                return
            if writes - state.writes_at_base != state.journalled:
                log.warning("the store at %s was written around its mirror; the mirror will be rebuilt", self.path)
                self.invalidate()
                return
            try:
                if self._journal is not None:
                    self._journal.flush()
                    os.fsync(self._journal.fileno())
                self._close_journal()
                manifest = {
                    "format": FORMAT,
                    "fingerprint": fingerprint(self.path / DATABASE),
                    "base": None if state.base is None else list(state.base),
                    "journal": state.journal,
                    "records": state.records,
                }
                temporary = self.path / f".{MANIFEST}.{os.getpid()}.tmp"
                temporary.write_text(json.dumps(manifest), encoding="utf-8")
                os.replace(temporary, self.path / MANIFEST)
            except OSError as error:
                log.warning("could not save the mirror of %s: %s", self.path, error)

    # -- files ----------------------------------------------------------------------

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """Hold ``mirror.lock`` (shared for a read-only open, which writes nothing)."""
        try:
            file = open(self.path / LOCK, "rb" if self.read_only else "a+b")
        except OSError:
            yield  # a read-only directory: nothing to guard
            return
        try:
            fcntl.flock(file.fileno(), fcntl.LOCK_SH if self.read_only else fcntl.LOCK_EX)
            yield
        finally:
            file.close()

    def _remove(self, name: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            (self.path / name).unlink()
