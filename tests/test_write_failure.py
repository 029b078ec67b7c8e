"""A store write failing midway (a full disk): what was committed is said and mirrored,
the failure is remembered, and the next write reopens the store and clears it."""

from __future__ import annotations

import pytest

from graph.errors import StoreError, WriteFailedError
from graph.knowledge import WRITE_BATCH, KnowledgeGraph
from tests.factories import synthetic_article


def test_a_write_failing_midway_says_what_was_committed(monkeypatch: pytest.MonkeyPatch) -> None:
    with KnowledgeGraph.open(None) as knowledge:
        _ = knowledge.mirror  # built: the committed articles must reach it too
        store = knowledge.store
        original = store._extend_new
        calls = []

        def full_on_second(*args, **kwargs):
            calls.append(1)
            if len(calls) == 2:
                raise StoreError("No space left on device")
            return original(*args, **kwargs)

        reopened = []
        monkeypatch.setattr(store, "_extend_new", full_on_second)
        monkeypatch.setattr(store, "reopen", lambda: reopened.append(1))
        articles = [synthetic_article(n, triples=2) for n in range(WRITE_BATCH + 10)]
        with pytest.raises(WriteFailedError) as failed:
            knowledge.ingest(articles)
        ids = [a.article.id for a in articles]
        assert failed.value.committed == tuple(ids[:WRITE_BATCH])
        assert failed.value.attempted == len(articles)
        assert f"{WRITE_BATCH} of {len(articles)} articles committed" in str(failed.value)
        assert failed.value.details()["committed_ids"] == ids[:WRITE_BATCH]
        assert knowledge.write_failure is not None and "No space" in knowledge.write_failure
        assert sorted(knowledge.mirror.article_ids()) == sorted(ids[:WRITE_BATCH]) == store.article_ids()
        assert not reopened

        result = knowledge.ingest(articles[WRITE_BATCH:])
        assert reopened == [1]  # the store was reopened before writing again
        assert result.article_ids == tuple(ids[WRITE_BATCH:])
        assert knowledge.write_failure is None
        assert len(store.article_ids()) == len(articles)


def test_a_store_that_cannot_be_reopened_keeps_the_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    with KnowledgeGraph.open(None) as knowledge:
        knowledge.write_failure = "No space left on device"

        def still_full() -> None:
            raise StoreError("can't open the store: No space left on device")

        monkeypatch.setattr(knowledge.store, "reopen", still_full)
        with pytest.raises(WriteFailedError) as failed:
            knowledge.ingest([synthetic_article(1)])
        assert failed.value.committed == ()
        assert knowledge.write_failure is not None and "can't open" in knowledge.write_failure


def test_a_read_only_store_refuses_writes_without_a_failure(tmp_path) -> None:
    KnowledgeGraph.open(tmp_path / "store").close()
    with KnowledgeGraph.open(tmp_path / "store", read_only=True) as knowledge:
        with pytest.raises(StoreError, match="read-only") as refused:
            knowledge.ingest([synthetic_article(1)])
        assert not isinstance(refused.value, WriteFailedError)
        assert knowledge.write_failure is None
