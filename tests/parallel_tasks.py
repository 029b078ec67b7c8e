"""Worker tasks for tests/test_parallel.py and tests/test_cluster.py, importable by worker processes (no spaCy)."""

from __future__ import annotations

import os
from collections.abc import Sequence

from graph.model import Article, ArticleExtraction, Skipped


def no_model(_model: str | None) -> None:
    """A worker start without a pipeline."""


def echo_or_die(articles: Sequence[Article], _batch_size: int) -> list[ArticleExtraction | Skipped]:
    """An empty extraction per article; an article whose text is 'die' kills the worker."""
    for article in articles:
        if article.text == "die":
            os._exit(1)
    return [ArticleExtraction(article=article, sentences=len(article.text.split())) for article in articles]


def cluster_no_model(_model: str | None) -> None:
    """A Dask worker warming up without a pipeline."""


def cluster_echo_or_die(articles: Sequence[Article], _model: str | None, batch_size: int) -> list[ArticleExtraction | Skipped]:
    """echo_or_die as a task of tests/test_cluster.py."""
    return echo_or_die(articles, batch_size)
