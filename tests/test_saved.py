"""The mirror saved beside an on-disk store: loaded instead of rebuilt when up to date, never when not."""

from __future__ import annotations

import array
import gc
import io
import json
import logging
import pickle
import signal
import zlib

import pytest

from graph import saved as saved_module
from graph.edges import EARLIER_FIELDS, QUANTITY_FIELDS, STATEMENT_FIELDS, OneStatement, QuantityData, StatementData
from graph.incidence import Incidence, unpacked
from graph.knowledge import KnowledgeGraph
from graph.mirror import Mirror
from graph.saved import BASE, JOURNAL, MANIFEST
from graph.store.dumps import load_dump
from graph.store.oxigraph import Store
from tests.checks import assert_figures_agree, assert_mirror_agrees
from tests.factories import aid_article, odd_article, synthetic_article, war_article


@pytest.fixture
def builds(monkeypatch):
    """The number of times a mirror was built from the store (not loaded)."""
    count = [0]
    original = Mirror.from_store.__func__

    def counting(cls, store):
        count[0] += 1
        return original(cls, store)

    monkeypatch.setattr(Mirror, "from_store", classmethod(counting))
    return count


def _articles():
    return [war_article(), aid_article(), *(synthetic_article(index, triples=6) for index in range(12))]


def _dates(mirror: Mirror) -> dict[str, str | None]:
    return {article_id: mirror.figures._article_dates[article_id] or None for article_id in mirror.article_ids()}


def assert_same_mirror(loaded: Mirror, store: Store) -> None:
    """``loaded`` equals the mirror rebuilt from ``store``: statements, nodes, figures, indexes."""
    rebuilt = Mirror.from_extractions(store.extractions())
    assert loaded.statements() == rebuilt.statements()
    assert dict(loaded.graph.nodes(data=True)) == dict(rebuilt.graph.nodes(data=True))
    assert loaded.article_ids() == rebuilt.article_ids()
    assert loaded.figures.most_connected(100) == rebuilt.figures.most_connected(100)
    assert loaded.figures.newest_articles(100) == rebuilt.figures.newest_articles(100)
    assert loaded.figures.date_range() == rebuilt.figures.date_range()
    assert {n: set(k) for n, k in loaded.names.items()} == {n: set(k) for n, k in rebuilt.names.items()}
    for key in rebuilt.graph.nodes:
        assert loaded.incidence.category_sizes(key) == rebuilt.incidence.category_sizes(key)
        assert loaded.incidence.timeline(key) == rebuilt.incidence.timeline(key)
    assert_mirror_agrees(loaded, store)
    assert_figures_agree(loaded, _dates(loaded))


def test_a_new_store_journals_its_writes_and_the_next_open_loads_them(tmp_path, builds):
    path = tmp_path / "store"
    with KnowledgeGraph.open(path) as knowledge:
        knowledge.ingest(_articles())
        knowledge.remove_article("b2")
    assert (path / MANIFEST).is_file() and (path / JOURNAL).is_file()
    with KnowledgeGraph.open(path) as knowledge:
        assert not (path / MANIFEST).exists()  # while open for writing the saved mirror is not trusted
        assert_same_mirror(knowledge.mirror, knowledge.store)
    assert builds[0] == 0


def test_a_rebuilt_mirror_is_saved_and_loaded_then_followed_by_the_journal(tmp_path, builds):
    path = tmp_path / "store"
    with KnowledgeGraph.open(path) as knowledge:
        knowledge.ingest(_articles())
    (path / MANIFEST).unlink()  # as after a crash: the mirror is rebuilt, then saved
    with KnowledgeGraph.open(path) as knowledge:
        assert knowledge.mirror is not None
    assert builds[0] == 1 and (path / BASE).is_file() and (path / JOURNAL).stat().st_size == 0
    with KnowledgeGraph.open(path) as knowledge:
        assert_same_mirror(knowledge.mirror, knowledge.store)  # the pickle alone
        knowledge.ingest([odd_article(), war_article("a9", extra_sentence="Kyiv thanked Washington.")])
        knowledge.remove_article("a1")
    with KnowledgeGraph.open(path) as knowledge:
        assert not knowledge.mirror_ready
        assert_same_mirror(knowledge.mirror, knowledge.store)  # the pickle and the journal
        knowledge.ingest([war_article("a1")])  # the loaded mirror follows writes as a rebuilt one
        assert_same_mirror(knowledge.mirror, knowledge.store)
    assert builds[0] == 1


