"""Extraction in worker processes gives the same records as in this process, in input order."""

from __future__ import annotations

import dataclasses

import pytest

from graph.ingest import read_all
from graph.model import Article, ArticleExtraction, Skipped
from graph.parallel import ProcessExtractor, chunk_bounds, default_workers
from tests import parallel_tasks


class EchoExtractor(ProcessExtractor):
    """Real worker processes, without spaCy: an empty extraction per article."""

    task = staticmethod(parallel_tasks.echo_or_die)
    initializer = staticmethod(parallel_tasks.no_model)


def _articles(texts: list[str]) -> list[Article]:
    return [Article(id=f"a{n}", title="", text=text, source=f"s{n}.txt") for n, text in enumerate(texts)]


def test_default_workers_is_at_least_one():
    assert default_workers() >= 1


def test_workers_must_be_positive():
    with pytest.raises(ValueError):
        ProcessExtractor(None, 0)


@pytest.mark.e2e
@pytest.mark.parametrize("start_method", ["fork", "forkserver"])
@pytest.mark.parametrize("started", [False, True])
def test_results_come_in_input_order_across_many_chunks(start_method, started):
    articles = _articles([f"story {n}" for n in range(41)])
    extractor = EchoExtractor(None, 2, batch_size=3, start_method=start_method)
    if started:
        extractor.start()
    records = list(extractor(articles))
    assert [r.article.id for r in records if isinstance(r, ArticleExtraction)] == [a.id for a in articles]


@pytest.mark.e2e
def test_an_article_that_kills_its_worker_is_skipped_and_the_rest_extracted():
    articles = _articles([f"story {n}" for n in range(10)])
    articles[4] = dataclasses.replace(articles[4], text="die")
    records = list(EchoExtractor(None, 2, batch_size=3)(articles))
    assert [type(r).__name__ for r in records] == ["ArticleExtraction"] * 4 + ["Skipped"] + ["ArticleExtraction"] * 5
    assert "a4" in records[4].reason
    assert [r.article.id for r in records if isinstance(r, ArticleExtraction)] == [a.id for a in articles if a.text != "die"]


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


@pytest.mark.slow
@pytest.mark.e2e  # starts processes
def test_cli_ingest_with_two_workers_stores_what_one_process_stores(seeds_dir, tmp_path):
    from tests.cli.test_app import run

    exports = []
    for workers in ("1", "2"):
        store = str(tmp_path / f"store-{workers}")
        ingested = run("ingest", str(seeds_dir), "--store", store, "--workers", workers, "--batch-size", "2", "--json")
        assert ingested.returncode == 0, ingested.stderr
        exported = run("export", "--format", "jsonl", "--store", store)
        assert exported.returncode == 0, exported.stderr
        exports.append(exported.stdout)
    assert exports[0] == exports[1] and exports[0].count("\n") > 10


@pytest.mark.parametrize(("count", "size", "workers"), [(200, 16, 2), (41, 3, 2), (5, 16, 2), (1, 16, 4), (64, 16, 4), (33, 8, 3)])
def test_chunks_cover_every_article_once_in_order_with_small_chunks_at_the_end(count, size, workers):
    bounds = chunk_bounds(count, size, workers)
    assert [start for start, _ in bounds] == [0, *(end for _, end in bounds[:-1])]
    assert bounds[-1][1] == count
    assert all(0 < end - start <= size for start, end in bounds)
    if count >= 2 * workers * size:
        assert bounds[0][1] - bounds[0][0] == size
        assert all(end - start <= max(1, size // 4) for start, end in bounds if start >= count - workers * size)
    if count < workers * size:  # too few to fill a chunk each: every worker still gets some
        assert len(bounds) >= min(count, workers)


@pytest.mark.e2e
def test_workers_read_the_files_as_this_process_does(tmp_path):
    for n in range(7):
        (tmp_path / f"story{n}.txt").write_text(f"Headline {n}\n\nAcme opened a plant in town number {n}.\n")
    (tmp_path / "two.jsonl").write_text('{"id": "j1", "text": "Beta bought Gamma."}\n{"id": "j2", "text": "Gamma sued Beta."}\n')
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "latin1.txt").write_bytes("caf\xe9 society".encode("latin-1"))
    (tmp_path / "nothing").mkdir()
    extractor = EchoExtractor(None, 2, batch_size=3)
    try:
        here = read_all([tmp_path, tmp_path / "nothing"])
        there = read_all([tmp_path, tmp_path / "nothing"], mapper=extractor.map_inputs)
    finally:
        list(extractor([]))  # shuts the pool down
    assert there == here
    assert len(here[0]) == 9 and len(here[1]) == 3
