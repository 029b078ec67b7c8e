"""The mirror is built when first read, never by commands that only write or dump."""

from __future__ import annotations

import json

import pytest

from graph.cli import commands
from graph.cli.app import main
from graph.knowledge import KnowledgeGraph
from graph.mirror import Mirror
from graph.model import ArticleExtraction
from tests.checks import assert_mirror_agrees
from tests.factories import aid_article, odd_article, war_article


@pytest.fixture
def no_mirror_build(monkeypatch):
    def refuse(*_args, **_kwargs):
        raise AssertionError("the mirror was built")

    monkeypatch.setattr(Mirror, "from_store", classmethod(refuse))
    monkeypatch.setattr(Mirror, "from_extractions", classmethod(refuse))


@pytest.fixture
def store_path(tmp_path):
    path = tmp_path / "store"
    with KnowledgeGraph.open(path) as knowledge:
        knowledge.ingest([war_article(), aid_article()])
    return path


def test_writing_and_removing_never_build_the_mirror(tmp_path, no_mirror_build):
    with KnowledgeGraph.open(tmp_path / "store") as knowledge:
        knowledge.ingest([war_article(), aid_article()])
        assert knowledge.remove_article("b2") is True
        assert not knowledge.mirror_ready
        assert knowledge.store.article_ids() == ["a1"]


def test_a_mirror_built_late_agrees_and_then_follows_every_write(tmp_path):
    with KnowledgeGraph.open(tmp_path / "store") as knowledge:
        knowledge.ingest([war_article(), aid_article()])
        assert not knowledge.mirror_ready
        assert_mirror_agrees(knowledge.mirror, knowledge.store)
        assert knowledge.mirror_ready
        knowledge.ingest([odd_article()])
        knowledge.remove_article("a1")
        assert_mirror_agrees(knowledge.mirror, knowledge.store)


def test_warm_mirror_builds_it_in_the_background(store_path):
    with KnowledgeGraph.open(store_path) as knowledge:
        knowledge.warm_mirror().join(timeout=30)
        assert knowledge.mirror_ready
        assert knowledge.mirror.article_ids() == ["a1", "b2"]


def test_the_cli_ingests_without_building_the_mirror(tmp_path, monkeypatch, no_mirror_build, capsys):
    def extractor(_model, _workers, _batch_size):
        return lambda articles: (ArticleExtraction(article=article) for article in articles)

    monkeypatch.setattr(commands, "make_extractor", extractor)
    source = tmp_path / "story.txt"
    source.write_text("Atlantis signed a treaty with Lemuria on Monday.\n", encoding="utf-8")
    assert main(["ingest", str(source), "--store", str(tmp_path / "store"), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["articles"] == 1


def test_remove_and_dumps_never_build_the_mirror(store_path, no_mirror_build, capsys):
    assert main(["export", "--format", "nquads", "--store", str(store_path)]) == 0
    assert "<" in capsys.readouterr().out
    assert main(["remove", "b2", "--store", str(store_path)]) == 0
    assert "removed: b2" in capsys.readouterr().out


def test_entity_graph_exports_build_it(store_path, capsys):
    assert main(["export", "--format", "graphml", "--store", str(store_path)]) == 0
    assert "graphml" in capsys.readouterr().out


def test_refreshing_a_node_shares_the_running_article_set():
    mirror = Mirror()
    mirror.apply(war_article())
    key = next(iter(war_article().entity_keys()))
    articles = mirror.graph.nodes[key]["articles"]
    mirror.apply(aid_article())
    assert mirror.graph.nodes[key]["articles"] is articles  # not copied on every refresh


def test_a_snapshot_stays_as_it_was(tmp_path):
    with KnowledgeGraph.open(None) as knowledge:
        knowledge.ingest([war_article()])
        snapshot = knowledge.snapshot()
        before = {node: set(attrs.get("articles", ())) for node, attrs in snapshot.nodes(data=True)}
        knowledge.ingest([dataclasses_replace_id(war_article(), "a1-copy")])
        assert {node: set(attrs.get("articles", ())) for node, attrs in snapshot.nodes(data=True)} == before
        assert any("a1-copy" in attrs.get("articles", ()) for _, attrs in knowledge.snapshot().nodes(data=True))


def dataclasses_replace_id(extraction: ArticleExtraction, article_id: str) -> ArticleExtraction:
    import dataclasses

    return dataclasses.replace(extraction, article=dataclasses.replace(extraction.article, id=article_id))
