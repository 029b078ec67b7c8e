"""Token attributes by rule, found by lookup: an attribute ruler that does not scan.

spaCy's ``AttributeRuler`` finds its rules with a ``Matcher``, which tries every
rule at every token, and then builds a ``Span`` for each match to set the
attributes; on the English pipelines (one rule per tag, a hundred word rules)
that is about a tenth of the time of parsing. ``IndexedAttributeRuler`` takes
the same patterns and gives the same annotations: each one-token rule is filed
under one value it requires (its word, tag or dependency). The rules that only
map such a value to a part of speech and morphology (the tag map) are applied to
a whole batch of docs at once, as arrays; a token whose values other rules are
filed under is then tested against those rules, one by one. Rules of several
tokens, and tests other than equality, ``IN``, ``NOT_IN``, ``REGEX`` and flags,
are left to a ``Matcher`` as before, run only on a doc holding a value one of
them needs. Later rules win, as in spaCy's ruler.

``index_attribute_ruler(nlp)`` swaps it in for a pipeline's ``attribute_ruler``
when every rule's attributes are ones it can set (else the pipeline is left as
it is); ``tests/loaders/test_attributes.py`` checks the annotations equal.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from loaders.components import put_in_place, register

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

FACTORY = "newsgraph_attribute_ruler"

#: Token attributes a one-token rule may test (read with ``Doc.to_array``): strings and flags.
TESTED = frozenset({"ORTH", "LOWER", "NORM", "TAG", "POS", "DEP", "LEMMA", "ENT_TYPE"})
FLAGS = frozenset({"IS_SPACE", "IS_PUNCT", "IS_DIGIT", "IS_ALPHA", "IS_TITLE", "IS_UPPER", "IS_LOWER"})
#: Which of them a rule is filed under, the most selective first.
INDEXED = ("LOWER", "ORTH", "NORM", "LEMMA", "TAG", "DEP", "POS", "ENT_TYPE")
#: Attributes a rule may set.
SETTABLE = frozenset({"POS", "MORPH", "LEMMA", "TAG", "DEP", "NORM"})


class Unsupported(ValueError):
    """A rule sets an attribute this ruler does not set."""


@dataclass(frozen=True, slots=True)
class _Test:
    """One attribute of a one-token pattern: ``kind`` is eq, in, not_in, regex or flag;
    ``column``: where the attribute is in the ruler's ``read`` columns."""

    name: str
    column: int
    kind: str
    values: frozenset[int] = frozenset()
    value: int | bool = 0
    regex: re.Pattern[str] | None = None


@dataclass(frozen=True, slots=True)
class _Rule:
    number: int
    pos: int | None
    morph: int | None
    others: tuple[tuple[str, str], ...]  # (attribute, value) set through the token, in order


@dataclass(frozen=True)
class _Plan:
    base: int | None  # the column whose lookup-only rules apply to a whole doc at once
    keys: Any  # its values with such rules, sorted (numpy arrays, as the five below)
    pos: Any
    has_pos: Any
    morph: Any
    has_morph: Any
    candidates: list[tuple[int, Any]]  # (column, values): a token with one of them is read rule by rule
    regexes: list[_Test] | None  # the unindexed rules' regexes (None: every token is read rule by rule)
    triggers: list[tuple[int, Any]]  # (column, values) one of which a doc needs for the Matcher to run


