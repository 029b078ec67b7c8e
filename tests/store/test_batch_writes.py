"""Store.put_articles: new articles in one transaction, replacements and bad articles one by one."""

from __future__ import annotations

import dataclasses

from graph.errors import InputError
from graph.store.oxigraph import Store
from tests.factories import aid_article, odd_article, war_article


def _quads(store: Store) -> set:
    return set(store.oxigraph.quads_for_pattern(None, None, None, None))


def test_a_batch_writes_what_one_article_at_a_time_writes():
    articles = [war_article(), aid_article(), odd_article()]
    with Store.open(None) as batched, Store.open(None) as single:
        assert batched.put_articles(articles) == [False, False, False]
        for extraction in articles:
            single.put_article(extraction)
        assert _quads(batched) == _quads(single)


def test_replacements_bad_articles_and_repeats_in_one_batch():
    shorter = dataclasses.replace(war_article(), triples=war_article().triples[:1])
    bad = dataclasses.replace(aid_article(), article=dataclasses.replace(aid_article().article, id=""))
    with Store.open(None) as batched, Store.open(None) as single:
        batched.put_article(aid_article())
        outcomes = batched.put_articles([war_article(), bad, aid_article(), shorter])
        assert outcomes[0] is False and isinstance(outcomes[1], InputError) and outcomes[2:] == [True, True]
        for extraction in (aid_article(), shorter):
            single.put_article(extraction)
        assert _quads(batched) == _quads(single)  # the last version of a1 wins
        assert batched.article_ids() == ["a1", "b2"]


def test_closing_leaves_no_write_ahead_log_behind(tmp_path):
    store = Store.open(tmp_path / "store")
    store.put_articles([war_article(), aid_article(), odd_article()])
    store.close()
    logs = [f for f in (tmp_path / "store" / "oxigraph").glob("*.log") if f.stat().st_size > 0]
    assert logs == []
    with Store.open(tmp_path / "store", read_only=True) as reopened:
        assert reopened.article_ids() == ["a1", "b2", "news/2024 11#7"]
