"""Article metadata for GraphQL, read from the store with indexed SPARQL.

The mirror knows which article a statement comes from, but titles, dates and
URLs live in the store. ``ArticleCatalog`` fetches them for many ids in one
query (``VALUES``), pages the article list by id with a keyset filter, and
falls back to what the mirror knows (id, source file) when there is no store.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from graph.store.oxigraph import Store

_SCHEMA = "https://schema.org/"


@dataclass(frozen=True)
class ArticleInfo:
    id: str
    title: str = ""
    date: dt.date | None = None
    source: str = ""
    url: str | None = None


class ArticleCatalog:
    """Article records from ``store`` (a graph.store.oxigraph.Store, or None)."""

    def __init__(self, store: Store | None) -> None:
        self.store = store

    def _select(self, where: str, tail: str = "") -> list[ArticleInfo]:
        store = self.store
        if store is None:
            return []
        vocab = store.vocab
        sparql = f"""
            SELECT ?id ?title ?date ?source ?url WHERE {{
              ?a a <{_SCHEMA}NewsArticle> ; <{_SCHEMA}identifier> ?id .
              {where}
              OPTIONAL {{ ?a <{_SCHEMA}headline> ?title }}
              OPTIONAL {{ ?a <{_SCHEMA}datePublished> ?date }}
              OPTIONAL {{ ?a <{vocab.NG}sourceFile> ?source }}
              OPTIONAL {{ ?a <{_SCHEMA}url> ?url }}
            }} {tail}"""
        found: dict[str, ArticleInfo] = {}
        for row in store.select(sparql):
            info = ArticleInfo(
                id=row["id"].value,
                title=_text(row["title"]),
                date=_date(row["date"]),
                source=_text(row["source"]),
                url=_text(row["url"]) or None,
            )
            found.setdefault(info.id, info)
        return list(found.values())

    def by_ids(self, ids: Sequence[str]) -> dict[str, ArticleInfo]:
        """The records of ``ids`` that exist, in one query."""
        if not ids or self.store is None:
            return {}
        values = " ".join(_literal(i) for i in dict.fromkeys(ids))
        return {info.id: info for info in self._select(f"VALUES ?id {{ {values} }}")}

    def page(
        self,
        *,
        after: str | None,
        limit: int,
        since: dt.date | None = None,
        until: dt.date | None = None,
        search: str | None = None,
    ) -> list[ArticleInfo]:
        """Up to ``limit`` articles with an id after ``after``, by id."""
        if self.store is None:
            return []
        filters = _filters(since=since, until=until, search=search)
        if after is not None:
            filters.append(f"FILTER(STR(?id) > {_literal(after)})")
        return self._select("\n".join(filters), f"ORDER BY STR(?id) LIMIT {int(limit)}")

    def count(self, *, since: dt.date | None = None, until: dt.date | None = None, search: str | None = None) -> int:
        if self.store is None:
            return 0
        where = "\n".join(_filters(since=since, until=until, search=search))
        date_pattern = f"OPTIONAL {{ ?a <{_SCHEMA}datePublished> ?date }}" if (since or until) else ""
        title_pattern = f"OPTIONAL {{ ?a <{_SCHEMA}headline> ?title }}" if search else ""
        sparql = f"""
            SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {{
              ?a a <{_SCHEMA}NewsArticle> ; <{_SCHEMA}identifier> ?id .
              {date_pattern} {title_pattern}
              {where}
            }}"""
        try:
            row = next(iter(self.store.select(sparql)))
        except StopIteration:
            return 0
        return int(row["n"].value)


def _filters(*, since: dt.date | None, until: dt.date | None, search: str | None) -> list[str]:
    filters: list[str] = []
    if since is not None:
        filters.append(f'FILTER(BOUND(?date) && STR(?date) >= "{since.isoformat()}")')
    if until is not None:
        filters.append(f'FILTER(BOUND(?date) && STR(?date) <= "{until.isoformat()}")')
    if search:
        filters.append(f"FILTER(BOUND(?title) && CONTAINS(LCASE(STR(?title)), LCASE({_literal(search)})))")
    return filters


def _literal(text: str) -> str:
    """A SPARQL string literal (JSON escaping is valid SPARQL escaping for strings)."""
    return json.dumps(str(text), ensure_ascii=True)


def _text(term: Any) -> str:
    return "" if term is None else str(term.value)


def _date(term: Any) -> dt.date | None:
    if term is None:
        return None
    try:
        return dt.date.fromisoformat(str(term.value)[:10])
    except ValueError:
        return None
