"""KnowledgeGraph: the single writer of store and mirror, and consistent reads."""

from __future__ import annotations

import dataclasses
import threading
import time

import networkx as nx
import pytest

from graph.errors import StoreError
from graph.knowledge import IngestResult, KnowledgeGraph, ReadWriteLock
from graph.model import Skipped
from tests.checks import assert_mirror_agrees
from tests.factories import aid_article, odd_article, synthetic_article, war_article


@pytest.fixture
def knowledge():
    with KnowledgeGraph.open(None) as opened:
        yield opened


def test_ingest_reports_what_it_wrote(knowledge):
    result = knowledge.ingest([war_article(), aid_article()])
    assert result == IngestResult(articles=2, triples=7, entities=7, replaced=0, article_ids=("a1", "b2"))
    again = knowledge.ingest([war_article()])
    assert (again.articles, again.replaced) == (1, 1)
    assert knowledge.store.stats()["statements"] == 7
    assert result.to_record()["article_ids"] == ["a1", "b2"]


def test_bad_article_is_skipped_and_the_batch_goes_on(knowledge):
    bad = dataclasses.replace(aid_article(), article=dataclasses.replace(aid_article().article, id="", source="broken.txt"))
    result = knowledge.ingest([war_article(), bad, odd_article()])
    assert result.articles == 2
    assert [s.source for s in result.skipped] == ["broken.txt"]
    assert knowledge.store.article_ids() == ["a1", "news/2024 11#7"]
    assert_mirror_agrees(knowledge.mirror, knowledge.store)


def test_skipped_records_are_passed_through(knowledge):
    result = knowledge.ingest([Skipped("empty.txt", "no text"), aid_article()])
    assert result.articles == 1 and result.skipped == (Skipped("empty.txt", "no text"),)


def test_store_and_mirror_agree_through_ingest_replace_remove(knowledge):
    knowledge.ingest([war_article(), aid_article(), odd_article()])
    assert_mirror_agrees(knowledge.mirror, knowledge.store)
    knowledge.ingest([dataclasses.replace(war_article(), triples=war_article().triples[:2])])
    assert_mirror_agrees(knowledge.mirror, knowledge.store)
    assert knowledge.remove_article("b2") is True
    assert knowledge.remove_article("b2") is False
    assert_mirror_agrees(knowledge.mirror, knowledge.store)


def test_version_and_listeners(knowledge):
    seen = []
    knowledge.on_change(lambda version, ids: seen.append((version, ids)))
    assert knowledge.version == 0
    knowledge.ingest([war_article(), aid_article()])
    assert knowledge.version == 2
    knowledge.remove_article("a1")
    knowledge.remove_article("missing")
    assert knowledge.version == 3
    assert seen == [(2, ("a1", "b2")), (3, ("a1",))]


def test_snapshot_is_frozen_and_cached_per_version(knowledge):
    knowledge.ingest([war_article()])
    first = knowledge.snapshot()
    assert knowledge.snapshot() is first
    assert nx.is_frozen(first)
    with pytest.raises(nx.NetworkXError):
        first.add_node("x")
    knowledge.ingest([aid_article()])
    second = knowledge.snapshot()
    assert second is not first
    assert "b2" not in {d["article"] for *_, d in first.edges(data=True)}
    assert first.nodes["kyiv"]["articles"] == {"a1"}  # a shared node changed only in the live mirror
    assert second.nodes["kyiv"]["articles"] == {"a1", "b2"}
    assert "b2" in {d["article"] for *_, d in second.edges(data=True)}


def test_summary(knowledge):
    knowledge.ingest([war_article(), aid_article()])
    assert knowledge.summary() == {"articles": 2, "statements": 7, "entities": 7, "version": 2, "read_only": False}


def test_open_on_disk_rebuilds_the_mirror(tmp_path):
    path = tmp_path / "store"
    with KnowledgeGraph.open(path) as knowledge:
        knowledge.ingest([war_article(), aid_article()])
        nodes = dict(knowledge.mirror.graph.nodes(data=True))
        statements = knowledge.mirror.statements()
    with KnowledgeGraph.open(path) as reopened:
        assert dict(reopened.mirror.graph.nodes(data=True)) == nodes
        assert reopened.mirror.statements() == statements
    with KnowledgeGraph.open(path, read_only=True) as reader:
        assert reader.mirror.statements() == statements
        with pytest.raises(StoreError, match="read-only"):
            reader.ingest([odd_article()])


