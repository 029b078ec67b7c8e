"""Articles of one ingest run that repeat an id or a text: reported, never silently collapsed.

The store keeps one article per id, and an id given twice in one run would
let the later record replace the earlier one unnoticed. ``sort_out_repeats``
goes through the articles in input order and returns:

* the articles to ingest, at most one per id: for a repeated id the *last*
  record is kept (as a second ingest of the same id would do) and each
  earlier one becomes a ``Skipped`` saying which record replaced it; a
  repeat with the very same text is skipped the other way round (the first
  copy stays, the copy is reported);
* warnings for articles that have the same text under different ids: both
  are ingested, and the warning names them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from graph.model import Article, Skipped


@dataclass(frozen=True)
class RepeatReport:
    articles: tuple[Article, ...]
    skipped: tuple[Skipped, ...]
    warnings: tuple[str, ...]


def _label(article: Article) -> str:
    return f"{article.source} (id {article.id})"


def sort_out_repeats(articles: Sequence[Article]) -> RepeatReport:
    """One article per id, the rest reported; see the module docstring."""
    final_text: dict[str, str] = {}
    for article in articles:
        final_text[article.id] = article.text
    winner: dict[str, Article] = {}
    for article in articles:
        if article.text == final_text[article.id]:
            winner.setdefault(article.id, article)
    kept: list[Article] = []
    skipped: list[Skipped] = []
    warnings: list[str] = []
    first_with_text: dict[str, Article] = {}
    for article in articles:
        chosen = winner[article.id]
        if article is not chosen:
            if article.text == chosen.text:
                reason = f"same id {article.id} and same text as {chosen.source}: ingested once"
            else:
                reason = f"id {article.id} is given again in {chosen.source} with another text: that record is ingested"
            skipped.append(Skipped(article.source, reason))
            continue
        seen = first_with_text.setdefault(article.text, article)
        if seen is not article:
            warnings.append(f"{_label(article)} has the same text as {_label(seen)}: both are ingested")
        kept.append(article)
    return RepeatReport(tuple(kept), tuple(skipped), tuple(warnings))
