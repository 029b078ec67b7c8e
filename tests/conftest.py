"""Shared fixtures: the real spaCy pipeline (loaded once), seed paths, gold file."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"
GOLD = SHARED / "eval" / "seeds.gold.jsonl"


@pytest.fixture(scope="session")
def nlp():
    """The real spaCy pipeline with newsgraph's entity ruler, loaded once per run."""
    from loaders.nlp import load_pipeline

    return load_pipeline()


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
    from tests.live import LiveServer

    servers: list[LiveServer] = []

    def start(app) -> "LiveServer":
        server = LiveServer(app)
        server.start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


INGEST_TOKEN = "test-ingest-token"


@pytest.fixture(scope="session")
def live_server(serve, seeded_knowledge):
    """The full newsgraph app over the seeded store, on loopback. ``.url`` is its base URL."""
    from graph.server import create_app

    return serve(create_app(seeded_knowledge, ingest_token=INGEST_TOKEN))