class IndexedAttributeRuler:
    """Sets token attributes from ``AttributeRuler`` patterns (``add_patterns``); same results."""

    def __init__(self, vocab: Vocab, name: str = FACTORY):
        from spacy.matcher import Matcher  # heavy: spaCy is loaded by now, callers hold a pipeline

        self.vocab = vocab
        self.name = name
        self._rules: list[_Rule] = []
        self._index: dict[int, dict[int, list[tuple[int, tuple[_Test, ...]]]]] = {}  # column -> value -> rules
        self._unindexed: list[tuple[int, tuple[_Test, ...]]] = []
        self._matcher = Matcher(vocab)
        self._matcher_indices: dict[int, int] = {}
        self._triggers: dict[int, set[int]] = {}  # column -> values that may start the Matcher
        self._always_match = False
        self.read: list[int | str] = []  # the attributes the one-token rules test, in the order first used
        self._planned: _Plan | None = None
        self._regex_seen: dict[tuple[int, int], bool] = {}
        self.patterns: list[dict[str, Any]] = []  # the rules as given, for serialization

    def add_patterns(self, patterns: Iterable[dict[str, Any]]) -> None:
        """Add rules given as spaCy's: ``{"patterns": [...], "attrs": {...}, "index": 0}``."""
        for spec in patterns:
            self.add(spec["patterns"], spec["attrs"], spec.get("index", 0))

    def add(self, patterns: list[list[dict[str, Any]]], attrs: dict[str, Any], index: int = 0) -> None:
        """One rule: when any of ``patterns`` matches, set ``attrs`` on its token at ``index``."""
        number = len(self._rules)
        self._rules.append(self._rule(number, attrs))
        self.patterns.append({"patterns": patterns, "attrs": attrs, "index": index})
        self._planned = None
        for pattern in patterns:
            tests = self._compile(pattern[0]) if len(pattern) == 1 and index in (0, -1) else None
            if tests is None:
                key = self.vocab.strings.add(str(number))
                self._matcher.add(key, [pattern])
                self._matcher_indices[key] = index
                self._note_trigger(pattern)
                continue
            filed = _filed_under(tests)
            if filed is None:
                self._unindexed.append((number, tests))
                continue
            rest = tuple(t for t in tests if t is not filed)  # the lookup is the filed test
            by_value = self._index.setdefault(filed.column, {})
            for value in _values(filed):
                by_value.setdefault(value, []).append((number, rest))

    def _note_trigger(self, pattern: list[dict[str, Any]]) -> None:
        """A value one of the pattern's tokens must have: the Matcher runs only on a doc that has
        one of these values (or on every doc, once a pattern has none)."""
        for spec in pattern:
            tests = self._compile(spec)
            filed = _filed_under(tests) if tests else None
            if filed is not None:
                self._triggers.setdefault(filed.column, set()).update(_values(filed))
                return
        self._always_match = True

    def _rule(self, number: int, attrs: dict[str, Any]) -> _Rule:
        from spacy.tokens import Doc  # heavy: spaCy is loaded by now

        if not all(isinstance(name, str) and isinstance(value, str) for name, value in attrs.items()):
            raise Unsupported(f"attribute rule {number} names an attribute or a value by its ID")
        names = {name.upper(): value for name, value in attrs.items()}
        unknown = set(names) - SETTABLE
        if unknown:
            raise Unsupported(f"attribute rule {number} sets {', '.join(sorted(unknown))}")
        scratch = Doc(self.vocab, words=["_"])[0]  # values converted as spaCy converts them
        pos = morph = None
        if "POS" in names:
            scratch.pos_ = names["POS"]
            pos = scratch.pos
        if "MORPH" in names:
            morph = self.vocab.morphology.add(names["MORPH"])  # what Token.set_morph stores
        others = tuple((name, str(value)) for name, value in names.items() if name not in ("POS", "MORPH"))
        return _Rule(number, pos, morph, others)

    def _compile(self, spec: dict[str, Any]) -> tuple[_Test, ...] | None:
        """A one-token pattern as tests on ``TESTED`` columns; None when the Matcher must run it."""
        strings = self.vocab.strings
        tests: list[_Test] = []
        for name, want in spec.items():
            if not isinstance(name, str):
                return None  # an attribute ID: the Matcher reads it
            name = name.upper()
            if name in FLAGS and isinstance(want, bool):
                tests.append(_Test(name, self._column(name), "flag", value=want))
            elif name not in TESTED:
                return None
            elif isinstance(want, str):
                tests.append(_Test(name, self._column(name), "eq", value=strings.add(want)))
            elif isinstance(want, dict) and len(want) == 1:
                ((op, arg),) = want.items()
                if op in ("IN", "NOT_IN") and isinstance(arg, list) and all(isinstance(v, str) for v in arg):
                    tests.append(_Test(name, self._column(name), op.lower(), values=frozenset(strings.add(v) for v in arg)))
                elif op == "REGEX" and isinstance(arg, str):
                    tests.append(_Test(name, self._column(name), "regex", regex=re.compile(arg)))
                else:
                    return None
            else:
                return None
        return tuple(tests) if tests else None

    def _column(self, name: str) -> int:
        if name not in self.read:
            self.read.append(name)
        return self.read.index(name)

    def _plan(self) -> _Plan:
        """How ``__call__`` reads a doc, worked out once from the rules (again after an ``add``)."""
        import numpy

        if self._planned is not None:
            return self._planned

        # the column with the most rules filed under it: where a value's rules only set the part
        # of speech and morphology and test nothing else, they are applied to a whole doc at once
        def lookup_only(column: int, value: int) -> bool:
            filed = self._index[column][value]
            return not any(rest or self._rules[number].others for number, rest in filed)

        base = max(self._index, key=lambda column: sum(lookup_only(column, v) for v in self._index[column]), default=None)
        table: dict[int, tuple[int | None, int | None]] = {}
        candidates: dict[int, set[int]] = {}
        for column, by_value in self._index.items():
            for value, filed in by_value.items():
                if column == base and lookup_only(column, value):
                    pos = morph = None
                    for rule in sorted((self._rules[number] for number, _ in filed), key=lambda rule: rule.number):
                        pos = rule.pos if rule.pos is not None else pos
                        morph = rule.morph if rule.morph is not None else morph
                    table[value] = (pos, morph)
                else:  # a token with this value is read rule by rule
                    candidates.setdefault(column, set()).add(value)
        keys = sorted(table)
        regexes = [test for _, tests in self._unindexed for test in tests[:1] if test.kind == "regex"]
        self._planned = _Plan(
            base=base,
            keys=numpy.array(keys, dtype=numpy.uint64),
            pos=numpy.array([table[k][0] or 0 for k in keys], dtype=numpy.uint64),
            has_pos=numpy.array([table[k][0] is not None for k in keys], dtype=bool),
            morph=numpy.array([table[k][1] or 0 for k in keys], dtype=numpy.uint64),
            has_morph=numpy.array([table[k][1] is not None for k in keys], dtype=bool),
            candidates=[(column, numpy.array(sorted(values), dtype=numpy.uint64)) for column, values in candidates.items()],
            # an unindexed rule whose first test is a regex sends only tokens it matches on; any other, every token
            regexes=regexes if len(regexes) == len(self._unindexed) else None,
            triggers=[(column, numpy.array(sorted(values), dtype=numpy.uint64)) for column, values in self._triggers.items()],
        )
        return self._planned

    def _regex_passes(self, test: _Test, value: int) -> bool:
        key = (id(test), value)
        known = self._regex_seen.get(key)
        if known is None:
            assert test.regex is not None
            known = self._regex_seen[key] = bool(test.regex.search(self.vocab.strings[value] if value else ""))
        return known

    def __call__(self, doc: Doc) -> Doc:
        self._annotate([doc])
        return doc

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        """The rules, as ``nlp.to_bytes()`` asks each component."""
        import srsly

        return srsly.msgpack_dumps({"patterns": self.patterns})

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> IndexedAttributeRuler:
        import srsly

        self.__init__(self.vocab, self.name)  # type: ignore[misc]
        self.add_patterns(srsly.msgpack_loads(data)["patterns"])
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        Path(path).mkdir(parents=True, exist_ok=True)
        (Path(path) / "patterns.msgpack").write_bytes(self.to_bytes())

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> IndexedAttributeRuler:
        return self.from_bytes((Path(path) / "patterns.msgpack").read_bytes())

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        batch: list[Doc] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                self._annotate(batch)
                yield from batch
                batch = []
        self._annotate(batch)
        yield from batch

    def _annotate(self, docs: list[Doc]) -> None:
        """Set the attributes of a batch of docs: the array work once for all of them."""
        import numpy

        docs = [doc for doc in docs if len(doc)]
        if not docs:
            return
        plan = self._plan()
        sizes = [len(doc) for doc in docs]
        ends = numpy.cumsum(sizes).tolist()
        starts = [end - size for end, size in zip(ends, sizes, strict=True)]
        parts = numpy.concatenate([numpy.asarray(doc.to_array(["POS", "MORPH"]), dtype=numpy.uint64).reshape(-1, 2) for doc in docs])
        columns = None
        if self.read:
            columns = numpy.concatenate([numpy.asarray(doc.to_array(self.read), dtype=numpy.uint64).reshape(len(doc), -1) for doc in docs])
        # 1. the rules that only look a value up, on every token at once
        if columns is not None and plan.base is not None and len(plan.keys):
            values = columns[:, plan.base]
            at = numpy.minimum(numpy.searchsorted(plan.keys, values), len(plan.keys) - 1)
            found = plan.keys[at] == values
            with_pos, with_morph = found & plan.has_pos[at], found & plan.has_morph[at]
            parts[with_pos, 0] = plan.pos[at[with_pos]]
            parts[with_morph, 1] = plan.morph[at[with_morph]]
        # 2. the rules of several tokens, on a doc that has a value one of them needs
        total = len(parts)
        from_matcher: dict[int, list[int]] = {}  # by token position in the batch
        triggers = numpy.full(total, self._always_match or columns is None)
        if columns is not None:
            for column, wanted in plan.triggers:
                triggers |= numpy.isin(columns[:, column], wanted)
        for doc, start, end in zip(docs, starts, ends, strict=True):
            for key, first, last in self._matcher(doc, allow_missing=True) if triggers[start:end].any() else ():
                offset = self._matcher_indices[key]
                at_token = first + offset if offset >= 0 else last + offset
                if not first <= at_token < last:
                    raise ValueError(f"attribute rule {self.vocab.strings[key]}: index {offset} outside its match of {last - first} tokens")
                from_matcher.setdefault(start + at_token, []).append(int(self.vocab.strings[key]))
        # 3. the tokens other rules may match, and those the Matcher matched, rule by rule
        # (so that a later lookup rule still wins over an earlier rule of several tokens)
        if columns is None:
            chosen = numpy.zeros(total, dtype=bool)
        elif plan.regexes is None:
            chosen = numpy.ones(total, dtype=bool)
        else:
            chosen = numpy.zeros(total, dtype=bool)
            for column, wanted in plan.candidates:
                chosen |= numpy.isin(columns[:, column], wanted)
            for test in plan.regexes:
                column_values = columns[:, test.column]
                passing = [v for v in numpy.unique(column_values).tolist() if self._regex_passes(test, v)]
                if passing:
                    chosen |= numpy.isin(column_values, numpy.array(passing, dtype=numpy.uint64))
        matched: dict[int, list[int]] = dict(from_matcher)
        if columns is not None:
            chosen[list(from_matcher)] = True
        if columns is not None and chosen.any():
            strings = self.vocab.strings
            index = list(self._index.items())
            unindexed = self._unindexed
            rows: list[list[int]] = columns[chosen].tolist()
            for i, row in zip(numpy.flatnonzero(chosen).tolist(), rows, strict=True):
                hits = [
                    number
                    for column, by_value in index
                    for number, tests in by_value.get(row[column], ())
                    if not tests or _passes(tests, row, strings)
                ]
                if unindexed:
                    hits.extend(number for number, tests in unindexed if _passes(tests, row, strings))
                if hits:
                    matched[i] = hits + from_matcher.get(i, [])
        later: list[tuple[int, int]] = []  # (position, rule) setting attributes through the token
        for i, numbers in matched.items():
            for number in sorted(set(numbers)):  # later rules win
                rule = self._rules[number]
                if rule.pos is not None:
                    parts[i, 0] = rule.pos
                if rule.morph is not None:
                    parts[i, 1] = rule.morph
                if rule.others:
                    later.append((i, number))
        for doc, start, end in zip(docs, starts, ends, strict=True):
            doc.from_array(["POS", "MORPH"], parts[start:end])  # type: ignore[arg-type]
        for i, number in later:
            at_doc = bisect_right(starts, i) - 1
            token = docs[at_doc][i - starts[at_doc]]
            for name, value in self._rules[number].others:
                setattr(token, f"{name.lower()}_", value)


