"""Dumps of the whole store and their reload into a fresh store."""

from __future__ import annotations

import io
import json

import pyoxigraph as ox
import pytest

from graph.errors import InputError
from graph.exports import export_format
from graph.model import Triple
from graph.store.dumps import DUMP_FORMATS, extractions_from_triples, load_dump, read_triple_records, write_dump
from graph.store.oxigraph import Store
from tests.factories import aid_article, odd_article, war_article


@pytest.fixture(scope="module")
def filled():
    with Store.open(None) as store:
        for make in (war_article, aid_article, odd_article):
            store.put_article(make())
        yield store


def _dump(store: Store, fmt: str) -> bytes:
    out = io.BytesIO()
    write_dump(store, fmt, out)
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["trig", "nquads", "jsonld"])
def test_dataset_formats_reload_to_the_same_quads(filled, fmt):
    with Store.open(None) as fresh:
        load_dump(fresh, fmt, _dump(filled, fmt))
        assert set(fresh.oxigraph) == set(filled.oxigraph)
        assert list(fresh.extractions()) == list(filled.extractions())
    entity_graph = ox.NamedNode(str(filled.vocab.entity_graph))
    assert any(q.graph_name == entity_graph for q in filled.oxigraph)  # the entities' descriptions are in the dump


def test_turtle_holds_the_union_graph(filled):
    data = _dump(filled, "turtle")
    assert data.startswith(b"@prefix")
    with Store.open(None) as fresh:
        load_dump(fresh, "turtle", data)
        triples = {(q.subject, q.predicate, q.object) for q in fresh.oxigraph}
    assert triples == {(q.subject, q.predicate, q.object) for q in filled.oxigraph}


def test_dump_into_a_fresh_on_disk_store(filled, tmp_path):
    path = tmp_path / "dump.trig"
    with open(path, "wb") as out:
        write_dump(filled, "trig", out)
    with Store.open(tmp_path / "store") as fresh:
        with open(path, "rb") as data:
            load_dump(fresh, "trig", data)
    with Store.open(tmp_path / "store") as reopened:
        assert set(reopened.oxigraph) == set(filled.oxigraph)


def test_jsonl_lines_parse_back_into_the_triples(filled):
    lines = _dump(filled, "jsonl").decode("utf-8").splitlines()
    assert len(lines) == len(list(filled.triples()))
    # records hold what to_record() writes (empty surface text → label, confidence to 4 places)
    expected = [t.to_record() for t in filled.triples()]
    assert [Triple.from_record(json.loads(line)).to_record() for line in lines] == expected
    assert [t.to_record() for t in read_triple_records(lines)] == expected


def test_jsonl_reload_keeps_the_triples(filled):
    with Store.open(None) as fresh:
        load_dump(fresh, "jsonl", _dump(filled, "jsonl"))
        assert [t.to_record() for t in fresh.triples()] == [t.to_record() for t in filled.triples()]
        assert fresh.article_ids() == ["a1", "b2"]  # the third article has no triples


def test_extractions_from_triples_group_by_article():
    triples = list(war_article().triples) + list(aid_article().triples)
    grouped = extractions_from_triples(triples)
    assert [e.article.id for e in grouped] == ["a1", "b2"]
    assert grouped[0].triples == war_article().triples
    assert grouped[0].article.date == war_article().article.date


def test_bad_jsonl_line_names_the_line():
    with pytest.raises(InputError, match="line 3"):
        list(read_triple_records([json.dumps(war_article().triples[0].to_record()), "", "{nope"]))


def test_malformed_rdf_dump_is_an_input_error():
    with Store.open(None) as fresh, pytest.raises(InputError):
        load_dump(fresh, "trig", b"<a> <b> .")


def test_unknown_format_lists_the_choices(filled):
    with pytest.raises(InputError, match="jsonl, turtle, trig, nquads, jsonld"):
        write_dump(filled, "xml", io.BytesIO())
    assert export_format("TriG").media_type == "application/trig"
    assert set(DUMP_FORMATS) == {"jsonl", "turtle", "trig", "nquads", "jsonld"}


def test_empty_store_dumps(tmp_path):
    with Store.open(None) as empty:
        for fmt in DUMP_FORMATS:
            _dump(empty, fmt)
        assert _dump(empty, "jsonl") == b""
