"""The networkx mirror of the store: entities as nodes, statements as keyed edges.

``Mirror.from_store(store)`` builds it from the stored extractions and
``apply``/``remove_article`` keep it in step with every write, so the mirror
and the store always hold the same statements.

Nodes (key = ``Entity.key``): label, type, aliases (sorted surface forms),
mentions (int), articles (set of ids). Quantity objects are nodes
``quantity:<article>/<n>`` of type QUANTITY with value, unit, label,
approximate. Edges (key = statement id ``<article>/<n>``): predicate,
category, polarity, modality, asserted, confidence, date, article_date,
article, source, sentence, start, end, qualifiers, subject_text,
object_text, and amount/currency when known.

Updates replace attribute values (new lists, dicts), never mutate them in
place, except an entity's ``articles``: that set is the mirror's own running
set of the articles mentioning it (so a refresh costs the same however many
articles mention the entity). ``frozen_copy()`` gives a stable snapshot.

Along with the graph, every update keeps ``figures`` (``graph.figures``: counts,
date range, degrees, the most connected entities, the newest articles) and
``incidence`` (``graph.incidence``: each entity's statements by category,
newest first) and ``names`` (``graph.names``: entities by normalized label and
alias), so the explorer pages and searches read them without going through the graph.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import networkx as nx

from graph.figures import Figures
from graph.incidence import Incidence
from graph.model import ArticleExtraction, Entity, Quantity, Triple, entity_summaries, quantity_key, statement_id
from graph.names import NameIndex

if TYPE_CHECKING:
    from graph.store.oxigraph import Store

_CURRENCY_CODE = re.compile(r"^[A-Z]{3}$")


class Mirror:
    """A MultiDiGraph view of the stored articles, updated article by article."""

    def __init__(self, graph: nx.MultiDiGraph | None = None) -> None:
        self.graph = graph if graph is not None else nx.MultiDiGraph()
        # article id → what it contributed: {entity key: summary}, edge keys, quantity nodes
        self._contributions: dict[str, dict[str, Any]] = {}
        # entity key → running totals over the articles that mention it
        self._tallies: dict[str, _Tally] = {}
        self.figures = Figures()
        self.incidence = Incidence()
        self.names = NameIndex()

    @classmethod
    def from_store(cls, store: Store) -> Mirror:
        return cls.from_extractions(store.extractions())

    @classmethod
    def from_extractions(cls, extractions: Iterable[ArticleExtraction]) -> Mirror:
        mirror = cls()
        for extraction in extractions:
            mirror.apply(extraction)
        return mirror

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._contributions

    def article_ids(self) -> list[str]:
        return sorted(self._contributions)

    def frozen_copy(self) -> nx.MultiDiGraph:
        """A copy of the graph that later updates leave alone (shallow but for the article sets)."""
        graph = self.graph.copy()
        for _node, attrs in graph.nodes(data=True):
            if "articles" in attrs:
                attrs["articles"] = frozenset(attrs["articles"])
        return graph

    def copy(self) -> Mirror:
        """An independent copy (for copy-on-write readers)."""
        clone = Mirror(self.graph.copy())
        for _node, attrs in clone.graph.nodes(data=True):
            if "articles" in attrs:
                attrs["articles"] = set(attrs["articles"])
            if "aliases" in attrs:
                attrs["aliases"] = list(attrs["aliases"])
        for *_, attrs in clone.graph.edges(keys=True, data=True):
            attrs["qualifiers"] = dict(attrs["qualifiers"])
        clone._contributions = {key: dict(value) for key, value in self._contributions.items()}
        clone._tallies = {key: tally.copy() for key, tally in self._tallies.items()}
        for key, tally in clone._tallies.items():
            clone.graph.nodes[key]["articles"] = tally.articles
        clone.figures = self.figures.copy()
        clone.incidence = self.incidence.copy()
        clone.names = self.names.copy()
        return clone

    # -- updates ---------------------------------------------------------------

    def apply(self, extraction: ArticleExtraction) -> None:
        """Add the article's nodes and edges, replacing what an earlier version added."""
        article_id = extraction.article.id
        self.remove_article(article_id)
        summaries = entity_summaries(extraction)
        edges: list[tuple[str, str, str]] = []
        quantities: list[str] = []
        figures, incidence = self.figures, self.incidence
        figures.article_added(article_id, extraction.article.date.isoformat() if extraction.article.date else None)
        for key in summaries:
            if key not in self.graph:
                self.graph.add_node(key)
            figures.entity_added(key)
        for index, triple in enumerate(extraction.triples):
            source = triple.subject.key
            is_entity = not isinstance(triple.object, Quantity)
            if isinstance(triple.object, Quantity):
                target = quantity_key(article_id, index)
                self.graph.add_node(target, **quantity_attributes(triple.object, article_id))
                quantities.append(target)
            else:
                target = triple.object.key
            key = statement_id(article_id, index)
            self.graph.add_edge(source, target, key=key, **edge_attributes(triple))
            edges.append((source, target, key))
            day = triple.date or triple.article_date
            figures.statement_added((source, target) if is_entity else (source,), day)
            incidence.added(source, target, key, triple.category, day, object_is_entity=is_entity)
        self._contributions[article_id] = {"entities": summaries, "edges": edges, "quantities": quantities}
        for key, summary in summaries.items():
            self._tallies.setdefault(key, _Tally()).add(article_id, summary)
            self._refresh_node(key)

    def remove_article(self, article_id: str) -> bool:
        """Remove the article's edges and what only it contributed to nodes."""
        contribution = self._contributions.pop(article_id, None)
        if contribution is None:
            return False
        quantities = set(contribution["quantities"])
        self.figures.article_removed(article_id)
        for source, target, key in contribution["edges"]:
            if self.graph.has_edge(source, target, key):
                attrs = self.graph._succ[source][target][key]
                day = attrs.get("date") or attrs.get("article_date")
                self.figures.statement_removed((source,) if target in quantities else (source, target), day)
                self.incidence.removed(source, target, key, str(attrs.get("category")), day)
                self.graph.remove_edge(source, target, key)
        self.graph.remove_nodes_from(contribution["quantities"])
        for key, summary in contribution["entities"].items():
            tally = self._tallies.get(key)
            if tally is not None:
                tally.remove(article_id, summary)
                if not tally.articles:
                    del self._tallies[key]
            self._refresh_node(key)
        return True

    def _refresh_node(self, key: str) -> None:
        """Set an entity node's attributes from the totals of every article that mentions it."""
        tally = self._tallies.get(key)
        if tally is None:
            if key in self.graph:
                self.graph.remove_node(key)
            self.figures.entity_removed(key)
            self.names.drop(key)
            return
        attrs = self.graph.nodes[key]
        attrs.clear()
        attrs.update(
            label=_most_common(tally.labels),
            type=_most_common(tally.types),
            aliases=sorted(tally.aliases),
            mentions=tally.mentions,
            articles=tally.articles,  # the live set, not a copy: see the module docstring
        )
        self.names.set(key, [attrs["label"], *attrs["aliases"]])

    # -- comparison ------------------------------------------------------------

    def statements(self) -> dict[str, tuple[str, str, dict[str, Any]]]:
        """statement id → (subject key, object key, edge attributes)."""
        return {key: (u, v, attrs) for u, v, key, attrs in self.graph.edges(keys=True, data=True)}