def _passes(tests: tuple[_Test, ...], row: list[int], strings: Any) -> bool:
    for test in tests:
        value = row[test.column]
        if test.kind == "eq":
            if value != test.value:
                return False
        elif test.kind == "in":
            if value not in test.values:
                return False
        elif test.kind == "not_in":
            if value in test.values:
                return False
        elif test.kind == "flag":
            if bool(value) != test.value:
                return False
        elif test.regex is not None and not test.regex.search(strings[value] if value else ""):
            return False
    return True


def _filed_under(tests: tuple[_Test, ...]) -> _Test | None:
    """The test a rule is filed under: an equality if it has one, else an ``IN``, on ``INDEXED``,
    else a flag that must be set (a flag that must not be is true of most tokens)."""
    for kind in ("eq", "in"):
        for name in INDEXED:
            for test in tests:
                if test.name == name and test.kind == kind:
                    return test
    return next((test for test in tests if test.kind == "flag" and test.value is True), None)


def _values(test: _Test) -> Iterable[int]:
    """The column values that pass a filed test."""
    return test.values if test.kind == "in" else (int(test.value),)


def index_attribute_ruler(nlp: Language, name: str = "attribute_ruler") -> bool:
    """Put an ``IndexedAttributeRuler`` with the patterns of ``nlp``'s ``name`` in its place.

    True when swapped; False when the pipeline has no such ruler or a rule is one the
    indexed ruler does not take (it sets another attribute, or names one or its value by
    ID): the pipeline is then left as it was.
    """
    from spacy.pipeline import AttributeRuler  # heavy: spaCy is loaded by now

    stock = nlp.get_pipe(name) if name in nlp.pipe_names else None
    if not isinstance(stock, AttributeRuler):
        return False
    patterns: list[dict[str, Any]] = list(stock.patterns)
    try:
        IndexedAttributeRuler(nlp.vocab).add_patterns(patterns)  # a trial: every rule taken, or none
    except (Unsupported, ValueError, KeyError):
        return False
    register(
        FACTORY, _make, assigns=["token.pos", "token.morph", "token.lemma", "token.tag", "token.dep", "token.norm"], requires=["token.tag"]
    )
    indexed = put_in_place(nlp, name, FACTORY)
    assert isinstance(indexed, IndexedAttributeRuler)
    indexed.add_patterns(patterns)
    return True


def _make(nlp: Language, name: str) -> IndexedAttributeRuler:
    return IndexedAttributeRuler(nlp.vocab, name)
