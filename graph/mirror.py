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

An edge's attributes and a quantity node's are read-only mappings
(``graph.edges.StatementData``, ``QuantityData``: slots, values shared between
statements), and two nodes linked by a single statement keep it in a
``OneStatement`` rather than a dict; that is most of the mirror's memory.
Updates replace attribute values (new lists, records), never mutate them in
place, except an entity's ``articles``: that set is the mirror's own running
set of the articles mentioning it (so a refresh costs the same however many
articles mention the entity). ``frozen_copy()`` gives a stable snapshot.
A ``Mirror`` pickles whole: ``graph.saved`` keeps one beside the store. One loaded
from there has its adjacency (``graph._succ``, ``graph._pred``), its articles'
contributions and its entities' sets of articles made when first read
(``graph.columns``): mappings and sets that read, and take updates, as the dicts
and sets of a built mirror do.

Along with the graph, every update keeps ``figures`` (``graph.figures``: counts,
date range, degrees, the most connected entities, the newest articles) and
``incidence`` (``graph.incidence``: each entity's statements by category,
newest first) and ``names`` (``graph.names``: entities by normalized label and
alias), so the explorer pages and searches read them without going through the graph.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, MutableMapping
from typing import TYPE_CHECKING, Any

import networkx as nx

from graph.edges import OneStatement, QuantityData, Shared, StatementData
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
        # article id → what it contributed: (what it says of each entity, its statements)
        self._contributions: MutableMapping[str, _Contribution] = {}  # a dict, or as loaded: graph.columns.LazyMap
        # entity key → running totals over the articles that mention it
        self._tallies: dict[str, _Tally] = {}
        self._shared = Shared()
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

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._pair_contributions()

    def _pair_contributions(self) -> None:
        """What each article said of entities as (entity, mentions) pairs, from the flat tuples of earlier pickles."""
        share = self._shared
        for article_id, (said, edges) in self._contributions.items():
            if said and not isinstance(said[0][1], int):  # flat: entity, mentions, entity, mentions, ...
                pairs = tuple(share((said[at], said[at + 1])) for at in range(0, len(said), 2))
                self._contributions[article_id] = (pairs, edges)

    def copy(self) -> Mirror:
        """An independent copy (for copy-on-write readers); the read-only records are shared."""
        clone = Mirror(_structural_copy(self.graph))
        clone._contributions = dict(self._contributions)
        clone._tallies = {key: tally.copy() for key, tally in self._tallies.items()}
        for key, tally in clone._tallies.items():
            clone.graph._node[key]["articles"] = tally.articles
        clone._shared = self._shared
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
        graph, share = self.graph, self._shared
        succ, pred = graph._succ, graph._pred
        figures, incidence = self.figures, self.incidence
        figures.article_added(article_id, extraction.article.date.isoformat() if extraction.article.date else None)
        said: list[Any] = []
        for key, summary in summaries.items():
            key = share(key)
            if key not in succ:
                _add_node(graph, key, {})
            figures.entity_added(key)
            entity = share((key, *(tuple(map(share, summary[part])) for part in ("labels", "types", "aliases"))))
            said.append(share((entity, summary["mentions"])))  # shared: an entity is often named as often
        local: dict[Any, Any] = {}  # values repeated within the article: its id, source, sentences, origin
        article = local.setdefault(article_id, article_id)
        edges: list[StatementData] = []
        for index, triple in enumerate(extraction.triples):
            source = share(triple.subject.key)
            is_entity = not isinstance(triple.object, Quantity)
            if isinstance(triple.object, Quantity):
                target = quantity_key(article_id, index)
                quantity = triple.object
                _add_node(
                    graph,
                    target,
                    QuantityData(share(quantity.text), share(quantity.value), share(quantity.unit), share(quantity.approximate), article),
                )
            else:
                target = share(triple.object.key)
            number = index if triple.article == article_id else statement_id(article_id, index)  # its id is made when asked
            data = statement_data(triple, source, target, number, share, local)
            keyed = succ[source].get(target)
            if keyed is None:
                succ[source][target] = pred[target][source] = OneStatement(data)
            else:
                if isinstance(keyed, OneStatement):
                    keyed = succ[source][target] = pred[target][source] = {keyed.data.key: keyed.data}
                keyed[data.key] = data
            edges.append(data)
            day = data.day
            figures.statement_added(
                (source, target) if is_entity else (source,),
                day or None,
                quantity=not is_entity,
                asserted=data.asserted,
                category=data.category,
            )
            incidence.added(data, object_is_entity=is_entity)
        nx._clear_cache(graph)
        self._contributions[article_id] = (tuple(said), tuple(edges))
        for (key, labels, types, aliases), mentions in said:
            self._tallies.setdefault(key, _Tally()).add(article_id, labels, types, aliases, mentions)
            self._refresh_node(key)

    def remove_article(self, article_id: str) -> bool:
        """Remove the article's edges and what only it contributed to nodes."""
        contribution = self._contributions.pop(article_id, None)
        if contribution is None:
            return False
        said, edges = contribution
        graph = self.graph
        succ, pred = graph._succ, graph._pred
        self.figures.article_removed(article_id)
        quantities = []
        for data in edges:
            source, target, key = data.subject, data.object, data.key
            quantity = target.startswith(QUANTITY_PREFIX)
            if quantity:
                quantities.append(target)
            keyed = succ.get(source, {}).get(target)
            if keyed is None or keyed.get(key) is not data:
                continue
            self.figures.statement_removed(
                (source,) if quantity else (source, target),
                data.day or None,
                quantity=quantity,
                asserted=data.asserted,
                category=data.category,
            )
            self.incidence.removed(data)
            if len(keyed) == 1:
                del succ[source][target], pred[target][source]
                continue
            del keyed[key]  # a dict: a OneStatement holds one statement
            if len(keyed) == 1:
                succ[source][target] = pred[target][source] = OneStatement(next(iter(keyed.values())))
        graph.remove_nodes_from(quantities)
        nx._clear_cache(graph)
        for (key, labels, types, aliases), mentions in said:
            tally = self._tallies.get(key)
            if tally is not None:
                tally.add(article_id, labels, types, aliases, mentions, sign=-1)
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

    def statements(self) -> dict[str, tuple[str, str, Mapping[str, Any]]]:
        """statement id → (subject key, object key, edge attributes)."""
        return {key: (u, v, attrs) for u, v, key, attrs in self.graph.edges(keys=True, data=True)}


