"""The Oxigraph-backed store: round trips, replacement, removal, locking, errors."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pyoxigraph as ox
import pytest
from oxrdflib import OxigraphStore
from rdflib import Dataset, URIRef
from rdflib.namespace import RDFS

from graph.errors import InputError, QueryError, StoreError, StoreLockedError
from graph.rdf.vocab import SCHEMA, Vocabulary
from graph.rdf.write import article_iri
from graph.store.oxigraph import METADATA_FILE, Store
from tests.factories import aid_article, odd_article, war_article
from tests.settings import ROOT

SAMPLES = (war_article, aid_article, odd_article)


@pytest.fixture(params=["memory", "disk"])
def store(request, tmp_path):
    opened = Store.open(None if request.param == "memory" else tmp_path / "store")
    yield opened
    opened.close()


def _fill(store: Store) -> list:
    extractions = [make() for make in SAMPLES]
    for extraction in extractions:
        store.put_article(extraction)
    return extractions


def test_round_trip_gives_equal_extractions(store):
    extractions = _fill(store)
    assert list(store.extractions()) == sorted(extractions, key=lambda e: e.article.id)
    assert store.article_ids() == sorted(e.article.id for e in extractions)
    assert [a.id for a in store.articles()] == store.article_ids()
    assert list(store.triples("a1")) == list(war_article().triples)
    assert sorted(store.triples(), key=repr) == sorted((t for e in extractions for t in e.triples), key=repr)
    assert store.extraction("missing") is None
    assert list(store.triples("missing")) == []


def test_reopening_on_disk_gives_the_same_graph(tmp_path):
    path = tmp_path / "store"
    with Store.open(path) as first:
        extractions = _fill(first)
        quads = set(first.oxigraph)
    with Store.open(path) as second:
        assert set(second.oxigraph) == quads
        assert list(second.extractions()) == sorted(extractions, key=lambda e: e.article.id)
    assert (path / METADATA_FILE).exists()


def test_reingesting_replaces_without_duplicates(store):
    first = war_article()
    assert store.put_article(first) is False
    size = len(store.oxigraph)
    assert store.put_article(first) is True
    assert len(store.oxigraph) == size
    changed = dataclasses.replace(first, triples=first.triples[:2], sentences=9)
    store.put_article(changed)
    assert store.extraction("a1") == changed
    assert len(store.oxigraph) < size
    assert store.stats()["statements"] == 2


def test_removing_keeps_what_another_article_asserts(store):
    _fill(store)
    ng = store.vocab.NG
    kyiv = store.vocab.entity("Kyiv")
    assert store.remove_article("a1") is True
    assert store.remove_article("a1") is False
    assert "a1" not in store and "b2" in store
    labels = {row["l"].value for row in store.query(f"SELECT ?l WHERE {{ <{kyiv}> rdfs:label ?l }}")}
    assert labels == {"Kyiv"}  # b2 still mentions Kyiv
    aliases = {row["a"].value for row in store.query(f"SELECT ?a WHERE {{ <{store.vocab.entity('United States')}> skos:altLabel ?a }}")}
    assert aliases == {"the United States"}  # "U.S." came only from a1
    klitschko = store.vocab.entity("Vitali Klitschko")
    assert not bool(store.query(f"ASK {{ <{klitschko}> ?p ?o }}"))
    assert not bool(store.query(f"ASK {{ ?s <{store.vocab.relation('attacked')}> ?o }}"))
    assert bool(store.query(f"ASK {{ ?s a <{ng}Statement> }}"))


def test_query_runs_on_the_union_of_article_graphs(store):
    _fill(store)
    rows = list(store.query("SELECT ?s ?o WHERE { ?s rel:attacked ?o }"))
    assert [(r["s"].value, r["o"].value) for r in rows] == [(str(store.vocab.entity("Russia")), str(store.vocab.entity("Kharkiv")))]
    counts = list(store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"))
    assert {r["g"].value for r in counts} == {article_iri(store.vocab, e().article.id) for e in SAMPLES} | {str(store.vocab.entity_graph)}
    with pytest.raises(QueryError):
        store.query("SELECT nonsense")


def test_rdflib_dataset_sees_the_same_data(store):
    _fill(store)
    dataset = Dataset(store=OxigraphStore(store=store.oxigraph), default_union=True)  # rdflib over the same store
    for prefix, iri in store.vocab.prefixes().items():
        dataset.bind(prefix, iri)
    graph = dataset.graph(URIRef(article_iri(store.vocab, "b2")))
    assert URIRef(store.vocab.entity("Kyiv")) in set(graph.objects(URIRef(article_iri(store.vocab, "b2")), SCHEMA.mentions))
    labels = set(dataset.graph(URIRef(store.vocab.entity_graph)).objects(URIRef(store.vocab.entity("Kyiv")), RDFS.label))
    assert {str(label) for label in labels} == {"Kyiv"}
    union_size = len(dataset)
    assert union_size == len({(q.subject, q.predicate, q.object) for q in store.oxigraph})
    rows = list(dataset.query("SELECT (COUNT(*) AS ?n) WHERE { ?s a ng:Statement }"))
    assert int(rows[0][0]) == 7


def test_stats_counts(store):
    _fill(store)
    stats = store.stats()
    assert stats["articles"] == 3
    assert stats["statements"] == 7
    assert stats["asserted"] == sum(t.asserted for e in SAMPLES for t in e().triples)
    assert stats["entities"] == len({m.entity.key for e in SAMPLES for m in e().mentions} | {"unknown-attacker"})
    assert stats["categories"] == {"ASSAULT": 3, "AID": 2, "AFFILIATION": 1, "SUPPORT": 1}
    assert stats["quads"] == len(store.oxigraph)


def test_other_named_graphs_are_not_articles(store):
    _fill(store)
    other = ox.NamedNode(str(store.vocab.ontology_graph))
    store.oxigraph.add(ox.Quad(other, other, ox.Literal("x"), other))
    assert store.article_ids() == ["a1", "b2", "news/2024 11#7"]
    assert len(list(store.extractions())) == 3


def test_empty_article_id_is_an_input_error(store):
    bad = dataclasses.replace(aid_article(), article=dataclasses.replace(aid_article().article, id=""))
    with pytest.raises(InputError):
        store.put_article(bad)


@pytest.mark.parametrize("text", ["nul \x00", "vt \x0b ff \x0c", "ls \u2028", 'quotes """ \\u0041', "tab\t cr\r nl\n"])
def test_awkward_text_is_stored_and_replaced_exactly(store, text):
    base = war_article()
    triple = dataclasses.replace(base.triples[0], sentence=text, subject=dataclasses.replace(base.triples[0].subject, text=text))
    awkward = dataclasses.replace(base, article=dataclasses.replace(base.article, text=text, title=text), triples=(triple,))
    store.put_article(awkward)  # new graph: one Oxigraph transaction
    assert store.extraction("a1") == awkward
    store.put_article(base)
    store.put_article(awkward)  # replacement: one SPARQL update
    assert store.extraction("a1") == awkward


