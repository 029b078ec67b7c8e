"""Plain frozen records that flow between the stages of newsgraph.

loaders (sources → Article, Article → ArticleExtraction) → graph.store.oxigraph (RDF)
→ graph.mirror (networkx) → serving. No spaCy object ever appears here.

``Triple.to_record()`` gives the JSON shape written by ``export --format
jsonl`` and accepted by the server's ingest endpoint; ``Triple.from_record``
reads it back.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

#: The closed set of categories (see docs and ../shared/eval/README.md). The
#: first sixteen are the PLOVER top-level event types.
CATEGORIES: tuple[str, ...] = (
    "ASSAULT",
    "MOBILIZE",
    "AID",
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "COOPERATE",
    "CONCEDE",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "COERCE",
    "AFFILIATION",
    "OTHER",
)

#: Entity types used by newsgraph (spaCy's labels; QUANTITY only in the mirror).
ENTITY_TYPES: tuple[str, ...] = ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT", "OTHER")

POLARITIES: tuple[str, ...] = ("positive", "negative")
MODALITIES: tuple[str, ...] = ("asserted", "reported", "hypothetical")

#: Qualifier keys a triple may carry.
QUALIFIER_KEYS: tuple[str, ...] = (
    "amount",
    "currency",
    "count",
    "unit",
    "injured",
    "killed",
    "date",
    "location",
    "recipient",
    "role",
    "attribution",
    "approximate",
)


@lru_cache(maxsize=1 << 16)  # every mention of an entity asks for its key again
def slugify(text: str) -> str:
    """A stable, IRI-safe key for a name: ASCII-folded, lower-case, dashes.

    >>> slugify("Volodymyr Zelenskyy")
    'volodymyr-zelenskyy'
    >>> slugify("Ё ёлка")
    'e-elka'
    """
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
    if slug:
        return slug
    # Names with no ASCII letters at all (CJK, emoji) still get a stable key.
    return "u-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def content_id(text: str) -> str:
    """The stable id of an article that has none: a hash of its text."""
    return hashlib.sha256(text.strip().encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Article:
    """One news story, cleaned, ready for extraction."""

    id: str
    title: str
    text: str
    source: str  # the file it came from ("-" for standard input)
    date: dt.date | None = None  # publication date, when known
    url: str | None = None

    def to_record(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "text": self.text,
            "source": self.source,
            "published": self.date.isoformat() if self.date else None,
            "url": self.url,
        }

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> Article:
        published = record.get("published") or record.get("date")
        return cls(
            id=str(record["id"]),
            title=str(record.get("title") or ""),
            text=str(record["text"]),
            source=str(record.get("source") or ""),
            date=dt.date.fromisoformat(str(published)[:10]) if published else None,
            url=record.get("url") or None,
        )


@dataclass(frozen=True)
class Entity:
    """An actor as it appears in one sentence: canonical label, surface text, type."""

    label: str
    type: str
    text: str = ""

    @property
    def key(self) -> str:
        """The node key of the actor in the graph (same for every mention)."""
        return slugify(self.label)

    def to_record(self) -> dict[str, Any]:
        return {"label": self.label, "text": self.text or self.label, "type": self.type}


@dataclass(frozen=True)
class Quantity:
    """A number with a unit: money (unit = ISO 4217 code) or a count (unit = noun)."""

    value: float
    unit: str
    text: str
    approximate: str | None = None  # "at least", "about", "more than", ...

    def to_record(self) -> dict[str, Any]:
        record: dict[str, Any] = {"value": _plain_number(self.value), "unit": self.unit, "text": self.text}
        if self.approximate:
            record["approximate"] = self.approximate
        return record


Node = Entity | Quantity


@dataclass(frozen=True)
class Mention:
    """One mention of an actor in an article (for mention counts and aliases)."""

    entity: Entity
    start: int  # character offsets in the article text
    end: int


@dataclass(frozen=True)
class Triple:
    """One extracted claim: subject –predicate→ object, with truth status and provenance."""

    subject: Entity
    predicate: str
    category: str
    object: Node
    source: str
    article: str
    sentence: str
    start: int  # offsets of the sentence in the article text
    end: int
    date: str | None = None  # ISO date of the event (sentence date, else article date)
    article_date: str | None = None
    polarity: str = "positive"
    modality: str = "asserted"
    qualifiers: Mapping[str, Any] = field(default_factory=dict)
    confidence: float = 0.5

    @property
    def asserted(self) -> bool:
        """True when the triple is stated as a fact (not negated, not hypothetical)."""
        return self.polarity == "positive" and self.modality != "hypothetical"

    def to_record(self) -> dict[str, Any]:
        return {
            "subject": self.subject.to_record(),
            "predicate": self.predicate,
            "category": self.category,
            "object": self.object.to_record(),
            "polarity": self.polarity,
            "modality": self.modality,
            "qualifiers": dict(self.qualifiers),
            "source": self.source,
            "article": self.article,
            "sentence": self.sentence,
            "start": self.start,
            "end": self.end,
            "date": self.date,
            "article_date": self.article_date,
            "confidence": round(float(self.confidence), 4),
        }

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> Triple:
        obj = record["object"]
        node: Node
        if "value" in obj:
            node = Quantity(
                value=float(obj["value"]),
                unit=str(obj.get("unit") or ""),
                text=str(obj.get("text") or ""),
                approximate=obj.get("approximate"),
            )
        else:
            node = Entity(label=obj["label"], type=obj.get("type") or "OTHER", text=obj.get("text") or obj["label"])
        subj = record["subject"]
        return cls(
            subject=Entity(label=subj["label"], type=subj.get("type") or "OTHER", text=subj.get("text") or subj["label"]),
            predicate=str(record["predicate"]),
            category=str(record["category"]),
            object=node,
            source=str(record.get("source") or ""),
            article=str(record["article"]),
            sentence=str(record.get("sentence") or ""),
            start=int(record.get("start") or 0),
            end=int(record.get("end") or 0),
            date=record.get("date"),
            article_date=record.get("article_date"),
            polarity=str(record.get("polarity") or "positive"),
            modality=str(record.get("modality") or "asserted"),
            qualifiers=dict(record.get("qualifiers") or {}),
            confidence=_confidence(record.get("confidence")),
        )


@dataclass(frozen=True)
class ArticleExtraction:
    """Everything extraction found in one article: what the store and mirror take in."""

    article: Article
    triples: tuple[Triple, ...] = ()
    mentions: tuple[Mention, ...] = ()
    sentences: int = 0

    def entity_keys(self) -> set[str]:
        """Keys of every actor the article mentions or relates (quantities excluded)."""
        keys = {mention.entity.key for mention in self.mentions}
        for triple in self.triples:
            keys.add(triple.subject.key)
            if isinstance(triple.object, Entity):
                keys.add(triple.object.key)
        return keys

    def to_record(self) -> dict[str, Any]:
        return {
            "article": self.article.to_record(),
            "sentences": self.sentences,
            "triples": [t.to_record() for t in self.triples],
            "mentions": [{**m.entity.to_record(), "start": m.start, "end": m.end} for m in self.mentions],
        }

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> ArticleExtraction:
        return cls(
            article=Article.from_record(record["article"]),
            sentences=int(record.get("sentences") or 0),
            triples=tuple(Triple.from_record(t) for t in record.get("triples") or ()),
            mentions=tuple(
                Mention(
                    entity=Entity(label=m["label"], type=m.get("type") or "OTHER", text=m.get("text") or m["label"]),
                    start=int(m.get("start") or 0),
                    end=int(m.get("end") or 0),
                )
                for m in record.get("mentions") or ()
            ),
        )


@dataclass(frozen=True)
class Skipped:
    """An input that was not ingested, and why."""

    source: str
    reason: str


def statement_id(article_id: str, index: int) -> str:
    """The id of a statement (and of its mirror edge): ``<article>/<n>``."""
    return f"{article_id}/{index}"


def quantity_key(article_id: str, index: int) -> str:
    """The mirror node key of the quantity object of statement ``n``."""
    return f"quantity:{article_id}/{index}"


def entity_summaries(extraction: ArticleExtraction) -> dict[str, dict[str, Any]]:
    """Per entity key: labels, types, surface forms (aliases) and mention count in one article.

    Entities come from the mentions and from the subjects/objects of triples;
    labels, types and aliases are sorted lists, ``mentions`` counts Mention records.
    """
    found: dict[str, dict[str, Any]] = defaultdict(lambda: {"labels": set(), "types": set(), "aliases": set(), "mentions": 0})

    def see(entity: Entity) -> dict[str, Any]:
        summary = found[entity.key]
        summary["labels"].add(entity.label)
        summary["types"].add(entity.type)
        if entity.text:
            summary["aliases"].add(entity.text)
        return summary

    for mention in extraction.mentions:
        see(mention.entity)["mentions"] += 1
    for triple in extraction.triples:
        see(triple.subject)
        if isinstance(triple.object, Entity):
            see(triple.object)
    return {
        key: {**summary, "labels": sorted(summary["labels"]), "types": sorted(summary["types"]), "aliases": sorted(summary["aliases"])}
        for key, summary in found.items()
    }


def _confidence(value: Any) -> float:
    return 0.5 if value is None else float(value)


def _plain_number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value
