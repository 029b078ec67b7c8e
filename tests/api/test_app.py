"""The server shell: health, the token-guarded ingest endpoint, ingest while serving."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import httpx
import pytest

from graph.model import Article, ArticleExtraction, Entity, Mention, Triple
from tests.live import free_port
from tests.settings import INGEST_TOKEN, ROOT


def _extraction(article_id: str, subject: str, obj: str) -> ArticleExtraction:
    text = f"{subject} attacked {obj} on Monday."
    article = Article(id=article_id, title="t", text=text, source="test.txt")
    s, o = Entity(subject, "GPE", subject), Entity(obj, "GPE", obj)
    triple = Triple(
        subject=s,
        predicate="attacked",
        category="ASSAULT",
        object=o,
        source="test.txt",
        article=article_id,
        sentence=text,
        start=0,
        end=len(text),
        date="2024-11-04",
        article_date="2024-11-04",
        confidence=0.9,
    )
    return ArticleExtraction(article=article, triples=(triple,), mentions=(Mention(s, 0, len(subject)),), sentences=1)


@pytest.fixture()
def fresh_server(serve, tmp_path):
    from graph.api.app import create_app
    from graph.knowledge import KnowledgeGraph

    knowledge = KnowledgeGraph.open(tmp_path / "store")
    server = serve(create_app(knowledge, ingest_token=INGEST_TOKEN))
    yield server, knowledge


def test_health_answers_200(live_server):
    response = live_server.get("/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_ingest_requires_the_token(fresh_server):
    server, _ = fresh_server
    body = {"extractions": [_extraction("a1", "Atlantis", "Lemuria").to_record()]}
    assert server.post("/ingest", json=body).status_code == 401
    assert server.post("/ingest", json=body, headers={"Authorization": "Bearer wrong"}).status_code == 401


def test_ingest_rejects_malformed_bodies(fresh_server):
    server, _ = fresh_server
    auth = {"Authorization": f"Bearer {INGEST_TOKEN}"}
    response = server.post("/ingest", content=b"{not json", headers=auth)
    assert response.status_code == 400 and "malformed" in response.json()["error"]
    response = server.post("/ingest", json={"extractions": [{"article": {}}]}, headers=auth)
    assert response.status_code == 400


def test_ingest_refuses_huge_bodies(fresh_server):
    """A declared body over the limit is refused before it is read."""
    import socket

    from graph.api.ingest import MAX_INGEST_BYTES

    server, _ = fresh_server
    request = (
        f"POST /ingest HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {INGEST_TOKEN}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {MAX_INGEST_BYTES + 1}\r\n\r\n"
    )
    with socket.create_connection((server.host, server.port), timeout=10) as sock:
        sock.sendall(request.encode() + b"{" * 1024)
        status_line = sock.recv(4096).split(b"\r\n", 1)[0]
    assert b" 413 " in status_line


def test_ingested_articles_are_visible_without_restart(fresh_server):
    server, knowledge = fresh_server
    auth = {"Authorization": f"Bearer {INGEST_TOKEN}"}
    body = {"extractions": [_extraction("a1", "Atlantis", "Lemuria").to_record()]}
    assert server.post("/ingest", json=body, headers=auth).status_code == 200
    query = 'ASK { ?s ?p ?o . ?s <http://www.w3.org/2000/01/rdf-schema#label> "Atlantis" }'
    answer = server.get("/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"})
    assert answer.status_code == 200 and answer.json()["boolean"] is True
    assert knowledge.mirror.graph.has_node("atlantis")


def _wait_for(url: str, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"{url} did not come up")


@pytest.mark.e2e  # starts a process
def test_cli_ingest_goes_through_a_running_server(tmp_path):
    """`newsgraph serve` holds the store; `newsgraph ingest` on it reaches the server."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    store = tmp_path / "store"
    cli = [sys.executable, "-c", "import sys; from graph.cli.app import main; sys.exit(main())"]
    article = tmp_path / "news.txt"
    article.write_text("Kenya deployed 400 police officers to Haiti on Tuesday.\n", encoding="utf-8")
    port = free_port()
    server = subprocess.Popen(
        [*cli, "serve", "--store", str(store), "--port", str(port), "--create"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_for(f"http://127.0.0.1:{port}/health")
        before = httpx.get(f"http://127.0.0.1:{port}/health").json()
        result = subprocess.run(
            [*cli, "ingest", str(article), "--store", str(store), "--json"],
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert result.returncode == 0, result.stderr
        assert "sending the articles there" in result.stderr
        assert json.loads(result.stdout)["articles"] == 1
        after = httpx.get(f"http://127.0.0.1:{port}/health").json()
        assert after["articles"] == before["articles"] + 1
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)
    assert not (store / "server.json").exists()
