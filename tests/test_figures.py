"""The mirror's running figures (graph.figures) never drift from a full recount, whatever the writes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

import pytest

from graph import figures as figures_module
from graph.figures import TopK
from graph.mirror import Mirror
from graph.model import ArticleExtraction
from tests.checks import assert_figures_agree
from tests.factories import aid_article, odd_article, synthetic_article, war_article


def _variant(index: int, triples: int, day: int | None) -> ArticleExtraction:
    extraction = synthetic_article(index, triples)
    date = None if day is None else dt.date(2024, 1, 1) + dt.timedelta(days=day)
    triples_dated = tuple(
        dataclasses.replace(t, date=None if day is None or n % 3 else (date + dt.timedelta(days=n)).isoformat())
        for n, t in enumerate(extraction.triples)
    )
    return dataclasses.replace(extraction, article=dataclasses.replace(extraction.article, date=date), triples=triples_dated)


@pytest.fixture(params=[3, 50])
def ranked(request, monkeypatch):
    """Short ranked lists (3) make members leave and enter them; long ones (50) hold everything."""
    monkeypatch.setattr(figures_module, "RANKED", request.param)
    return request.param


def test_figures_follow_adds_replacements_and_removals(ranked):
    rng = random.Random(7)
    mirror = Mirror()
    held: dict[str, str | None] = {}

    def apply(extraction: ArticleExtraction) -> None:
        mirror.apply(extraction)
        held[extraction.article.id] = extraction.article.date.isoformat() if extraction.article.date else None

    for extraction in (war_article(), aid_article(), odd_article()):
        apply(extraction)
        assert_figures_agree(mirror, held)
    for step in range(60):
        choice = rng.random()
        if choice < 0.55 or not held:
            apply(_variant(rng.randrange(25), rng.randrange(0, 12), rng.choice([None, *range(30)])))
        elif choice < 0.8:
            victim = rng.choice(sorted(held))
            assert mirror.remove_article(victim)
            del held[victim]
        else:
            apply(_variant(rng.randrange(25), rng.randrange(0, 3), rng.randrange(30)))  # a shorter version
        assert_figures_agree(mirror, held)
        if step == 30:
            copied, copied_held = mirror.copy(), dict(held)
    mirror.remove_article(sorted(held)[0])
    assert_figures_agree(copied, copied_held)  # a copy keeps its own figures
    for article_id in list(held):
        mirror.remove_article(article_id)
    assert_figures_agree(mirror, {})
    assert mirror.figures.date_range() is None and mirror.figures.most_connected(5) == []


def test_top_k_refills_after_a_member_drops():
    scores = {"a": 5, "b": 4, "c": 3, "d": 2}
    top = TopK(2, lambda key: -scores[key], scores.keys)
    for key in scores:
        top.better(key)
    assert top.best() == ["a", "b"]
    scores["e"] = 9
    top.better("e")
    assert top.best() == ["e", "a"]
    scores["a"] = 1
    top.worse("a")
    assert top.best() == ["e", "b"]
    del scores["e"]
    top.worse("e")
    assert top.best() == ["b", "c"]
    top.worse("d")  # not a member: nothing to refill
    assert top.best() == ["b", "c"]


def test_figures_saved_before_the_counts_were_kept_count_nothing():
    from graph.figures import Figures

    old = Figures()
    state = {k: v for k, v in old.__dict__.items() if k not in ("quantities", "asserted", "categories")}
    loaded = Figures.__new__(Figures)
    loaded.__setstate__(state)
    assert loaded.counted() is None
    loaded.entity_added("a")
    loaded.entity_added("b")
    loaded.statement_added(("a", "b"), None, asserted=True, category="ASSAULT")
    assert loaded.statements == 1 and loaded.counted() is None
