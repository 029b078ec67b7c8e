"""The mirror's compact records read exactly like the dicts they replace."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from graph.edges import (
    EARLIER_FIELDS,
    STATEMENT_FIELDS,
    STATEMENT_KEYS,
    OneStatement,
    QuantityData,
    Shared,
    StatementData,
    from_values,
    one_of,
    unpickled_statement,
)
from graph.mirror import Mirror, edge_attributes, quantity_attributes
from graph.model import Quantity, quantity_key, statement_id
from tests.factories import aid_article, gephi_extractions, odd_article, war_article


def _extractions():
    found = {extraction.article.id: extraction for extraction in (*gephi_extractions(), war_article(), aid_article(), odd_article())}
    return list(found.values())  # the last of each id: what the mirror holds


def test_records_equal_the_attribute_dicts():
    extractions = _extractions()
    mirror = Mirror.from_extractions(extractions)
    edges = mirror.statements()
    for extraction in extractions:
        article_id = extraction.article.id
        for index, triple in enumerate(extraction.triples):
            _, target, data = edges[statement_id(article_id, index)]
            assert isinstance(data, StatementData)
            expected = edge_attributes(triple)
            assert dict(data) == expected and data == expected
            assert list(data) == list(expected) and len(data) == len(expected)
            assert all(data.get(name) == value and name in data for name, value in expected.items())
            assert "amount" in data or data.get("amount", "none") == "none"
            assert data.copy() == expected
            if isinstance(triple.object, Quantity):
                node = mirror.graph.nodes[quantity_key(article_id, index)]
                assert isinstance(node, QuantityData)
                assert dict(node) == quantity_attributes(triple.object, article_id)
    loaded = pickle.loads(pickle.dumps(mirror))
    assert loaded.statements() == edges
    records = [data for *_, data in loaded.statements().values()]
    for name in ("confidence", "start", "end"):  # one object per value, as in the mirror pickled
        assert len({id(getattr(data, name)) for data in records}) == len({getattr(data, name) for data in records})


def test_a_single_statement_between_two_nodes_is_a_one_entry_mapping():
    mirror = Mirror.from_extractions([war_article()])
    graph = mirror.graph
    keyed = graph._succ["russia"]["kyiv"]
    assert isinstance(keyed, OneStatement) and graph._pred["kyiv"]["russia"] is keyed
    assert list(keyed) == ["a1/2"] and dict(keyed) == {"a1/2": keyed.data} and "a1/2" in keyed and "a1/3" not in keyed
    assert graph.number_of_edges("russia", "kyiv") == 1 and graph.has_edge("russia", "kyiv", "a1/2")
    built = one_of((keyed.data,))  # as the saved mirror makes them
    assert type(built) is OneStatement and built == keyed and list(built) == ["a1/2"] and built["a1/2"] is keyed.data
    with pytest.raises(TypeError):
        hash(keyed)
    mirror.apply(war_article("a2"))  # the same statements again: two between each pair
    keyed = graph._succ["russia"]["kyiv"]
    assert isinstance(keyed, dict) and sorted(keyed) == ["a1/2", "a2/2"] and graph._pred["kyiv"]["russia"] is keyed
    mirror.remove_article("a1")
    keyed = graph._succ["russia"]["kyiv"]
    assert isinstance(keyed, OneStatement) and list(keyed) == ["a2/2"] and graph._pred["kyiv"]["russia"] is keyed
    mirror.remove_article("a2")
    assert graph.number_of_edges() == 0


def test_shared_values_keep_their_type_and_order():
    share = Shared()
    assert share(1) is share(1) and type(share(1.0)) is float and share(True) is True
    assert share(-0.0) == 0.0 and str(share(-0.0)) == "-0.0"
    first = share.qualifiers({"killed": 3, "injured": 1})
    assert share.qualifiers({"killed": 3, "injured": 1}) is first
    assert list(share.qualifiers({"injured": 1, "killed": 3})) == ["injured", "killed"]
    assert share.qualifiers({"killed": 3.0, "injured": 1}) is not first  # 3.0 prints apart from 3
    listed = {"names": ["a", "b"]}
    assert share.qualifiers(listed) == listed and share.qualifiers(listed) is not listed


def test_a_record_is_a_mapping_not_a_tuple_to_its_readers():
    mirror = Mirror.from_extractions([war_article()])
    data = mirror.graph._succ["russia"]["kyiv"]["a1/2"]
    assert list(data) == list(STATEMENT_KEYS[: len(data)]) and data["predicate"] == data.predicate
    assert data == dict(data) and not data != dict(data) and data != {**data, "predicate": "other"}
    with pytest.raises(TypeError):
        hash(data)
    with pytest.raises(TypeError):
        _ = data < data
    with pytest.raises(KeyError):
        data[0]  # noqa: B018
    rebuilt = from_values(tuple(getattr(data, name) for name in STATEMENT_FIELDS))
    assert type(rebuilt) is StatementData and rebuilt == data and pickle.loads(pickle.dumps(rebuilt)) == data


def test_a_statement_id_is_made_from_its_article_and_number_unless_it_differs():
    article = war_article()
    moved = dataclasses.replace(article, triples=[dataclasses.replace(article.triples[0], article="elsewhere"), *article.triples[1:]])
    mirror = Mirror.from_extractions([moved])
    records = {key: data for key, (_, _, data) in mirror.statements().items()}
    assert sorted(records) == sorted(statement_id("a1", index) for index in range(len(article.triples)))
    assert records["a1/0"].number == "a1/0" and records["a1/0"]["article"] == "elsewhere"
    assert records["a1/2"].number == 2 and records["a1/2"].key == "a1/2"


def test_a_record_of_the_earlier_fields_reads_the_same():
    mirror = Mirror.from_extractions(_extractions())
    for *_, data in mirror.graph.edges(keys=True, data=True):
        earlier = unpickled_statement(*(getattr(data, name) for name in EARLIER_FIELDS))
        assert type(earlier) is StatementData and earlier == data and earlier.key == data.key
    assert any("amount" in data for *_, data in mirror.graph.edges(keys=True, data=True))


def test_amounts_are_shared_with_their_type_and_sign():
    share = Shared()
    assert share.money(None, None) is None and share.money(5.0, "USD") is share.money(5.0, "USD")
    assert share.money(5.0, None) is not share.money(5.0, "USD") and share.money(None, "USD") == (None, "USD")
    assert str(share.money(-0.0, "USD")[0]) == "-0.0" and str(share.money(0.0, "USD")[0]) == "0.0"
