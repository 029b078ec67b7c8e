"""The mirror's per-statement records: compact, read-only mappings that read like the dicts they replace.

A mirror holds one record per statement (and per quantity object), so their
size is most of its memory. ``StatementData`` (an edge's attributes) and
``QuantityData`` (a quantity node's attributes) keep their values in slots
rather than a dict, and the values they share with other statements (IRIs'
keys, predicates, dates, surface forms, empty qualifiers) are one object each
(``Shared``). Both are ``Mapping``s with exactly the keys and values the
mirror's dicts had (``asserted`` is derived; ``amount``/``currency`` only when
known), so readers use ``data["x"]``, ``data.get("x")``, ``dict(data)`` as
before. Nothing changes them: an update replaces the record.

Between two nodes linked by a single statement (most pairs) networkx's key
dict is a ``OneStatement``, a one-entry mapping; a second statement turns it
into a dict, and removing all but one turns it back.

A ``StatementData`` also knows its ends and its statement id (``subject``,
``object``, ``key``: made from its article and number when asked) and its ``day``, so the mirror's other indexes
(``graph.incidence``) keep a reference to it instead of a tuple of their own.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import partial
from typing import Any, NamedTuple

#: The keys of an edge's attributes, in order (``amount`` and ``currency`` only when known).
STATEMENT_KEYS: tuple[str, ...] = (
    "predicate",
    "category",
    "polarity",
    "modality",
    "asserted",
    "confidence",
    "date",
    "article_date",
    "article",
    "source",
    "sentence",
    "start",
    "end",
    "qualifiers",
    "subject_text",
    "object_text",
    "amount",
    "currency",
)
_OPTIONAL = frozenset({"amount", "currency"})
_STORED = frozenset(STATEMENT_KEYS) - {"asserted"}


class _Statement(NamedTuple):
    """The values of a ``StatementData``, in a tuple (what the record is in memory)."""

    subject: str
    object: str
    number: int | str  # the statement's number in its article, or its whole id if that is not "<article>/<number>"
    predicate: str
    category: str
    polarity: str
    modality: str
    confidence: float
    date: str | None
    origin: tuple[str, str, str | None]  # (article, source, article_date): one tuple for the statements of an article
    sentence: str
    start: int
    end: int
    qualifiers: dict[str, Any]
    subject_text: str
    object_text: str
    money: tuple[float | None, str | None] | None  # (amount, currency), shared; None when neither is known


class StatementData(_Statement, Mapping[str, Any]):  # a Mapping, not a sequence, to its readers
    """The attributes of one statement's edge (see ``graph.mirror``), read-only.

    A tuple underneath (its values are the fields of ``_Statement``, read as attributes), so that
    ``graph.saved`` builds millions of them from columns without a Python call each
    (``from_values``); to everyone else it is a ``Mapping`` of the edge's attributes, equal to the
    dict it replaces, unhashable and unordered like one.
    """

    __slots__ = ()

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return unpickled_statement, tuple(tuple.__iter__(self))

    __eq__ = Mapping.__eq__
    __hash__ = None  # type: ignore[assignment]

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    def __lt__(self, other: object) -> bool:
        return NotImplemented

    __le__ = __gt__ = __ge__ = __lt__

    @property
    def article(self) -> str:
        return self.origin[0]

    @property
    def source(self) -> str:
        return self.origin[1]

    @property
    def article_date(self) -> str | None:
        return self.origin[2]

    @property
    def amount(self) -> float | None:
        money = self.money
        return None if money is None else money[0]

    @property
    def currency(self) -> str | None:
        money = self.money
        return None if money is None else money[1]

    @property
    def key(self) -> str:
        """The statement id, ``<article>/<number>`` (see ``graph.model.statement_id``): made when asked,
        so that a statement between two nodes that share no other holds no string of its own."""
        number = self.number
        return number if type(number) is str else f"{self.origin[0]}/{number}"

    @property
    def asserted(self) -> bool:
        return self.polarity == "positive" and self.modality != "hypothetical"

    @property
    def day(self) -> str:
        """The statement's date, else its article's, else ""."""
        return self.date or self.origin[2] or ""

    def __getitem__(self, name: str) -> Any:  # type: ignore[override]  # by name, as a Mapping
        if name in _STORED:
            value = getattr(self, name)
            if value is None and name in _OPTIONAL:
                raise KeyError(name)
            return value
        if name == "asserted":
            return self.asserted
        raise KeyError(name)

    def __contains__(self, name: Any) -> bool:
        if name in _OPTIONAL:
            return getattr(self, str(name)) is not None
        return name in _STORED or name == "asserted"

    def __iter__(self) -> Iterator[str]:
        for name in STATEMENT_KEYS:
            if name not in _OPTIONAL or getattr(self, name) is not None:
                yield name

    def __len__(self) -> int:
        money = self.money
        return len(STATEMENT_KEYS) - 2 if money is None else len(STATEMENT_KEYS) - (money[0] is None) - (money[1] is None)

    def copy(self) -> dict[str, Any]:
        """A plain dict of the attributes (what ``networkx`` copies a graph with)."""
        return dict(self.items())

    def __repr__(self) -> str:
        return f"StatementData({dict(self.items())!r})"


#: The numbers of the statements unpickled so far, one object per value (a bounded set: offsets, confidences).
_NUMBERS: dict[tuple[type, Any], Any] = {}


def _shared_number(value: Any) -> Any:
    if value is None or value != value or (type(value) is float and value == 0.0):  # NaN, and -0.0 apart from 0.0
        return value
    return _NUMBERS.setdefault((type(value), value), value)


#: A ``StatementData`` of its values in order (a sequence of ``len(STATEMENT_FIELDS)``), built without a Python call.
from_values = partial(tuple.__new__, StatementData)

#: The fields of a ``StatementData``, in order.
STATEMENT_FIELDS: tuple[str, ...] = _Statement._fields

_NUMBER_FIELDS = tuple(STATEMENT_FIELDS.index(name) for name in ("confidence", "start", "end"))


#: The fields of a record as pickled before the article's fields and the amount went in tuples of their own.
EARLIER_FIELDS = (
    *STATEMENT_FIELDS[: STATEMENT_FIELDS.index("origin")],
    "article_date",
    "article",
    "source",
    *STATEMENT_FIELDS[STATEMENT_FIELDS.index("origin") + 1 : STATEMENT_FIELDS.index("money")],
    "amount",
    "currency",
)


def unpickled_statement(*values: Any) -> StatementData:
    """A ``StatementData`` read back from a pickle, its numbers shared again (pickle writes each int and
    float on its own, so without this every statement would get its own copy of its offsets and confidence);
    ``values`` of ``EARLIER_FIELDS`` too."""
    if len(values) == len(EARLIER_FIELDS):
        earlier = dict(zip(EARLIER_FIELDS, values, strict=True))
        origin = (earlier["article"], earlier["source"], earlier["article_date"])
        amount, currency = earlier["amount"], earlier["currency"]
        values = tuple(
            {"origin": origin, "money": None if amount is None and currency is None else (amount, currency)}.get(name, earlier.get(name))
            for name in STATEMENT_FIELDS
        )
    shared = list(values)
    for at in _NUMBER_FIELDS:
        shared[at] = _shared_number(shared[at])
    return from_values(shared)


class _One(NamedTuple):
    data: StatementData


class OneStatement(_One, Mapping[str, StatementData]):
    """The statements from one node to another when there is just one (most pairs, every quantity):
    networkx's key dict (statement id → attributes) in 48 bytes instead of a 224-byte dict.
    A tuple underneath, as a ``StatementData`` and for the same reason (``one_of``)."""

    __slots__ = ()

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return OneStatement, (self.data,)

    __eq__ = Mapping.__eq__
    __hash__ = None  # type: ignore[assignment]
    __ne__ = StatementData.__ne__
    __lt__ = __le__ = __gt__ = __ge__ = StatementData.__lt__

    def __getitem__(self, key: str) -> StatementData:  # type: ignore[override]  # by key, as a Mapping
        if key == self.data.key:
            return self.data
        raise KeyError(key)

    def get(self, key: str, default: Any = None) -> Any:
        return self.data if key == self.data.key else default

    def __contains__(self, key: Any) -> bool:
        return key == self.data.key

    def __iter__(self) -> Iterator[str]:  # type: ignore[override]  # its key, as a Mapping
        return iter((self.data.key,))

    def __len__(self) -> int:
        return 1

    def copy(self) -> dict[str, StatementData]:
        return {self.data.key: self.data}

    def __repr__(self) -> str:
        return f"OneStatement({self.data.key!r})"


#: A ``OneStatement`` of a 1-tuple of its statement, built without a Python call.
one_of = partial(tuple.__new__, OneStatement)


class _Quantity(NamedTuple):
    """The values of a ``QuantityData``, in a tuple."""

    label: str
    value: float
    unit: str
    approximate: str | None
    article: str


class QuantityData(_Quantity, Mapping[str, Any]):  # a Mapping, not a sequence, to its readers
    """The attributes of a quantity node, read-only: label, type, value, unit, approximate,
    aliases, mentions (1) and articles (the one article that states it).

    A tuple underneath (its values are the fields of ``_Quantity``), as a ``StatementData`` and for the
    same reason (``quantity_of``)."""

    __slots__ = ()

    _KEYS = ("label", "type", "value", "unit", "approximate", "aliases", "mentions", "articles")

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return QuantityData, tuple(tuple.__iter__(self))

    __eq__ = Mapping.__eq__
    __hash__ = None  # type: ignore[assignment]
    __ne__ = StatementData.__ne__
    __lt__ = __le__ = __gt__ = __ge__ = StatementData.__lt__

    def __getitem__(self, name: str) -> Any:  # type: ignore[override]  # by name, as a Mapping
        if name in ("label", "value", "unit", "approximate"):
            return getattr(self, name)
        if name == "type":
            return "QUANTITY"
        if name == "aliases":
            return [self.label] if self.label else []
        if name == "mentions":
            return 1
        if name == "articles":
            return frozenset((self.article,))
        raise KeyError(name)

    def __contains__(self, name: object) -> bool:
        return name in QuantityData._KEYS

    def __iter__(self) -> Iterator[str]:
        return iter(QuantityData._KEYS)

    def __len__(self) -> int:
        return len(QuantityData._KEYS)

    def copy(self) -> dict[str, Any]:
        return dict(self.items())

    def __repr__(self) -> str:
        return f"QuantityData({dict(self.items())!r})"


#: The fields of a ``QuantityData``, in order.
QUANTITY_FIELDS: tuple[str, ...] = _Quantity._fields

#: A ``QuantityData`` of its values in order, built without a Python call.
quantity_of = partial(tuple.__new__, QuantityData)


class Shared:
    """One object per distinct value: the strings, numbers and qualifier maps many statements repeat.

    Values never leave it (a value no statement uses any more stays), so only
    values drawn from a small, slowly growing set belong here: keys, predicates,
    categories, dates, surface forms, numbers; not sentences or article ids.
    """

    def __init__(self) -> None:
        self._strings: dict[str, str] = {}
        self._values: dict[Any, Any] = {}  # (type, value) → value: 1, 1.0 and True stay apart
        self._empty: dict[str, Any] = {}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.__dict__.setdefault("_strings", {})  # saved before strings had a table of their own

    def __call__(self, value: Any) -> Any:
        """The shared object equal to ``value`` (of the same type); ``value`` itself when new."""
        if type(value) is str:
            return self._strings.setdefault(value, value)
        if value is None or isinstance(value, bool) or value != value:  # NaN: not equal to itself
            return value
        if isinstance(value, float) and value == 0.0:  # 0.0 and -0.0 are equal but print apart
            return value
        return self._values.setdefault((type(value), value), value)

    def money(self, amount: float | None, currency: str | None) -> tuple[float | None, str | None] | None:
        """``(amount, currency)``, shared with the other statements of that amount (None when neither is known)."""
        if amount is None and currency is None:
            return None
        if amount is not None and (amount != amount or amount == 0.0):  # NaN; 0.0 and -0.0 print apart
            return (amount, currency)
        key = (tuple, type(amount), amount, currency)
        found = self._values.get(key)
        if found is None:
            found = self._values[key] = (self(amount), self(currency))
        return found

    def qualifiers(self, qualifiers: Mapping[str, Any]) -> dict[str, Any]:
        """A dict equal to ``qualifiers``, shared with other statements when its values allow it."""
        if not qualifiers:
            return self._empty
        try:
            frozen = (dict, tuple((k, type(v), v) for k, v in qualifiers.items()))  # in order: answers list them so
            hash(frozen)
        except TypeError:  # a list or a dict among the values
            return dict(qualifiers)
        found = self._values.get(frozen)
        if found is None:
            found = self._values[frozen] = dict(qualifiers)
        return found

    def __len__(self) -> int:
        return len(self._strings) + len(self._values)
