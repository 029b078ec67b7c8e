"""Extraction in worker processes gives the same records as in this process, in input order."""

from __future__ import annotations

import dataclasses

import pytest

from graph.ingest import read_all
from graph.model import ArticleExtraction, Skipped
from graph.parallel import ProcessExtractor, default_workers


def test_default_workers_is_at_least_one():
    assert default_workers() >= 1


def test_workers_must_be_positive():
    with pytest.raises(ValueError):
        ProcessExtractor(None, 0)


@pytest.mark.slow
def test_two_workers_extract_the_seeds_as_one_process_does(nlp, seeds_dir, seed_extractions):
    articles, _ = read_all([seeds_dir])
    # several chunks per worker, so the order of results is really at stake
    parallel = list(ProcessExtractor(None, 2, batch_size=2)(articles))
    assert all(isinstance(record, ArticleExtraction) for record in parallel)
    assert [r.article.id for r in parallel] == [a.id for a in articles]
    assert parallel == seed_extractions


@pytest.mark.slow
def test_a_failing_article_is_skipped_and_the_rest_extracted(nlp, seeds_dir):
    articles, _ = read_all([seeds_dir])
    broken = dataclasses.replace(articles[0], text=None)  # type: ignore[arg-type]  # breaks the pipeline
    records = list(ProcessExtractor(None, 2, batch_size=2)([broken, *articles[1:]]))
    assert isinstance(records[0], Skipped) and articles[0].id in records[0].reason
    assert [r.article.id for r in records[1:] if isinstance(r, ArticleExtraction)] == [a.id for a in articles[1:]]