def test_text_that_is_not_unicode_is_an_input_error(store):
    base = war_article()
    broken = dataclasses.replace(base, article=dataclasses.replace(base.article, text="lone \ud800 surrogate"))
    with pytest.raises(InputError, match="a1"):
        store.put_article(broken)
    assert "a1" not in store


def test_closed_store_says_so():
    store = Store.open(None)
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.article_ids()


# -- opening ----------------------------------------------------------------------


def test_base_iri_is_kept_and_a_different_one_refused(tmp_path):
    path = tmp_path / "store"
    vocab = Vocabulary("http://example.com/news/")
    with Store.open(path, vocab=vocab) as store:
        store.put_article(aid_article())
    with Store.open(path) as store:
        assert store.vocab == vocab
        assert store.article_ids() == ["b2"]
    with pytest.raises(StoreError, match="base IRI"):
        Store.open(path, vocab=Vocabulary())


def _unwritable_paths(tmp_path: Path) -> list[Path]:
    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    not_a_store = tmp_path / "not-a-store"
    not_a_store.mkdir()
    (not_a_store / "notes.txt").write_text("mine")
    return [a_file / "store", a_file, not_a_store]


def test_unusable_paths_are_store_errors(tmp_path):
    for path in _unwritable_paths(tmp_path):
        with pytest.raises(StoreError) as caught:
            Store.open(path)
        assert str(path) in str(caught.value)
        assert not isinstance(caught.value, StoreLockedError)
    assert (tmp_path / "not-a-store" / "notes.txt").read_text() == "mine"


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_read_only_directory_is_a_store_error(tmp_path):
    locked = tmp_path / "ro"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        with pytest.raises(StoreError, match="not writable|can't"):
            Store.open(locked / "store")
    finally:
        locked.chmod(0o700)


