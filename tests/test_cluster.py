"""Extraction on a real Dask cluster (a scheduler and two worker processes started here) gives the
same records, the same store and the same GraphQL and SPARQL answers as extraction in one process."""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from graph.cluster import ClusterExtractor
from graph.errors import ClusterError
from graph.ingest import read_all
from graph.model import Article, ArticleExtraction, Skipped
from tests import parallel_tasks
from tests.live import free_port
from tests.settings import ROOT

DASK = Path(sys.executable).parent / "dask"


class EchoClusterExtractor(ClusterExtractor):
    """The real cluster, without spaCy: an empty extraction per article ('die' kills the worker)."""

    task = staticmethod(parallel_tasks.cluster_echo_or_die)
    warm = staticmethod(parallel_tasks.cluster_no_model)


@dataclasses.dataclass
class DaskCluster:
    address: str
    scheduler: subprocess.Popen
    workers: subprocess.Popen
    logs: Path

    def log(self) -> str:
        return "\n".join(f"--- {p.name}\n{p.read_text(errors='replace')[-3000:]}" for p in sorted(self.logs.glob("*.log")))


def _stop(process: subprocess.Popen) -> None:
    """SIGTERM to the process group we started (the worker nanny and its workers), then SIGKILL."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@pytest.fixture(scope="module")
def dask_cluster(tmp_path_factory) -> Iterator[DaskCluster]:
    """`dask scheduler` and `dask worker --nworkers 2 --nthreads 1`: real processes on loopback, this venv's.

    A task that kills its worker twice fails with KilledWorker (allowed-failures 1; Dask's default is 3),
    so the tests of a dying worker stay short."""
    tmp = tmp_path_factory.mktemp("dask")
    scheduler_file = tmp / "scheduler.json"
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES": "1",
        "OMP_NUM_THREADS": "1",
        "OPENBLAS_NUM_THREADS": "1",
    }
    common = {"cwd": ROOT, "env": env, "stdout": subprocess.DEVNULL, "start_new_session": True}
    scheduler = subprocess.Popen(
        [str(DASK), "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard", "--scheduler-file", str(scheduler_file)],
        stderr=(tmp / "scheduler.log").open("w"),
        **common,
    )
    workers: subprocess.Popen | None = None
    try:
        deadline = time.monotonic() + 60
        while not scheduler_file.exists() or not scheduler_file.read_text():
            assert scheduler.poll() is None, (tmp / "scheduler.log").read_text()
            assert time.monotonic() < deadline, "the scheduler did not start"
            time.sleep(0.2)
        time.sleep(0.2)  # the file is written whole, but give it a moment
        address = json.loads(scheduler_file.read_text())["address"]
        workers = subprocess.Popen(
            [str(DASK), "worker", address, "--nworkers", "2", "--nthreads", "1", "--no-dashboard", "--host", "127.0.0.1"]
            + ["--local-directory", str(tmp / "workers")],
            stderr=(tmp / "workers.log").open("w"),
            **common,
        )
        cluster = DaskCluster(address, scheduler, workers, tmp)
        _wait_for_workers(cluster, 2)
        yield cluster
    finally:
        if workers is not None:
            _stop(workers)
        _stop(scheduler)


def _wait_for_workers(cluster: DaskCluster, count: int, timeout: float = 90) -> None:
    from distributed import Client

    with Client(cluster.address, timeout=30, set_as_default=False) as client:
        try:
            client.wait_for_workers(count, timeout=timeout)
        except TimeoutError:
            raise AssertionError(f"{count} Dask workers did not come up\n{cluster.log()}") from None


def _articles(texts: list[str]) -> list[Article]:
    return [Article(id=f"a{n}", title="", text=text, source=f"s{n}.txt") for n, text in enumerate(texts)]


# -- without a cluster --------------------------------------------------------------


def test_an_address_that_is_no_address_is_a_cluster_error():
    with pytest.raises(ClusterError, match="not a scheduler address"):
        ClusterExtractor("nonsense::", None).start()


@pytest.mark.e2e  # starts a process
def test_importing_the_cli_does_not_import_dask():
    code = "import sys, graph.cli.app, graph.cluster; print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


@pytest.mark.e2e  # starts a process
def test_an_unreachable_scheduler_is_one_line_error(seeds_dir, tmp_path):
    from tests.cli.test_app import run

    address = f"tcp://127.0.0.1:{free_port()}"  # nobody listens there
    result = run("ingest", str(seeds_dir), "--cluster", address, "--store", str(tmp_path / "store"))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"error: can't reach the Dask scheduler at {address}") and "dask scheduler" in line


@pytest.mark.e2e  # starts a process
def test_cluster_and_several_workers_is_a_usage_error(seeds_dir, tmp_path):
    from tests.cli.test_app import run

    result = run("ingest", str(seeds_dir), "--cluster", "tcp://127.0.0.1:8786", "--workers", "2", "--store", str(tmp_path / "store"))
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert "give --cluster or --workers, not both" in line and "newsgraph ingest --help" in line


# -- on the cluster, without spaCy --------------------------------------------------


def test_results_come_in_input_order_across_many_chunks(dask_cluster):
    articles = _articles([f"story {n}" for n in range(41)])
    records = list(EchoClusterExtractor(dask_cluster.address, None, batch_size=3)(articles))
    assert [r.article.id for r in records if isinstance(r, ArticleExtraction)] == [a.id for a in articles]
    assert [r.sentences for r in records if isinstance(r, ArticleExtraction)] == [2] * 41


def test_an_article_that_kills_its_workers_is_skipped_and_the_rest_extracted(dask_cluster):
    articles = _articles([f"story {n}" for n in range(10)])
    articles[4] = dataclasses.replace(articles[4], text="die")
    records = list(EchoClusterExtractor(dask_cluster.address, None, batch_size=3).start()(articles))
    assert [type(r).__name__ for r in records] == ["ArticleExtraction"] * 4 + ["Skipped"] + ["ArticleExtraction"] * 5
    assert isinstance(records[4], Skipped) and "a4" in records[4].reason and "killed Dask workers" in records[4].reason
    _wait_for_workers(dask_cluster, 2)  # the nanny replaces the workers that died


# -- on the cluster, with spaCy in the workers -------------------------------------


@pytest.mark.slow
def test_the_cluster_extracts_the_seeds_as_one_process_does(dask_cluster, seeds_dir, seed_extractions):
    articles, _ = read_all([seeds_dir])
    # several chunks per worker, so the order of results is really at stake
    records = list(ClusterExtractor(dask_cluster.address, None, batch_size=2).start()(articles))
    assert all(isinstance(record, ArticleExtraction) for record in records)
    assert [r.article.id for r in records] == [a.id for a in articles]
    assert records == seed_extractions


@pytest.mark.slow
def test_a_failing_article_is_reported_and_the_rest_extracted(dask_cluster, seeds_dir):
    articles, _ = read_all([seeds_dir])
    broken = dataclasses.replace(articles[0], text=None)  # type: ignore[arg-type]  # breaks the pipeline
    records = list(ClusterExtractor(dask_cluster.address, None, batch_size=2)([broken, *articles[1:]]))
    assert isinstance(records[0], Skipped) and articles[0].id in records[0].reason
    assert [r.article.id for r in records[1:] if isinstance(r, ArticleExtraction)] == [a.id for a in articles[1:]]


GRAPHQL = """{
  stats { articles relations entities }
  entities(first: 100) { totalCount edges { node { id name type degree } } }
  relations(first: 100) { totalCount edges { node { id } } }
  entity(name: "Russia") { id degree relations(first: 20) { totalCount edges { node { id } } } }
}"""
SPARQL = "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g ?s ?p ?o"


def _answers(url: str) -> tuple[dict, list]:
    graphql = httpx.post(url + "/graphql", json={"query": GRAPHQL}, timeout=60)
    assert graphql.status_code == 200 and "errors" not in graphql.json(), graphql.text
    sparql = httpx.post(url + "/sparql", data={"query": SPARQL}, headers={"Accept": "application/sparql-results+json"}, timeout=60)
    assert sparql.status_code == 200, sparql.text
    return graphql.json()["data"], sparql.json()["results"]["bindings"]


def _ingest_and_serve(store: str, *options: str, seeds_dir: Path) -> tuple[str, tuple[dict, list]]:
    """``newsgraph ingest seeds/ --store STORE OPTIONS``, then ``newsgraph serve``: the JSONL dump and the answers."""
    from tests.cli.test_app import run
    from tests.served import ServedProcess

    ingested = run("ingest", str(seeds_dir), "--store", store, "--batch-size", "2", "--json", *options)
    assert ingested.returncode == 0, ingested.stderr
    assert json.loads(ingested.stdout)["skipped"] == []
    exported = run("export", "--format", "jsonl", "--store", store)
    assert exported.returncode == 0, exported.stderr
    server = ServedProcess(store).wait_ready()
    try:
        return exported.stdout, _answers(server.url)
    finally:
        server.stop()


@pytest.fixture(scope="module")
def embedded(tmp_path_factory, seeds_dir) -> tuple[str, tuple[dict, list]]:
    """The seeds ingested in one process into an on-disk store: its dump and its answers."""
    return _ingest_and_serve(str(tmp_path_factory.mktemp("embedded") / "store"), "--workers", "1", seeds_dir=seeds_dir)


@pytest.mark.slow
def test_cli_ingest_on_the_cluster_serves_what_one_process_serves(dask_cluster, embedded, seeds_dir, tmp_path):
    dump, answers = _ingest_and_serve(str(tmp_path / "store"), "--cluster", dask_cluster.address, seeds_dir=seeds_dir)
    graphql, sparql = answers
    assert graphql["stats"]["articles"] == 14 and graphql["entity"]["degree"] > 0 and len(sparql) > 1000
    assert dump == embedded[0] and dump.count("\n") > 10
    assert answers == embedded[1]


@pytest.mark.slow
def test_cli_ingest_on_the_cluster_into_a_shared_store_serves_what_one_process_serves(dask_cluster, oxigraph_server, embedded, seeds_dir):
    dump, answers = _ingest_and_serve(oxigraph_server.url, "--cluster", dask_cluster.address, seeds_dir=seeds_dir)
    assert dump == embedded[0]
    assert answers == embedded[1]