def test_a_long_journal_is_folded_into_a_new_pickle(tmp_path, builds, monkeypatch):
    monkeypatch.setattr(saved_module, "JOURNAL_FOLD", 3)
    path = tmp_path / "store"
    with KnowledgeGraph.open(path) as knowledge:
        knowledge.ingest(_articles())
    with KnowledgeGraph.open(path) as knowledge:
        assert knowledge.mirror is not None
    assert (path / BASE).is_file() and (path / JOURNAL).stat().st_size == 0
    with KnowledgeGraph.open(path) as knowledge:
        assert_same_mirror(knowledge.mirror, knowledge.store)
    assert builds[0] == 0


def test_a_writer_folds_a_journal_that_outgrew_the_saved_mirror_when_it_closes(tmp_path, builds, monkeypatch):
    monkeypatch.setattr(saved_module, "JOURNAL_FOLD", 3)
    path = tmp_path / "store"
    with KnowledgeGraph.open(path) as knowledge:  # as `ingest` does: the mirror is never read
        knowledge.ingest(_articles())
        assert not knowledge.mirror_ready and knowledge.folds_on_close
    assert (path / BASE).is_file() and (path / JOURNAL).stat().st_size == 0  # no pickle yet: any journal outgrew it
    base = (path / BASE).read_bytes()
    monkeypatch.setattr(saved_module, "JOURNAL_SHARE", 1)  # the journal must outweigh the whole pickle
    with KnowledgeGraph.open(path) as knowledge:
        knowledge.ingest([war_article(f"w{n}") for n in range(4)])
        assert not knowledge.folds_on_close
    assert (path / BASE).read_bytes() == base and (path / JOURNAL).stat().st_size > 0  # 4 articles against 14: no
    monkeypatch.setattr(saved_module, "JOURNAL_SHARE", 10_000)  # any journal outweighs its share now
    with KnowledgeGraph.open(path) as knowledge:
        knowledge.ingest([odd_article()])
    assert (path / BASE).read_bytes() != base and (path / JOURNAL).stat().st_size == 0
    with KnowledgeGraph.open(path) as knowledge:
        assert_same_mirror(knowledge.mirror, knowledge.store)  # the pickle alone
    assert builds[0] == 0


def test_a_short_journal_is_left_to_the_next_start(tmp_path, builds):
    path = tmp_path / "store"
    with KnowledgeGraph.open(path) as knowledge:
        knowledge.ingest(_articles())  # 14 articles: under JOURNAL_FOLD
    assert not (path / BASE).exists() and (path / JOURNAL).stat().st_size > 0
    with KnowledgeGraph.open(path, read_only=True) as knowledge:
        assert_same_mirror(knowledge.mirror, knowledge.store)
    assert builds[0] == 0


def test_a_store_written_without_the_journal_is_rebuilt(tmp_path, builds):
    path = tmp_path / "store"
    with KnowledgeGraph.open(path) as knowledge:
        knowledge.ingest(_articles())
    with Store.open(path) as store:  # another writer: the database files change
        store.put_article(odd_article())
    with KnowledgeGraph.open(path) as knowledge:
        assert_same_mirror(knowledge.mirror, knowledge.store)
        assert builds[0] == 1
        assert_same_mirror(knowledge.mirror, knowledge.store)


def test_a_write_around_the_knowledge_graph_is_not_saved(tmp_path, builds, caplog):
    path = tmp_path / "store"
    with KnowledgeGraph.open(path) as knowledge:
        knowledge.ingest(_articles())
        knowledge.store.put_article(odd_article())  # not journalled
    assert not (path / MANIFEST).exists()
    assert "written around its mirror" in caplog.text
    with KnowledgeGraph.open(path) as knowledge:
        assert_same_mirror(knowledge.mirror, knowledge.store)
    assert builds[0] == 1


def test_an_unclosed_store_leaves_no_manifest(tmp_path):
    path = tmp_path / "store"
    with KnowledgeGraph.open(path) as knowledge:
        knowledge.ingest(_articles())
    knowledge = KnowledgeGraph.open(path)
    assert not (path / MANIFEST).exists()  # a crash now leaves the saved mirror stale
    knowledge.close()
    assert (path / MANIFEST).exists()


