"""Scoring extracted triples against hand-made gold triples.

The gold format and its matching rules are described with the gold file
(``eval/README.md`` beside ``seeds.gold.jsonl``). In short:

- a triple *matches* a gold item when it comes from the same article file, its
  subject and object names match one of the item's acceptable names (case,
  punctuation, a leading "the" and a possessive "'s" ignored; the canonical label
  or the surface text may match), direction included, and its category is one of
  the item's categories. A quantity object matches on value, within 1%, taken
  from the triple's Quantity object or from its ``amount``/``count`` qualifier;
- only asserted triples (``Triple.asserted``) count;
- recall: a ``core`` item is found when a matching triple comes from the
  sentence that states it (the sentence holds the evidence, or at least 70% of
  the evidence's words);
- negatives violated: a matching triple comes from the evidence sentence of a
  ``negative`` item;
- precision: matched ÷ (matched + triples that match no core or optional item
  although both their ends name actors the gold knows for that article);
- junk share: triples with an end that is a pronoun or a lower-case common noun.

Everything here is a pure function over ``graph.model`` records; no NLP pipeline.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePath
from typing import Any

from graph.errors import InputError
from graph.model import CATEGORIES, ArticleExtraction, Entity, Quantity, Triple

KINDS: tuple[str, ...] = ("core", "optional", "negative")

#: Share of an evidence's words a sentence must hold to count as stating it.
EVIDENCE_OVERLAP = 0.7
#: Relative tolerance when comparing quantities.
QUANTITY_TOLERANCE = 0.01

PRONOUNS: frozenset[str] = frozenset(
    """i me my mine myself we us our ours ourselves you your yours yourself
    yourselves he him his himself she her hers herself it its itself they them
    their theirs themselves this that these those who whom whose which what
    someone somebody something anyone anybody anything everyone everybody
    everything nobody nothing one each both all another others some any none
    either neither""".split()
)


# ---------------------------------------------------------------------------
# Gold records


@dataclass(frozen=True)
class GoldQuantity:
    """A gold object that is an amount of money or a count of things."""

    value: float
    unit: str  # currency code for an amount, counted noun for a count
    kind: str  # "amount" or "count"


GoldObject = tuple[str, ...] | GoldQuantity


@dataclass(frozen=True)
class GoldItem:
    """One line of the gold file."""

    id: str
    doc: str
    kind: str
    subject: tuple[str, ...]
    category: tuple[str, ...]
    object: GoldObject
    evidence: str
    qualifiers: Mapping[str, Any] = field(default_factory=dict, hash=False, compare=False)

    def describe(self) -> str:
        """``Russia –ASSAULT→ Poltava`` with the best names."""
        obj = _describe_quantity(self.object) if isinstance(self.object, GoldQuantity) else self.object[0]
        return f"{self.subject[0]} –{'/'.join(self.category)}→ {obj}"


def load_gold(path: str | Path) -> list[GoldItem]:
    """Read a gold JSONL file; raise InputError naming the line of any malformed item."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError as exc:
        raise InputError(f"gold file not found: {path}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read gold file {path}: {exc}") from exc
    items: list[GoldItem] = []
    seen: set[str] = set()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = gold_item_from_record(json.loads(line))
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{number}: not valid JSON ({exc.msg})") from exc
        except ValueError as exc:
            raise InputError(f"{path}:{number}: {exc}") from exc
        if item.id in seen:
            raise InputError(f"{path}:{number}: duplicate gold id {item.id!r}")
        seen.add(item.id)
        items.append(item)
    return items


def gold_item_from_record(record: Any) -> GoldItem:
    """Validate one decoded gold line; ValueError says what is wrong."""
    if not isinstance(record, dict):
        raise ValueError("a gold item must be a JSON object")
    for key in ("id", "doc", "kind", "subject", "category", "object", "evidence"):
        if key not in record:
            raise ValueError(f"missing field {key!r}")
    kind = record["kind"]
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    category = _names(record["category"], "category")
    unknown = [c for c in category if c not in CATEGORIES]
    if unknown:
        raise ValueError(f"unknown categories {unknown}")
    evidence = record["evidence"]
    if not isinstance(evidence, str) or not evidence.strip():
        raise ValueError("evidence must be a non-empty string")
    qualifiers = record.get("qualifiers") or {}
    if not isinstance(qualifiers, dict):
        raise ValueError("qualifiers must be an object")
    obj = record["object"]
    return GoldItem(
        id=_text(record["id"], "id"),
        doc=_text(record["doc"], "doc"),
        kind=kind,
        subject=_names(record["subject"], "subject"),
        category=category,
        object=_gold_quantity(obj) if isinstance(obj, dict) else _names(obj, "object"),
        evidence=evidence,
        qualifiers=dict(qualifiers),
    )