def test_read_only_open_needs_an_existing_store(tmp_path):
    with pytest.raises(StoreError, match="no newsgraph store"):
        Store.open(tmp_path / "nothing", read_only=True)
    assert not (tmp_path / "nothing").exists()


def test_read_only_store_refuses_writes(tmp_path):
    path = tmp_path / "store"
    with Store.open(path) as store:
        store.put_article(aid_article())
    with Store.open(path, read_only=True) as store:
        assert store.article_ids() == ["b2"]
        with pytest.raises(StoreError, match="read-only"):
            store.put_article(war_article())
        with pytest.raises(StoreError, match="read-only"):
            store.remove_article("b2")


def test_same_process_second_open_is_locked(tmp_path):
    path = tmp_path / "store"
    with Store.open(path):
        with pytest.raises(StoreLockedError, match="already open"):
            Store.open(path)
    with Store.open(path):  # released on close
        pass


HOLDER = textwrap.dedent(
    """
    import sys
    from graph.store.oxigraph import Store
    from tests.factories import aid_article
    store = Store.open(sys.argv[1])
    store.put_article(aid_article())
    store.flush()
    print("ready", flush=True)
    sys.stdin.readline()
    store.close()
    """
)


@pytest.fixture
def held_store(tmp_path):
    """A store held open read-write by another process."""
    path = tmp_path / "store"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        yield path
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)


def test_store_held_by_another_process_is_locked(held_store):
    with pytest.raises(StoreLockedError) as caught:
        Store.open(held_store)
    message = str(caught.value)
    assert str(held_store) in message
    assert "--server" in message and "Stop" in message


def test_read_only_open_works_while_another_process_holds_it(held_store):
    with Store.open(held_store, read_only=True) as store:
        assert store.article_ids() == ["b2"]
        assert store.extraction("b2") == aid_article()


def test_replacing_an_article_is_atomic_for_concurrent_readers(tmp_path):
    """A reader querying Oxigraph directly sees the old or the new graph, never a mix."""
    import threading

    from tests.factories import synthetic_article

    small, large = synthetic_article(1, triples=5), synthetic_article(1, triples=40)
    seen: set[int] = set()
    with Store.open(tmp_path / "store") as store:
        store.put_article(small)
        done = threading.Event()

        def read():
            while not done.is_set():
                row = next(iter(store.query("SELECT (COUNT(?s) AS ?n) WHERE { ?s a ng:Statement }")))
                seen.add(int(row["n"].value))

        reader = threading.Thread(target=read)
        reader.start()
        for round_ in range(12):
            store.put_article(large if round_ % 2 == 0 else small)
        done.set()
        reader.join(timeout=10)
    assert seen <= {5, 40} and seen


@pytest.mark.slow
def test_real_seed_extractions_round_trip_on_disk(seed_extractions, tmp_path):
    """The seeds through the real pipeline: stored, reopened, read back equal."""
    from graph.mirror import Mirror
    from tests.checks import assert_mirror_agrees

    assert seed_extractions and any(e.triples for e in seed_extractions)
    with Store.open(tmp_path / "store") as store:
        for extraction in seed_extractions:
            store.put_article(extraction)
    with Store.open(tmp_path / "store") as reopened:
        assert list(reopened.extractions()) == sorted(seed_extractions, key=lambda e: e.article.id)
        assert_mirror_agrees(Mirror.from_store(reopened), reopened)