@pytest.mark.parametrize("name", [BASE, JOURNAL])
def test_a_damaged_saved_mirror_is_ignored_with_a_warning(tmp_path, builds, caplog, name):
    path = tmp_path / "store"
    with KnowledgeGraph.open(path) as knowledge:
        knowledge.ingest(_articles()[:6])
    (path / MANIFEST).unlink()
    with KnowledgeGraph.open(path) as knowledge:
        assert knowledge.mirror is not None  # rebuilt and saved as a pickle
        knowledge.ingest(_articles()[6:])  # journalled after it
    assert builds[0] == 1
    damaged = bytearray((path / name).read_bytes())
    damaged[len(damaged) // 2] ^= 0xFF
    (path / name).write_bytes(bytes(damaged))
    with caplog.at_level(logging.WARNING, logger="graph.saved"), KnowledgeGraph.open(path) as knowledge:
        assert_same_mirror(knowledge.mirror, knowledge.store)
    assert builds[0] == 2
    assert "can't be used" in caplog.text and "rebuilding it from the store" in caplog.text


def test_a_truncated_or_foreign_manifest_is_stale(tmp_path, builds, caplog):
    path = tmp_path / "store"
    with KnowledgeGraph.open(path) as knowledge:
        knowledge.ingest(_articles())
    (path / JOURNAL).write_bytes((path / JOURNAL).read_bytes()[:-10])
    with KnowledgeGraph.open(path) as knowledge:
        assert_same_mirror(knowledge.mirror, knowledge.store)
    assert builds[0] == 1
    manifest = json.loads((path / MANIFEST).read_text())
    manifest["format"] = 999
    (path / MANIFEST).write_text(json.dumps(manifest))
    with KnowledgeGraph.open(path) as knowledge:
        assert knowledge.mirror is not None
    assert builds[0] == 2
    (path / MANIFEST).write_text("{not json")
    with caplog.at_level(logging.WARNING, logger="graph.saved"), KnowledgeGraph.open(path) as knowledge:
        assert_same_mirror(knowledge.mirror, knowledge.store)
    assert builds[0] == 3


def test_a_read_only_open_loads_the_saved_mirror_and_writes_nothing(tmp_path, builds):
    path = tmp_path / "store"
    with KnowledgeGraph.open(path) as knowledge:
        knowledge.ingest(_articles())
    before = {entry.name: entry.stat().st_mtime_ns for entry in path.iterdir() if entry.is_file()}
    with KnowledgeGraph.open(path, read_only=True) as knowledge:
        assert_same_mirror(knowledge.mirror, knowledge.store)
    assert builds[0] == 0
    assert {entry.name: entry.stat().st_mtime_ns for entry in path.iterdir() if entry.is_file()} == before


def test_in_memory_stores_have_no_saved_mirror(builds):
    with KnowledgeGraph.open(None) as knowledge:
        knowledge.ingest([war_article()])
        assert knowledge.mirror.article_ids() == ["a1"]
    assert builds[0] == 1


def test_loading_a_dump_around_the_knowledge_graph_is_not_saved(tmp_path, builds):
    from graph.store.dumps import write_dump

    source = tmp_path / "source"
    with KnowledgeGraph.open(source) as knowledge:
        knowledge.ingest([odd_article()])
        out = io.BytesIO()
        write_dump(knowledge.store, "trig", out)
    path = tmp_path / "store"
    with KnowledgeGraph.open(path) as knowledge:
        knowledge.ingest(_articles())
        load_dump(knowledge.store, "trig", out.getvalue())
    assert not (path / MANIFEST).exists()
    with KnowledgeGraph.open(path) as knowledge:
        assert_same_mirror(knowledge.mirror, knowledge.store)
    assert builds[0] == 1


@pytest.mark.e2e
def test_serve_saves_the_mirror_when_stopped_with_sigterm(tmp_path):
    from tests.served import ServedProcess

    path = tmp_path / "store"
    with KnowledgeGraph.open(path) as knowledge:
        knowledge.ingest(_articles())
    (path / MANIFEST).unlink()  # serve rebuilds the mirror, then saves it
    server = ServedProcess(path).wait_ready()
    server._stop(signal.SIGTERM, 60)
    assert server.process.returncode == 128 + signal.SIGTERM
    assert (path / MANIFEST).is_file() and (path / BASE).is_file()
    assert not (path / "server.json").exists()
    with KnowledgeGraph.open(path, read_only=True) as knowledge:
        assert knowledge._saved is not None and knowledge._saved.fresh
        assert_same_mirror(knowledge.mirror, knowledge.store)


def test_a_database_without_its_metadata_is_read_back(tmp_path, builds):
    path = tmp_path / "store"
    with KnowledgeGraph.open(path) as knowledge:
        knowledge.ingest(_articles())
    for entry in path.iterdir():
        if entry.is_file():  # all but the database: the store takes it as its own
            entry.unlink()
    with KnowledgeGraph.open(path) as knowledge:
        assert_same_mirror(knowledge.mirror, knowledge.store)
    assert builds[0] == 1


def _pickled_then_loaded(mirror: Mirror) -> Mirror:
    out = io.BytesIO()
    saved_module._dump_mirror(mirror, out)
    out.seek(0)
    return saved_module._load_mirror(out)


def test_the_pickle_gives_back_the_mirror_with_its_objects_built_from_columns():
    mirror = Mirror.from_extractions([*_articles(), war_article("a2")])  # a2 repeats a1: two statements per pair
    loaded = _pickled_then_loaded(mirror)
    assert loaded.statements() == mirror.statements()
    assert dict(loaded.graph.nodes(data=True)) == dict(mirror.graph.nodes(data=True))
    succ, pred = loaded.graph._succ, loaded.graph._pred
    kinds = {type(keyed) for targets in succ.values() for keyed in targets.values()}
    assert kinds == {OneStatement, dict}
    assert all(pred[v][u] is keyed for u, targets in succ.items() for v, keyed in targets.items())
    records = [data for _, edges in loaded._contributions.values() for data in edges]
    in_graph = {id(data) for *_, data in loaded.graph.edges(keys=True, data=True)}
    assert {id(data) for data in records} == in_graph and all(type(data) is StatementData for data in records)
    for name in ("confidence", "start", "end", "article", "predicate"):  # one object per value, as in memory
        assert len({id(getattr(data, name)) for data in records}) == len({getattr(data, name) for data in records})
    quantities = [data for data in loaded.graph._node.values() if isinstance(data, QuantityData)]
    assert quantities and all(type(data) is QuantityData for data in quantities)
    assert _pages(loaded) == _pages(mirror)
    loaded.remove_article("a1")  # the loaded mirror is updated as the built one
    mirror.remove_article("a1")
    loaded.apply(war_article("a3"))
    mirror.apply(war_article("a3"))
    assert loaded.statements() == mirror.statements()
    assert _pages(loaded) == _pages(mirror) and _pages(loaded.copy()) == _pages(mirror)
    assert_figures_agree(loaded, _dates(loaded))


def _pages(mirror: Mirror) -> dict[str, object]:
    """Every entity's categories, pages of relations (2 a page) and timeline, as the entity pages read them."""
    incidence = mirror.incidence
    return {
        key: (
            sizes,
            {category: [incidence.newest(key, category, start, 2) for start in range(0, size, 2)] for category, size in sizes.items()},
            incidence.timeline(key),
        )
        for key in mirror.graph.nodes
        for sizes in [incidence.category_sizes(key)]
    }


def _dump_layout_2(mirror: Mirror, out) -> None:
    """``mirror.pickle`` as written before the adjacency and contributions went in columns: the records,
    one-statement mappings and quantity nodes as columns, then the whole mirror naming each by number."""
    records = [data for _, edges in mirror._contributions.values() for data in edges]
    numbers = {id(data): at for at, data in enumerate(records)}
    singles = [k for targets in mirror.graph._succ.values() for k in targets.values() if type(k) is OneStatement]
    quantities = [data for data in mirror.graph._node.values() if type(data) is QuantityData]
    for item in (*singles, *quantities):
        numbers[id(item)] = len(numbers)
    numbers[id(saved_module._TABLE)] = len(numbers)

    def column(values):
        if not any(type(value) in (int, float) for value in values):
            return values
        distinct = list({id(value): value for value in values}.values())
        at = {id(value): number for number, value in enumerate(distinct)}
        return distinct, array.array("I", [at[id(value)] for value in values])

    class Layout2(pickle.Pickler):
        def persistent_id(self, obj):
            return numbers.get(id(obj)) if type(obj) in (StatementData, OneStatement, QuantityData, type(saved_module._TABLE)) else None

        def reducer_override(self, obj):
            if type(obj) is Incidence:
                return unpacked, (obj.packed(numbers), saved_module._TABLE)
            return NotImplemented

    pickler = Layout2(out, protocol=5)
    pickler.dump(
        {
            "layout": 2,
            "records": [column([getattr(data, name) for data in records]) for name in STATEMENT_FIELDS],
            "singles": array.array("I", [numbers[id(keyed.data)] for keyed in singles]),
            "quantities": [column([getattr(data, name) for data in quantities]) for name in QUANTITY_FIELDS],
        }
    )
    pickler.dump(mirror)


def test_a_pickle_of_layout_2_is_still_read():
    mirror = Mirror.from_extractions([*_articles(), war_article("a2")])
    out = io.BytesIO()
    _dump_layout_2(mirror, out)
    out.seek(0)
    loaded = saved_module._load_mirror(out)
    assert type(loaded.graph._succ) is dict  # read whole, as before
    assert loaded.statements() == mirror.statements()
    assert dict(loaded.graph.nodes(data=True)) == dict(mirror.graph.nodes(data=True))
    assert _pages(loaded) == _pages(mirror)
    assert loaded.remove_article("a1") and mirror.remove_article("a1")
    assert loaded.statements() == mirror.statements() and _pages(loaded) == _pages(mirror)


def test_a_saved_mirror_of_an_earlier_layout_is_saved_anew_in_this_one(tmp_path, builds):
    path = tmp_path / "store"
    with KnowledgeGraph.open(path) as knowledge:
        knowledge.ingest([*_articles(), war_article("a2")])
        knowledge.refresh()
        expected = knowledge.mirror.statements()
        out = io.BytesIO()
        _dump_layout_2(knowledge.mirror, out)
    payload = out.getvalue()
    crc = zlib.crc32(payload)
    (path / BASE).write_bytes(saved_module._HEADER.pack(saved_module._MAGIC, saved_module.FORMAT, len(payload), crc) + payload)
    manifest = json.loads((path / MANIFEST).read_text())
    manifest.update(base=[len(payload), crc], journal=0, records=0)
    (path / MANIFEST).write_text(json.dumps(manifest))
    builds[0] = 0
    with KnowledgeGraph.open(path) as knowledge:
        assert knowledge.mirror.statements() == expected  # read whole, then saved in columns
    with open(path / BASE, "rb") as file:
        file.seek(saved_module._HEADER.size)
        assert pickle.Unpickler(file).load()["layout"] == saved_module._COLUMNS_LAYOUT
    with KnowledgeGraph.open(path) as knowledge:
        assert knowledge.mirror.statements() == expected
    assert builds[0] == 0


def test_a_pickle_of_the_earlier_layout_is_still_read():
    """The records' columns, then the mirror naming each record by number (one-statement mappings
    and quantity nodes pickled whole), as ``mirror.pickle`` was written before."""
    mirror = Mirror.from_extractions(_articles())
    records = [data for _, edges in mirror._contributions.values() for data in edges]
    numbers = {id(data): at for at, data in enumerate(records)}

    class Earlier(pickle.Pickler):
        def persistent_id(self, obj):
            return numbers.get(id(obj)) if type(obj) is StatementData else None

    out = io.BytesIO()
    fields = [name if name != "number" else "key" for name in EARLIER_FIELDS]  # it held each statement's id
    pickle.dump(tuple([getattr(data, name) for data in records] for name in fields), out, protocol=5)
    earlier = mirror.copy()  # what an article said of entities, flat: entity, mentions, entity, mentions, ...
    earlier._contributions = {key: (tuple(v for pair in said for v in pair), edges) for key, (said, edges) in mirror._contributions.items()}
    Earlier(out, protocol=5).dump(earlier)
    out.seek(0)
    loaded = saved_module._load_mirror(out)
    assert loaded.statements() == mirror.statements()
    assert dict(loaded.graph.nodes(data=True)) == dict(mirror.graph.nodes(data=True))
    assert all(type(data.number) is int for *_, data in loaded.graph.edges(keys=True, data=True))  # ids made when asked
    for article_id in ("a1", "syn-3"):
        assert loaded.remove_article(article_id) and mirror.remove_article(article_id)
    assert loaded.statements() == mirror.statements()
    assert dict(loaded.graph.nodes(data=True)) == dict(mirror.graph.nodes(data=True))


def test_a_loaded_mirror_is_left_out_of_garbage_collection_until_a_refresh(tmp_path):
    path = tmp_path / "store"
    with KnowledgeGraph.open(path) as knowledge:
        knowledge.ingest(_articles())
    gc.unfreeze()
    try:
        with KnowledgeGraph.open(path) as knowledge:
            assert gc.get_freeze_count() == 0
            mirror = knowledge.mirror
            assert gc.get_freeze_count() > mirror.graph.number_of_edges()
            knowledge.refresh()
            assert gc.get_freeze_count() == 0
    finally:
        gc.unfreeze()