def _text(value: Any, name: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{name} must be a non-empty string")
    return value


def _names(value: Any, name: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError(f"{name} must be a non-empty list of non-empty strings")
    return tuple(value)


def _gold_quantity(value: dict[str, Any]) -> GoldQuantity:
    for kind, unit_key in (("amount", "currency"), ("count", "unit")):
        if kind in value:
            number = value[kind]
            if isinstance(number, bool) or not isinstance(number, (int, float)):
                raise ValueError(f"object {kind} must be a number")
            return GoldQuantity(value=float(number), unit=str(value.get(unit_key) or ""), kind=kind)
    raise ValueError("a quantity object needs an 'amount' or a 'count'")


def _describe_quantity(quantity: GoldQuantity) -> str:
    number = f"{quantity.value:,.0f}" if quantity.value.is_integer() else f"{quantity.value:,}"
    return f"{number} {quantity.unit}".strip()


# ---------------------------------------------------------------------------
# Matching rules


@lru_cache(maxsize=65536)
def normalize_name(name: str) -> str:
    """A name with case, punctuation, a leading "the" and possessive "'s" removed.

    >>> normalize_name("The Kremlin's")
    'kremlin'
    >>> normalize_name("U.S.")
    'us'
    """
    text = unicodedata.normalize("NFKC", name).casefold().replace("\u2019", "'").replace("`", "'")
    text = re.sub(r"'s\b", "", text)
    text = "".join(" " if ch.isspace() else ch for ch in text if ch.isalnum() or ch.isspace())
    text = " ".join(text.split())
    return re.sub(r"^the ", "", text)


def node_names(node: Entity | Quantity) -> frozenset[str]:
    """The normalized names a triple end can be matched on: canonical label and surface text."""
    if isinstance(node, Quantity):
        return frozenset()
    return frozenset(normalize_name(n) for n in (node.label, node.text) if n) - {""}


def quantity_matches(triple: Triple, quantity: GoldQuantity) -> bool:
    """True when the triple's Quantity object, or its amount/count qualifier, is within 1%."""
    values: list[Any] = [triple.qualifiers.get(quantity.kind)]
    if isinstance(triple.object, Quantity):
        values.append(triple.object.value)
    return any(_close(value, quantity.value) for value in values)


def _close(value: Any, expected: float) -> bool:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return False
    return abs(number - expected) <= QUANTITY_TOLERANCE * abs(expected)


def doc_name(source: str) -> str:
    """The gold ``doc`` of a triple: the file name of its source."""
    return PurePath(source).name


def triple_matches(triple: Triple, item: GoldItem) -> bool:
    """Same article file, same category set, subject and object names (or quantity) match."""
    if doc_name(triple.source) != item.doc or triple.category not in item.category:
        return False
    if not node_names(triple.subject) & _normalized(item.subject):
        return False
    if isinstance(item.object, GoldQuantity):
        return quantity_matches(triple, item.object)
    return bool(node_names(triple.object) & _normalized(item.object))


@lru_cache(maxsize=4096)
def _normalized(names: tuple[str, ...]) -> frozenset[str]:
    return frozenset(normalize_name(n) for n in names)


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return " ".join(text.split())


def states_evidence(sentence: str, evidence: str) -> bool:
    """True when the sentence holds the evidence, or at least 70% of its words."""
    plain_sentence, plain_evidence = _plain(sentence), _plain(evidence)
    if plain_evidence in plain_sentence:
        return True
    wanted = Counter(re.findall(r"\w+", plain_evidence))
    if not wanted:
        return False
    held = wanted & Counter(re.findall(r"\w+", plain_sentence))
    return sum(held.values()) >= EVIDENCE_OVERLAP * sum(wanted.values())


def is_junk_end(node: Entity | Quantity) -> bool:
    """True for an end that is a pronoun or a lower-case common noun (judged on the canonical label)."""
    if isinstance(node, Quantity):
        return False
    name = (node.label or node.text).strip()
    word = name.strip(".,;:'\"()")
    if word.casefold() in PRONOUNS and not (len(word) > 1 and word.isupper()):  # "US" is a country
        return True
    return any(ch.isalpha() for ch in name) and not any(ch.isupper() for ch in name)


def is_junk(triple: Triple) -> bool:
    return is_junk_end(triple.subject) or is_junk_end(triple.object)


# ---------------------------------------------------------------------------
# Scores


@dataclass(frozen=True)
class Figures:
    """Counts for one category (or overall) and the ratios drawn from them."""

    core: int = 0  # core items to find
    found: int = 0  # core items found in their sentence
    matched: int = 0  # asserted triples matching a core or optional item
    false_positives: int = 0  # asserted triples between known actors matching nothing
    negatives: int = 0
    violated: int = 0

    @property
    def recall(self) -> float | None:
        return self.found / self.core if self.core else None

    @property
    def precision(self) -> float | None:
        judged = self.matched + self.false_positives
        return self.matched / judged if judged else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None or p + r == 0:
            return None
        return 2 * p * r / (p + r)


@dataclass(frozen=True)
class Violation:
    """A negative gold item asserted anyway, and the triple that asserts it."""

    item: GoldItem
    triple: Triple


@dataclass(frozen=True)
class EvaluationReport:
    """Figures overall and per category, with the items and triples behind them.

    ``docs`` are the gold documents that were scored: only those among the
    evaluated sources, so evaluating a few articles scores them alone.
    ``unknown_sources`` are evaluated files the gold says nothing about (their
    triples count for the junk share only).
    """

    docs: tuple[str, ...]
    unknown_sources: tuple[str, ...]
    overall: Figures
    by_category: Mapping[str, Figures] = field(hash=False)
    triples: int = 0
    asserted: int = 0
    junk: int = 0
    missed: tuple[GoldItem, ...] = ()
    false_positives: tuple[Triple, ...] = ()
    violations: tuple[Violation, ...] = ()
    causes: Mapping[str, str] = field(default_factory=dict, hash=False)  # missed item id -> why it was missed

    @property
    def junk_share(self) -> float | None:
        return self.junk / self.asserted if self.asserted else None


def evaluate(
    triples: Iterable[Triple],
    gold: Sequence[GoldItem],
    *,
    sources: Iterable[str] | None = None,
    extractions: Iterable[ArticleExtraction] | None = None,
) -> EvaluationReport:
    """Score triples against the gold items of the documents they come from.

    Only gold documents among the evaluated sources are scored. The sources
    are those of the triples unless ``sources`` (paths or file names of every
    article evaluated) is given — pass it so that an article that yielded no
    triple still counts its missed core items. With the ``extractions`` behind the
    triples, each missed item gets a cause (see ``CAUSES``).
    """
    triples = tuple(triples)
    asserted = [t for t in triples if t.asserted]
    evaluated = {doc_name(s) for s in (sources if sources is not None else (t.source for t in triples))}
    gold_docs = {item.doc for item in gold}
    docs = evaluated & gold_docs
    items_by_doc: dict[str, list[GoldItem]] = {}
    for item in gold:
        if item.doc in docs:
            items_by_doc.setdefault(item.doc, []).append(item)
    known = {doc: _known_actors(items) for doc, items in items_by_doc.items()}

    counts: dict[str, Counter[str]] = {}

    def count(category: str, key: str) -> None:
        counts.setdefault(category, Counter())[key] += 1

    matching: dict[str, list[Triple]] = {}  # gold id -> asserted triples matching it
    false_positives: list[Triple] = []
    for triple in asserted:
        doc = doc_name(triple.source)
        if doc not in docs:
            continue
        hits = [item for item in items_by_doc[doc] if triple_matches(triple, item)]
        for item in hits:
            matching.setdefault(item.id, []).append(triple)
        if any(item.kind != "negative" for item in hits):
            count(triple.category, "matched")
        elif node_names(triple.subject) & known[doc] and node_names(triple.object) & known[doc]:
            count(triple.category, "false_positives")
            false_positives.append(triple)

    missed: list[GoldItem] = []
    violations: list[Violation] = []
    for doc in sorted(items_by_doc):
        for item in items_by_doc[doc]:
            stating = [t for t in matching.get(item.id, ()) if states_evidence(t.sentence, item.evidence)]
            if item.kind == "core":
                count(item.category[0], "core")
                if stating:
                    count(item.category[0], "found")
                else:
                    missed.append(item)
            elif item.kind == "negative":
                count(item.category[0], "negatives")
                if stating:
                    count(item.category[0], "violated")
                    violations.append(Violation(item=item, triple=stating[0]))

    by_category = {c: _figures(counts[c]) for c in CATEGORIES if c in counts}
    by_category.update({c: _figures(counts[c]) for c in sorted(counts) if c not in by_category})
    overall = _figures(sum(counts.values(), Counter()))
    return EvaluationReport(
        docs=tuple(sorted(docs)),
        unknown_sources=tuple(sorted(evaluated - gold_docs)),
        overall=overall,
        by_category=by_category,
        triples=len(triples),
        asserted=len(asserted),
        junk=sum(1 for t in asserted if is_junk(t)),
        missed=tuple(missed),
        false_positives=tuple(false_positives),
        violations=tuple(violations),
        causes=miss_causes(missed, extractions) if extractions is not None else {},
    )


def _known_actors(items: Iterable[GoldItem]) -> frozenset[str]:
    names: set[str] = set()
    for item in items:
        names |= _normalized(item.subject)
        if not isinstance(item.object, GoldQuantity):
            names |= _normalized(item.object)
    return frozenset(names)


def _figures(counter: Counter[str]) -> Figures:
    return Figures(**{name: counter[name] for name in Figures.__dataclass_fields__})


# ---------------------------------------------------------------------------
# Why an item was missed

#: Causes of a miss, in the order a report lists them.
CAUSES: tuple[str, ...] = (
    "neither actor recognized in the sentence",
    "subject not recognized in the sentence",
    "object not recognized in the sentence",
    "quantity not read",
    "both actors recognized, no triple between them",
    "triple found with another category",
    "triple found but not asserted",
    "evidence not found in the article",
)


def miss_causes(missed: Iterable[GoldItem], extractions: Iterable[ArticleExtraction]) -> dict[str, str]:
    """Why each missed core item was missed, from what extraction saw in its sentence:
    which of its actors were recognized there, and which triples came from it."""
    by_doc: dict[str, list[ArticleExtraction]] = {}
    for e in extractions:  # a digest file holds several stories
        by_doc.setdefault(doc_name(e.article.source), []).append(e)
    causes: dict[str, str] = {}
    for item in missed:
        stories = by_doc.get(item.doc, [])
        if not stories:
            continue
        holding = [e for e in stories if item.evidence.casefold() in e.article.text.casefold()] or stories
        causes[item.id] = _cause(item, holding[0])
    return causes


def _cause(item: GoldItem, extraction: ArticleExtraction) -> str:
    text = extraction.article.text
    start = text.find(item.evidence)
    if start < 0:
        start = text.casefold().find(item.evidence.casefold())
    if start < 0:
        return CAUSES[7]
    end = start + len(item.evidence)
    # the sentence around the evidence: back to the previous full stop or line break
    begin = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start)) + 1
    names: set[str] = set()
    for mention in extraction.mentions:
        if begin <= mention.start < end + 1:
            names |= node_names(mention.entity)
    subject_names = _normalized(item.subject)
    in_sentence = [t for t in extraction.triples if states_evidence(t.sentence, item.evidence)]
    if isinstance(item.object, GoldQuantity):
        between = [t for t in in_sentence if node_names(t.subject) & subject_names and quantity_matches(t, item.object)]
        if not between:
            return CAUSES[3] if names & subject_names else CAUSES[1]
    else:
        object_names = _normalized(item.object)
        between = [
            t
            for t in in_sentence
            if node_names(t.subject) & subject_names and isinstance(t.object, Entity) and node_names(t.object) & object_names
        ]
        if not between:
            has_subject, has_object = bool(names & subject_names), bool(names & object_names)
            if not has_subject and not has_object:
                return CAUSES[0]
            if not has_subject:
                return CAUSES[1]
            if not has_object:
                return CAUSES[2]
            return CAUSES[4]
    if any(t.asserted for t in between):
        return CAUSES[5]
    return CAUSES[6]