def test_readers_hold_off_writers(knowledge):
    knowledge.ingest([war_article()])
    wrote = threading.Event()
    with knowledge.read() as mirror:
        writer = threading.Thread(target=lambda: (knowledge.ingest([aid_article()]), wrote.set()))
        writer.start()
        time.sleep(0.2)
        assert not wrote.is_set()
        assert "b2" not in mirror
        with knowledge.lock:  # reentrant for the reading thread
            assert knowledge.version == 1
    writer.join(timeout=10)
    assert wrote.is_set() and knowledge.version == 2


def test_readers_never_see_half_an_article(knowledge):
    """Writers replace articles over and over; readers check every article is whole."""
    sizes = {n: 5 + 3 * n for n in range(6)}
    variants = {n: [synthetic_article(n, triples=sizes[n]), synthetic_article(n, triples=sizes[n] * 2)] for n in sizes}
    stop = threading.Event()
    problems: list[str] = []

    def write():
        for round_ in range(8):
            knowledge.ingest([variants[n][round_ % 2] for n in sizes])

    def read():
        while not stop.is_set():
            with knowledge.read() as mirror:
                counts: dict[str, int] = {}
                for *_, article in mirror.graph.edges(data="article"):
                    counts[article] = counts.get(article, 0) + 1
                stored = knowledge.store.stats()["statements"]
            for article, count in counts.items():
                n = int(article.split("-")[1])
                if count not in (sizes[n], 2 * sizes[n]):
                    problems.append(f"{article}: {count} edges")
            if sum(counts.values()) != stored:
                problems.append(f"mirror {sum(counts.values())} vs store {stored}")

    readers = [threading.Thread(target=read) for _ in range(2)]
    writers = [threading.Thread(target=write) for _ in range(2)]
    for thread in readers + writers:
        thread.start()
    for thread in writers:
        thread.join(timeout=60)
    stop.set()
    for thread in readers:
        thread.join(timeout=10)
    assert problems == []
    assert_mirror_agrees(knowledge.mirror, knowledge.store)


def test_rw_lock_writer_waits_for_readers_and_goes_first():
    lock = ReadWriteLock()
    order = []
    reading = threading.Event()

    def reader(name, hold):
        with lock.reading():
            reading.set()
            order.append(f"{name} in")
            time.sleep(hold)
            order.append(f"{name} out")

    def writer():
        with lock.writing():
            order.append("writer")

    first = threading.Thread(target=reader, args=("r1", 0.3))
    first.start()
    reading.wait()
    w = threading.Thread(target=writer)
    w.start()
    time.sleep(0.1)
    late = threading.Thread(target=reader, args=("r2", 0))
    late.start()
    for thread in (first, w, late):
        thread.join(timeout=10)
    assert order == ["r1 in", "r1 out", "writer", "r2 in", "r2 out"]


def test_try_read_never_waits_for_a_writer(knowledge):
    """The real KnowledgeGraph: try_read holds off writers when it can, answers False at once when it can't."""
    with knowledge.try_read() as acquired:
        assert acquired
        with knowledge.try_read() as again:  # reentrant, like read()
            assert again
    writing, release = threading.Event(), threading.Event()

    def writer():
        with knowledge._lock.writing():
            writing.set()
            release.wait(10)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        assert writing.wait(10)
        started = time.monotonic()
        with knowledge.try_read() as acquired:
            assert not acquired
        assert time.monotonic() - started < 0.5
    finally:
        release.set()
        thread.join(timeout=10)
    with knowledge.try_read() as acquired:
        assert acquired


def test_a_reader_holding_try_read_holds_off_writers(knowledge):
    written = threading.Event()
    with knowledge.try_read() as acquired:
        assert acquired
        thread = threading.Thread(target=lambda: (knowledge.ingest([war_article("held")]), written.set()))
        thread.start()
        assert not written.wait(0.3)
    thread.join(timeout=10)
    assert written.is_set() and "held" in knowledge.mirror


def test_rw_lock_refuses_upgrade():
    lock = ReadWriteLock()
    with lock.reading():
        with pytest.raises(RuntimeError):
            with lock.writing():
                pass


def test_refresh_rebuilds_the_mirror_after_a_direct_load(knowledge):
    import io

    from graph.store.dumps import load_dump, write_dump

    with KnowledgeGraph.open(None) as source:
        source.ingest([war_article(), aid_article()])
        dump = io.BytesIO()
        write_dump(source.store, "nquads", dump)
    assert knowledge.mirror.graph.number_of_edges() == 0  # built, empty
    load_dump(knowledge.store, "nquads", dump.getvalue())
    assert knowledge.mirror.graph.number_of_edges() == 0  # a direct load leaves a built mirror alone
    knowledge.refresh()
    assert knowledge.version == 1
    assert_mirror_agrees(knowledge.mirror, knowledge.store)