#: What an article contributed: (entity, mentions) pairs, entity = (key, labels, types, aliases), both shared; its statements.
_Contribution = tuple[tuple[Any, ...], tuple[StatementData, ...]]

QUANTITY_PREFIX = "quantity:"


def _add_node(graph: nx.MultiDiGraph, key: str, attrs: MutableMapping[str, Any] | QuantityData) -> None:
    graph._node[key] = attrs
    graph._succ[key] = {}
    graph._pred[key] = {}


def _structural_copy(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of ``graph`` sharing the read-only records: new node dicts and adjacency, same edge data."""
    clone = nx.MultiDiGraph()
    clone.graph.update(graph.graph)
    for key, attrs in graph._node.items():
        _add_node(clone, key, attrs if isinstance(attrs, QuantityData) else dict(attrs))
    for source, targets in graph._succ.items():
        for target, keyed in targets.items():
            clone._succ[source][target] = clone._pred[target][source] = keyed if isinstance(keyed, OneStatement) else dict(keyed)
    return clone


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

    def add(
        self, article_id: str, labels: Iterable[str], types: Iterable[str], aliases: Iterable[str], mentions: int, sign: int = 1
    ) -> None:
        weight = max(mentions, 1) * sign
        for label in labels:
            self.labels[label] += weight
        for entity_type in types:
            self.types[entity_type] += weight
        for alias in aliases:
            self.aliases[alias] += sign
        self.mentions += mentions * sign
        if sign > 0:
            self.articles.add(article_id)
        else:
            self.articles.discard(article_id)
            for counter in (self.labels, self.types, self.aliases):
                for name in [name for name, count in counter.items() if count <= 0]:
                    del counter[name]

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
    amount, currency = _amount(triple)
    if amount is not None:
        attrs["amount"] = amount
    if currency is not None:
        attrs["currency"] = currency
    return attrs


def statement_data(triple: Triple, subject: str, obj: str, number: int | str, share: Shared, local: dict[Any, Any]) -> StatementData:
    """The mirror's record of a statement: ``edge_attributes`` in a tuple, with shared values; ``number``:
    the statement's in its article, or its whole id when that is not ``<triple.article>/<number>``;
    ``local``: the values shared by the article's statements (its id, source, sentences)."""
    sentence = local.setdefault(triple.sentence, triple.sentence)
    article, source = local.setdefault(triple.article, triple.article), local.setdefault(triple.source, triple.source)
    origin = (article, source, share(triple.article_date))
    return StatementData(
        subject,
        obj,
        number,
        share(triple.predicate),
        share(triple.category),
        share(triple.polarity),
        share(triple.modality),
        share(float(triple.confidence)),
        share(triple.date),
        local.setdefault(origin, origin),
        sentence,
        share(triple.start),
        share(triple.end),
        share.qualifiers(triple.qualifiers),
        share(triple.subject.text or triple.subject.label),
        share(triple.object.text or (triple.object.label if isinstance(triple.object, Entity) else "")),
        share.money(*_amount(triple)),
    )


def _amount(triple: Triple) -> tuple[float | None, str | None]:
    """The statement's amount and currency when known (from its qualifiers, else a money object)."""
    qualifiers = triple.qualifiers
    amount, currency = qualifiers.get("amount"), qualifiers.get("currency")
    if isinstance(triple.object, Quantity) and _CURRENCY_CODE.match(triple.object.unit or ""):
        amount = triple.object.value if amount is None else amount
        currency = currency or triple.object.unit
    found = float(amount) if isinstance(amount, (int, float)) and not isinstance(amount, bool) else None
    return found, (str(currency) if currency else None)