# ---------------------------------------------------------------------------
# Text report


def format_report(report: EvaluationReport, details: bool = False) -> str:
    """A plain-text table of the figures; with ``details``, the items and triples behind them."""
    lines = [f"Gold documents scored: {len(report.docs)}" + (f" ({', '.join(report.docs)})" if report.docs else "")]
    if report.unknown_sources:
        lines.append(f"Sources without gold (junk share only): {', '.join(report.unknown_sources)}")
    header = (
        f"{'category':<12} {'core':>5} {'found':>6} {'recall':>7} {'matched':>8} {'false+':>7} "
        f"{'precision':>10} {'F1':>6} {'neg':>5} {'violated':>9}"
    )
    lines += ["", header, "-" * len(header)]
    rows = list(report.by_category.items()) + [("overall", report.overall)]
    for name, f in rows:
        if name == "overall":
            lines.append("-" * len(header))
        lines.append(
            f"{name:<12} {f.core:>5} {f.found:>6} {_percent(f.recall):>7} {f.matched:>8} {f.false_positives:>7} "
            f"{_percent(f.precision):>10} {_percent(f.f1):>6} {f.negatives:>5} {f.violated:>9}"
        )
    lines += [
        "",
        f"Triples: {report.triples} ({report.asserted} asserted)",
        f"Junk share: {_percent(report.junk_share)} ({report.junk} of {report.asserted} asserted triples "
        "have a pronoun or lower-case common-noun end)",
    ]
    if details:
        lines += ["", f"Missed core items ({len(report.missed)}):"]
        if report.causes:
            for cause in CAUSES + ("cause not known",):
                items = [i for i in report.missed if report.causes.get(i.id, "cause not known") == cause]
                if items:
                    lines += [f"  {cause} ({len(items)}):"]
                    lines += [f"    {i.id:<9} {i.describe()}  «{i.evidence}»" for i in items]
        else:
            lines += [f"  {i.id:<9} {i.describe()}  «{i.evidence}»" for i in report.missed]
        lines += ["", f"False positives ({len(report.false_positives)}):"]
        lines += [f"  {doc_name(t.source)}  {_describe_triple(t)}  «{_one_line(t.sentence)}»" for t in report.false_positives]
        lines += ["", f"Negatives violated ({len(report.violations)}):"]
        lines += [
            f"  {v.item.id:<9} {v.item.describe()}  by {_describe_triple(v.triple)}  «{_one_line(v.triple.sentence)}»"
            for v in report.violations
        ]
    return "\n".join(lines)


def format_summary(reports: Sequence[tuple[str, EvaluationReport]]) -> str:
    """One line per gold set: recall, precision, negatives asserted, junk."""
    header = f"{'set':<10} {'docs':>5} {'core':>5} {'found':>6} {'recall':>7} {'precision':>10} {'negatives asserted':>19} {'junk':>6}"
    lines = [header, "-" * len(header)]
    for name, r in reports:
        f = r.overall
        negatives = f"{f.violated}/{f.negatives} ({_percent(f.violated / f.negatives if f.negatives else None)})"
        lines.append(
            f"{name:<10} {len(r.docs):>5} {f.core:>5} {f.found:>6} {_percent(f.recall):>7} {_percent(f.precision):>10} "
            f"{negatives:>19} {_percent(r.junk_share):>6}"
        )
    return "\n".join(lines)


def _describe_triple(triple: Triple) -> str:
    obj = (triple.object.text or str(triple.object.value)) if isinstance(triple.object, Quantity) else triple.object.label
    return f"{triple.subject.label} –{triple.predicate} [{triple.category}]→ {obj}"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f}%"
