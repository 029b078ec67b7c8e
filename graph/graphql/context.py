"""What every resolver of one request can reach: the graph, the article catalog, limits, loaders."""

from __future__ import annotations

from typing import Any, Callable, Sequence, TypeVar

from anyio import to_thread

from graph.graphql.articles import ArticleCatalog, ArticleInfo
from graph.graphql.limits import Limits
from graph.graphql.loaders import Loaders
from graph.graphql.types import Article
from graph.graphql.view import MirrorView, Snapshot

T = TypeVar("T")


class Context:
    """Per-request context; ``read`` runs a function on the current snapshot off the event loop."""

    def __init__(self, view: MirrorView, catalog: ArticleCatalog, limits: Limits, request: Any = None, response: Any = None) -> None:
        self.view = view
        self.catalog = catalog
        self.limits = limits
        self.request = request
        self.response = response
        self.loaders = Loaders(self)

    def read_now(self, fn: Callable[[Snapshot], T]) -> T:
        with self.view.reading() as snapshot:
            return fn(snapshot)

    async def read(self, fn: Callable[[Snapshot], T]) -> T:
        """``fn(snapshot)`` under the knowledge lock, in a worker thread (ingest may hold the lock)."""
        return await to_thread.run_sync(self.read_now, fn)

    async def fetch_articles(self, ids: Sequence[str]) -> dict[str, Article]:
        infos = await to_thread.run_sync(self.catalog.by_ids, list(ids))
        return {i: article_from(info) for i, info in infos.items()}


def article_from(info: ArticleInfo) -> Article:
    return Article(id=info.id, title=info.title, date=info.date, source=info.source, url=info.url)
