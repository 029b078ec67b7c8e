"""Extraction measured on the seed articles against the gold triples.

The gold is a yardstick only: these tests read it, never the code. Targets:
recall on core items >= 0.75, precision >= 0.85, negative items violated
<= 5%, junk ends <= 3%.
"""

from __future__ import annotations

import pytest

from graph.model import Article


@pytest.fixture(scope="module")
def report(nlp, seeds_dir, gold_path):
    from loaders.evaluation import evaluate, load_gold
    from loaders.extraction import extract_articles
    from loaders.sources import read_articles

    articles = [a for a in read_articles([seeds_dir]) if isinstance(a, Article)]
    triples = [t for e in extract_articles(nlp, articles) for t in e.triples]
    return evaluate(triples, load_gold(gold_path), sources=[a.source for a in articles])


pytestmark = pytest.mark.slow


def test_precision(report):
    assert report.overall.precision >= 0.85


def test_negatives_violated(report):
    assert report.overall.violated <= 0.05 * report.overall.negatives


def test_junk_share(report):
    assert (report.junk_share or 0.0) <= 0.03


def test_recall_target(report):
    assert report.overall.recall >= 0.75
