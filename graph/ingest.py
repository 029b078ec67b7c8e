"""Ingest: sources → articles → extractions → a sink (local graph or a server).

``run_ingest`` is what ``newsgraph ingest`` runs. It never aborts a batch for
one bad input: unreadable files and articles whose extraction fails are
reported as ``Skipped`` and the rest goes on.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TextIO

from graph.errors import EmptyInputError
from graph.model import Article, ArticleExtraction, Skipped
from loaders.duplicates import sort_out_repeats
from loaders.extraction import extract_article, extract_articles
from loaders.sources import InputMapper, read_articles

if TYPE_CHECKING:
    from spacy.language import Language


class ExtractionSink(Protocol):
    """Where extractions go: a local KnowledgeGraph or a remote server."""

    def ingest(self, extractions: Sequence[ArticleExtraction]) -> object: ...


#: Called after each article with (articles done, articles total).
ProgressCallback = Callable[[int, int], None]

#: Articles in, one extraction (or Skipped) per article out, in input order.
Extractor = Callable[[Sequence[Article]], Iterable[ArticleExtraction | Skipped]]


@dataclass(frozen=True)
class IngestSummary:
    articles: int
    sentences: int
    triples: int
    asserted: int
    entities: int
    words: int
    skipped: tuple[Skipped, ...] = field(default_factory=tuple)
    elapsed: float = 0.0
    warnings: tuple[str, ...] = field(default_factory=tuple)

    def to_record(self) -> dict:
        return {
            "articles": self.articles,
            "sentences": self.sentences,
            "triples": self.triples,
            "asserted": self.asserted,
            "entities": self.entities,
            "words": self.words,
            "skipped": [{"source": s.source, "reason": s.reason} for s in self.skipped],
            "elapsed": round(self.elapsed, 3),
            "warnings": list(self.warnings),
        }


def read_all(
    paths: Sequence[str | Path], *, stdin: TextIO | None = None, mapper: InputMapper | None = None
) -> tuple[list[Article], list[Skipped]]:
    """Read every input; a missing path raises InputError, bad files become Skipped.
    ``mapper`` reads the files elsewhere (e.g. ``ProcessExtractor.map_inputs``)."""
    articles: list[Article] = []
    skipped: list[Skipped] = []
    for item in read_articles(paths, stdin=stdin, mapper=mapper):
        if isinstance(item, Article):
            articles.append(item)
        else:
            skipped.append(item)
    return articles, skipped


def extract_safely(nlp: Language, articles: Sequence[Article], *, batch_size: int = 16) -> Iterator[ArticleExtraction | Skipped]:
    """Extract articles in batches; a batch that fails is retried one by one.

    One article that breaks the pipeline becomes a ``Skipped`` record, never
    the end of the run.
    """
    for start in range(0, len(articles), batch_size):
        batch = articles[start : start + batch_size]
        try:
            results: list[ArticleExtraction | Skipped] = list(extract_articles(nlp, batch, batch_size=batch_size))
        except Exception:  # noqa: BLE001 - isolate the article that fails
            results = []
            for article in batch:
                try:
                    results.append(extract_article(nlp, article))
                except Exception as exc:  # noqa: BLE001
                    results.append(Skipped(article.source, f"extraction failed for article {article.id}: {exc}"))
        yield from results


def run_ingest(
    paths: Sequence[str | Path],
    *,
    nlp: Language | None = None,
    sink: ExtractionSink,
    extract: Extractor | None = None,
    stdin: TextIO | None = None,
    batch_size: int = 16,
    progress: ProgressCallback | None = None,
    on_articles_read: Callable[[int], None] | None = None,
    mapper: InputMapper | None = None,
) -> IngestSummary:
    """Read, extract and hand over to ``sink`` in batches; return the summary.

    ``extract`` turns the articles into extractions (e.g. a
    ``graph.parallel.ProcessExtractor``); by default ``extract_safely`` with
    ``nlp`` in this process. ``mapper`` reads the input files (e.g. on the
    same worker processes); by default they are read here.

    Raises EmptyInputError when the inputs hold no article at all (every
    input skipped), after reporting why each was skipped.
    """
    if extract is None:
        if nlp is None:
            raise ValueError("run_ingest needs nlp or extract")
        pipeline = nlp

        def extract(batch: Sequence[Article]) -> Iterator[ArticleExtraction | Skipped]:
            return extract_safely(pipeline, batch, batch_size=batch_size)

    started = time.perf_counter()
    articles, skipped = read_all(paths, stdin=stdin, mapper=mapper)
    repeats = sort_out_repeats(articles)  # repeated ids and texts are reported, not collapsed unnoticed
    articles, skipped = list(repeats.articles), skipped + list(repeats.skipped)
    if on_articles_read:
        on_articles_read(len(articles))
    if not articles:
        reasons = "; ".join(f"{s.source}: {s.reason}" for s in skipped) or "no input files found"
        raise EmptyInputError(f"nothing to ingest ({reasons})")

    done = 0
    pending: list[ArticleExtraction] = []
    counts = {"articles": 0, "sentences": 0, "triples": 0, "asserted": 0, "words": 0}
    entities: set[str] = set()

    def flush() -> None:
        if pending:
            sink.ingest(list(pending))
            pending.clear()

    for result in extract(articles):
        done += 1
        if isinstance(result, Skipped):
            skipped.append(result)
        else:
            pending.append(result)
            counts["articles"] += 1
            counts["sentences"] += result.sentences
            counts["triples"] += len(result.triples)
            counts["asserted"] += sum(1 for t in result.triples if t.asserted)
            counts["words"] += len(result.article.text.split())
            entities.update(result.entity_keys())
            if len(pending) >= batch_size:
                flush()
        if progress:
            progress(done, len(articles))
    flush()
    return IngestSummary(
        entities=len(entities),
        skipped=tuple(skipped),
        elapsed=time.perf_counter() - started,
        warnings=repeats.warnings,
        **counts,
    )
