"""A bounded load run: mixed requests from concurrent clients while articles are ingested.

Starts ``newsgraph serve`` on 127.0.0.1 over a fresh store holding synthetic
articles (bench/synthetic.py), then sends ``--requests`` requests from
``--clients`` concurrent httpx clients — GraphQL, SPARQL, an entity-graph export and
``/health``, in turn — while one more client posts further synthetic articles
to ``/ingest`` in batches. It stops by itself once every request is answered
(or after ``--budget`` seconds), stops the server, and prints the number of
errors (any status other than 2xx, any failed connection; the ingest included),
which should be 0, and the p50 and p99 latency, overall and per kind.

    python bench/load.py
    python bench/load.py --clients 20 --requests 2000 --articles 100 --ingest-articles 200
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.synthetic import SyntheticSpec, synthetic_extractions  # noqa: E402
from graph.store.oxigraph import Store  # noqa: E402

CLI = [sys.executable, "-c", "import sys; from graph.cli.app import main; sys.exit(main())"]
TOKEN = "load-bench-token"

GRAPHQL = (
    "{ entities(first: 10) { edges { node { id name } } } }",
    '{ entities(search: "a", first: 5) { edges { node { id name relations(first: 10) { edges { node { predicate category } } } } } } }',
    "{ relations(first: 20) { edges { node { predicate category date subject { name } } } } }",
)
SPARQL = (
    "SELECT ?s ?label WHERE { ?s a ng:Entity ; rdfs:label ?label } LIMIT 20",
    "SELECT ?category (COUNT(?st) AS ?n) WHERE { ?st a ng:Statement ; ng:category ?category } GROUP BY ?category",
    "ASK { ?st a ng:Statement ; ng:asserted true }",
    "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY DESC(?n) LIMIT 5",
)
#: Entity-graph exports cut to one category: whole-store dumps would measure the disk, not the server.
EXPORTS = ("/export/graph.csv.zip?category=AID", "/export/graph.gexf?category=ASSAULT", "/export/graph.graphml?category=CONSULT")
KINDS = ("graphql", "sparql", "export", "health")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def request_for(number: int) -> tuple[str, str, dict]:
    """The ``number``-th request: (kind, method and path, httpx options)."""
    kind = KINDS[number % len(KINDS)]
    pick = number // len(KINDS)
    if kind == "graphql":
        return kind, "POST /graphql", {"json": {"query": GRAPHQL[pick % len(GRAPHQL)]}}
    if kind == "sparql":
        params = {"query": SPARQL[pick % len(SPARQL)]}
        return kind, "GET /sparql", {"params": params, "headers": {"Accept": "application/sparql-results+json"}}
    if kind == "export":
        return kind, "GET " + EXPORTS[pick % len(EXPORTS)], {}
    return kind, "GET /health", {}


class Tally:
    def __init__(self) -> None:
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.errors: list[str] = []
        self.ingested = 0


async def client(url: str, numbers: asyncio.Queue[int], tally: Tally) -> None:
    async with httpx.AsyncClient(base_url=url, timeout=60) as http:
        while True:
            try:
                number = numbers.get_nowait()
            except asyncio.QueueEmpty:
                return
            kind, route, options = request_for(number)
            method, path = route.split(" ", 1)
            started = time.perf_counter()
            try:
                response = await http.request(method, path, **options)
                await response.aread()
            except httpx.HTTPError as exc:
                tally.errors.append(f"{route}: {type(exc).__name__}: {exc}")
                continue
            tally.latencies[kind].append(time.perf_counter() - started)
            if response.status_code // 100 != 2:
                tally.errors.append(f"{route}: {response.status_code} {response.text[:200]}")
            elif kind == "graphql" and json.loads(response.content).get("errors"):
                tally.errors.append(f"{route}: {response.text[:200]}")


async def ingester(url: str, batches: list[list[dict]], done: asyncio.Event, tally: Tally) -> None:
    headers = {"Authorization": f"Bearer {TOKEN}"}
    async with httpx.AsyncClient(base_url=url, timeout=120) as http:
        for batch in batches:
            if done.is_set():
                return
            try:
                response = await http.post("/ingest", json={"extractions": batch}, headers=headers)
            except httpx.HTTPError as exc:
                tally.errors.append(f"POST /ingest: {type(exc).__name__}: {exc}")
                continue
            if response.status_code != 200:
                tally.errors.append(f"POST /ingest: {response.status_code} {response.text[:200]}")
            else:
                tally.ingested += len(batch)


async def run(url: str, args: argparse.Namespace, batches: list[list[dict]]) -> tuple[Tally, float]:
    tally = Tally()
    numbers: asyncio.Queue[int] = asyncio.Queue()
    for number in range(args.requests):
        numbers.put_nowait(number)
    done = asyncio.Event()
    started = time.perf_counter()
    ingest = asyncio.create_task(ingester(url, batches, done, tally))
    clients = [asyncio.create_task(client(url, numbers, tally)) for _ in range(args.clients)]
    try:
        await asyncio.wait_for(asyncio.gather(*clients), timeout=args.budget)
    except TimeoutError:
        tally.errors.append(f"stopped at the budget of {args.budget:g} s with {numbers.qsize()} requests unsent")
    elapsed = time.perf_counter() - started
    done.set()
    await ingest
    return tally, elapsed


def build_store(path: Path, articles: int, ingest_articles: int, batch: int) -> list[list[dict]]:
    """Write ``articles`` synthetic articles to the store at ``path``; the next ones as ingest batches."""
    spec = SyntheticSpec()
    made = synthetic_extractions((articles + ingest_articles) * spec.statements_per_article, spec)
    store = Store.open(path)
    try:
        for _ in range(articles):
            store.put_article(next(made))
    finally:
        store.close()
    rest = [extraction.to_record() for extraction in made]
    return [rest[i : i + batch] for i in range(0, len(rest), batch)]


def wait_ready(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server exited with {process.returncode}")
        try:
            if httpx.get(url + "/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"{url} did not come up within {timeout:g} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--articles", type=int, default=50, help="synthetic articles in the store at the start")
    parser.add_argument("--ingest-articles", type=int, default=100, help="synthetic articles posted to /ingest meanwhile")
    parser.add_argument("--batch", type=int, default=5, help="articles per /ingest request")
    parser.add_argument("--budget", type=float, default=600.0, help="seconds after which the run stops, done or not")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="newsgraph-load-") as tmp:
        store = Path(tmp) / "store"
        batches = build_store(store, args.articles, args.ingest_articles, args.batch)
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        env = {**os.environ, "PYTHONPATH": str(ROOT), "NEWSGRAPH_TOKEN": TOKEN}
        with open(Path(tmp) / "server.log", "w+", encoding="utf-8") as log:
            process = subprocess.Popen(
                [*CLI, "serve", "--store", str(store), "--host", "127.0.0.1", "--port", str(port)],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=log,
            )
            try:
                wait_ready(url, process)
                print(
                    f"{args.clients} clients, {args.requests} requests (GraphQL, SPARQL, export, health in turn) "
                    f"on {url}, {args.articles} articles in the store, {args.ingest_articles} more ingested meanwhile",
                    flush=True,
                )
                tally, elapsed = asyncio.run(run(url, args, batches))
            finally:
                process.send_signal(signal.SIGINT)
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
            if process.returncode not in (0, -signal.SIGINT, 130):
                tally.errors.append(f"the server exited with {process.returncode}")

    everything = [t for values in tally.latencies.values() for t in values]
    answered = len(everything)
    print(f"answered: {answered} in {elapsed:.1f} s ({answered / elapsed:.0f} requests/s); articles ingested meanwhile: {tally.ingested}")
    print(f"errors: {len(tally.errors)}")
    for error in tally.errors[:10]:
        print(f"  {error}")
    if everything:
        print(f"latency: p50 {percentile(everything, 0.5) * 1000:.1f} ms, p99 {percentile(everything, 0.99) * 1000:.1f} ms")
        for kind in KINDS:
            values = tally.latencies.get(kind, [])
            if values:
                print(
                    f"  {kind:8} n={len(values):5}  p50 {percentile(values, 0.5) * 1000:7.1f} ms  "
                    f"p99 {percentile(values, 0.99) * 1000:7.1f} ms  mean {statistics.fmean(values) * 1000:7.1f} ms"
                )
    return 1 if tally.errors else 0


if __name__ == "__main__":
    sys.exit(main())
