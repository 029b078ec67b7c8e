"""Token attributes by rule, found by lookup: an attribute ruler that does not scan.

spaCy's ``AttributeRuler`` finds its rules with a ``Matcher``, which tries every
rule at every token, and then builds a ``Span`` for each match to set the
attributes; on the English pipelines (one rule per tag, a hundred word rules)
that is about a tenth of the time of parsing. ``IndexedAttributeRuler`` takes
the same patterns and gives the same annotations: each one-token rule is filed
under one value it requires (its word, tag or dependency), so a token is tested
only against the rules filed under its own values, and the part of speech and
morphology (set on nearly every token) are written back as two arrays. Rules of
several tokens, and tests other than equality, ``IN``, ``NOT_IN``, ``REGEX`` and
flags, are left to a ``Matcher`` as before. Later rules win, as in spaCy's ruler.

``index_attribute_ruler(nlp)`` swaps it in for a pipeline's ``attribute_ruler``
when every rule's attributes are ones it can set (else the pipeline is left as
it is); ``tests/loaders/test_attributes.py`` checks the annotations equal.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

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

    def add_patterns(self, patterns: Iterable[dict[str, Any]]) -> None:
        """Add rules given as spaCy's: ``{"patterns": [...], "attrs": {...}, "index": 0}``."""
        for spec in patterns:
            self.add(spec["patterns"], spec["attrs"], spec.get("index", 0))

    def add(self, patterns: list[list[dict[str, Any]]], attrs: dict[str, Any], index: int = 0) -> None:
        """One rule: when any of ``patterns`` matches, set ``attrs`` on its token at ``index``."""
        number = len(self._rules)
        self._rules.append(self._rule(number, attrs))
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

    def __call__(self, doc: Doc) -> Doc:
        import numpy

        if not len(doc):
            return doc
        columns: list[list[int]] = [[]] * len(doc)
        if self.read:
            columns = numpy.asarray(doc.to_array(self.read), dtype=numpy.uint64).reshape(len(doc), -1).tolist()
        strings = self.vocab.strings
        index = list(self._index.items())
        unindexed = self._unindexed
        matched: dict[int, list[int]] = {}
        triggered = self._always_match
        for i, row in enumerate(columns):
            hits = [
                number
                for column, by_value in index
                for number, tests in by_value.get(row[column], ())
                if not tests or _passes(tests, row, strings)
            ]
            if unindexed:
                hits.extend(number for number, tests in unindexed if _passes(tests, row, strings))
            if hits:
                matched[i] = hits
            if not triggered:
                triggered = any(row[column] in values for column, values in self._triggers.items())
        for key, start, end in self._matcher(doc, allow_missing=True) if triggered else ():
            offset = self._matcher_indices[key]
            at = start + offset if offset >= 0 else end + offset
            if not start <= at < end:
                raise ValueError(f"attribute rule {strings[key]}: index {offset} outside its match of {end - start} tokens")
            matched.setdefault(at, []).append(int(strings[key]))
        if not matched:
            return doc
        parts = doc.to_array(["POS", "MORPH"])
        changed = False
        for i, numbers in matched.items():
            for number in sorted(set(numbers)):  # later rules win
                rule = self._rules[number]
                if rule.pos is not None:
                    parts[i, 0] = rule.pos
                    changed = True
                if rule.morph is not None:
                    parts[i, 1] = rule.morph
                    changed = True
        if changed:
            doc.from_array(["POS", "MORPH"], parts.astype(numpy.uint64))  # type: ignore[arg-type]
        for i, numbers in matched.items():
            for number in sorted(set(numbers)):
                for name, value in self._rules[number].others:
                    setattr(doc[i], f"{name.lower()}_", value)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)


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

    True when swapped; False when the pipeline has no such ruler or a rule sets an
    attribute the indexed ruler does not (the pipeline is then left as it was).
    """
    from spacy.pipeline import AttributeRuler  # heavy: spaCy is loaded by now

    stock = nlp.get_pipe(name) if name in nlp.pipe_names else None
    if not isinstance(stock, AttributeRuler):
        return False
    patterns: list[dict[str, Any]] = list(stock.patterns)
    if any({attr.upper() for attr in spec["attrs"]} - SETTABLE for spec in patterns):
        return False
    _register()
    indexed = nlp.add_pipe(FACTORY, before=name)
    assert isinstance(indexed, IndexedAttributeRuler)
    indexed.add_patterns(patterns)
    nlp.remove_pipe(name)
    return True


def _register() -> None:
    from spacy.language import Language

    if not Language.has_factory(FACTORY):
        Language.factory(
            FACTORY,
            assigns=["token.pos", "token.morph", "token.lemma", "token.tag", "token.dep"],
            requires=["token.tag"],
        )(_make)


def _make(nlp: Language, name: str) -> IndexedAttributeRuler:
    return IndexedAttributeRuler(nlp.vocab, name)
