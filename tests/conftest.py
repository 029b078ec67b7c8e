"""Shared fixtures: the real spaCy pipeline (loaded once), seed paths, gold file, stores and servers.

Tests are marked by the fixtures they use: ``slow`` when they load the spaCy model,
``e2e`` when they start a server or another process (see ``pytest_collection_modifyitems``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.factories import sparql_extractions
from tests.live import LiveServer
from tests.settings import GOLD, INGEST_TOKEN, SEEDS, TEST_TIMEOUT

# tests.checks holds assertions shared by several test modules: rewrite them as pytest does in tests
pytest.register_assert_rewrite("tests.checks")


@pytest.fixture(scope="session")
def nlp():
    """The real spaCy pipeline with newsgraph's entity ruler, loaded once per run."""
    from loaders.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def installed_nlp():
    """The same pipeline with spaCy's own attribute ruler and lemmatizer, to compare with."""
    from loaders.nlp import load_pipeline

    return load_pipeline(as_installed=True)


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def gold_path() -> Path:
    if not GOLD.exists():
        pytest.skip(f"gold file not found at {GOLD}")
    return GOLD


# -- the seeds through the real pipeline, and a real server on loopback -------


@pytest.fixture(scope="session")
def seed_extractions(nlp, seeds_dir):
    """ArticleExtractions of the seed articles: real loaders, real spaCy model."""
    from graph.ingest import extract_safely, read_all
    from graph.model import ArticleExtraction

    articles, _skipped = read_all([seeds_dir])
    return [e for e in extract_safely(nlp, articles) if isinstance(e, ArticleExtraction)]


@pytest.fixture(scope="session")
def seeded_knowledge(tmp_path_factory, seed_extractions):
    """A KnowledgeGraph over a real on-disk store holding the seeds (read-only use, please)."""
    from graph.knowledge import KnowledgeGraph

    knowledge = KnowledgeGraph.open(tmp_path_factory.mktemp("seeded") / "store")
    knowledge.ingest(seed_extractions)
    yield knowledge
    knowledge.close()


@pytest.fixture(scope="session")
def serve():
    """Start a real uvicorn server on a free loopback port for an app; stopped at the end."""
    servers: list[LiveServer] = []

    def start(app) -> LiveServer:
        server = LiveServer(app)
        server.start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


#: Fixtures that load the spaCy model: a test using one is ``slow``.
SPACY_FIXTURES = frozenset({"nlp", "seed_extractions", "seeded_knowledge"})
#: Fixtures that start a server or another process: a test using one is ``e2e``.
PROCESS_FIXTURES = frozenset(
    {
        "serve",
        "live_server",
        "sparql_server",
        "fresh_server",
        "export_server",
        "graphology",
        "held_store",
        "explorer_server",
        "dask_cluster",
        "oxigraph_server",
    }
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test by what it needs, so ``-m "not slow and not e2e"`` stays fast."""
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if fixtures & SPACY_FIXTURES:
            item.add_marker(pytest.mark.slow)
        if fixtures & PROCESS_FIXTURES:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture
def oxigraph_server(tmp_path_factory):
    """A real ``oxigraph serve`` over an empty dataset, on loopback (a shared store at ``.url``); skipped without the binary."""
    from tests.served import OXIGRAPH, OxigraphServer

    if OXIGRAPH is None:
        pytest.skip("no oxigraph binary (the `test` extra installs it: pip install -e '.[test]')")
    server = OxigraphServer(tmp_path_factory.mktemp("oxigraph") / "dataset")
    try:
        yield server.wait_ready()
    finally:
        server.stop()


@pytest.fixture(scope="session")
def live_server(serve, seeded_knowledge):
    """The full newsgraph app over the seeded store, on loopback. ``.url`` is its base URL."""
    from graph.api.app import create_app

    return serve(create_app(seeded_knowledge, ingest_token=INGEST_TOKEN))


# -- the SPARQL samples in a store, and the SPARQL routes on loopback ------------


@pytest.fixture(scope="module")
def sample_knowledge(tmp_path_factory):
    """A KnowledgeGraph over a real on-disk store holding the SPARQL samples and the ontology."""
    from graph.knowledge import KnowledgeGraph
    from graph.rdf.ontology import load_ontology

    knowledge = KnowledgeGraph.open(tmp_path_factory.mktemp("sparql") / "store")
    result = knowledge.ingest(sparql_extractions())
    assert result.articles == 3 and not result.skipped
    load_ontology(knowledge.store)
    yield knowledge
    knowledge.close()


@pytest.fixture(scope="module")
def sparql_server(serve, sample_knowledge):
    """The app (SPARQL, ontology and export routes…) over the samples, on a real uvicorn on loopback."""
    from graph.api.app import create_app

    return serve(create_app(sample_knowledge, sparql_timeout=TEST_TIMEOUT))
