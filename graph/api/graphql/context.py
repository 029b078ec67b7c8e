"""What every resolver of one request can reach: the graph, the article catalog, limits, loaders."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import strawberry
from anyio import to_thread

from graph.api.graphql.articles import ArticleCatalog, ArticleInfo
from graph.api.graphql.limits import Limits
from graph.api.graphql.loaders import Loaders
from graph.api.graphql.types import Article
from graph.api.graphql.view import MirrorView, OffloadRequired, Snapshot

T = TypeVar("T")


class Context:
    """Per-request context: the graph (through ``read``), the article catalog, limits, loaders."""

    def __init__(self, view: MirrorView, catalog: ArticleCatalog, limits: Limits, request: Any = None, response: Any = None) -> None:
        self.view = view
        self.catalog = catalog
        self.limits = limits
        self.request = request
        self.response = response
        self.loaders = Loaders(self.read, limits, self.fetch_articles)

    def read_now(self, fn: Callable[[Snapshot], T], inline: bool = False) -> T:
        with self.view.reading(inline=inline) as snapshot:
            return fn(snapshot)

    async def read(self, fn: Callable[[Snapshot], T], *, offload: bool = False) -> T:
        """``fn(snapshot)`` under the knowledge lock.

        One-entity questions take well under a millisecond and run right here
        (a hop to a worker thread would cost more than the work; readers only
        wait while a writer stores one article). Questions that may walk much
        of the graph (``offload=True``), and any read that turns out to need
        a whole-graph index not built yet for this version, run in a worker
        thread so they never stall the event loop.
        """
        if not offload:
            try:
                return self.read_now(fn, inline=True)
            except OffloadRequired:
                pass
        return await to_thread.run_sync(self.read_now, fn)

    async def fetch_articles(self, ids: Sequence[str]) -> dict[str, Article]:
        infos = await to_thread.run_sync(self.catalog.by_ids, list(ids))
        return {i: article_from(info) for i, info in infos.items()}


def article_from(info: ArticleInfo) -> Article:
    return Article(id=strawberry.ID(info.id), title=info.title, date=info.date, source=info.source, url=info.url)