class _Tally:
    """Totals of one entity over articles: label/type weights (mentions, at least 1 per
    article), surface forms with the number of articles using them, mentions, articles."""

    __slots__ = ("labels", "types", "aliases", "mentions", "articles")

    def __init__(self) -> None:
        self.labels: Counter[str] = Counter()
        self.types: Counter[str] = Counter()
        self.aliases: Counter[str] = Counter()
        self.mentions = 0
        self.articles: set[str] = set()

    def add(self, article_id: str, summary: dict[str, Any], sign: int = 1) -> None:
        weight = max(summary["mentions"], 1) * sign
        for label in summary["labels"]:
            self.labels[label] += weight
        for entity_type in summary["types"]:
            self.types[entity_type] += weight
        for alias in summary["aliases"]:
            self.aliases[alias] += sign
        self.mentions += summary["mentions"] * sign
        if sign > 0:
            self.articles.add(article_id)
        else:
            self.articles.discard(article_id)
            for counter in (self.labels, self.types, self.aliases):
                for name in [name for name, count in counter.items() if count <= 0]:
                    del counter[name]

    def remove(self, article_id: str, summary: dict[str, Any]) -> None:
        self.add(article_id, summary, sign=-1)

    def copy(self) -> _Tally:
        clone = _Tally()
        clone.labels, clone.types, clone.aliases = Counter(self.labels), Counter(self.types), Counter(self.aliases)
        clone.mentions, clone.articles = self.mentions, set(self.articles)
        return clone


def _most_common(counter: Counter[str]) -> str:
    """The value with the highest weight; ties go to the alphabetically first (stable)."""
    return min(counter.items(), key=lambda item: (-item[1], item[0]))[0]


def quantity_attributes(quantity: Quantity, article_id: str) -> dict[str, Any]:
    return {
        "label": quantity.text,
        "type": "QUANTITY",
        "value": quantity.value,
        "unit": quantity.unit,
        "approximate": quantity.approximate,
        "aliases": [quantity.text] if quantity.text else [],
        "mentions": 1,
        "articles": {article_id},
    }


def edge_attributes(triple: Triple) -> dict[str, Any]:
    """The attributes of a statement's edge (see the module docstring)."""
    qualifiers = dict(triple.qualifiers)
    attrs: dict[str, Any] = {
        "predicate": triple.predicate,
        "category": triple.category,
        "polarity": triple.polarity,
        "modality": triple.modality,
        "asserted": triple.asserted,
        "confidence": float(triple.confidence),
        "date": triple.date,
        "article_date": triple.article_date,
        "article": triple.article,
        "source": triple.source,
        "sentence": triple.sentence,
        "start": triple.start,
        "end": triple.end,
        "qualifiers": qualifiers,
        "subject_text": triple.subject.text or triple.subject.label,
        "object_text": triple.object.text or (triple.object.label if isinstance(triple.object, Entity) else ""),
    }
    amount, currency = qualifiers.get("amount"), qualifiers.get("currency")
    if isinstance(triple.object, Quantity) and _CURRENCY_CODE.match(triple.object.unit or ""):
        amount = triple.object.value if amount is None else amount
        currency = currency or triple.object.unit
    if isinstance(amount, (int, float)) and not isinstance(amount, bool):
        attrs["amount"] = float(amount)
    if currency:
        attrs["currency"] = str(currency)
    return attrs
