"""A synthetic news graph of about a million RDF statements, for the benchmarks.

The articles are made-up but shaped like newsgraph's output: a few thousand
actors (countries, cities, people, organizations) with aliases, statements
in every category with dates over a year, quantities for aid, casualty
counts, denied and hypothetical claims. They are real
:class:`~graph.model.ArticleExtraction` records, turned into quads by the
store's own :func:`graph.rdf.write.article_quads` and written with pyoxigraph's
bulk loader, so the SPARQL, GraphQL and Gephi benchmarks all measure the
real model. The same records build the networkx mirror
(:func:`synthetic_mirror`). Deterministic for a given seed.

    python -m bench.synthetic --quads 1000000 --store /tmp/synthetic   # build once
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from graph.model import CATEGORIES, Article, ArticleExtraction, Entity, Mention, Quantity, Triple
from graph.rdf.entities import description_quads, descriptions, merged
from graph.rdf.vocab import Vocabulary
from graph.rdf.write import article_quads

#: Predicates per category, as the extractor normalizes them.
PREDICATES: dict[str, tuple[str, ...]] = {
    "ASSAULT": ("attacked", "struck", "shelled", "bombed", "shot down", "captured"),
    "MOBILIZE": ("deployed", "mobilized", "massed troops near"),
    "AID": ("pledged", "provided", "sent", "delivered", "funded"),
    "AGREE": ("signed", "agreed with"),
    "CONSULT": ("met", "visited", "spoke with", "hosted"),
    "SUPPORT": ("supported", "backed", "praised"),
    "COOPERATE": ("cooperated with", "exchanged prisoners with"),
    "CONCEDE": ("eased", "lifted restrictions on"),
    "RETREAT": ("withdrew from", "released"),
    "REQUEST": ("urged", "called on", "asked"),
    "ACCUSE": ("accused", "blamed", "condemned"),
    "REJECT": ("rejected", "denied"),
    "THREATEN": ("threatened", "warned"),
    "PROTEST": ("protested against",),
    "SANCTION": ("sanctioned", "expelled"),
    "COERCE": ("arrested", "detained"),
    "AFFILIATION": ("president of", "mayor of", "foreign minister of", "spokesperson of"),
    "OTHER": ("announced", "praised"),
}
CATEGORY_WEIGHTS = {c: (6 if c in ("ASSAULT", "AID", "CONSULT", "AFFILIATION") else 1) for c in CATEGORIES}
ENTITY_KINDS = (("GPE", 0.35), ("PERSON", 0.35), ("ORG", 0.2), ("NORP", 0.05), ("LOC", 0.05))
SYLLABLES = ("ka", "ro", "li", "ven", "dor", "sta", "mi", "zan", "tor", "el", "an", "gra", "pol", "ber", "ki", "nu")
START_DATE = dt.date(2024, 1, 1)

#: Quads per statement in the model, roughly (statement node, direct triple, share of the article and its entities).
QUADS_PER_STATEMENT = 30


@dataclass(frozen=True)
class SyntheticSpec:
    statements_per_article: int = 20
    actors: int = 3000
    days: int = 365
    seed: int = 0


DEFAULT_SPEC = SyntheticSpec()
DEFAULT_VOCAB = Vocabulary()


def _name(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


def synthetic_actors(count: int, rng: random.Random) -> list[Entity]:
    """``count`` distinct actors with plausible names; a few get well-known ones."""
    actors: list[Entity] = []
    seen: set[str] = set()
    for fixed in (("Russia", "GPE"), ("Ukraine", "GPE"), ("Kyiv", "GPE"), ("United States", "GPE"), ("NATO", "ORG")):
        actors.append(Entity(fixed[0], fixed[1], fixed[0]))
        seen.add(fixed[0])
    kinds, weights = zip(*ENTITY_KINDS, strict=True)
    while len(actors) < count:
        kind = rng.choices(kinds, weights)[0]
        if kind == "PERSON":
            label = f"{_name(rng, 2)} {_name(rng, 3)}"
        elif kind == "ORG":
            label = f"{_name(rng, 2)} {rng.choice(('Council', 'Ministry', 'Party', 'Agency', 'Bank'))}"
        else:
            label = _name(rng, rng.randint(2, 3))
        if label not in seen:
            seen.add(label)
            actors.append(Entity(label, kind, label))
    return actors


def surface_form(actor: Entity, rng: random.Random) -> Entity:
    """The actor as a sentence may name it: mostly its label, sometimes a short form."""
    if rng.random() > 0.2:
        return actor
    words = actor.label.split()
    if actor.type == "PERSON" and len(words) > 1:
        text = words[-1]
    elif actor.type == "ORG" and len(words) > 1:
        text = "".join(word[0] for word in words).upper()
    else:
        text = f"the {actor.label} government" if actor.type == "GPE" else actor.label
    return Entity(actor.label, actor.type, text)


def synthetic_extractions(statements: int, spec: SyntheticSpec = DEFAULT_SPEC) -> Iterator[ArticleExtraction]:
    """Articles holding ``statements`` statements in all, ``spec.statements_per_article`` each."""
    rng = random.Random(spec.seed)
    actors = synthetic_actors(spec.actors, rng)
    # A skewed choice of actors, as in the news: a few are everywhere.
    actor_weights = [1.0 / (rank + 1) ** 0.8 for rank in range(len(actors))]
    categories, category_weights = zip(*CATEGORY_WEIGHTS.items(), strict=True)
    made = 0
    number = 0
    while made < statements:
        count = min(spec.statements_per_article, statements - made)
        yield _article(number, count, rng, actors, actor_weights, categories, category_weights, spec)
        made += count
        number += 1


def _article(number, count, rng, actors, actor_weights, categories, category_weights, spec) -> ArticleExtraction:
    article_id = f"synthetic-{number:06d}"
    published = START_DATE + dt.timedelta(days=rng.randrange(spec.days))
    sentences: list[str] = []
    plans = []
    for _ in range(count):
        subject, obj = rng.choices(actors, actor_weights, k=2)
        while obj.label == subject.label:
            obj = rng.choice(actors)
        subject, obj = surface_form(subject, rng), surface_form(obj, rng)
        category = rng.choices(categories, category_weights)[0]
        predicate = rng.choice(PREDICATES[category])
        quantity = None
        if category == "AID" and rng.random() < 0.6:
            millions = rng.choice((5, 20, 50, 100, 150, 425, 1000))
            quantity = Quantity(millions * 1_000_000.0, rng.choice(("USD", "EUR")), f"{millions} million")
        sentence = f"{subject.text} {predicate} {quantity.text if quantity else obj.text}."
        sentences.append(sentence)
        plans.append((subject, predicate, category, obj, quantity, sentence))
    text = " ".join(sentences)
    article = Article(
        id=article_id,
        title=f"{plans[0][0].label} {plans[0][1]} {plans[0][3].label}",
        text=text,
        source=f"synthetic/{article_id}.txt",
        date=published,
        url=f"https://news.example.com/{article_id}",
    )
    triples, mentions = [], []
    offset = 0
    for subject, predicate, category, obj, quantity, sentence in plans:
        start, end = offset, offset + len(sentence)
        offset = end + 1
        event_date = published - dt.timedelta(days=rng.choice((0, 0, 0, 1, 2)))
        roll = rng.random()
        polarity, modality = "positive", "asserted"
        if roll < 0.05:
            polarity = "negative"
        elif roll < 0.10:
            modality = "hypothetical"
        elif roll < 0.25:
            modality = "reported"
        qualifiers: dict = {}
        if quantity is not None:
            qualifiers = {"amount": quantity.value, "currency": quantity.unit, "recipient": obj.label}
        elif category == "ASSAULT" and rng.random() < 0.3:
            qualifiers = {"killed": rng.randint(0, 20), "injured": rng.randint(0, 60)}
        elif category == "AFFILIATION":
            qualifiers = {"role": predicate.removesuffix(" of")}
        triples.append(
            Triple(
                subject=subject,
                predicate=predicate,
                category=category,
                object=quantity or obj,
                source=article.source,
                article=article_id,
                sentence=sentence,
                start=start,
                end=end,
                date=event_date.isoformat(),
                article_date=published.isoformat(),
                polarity=polarity,
                modality=modality,
                qualifiers=qualifiers,
                confidence=round(rng.uniform(0.3, 0.99), 2),
            )
        )
        mentions.append(Mention(subject, start, start + len(subject.text)))
        if quantity is None:
            obj_start = start + len(subject.text) + len(predicate) + 2
            mentions.append(Mention(obj, obj_start, obj_start + len(obj.text)))
    return ArticleExtraction(article=article, triples=tuple(triples), mentions=tuple(mentions), sentences=len(sentences))


def synthetic_quads(quads: int, spec: SyntheticSpec = DEFAULT_SPEC, vocab: Vocabulary = DEFAULT_VOCAB) -> Iterator[ox.Quad]:
    """About ``quads`` quads (whole articles, then the entity graph), in newsgraph's RDF model."""
    said = []
    for extraction in synthetic_extractions(max(1, quads // QUADS_PER_STATEMENT), spec):
        yield from article_quads(extraction, vocab)
        said.append(descriptions(extraction, vocab))
    yield from description_quads(vocab, merged(said))


def write_synthetic(
    oxigraph: ox.Store, quads: int = 1_000_000, spec: SyntheticSpec = DEFAULT_SPEC, vocab: Vocabulary = DEFAULT_VOCAB
) -> int:
    """Bulk-load about ``quads`` quads into a pyoxigraph store; returns the store size."""
    oxigraph.bulk_extend(synthetic_quads(quads, spec, vocab))
    oxigraph.flush()
    return len(oxigraph)


def build_store(path: Path | None, quads: int = 1_000_000, spec: SyntheticSpec = DEFAULT_SPEC):
    """A newsgraph Store (on disk at ``path``, or in memory) holding the synthetic graph and the ontology."""
    from graph.rdf.ontology import load_ontology
    from graph.store.oxigraph import Store

    store = Store.open(path)
    write_synthetic(store.oxigraph, quads, spec, store.vocab)
    load_ontology(store)
    return store


def synthetic_mirror(quads: int = 1_000_000, spec: SyntheticSpec = DEFAULT_SPEC):
    """The networkx mirror of the same synthetic graph (same records, same seed)."""
    from graph.mirror import Mirror

    return Mirror.from_extractions(synthetic_extractions(max(1, quads // QUADS_PER_STATEMENT), spec))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quads", type=int, default=1_000_000)
    parser.add_argument("--store", type=Path, default=None, help="store directory (default: in memory)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    store = build_store(args.store, args.quads, SyntheticSpec(seed=args.seed))
    elapsed = time.perf_counter() - started
    stats = store.stats()
    print(
        f"{stats['quads']:,} quads, {stats['articles']:,} articles, {stats['statements']:,} statements, "
        f"{stats['entities']:,} entities in {elapsed:.1f} s",
        file=sys.stderr,
    )
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
