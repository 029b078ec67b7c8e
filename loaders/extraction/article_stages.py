"""Stages that run once an article has been read in full (``ARTICLE_STAGES``).

Each takes the article's context, its triples and mentions so far, and the findings
of its sentence stages (with their sentences), and returns the triples and mentions
to keep. They settle what needs the whole article: one type per actor, chosen by
votes over all its mentions.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from typing import Callable

from graph.model import Entity, Mention, Triple
from loaders.extraction.context import ArticleContext

ArticleStageRun = Callable[[ArticleContext, list[Triple], list[Mention], list[tuple]], tuple[list[Triple], list[Mention]]]


@dataclass(frozen=True)
class ArticleStage:
    name: str
    reads: tuple[str, ...]
    adds: tuple[str, ...]
    run: ArticleStageRun


def voted_types(context: ArticleContext, triples: list[Triple], mentions: list[Mention], findings: list[tuple]) -> tuple[list[Triple], list[Mention]]:
    """One type per actor label: the type most of its mentions got ("BAA" tagged PERSON once
    and ORG three times is an ORG). Ties keep the first mention's type."""
    votes: dict[str, Counter[str]] = {}
    for m in mentions:
        votes.setdefault(m.entity.label, Counter())[m.entity.type] += 1
    chosen = {label: counts.most_common(1)[0][0] for label, counts in votes.items()}

    def fix(entity):
        if isinstance(entity, Entity) and entity.label in chosen and chosen[entity.label] != entity.type:
            return replace(entity, type=chosen[entity.label])
        return entity

    triples = [replace(t, subject=fix(t.subject), object=fix(t.object)) for t in triples]
    mentions = [replace(m, entity=fix(m.entity)) for m in mentions]
    return triples, mentions


ARTICLE_STAGES: tuple[ArticleStage, ...] = (
    ArticleStage("voted_types", ("mentions",), ("one type per actor",), voted_types),
)
