"""GraphQL latency on a synthetic graph of about one million statements.

Builds a mirror-shaped networkx MultiDiGraph (the attributes graph.mirror
gives nodes and edges), serves it through the real GraphQL schema, and prints
the median and p99 latency of three queries, in process (``schema.execute``)
and over HTTP (uvicorn on loopback, httpx):

* ``entity(id)`` + ``relations(first: 50)`` of a random entity,
* ``neighborhood(depth: 2)`` of a random entity,
* ``path`` between two random entities.

The baseline in the same run answers the relations question by scanning
every statement (what an unindexed resolver would do); the ratio is printed.

    python bench/graphql.py                    # ~1M statements
    python bench/graphql.py --statements 200000 --queries 100

Runtime is bounded: each measured loop stops after ``--budget`` seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import random
import socket
import statistics
import sys
import threading
import time
from pathlib import Path
from typing import Any, Callable

import networkx as nx

# Run as a script, this file's folder would come first on sys.path and its name
# would hide the graphql-core package: put the repository there instead.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent))

from graph.graphql.articles import ArticleCatalog  # noqa: E402
from graph.graphql.context import Context  # noqa: E402
from graph.graphql.limits import Limits  # noqa: E402
from graph.graphql.schema import build_schema  # noqa: E402
from graph.graphql.view import MirrorView  # noqa: E402
from graph.model import CATEGORIES  # noqa: E402

RELATIONS = """query($id: ID!) { entity(id: $id) { id name type degree
  relations(first: 50) { edges { cursor node { id predicate category date confidence asserted
    subject { id name } object { ... on Entity { id name } ... on Quantity { value unit } } } }
    pageInfo { hasNextPage endCursor } } } }"""
NEIGHBORHOOD = """query($id: String!) { neighborhood(entity: $id, depth: 2) { truncated
  nodes { id label type depth } edges { id source target category } } }"""
PATH = """query($a: String!, $b: String!) { path(from: $a, to: $b, maxLength: 4, first: 3) { length
  entities { id name } relations { id predicate } } }"""

PREDICATES = {
    "ASSAULT": ["attacked", "struck", "shelled"], "AID": ["pledged", "sent", "supplied"], "CONSULT": ["met", "visited"],
    "AFFILIATION": ["president of", "mayor of"], "ACCUSE": ["accused", "blamed"], "AGREE": ["signed"],
}
TYPES = ["GPE", "PERSON", "ORG", "NORP", "LOC"]


class SyntheticKnowledge:
    """The parts of a KnowledgeGraph the GraphQL layer reads: mirror.graph, lock, version, store."""

    def __init__(self, graph: nx.MultiDiGraph) -> None:
        self.mirror = type("MirrorShape", (), {"graph": graph})()
        self.lock = contextlib.nullcontext()
        self.version = 1
        self.store = None


def synthetic_graph(statements: int, *, entities: int, per_article: int = 20, seed: int = 7) -> nx.MultiDiGraph:
    """A news-like graph: Zipf-skewed actors (a few hubs, many rare names), mirror attributes."""
    rng = random.Random(seed)
    graph = nx.MultiDiGraph()
    keys = [f"entity-{i}" for i in range(entities)]
    for i, key in enumerate(keys):
        graph.add_node(key, label=f"Entity {i}", type=TYPES[i % len(TYPES)], aliases=[f"E{i}"], mentions=0, articles=set())
    weights = [1.0 / (rank + 1) ** 0.9 for rank in range(entities)]
    cumulative = list(_accumulate(weights))
    sentences = [f"Synthetic sentence number {i} about one actor and another." for i in range(1000)]
    categories = list(CATEGORIES)
    nodes = graph.nodes
    for index in range(statements):
        article, n = divmod(index, per_article)
        article_id = f"a{article:07d}"
        subject = keys[_pick(rng, cumulative)]
        category = categories[rng.randrange(len(categories))]
        predicate = rng.choice(PREDICATES.get(category, ["said"]))
        statement = f"{article_id}/{n}"
        if category == "AID" and rng.random() < 0.3:
            target = f"quantity:{statement}"
            graph.add_node(target, label="$10 million", type="QUANTITY", value=1e7, unit="USD", approximate=None,
                           aliases=["$10 million"], mentions=1, articles={article_id})
        else:
            target = keys[_pick(rng, cumulative)]
            if target == subject:
                target = keys[(keys.index(subject) + 1) % entities] if entities < 1000 else keys[rng.randrange(entities)]
        day = 1 + (article % 365)
        date = f"2024-{1 + (day - 1) // 31 % 12:02d}-{1 + (day - 1) % 28:02d}"
        sentence = sentences[index % len(sentences)]
        graph.add_edge(
            subject, target, key=statement, predicate=predicate, category=category, polarity="positive",
            modality="asserted", asserted=True, confidence=round(rng.random(), 2), date=date, article_date=date,
            article=article_id, source=f"synthetic/{article_id}.txt", sentence=sentence, start=0, end=len(sentence),
            qualifiers={}, subject_text=subject, object_text=target,
        )
        for key in (subject, target):
            data = nodes[key]
            data["mentions"] += 1
            data["articles"].add(article_id)
    return graph


def _accumulate(weights: list[float]):
    total = 0.0
    for weight in weights:
        total += weight
        yield total


def _pick(rng: random.Random, cumulative: list[float]) -> int:
    from bisect import bisect_left

    return min(bisect_left(cumulative, rng.random() * cumulative[-1]), len(cumulative) - 1)


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, int(round(0.99 * (len(ordered) - 1))))]
    return statistics.median(ordered), p99


def measure(run: Callable[[Any], Any], cases: list[Any], budget: float) -> list[float]:
    samples: list[float] = []
    stop = time.perf_counter() + budget
    for case in cases:
        started = time.perf_counter()
        run(case)
        samples.append(time.perf_counter() - started)
        if time.perf_counter() > stop:
            break
    return samples


def report(name: str, samples: list[float]) -> None:
    median, p99 = percentiles(samples)
    print(f"  {name:<34} median {median * 1000:8.2f} ms   p99 {p99 * 1000:8.2f} ms   (n={len(samples)})")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--statements", type=int, default=1_000_000)
    parser.add_argument("--entities", type=int, default=50_000)
    parser.add_argument("--queries", type=int, default=300, help="queries per measured loop (in process)")
    parser.add_argument("--http-queries", type=int, default=150)
    parser.add_argument("--budget", type=float, default=60.0, help="seconds per measured loop, at most")
    args = parser.parse_args()

    started = time.perf_counter()
    graph = synthetic_graph(args.statements, entities=args.entities)
    gc.collect()
    print(f"synthetic graph: {graph.number_of_edges():,} statements, {graph.number_of_nodes():,} nodes "
          f"(built in {time.perf_counter() - started:.1f} s)")
    knowledge = SyntheticKnowledge(graph)
    limits = Limits()
    schema = build_schema(limits)
    view, catalog = MirrorView(knowledge), ArticleCatalog(None)
    rng = random.Random(11)
    entity_keys = [k for k, t in graph.nodes(data="type") if t != "QUANTITY"]
    degrees = sorted(len(graph._succ[k]) + len(graph._pred[k]) for k in entity_keys)
    print(f"entity degree (distinct neighbours): median {statistics.median(degrees)}, max {degrees[-1]}")

    relation_cases = [{"id": rng.choice(entity_keys)} for _ in range(args.queries)]
    neighbour_cases = [{"id": rng.choice(entity_keys)} for _ in range(args.queries)]
    path_cases = [{"a": rng.choice(entity_keys), "b": rng.choice(entity_keys)} for _ in range(args.queries)]
    hub = max(entity_keys, key=lambda k: graph.in_degree(k) + graph.out_degree(k))

    async def in_process() -> list[float]:
        # one long-lived event loop, as in a server (worker threads are reused)
        async def execute(document: str, variables: dict) -> dict:
            result = await schema.execute(document, variable_values=variables, context_value=Context(view, catalog, limits))
            if result.errors:
                raise RuntimeError(result.errors)
            return result.data

        async def timed(document: str, cases: list[dict]) -> list[float]:
            samples: list[float] = []
            stop = time.perf_counter() + args.budget
            for variables in cases:
                begun = time.perf_counter()
                await execute(document, variables)
                samples.append(time.perf_counter() - begun)
                if time.perf_counter() > stop:
                    break
            return samples

        print("in process (schema.execute):")
        relations = await timed(RELATIONS, relation_cases)
        report("entity + relations(first: 50)", relations)
        report("  same entities again (warm index)", await timed(RELATIONS, relation_cases[: len(relations)]))
        report(f"  hub ({graph.in_degree(hub) + graph.out_degree(hub):,} statements), first time", await timed(RELATIONS, [{"id": hub}]))
        report("  hub, again", await timed(RELATIONS, [{"id": hub}] * 20))
        report("neighborhood(depth: 2)", await timed(NEIGHBORHOOD, neighbour_cases))
        report("path(maxLength: 4)", await timed(PATH, path_cases))
        return relations

    relations = asyncio.run(in_process())

    def scan(v: dict) -> list:
        key = v["id"]
        found = [(k, u, w) for u, w, k in graph.edges(keys=True) if u == key or w == key]
        return sorted(found)[:50]

    baseline = measure(scan, relation_cases[:5], args.budget)
    report("baseline: scan all statements", baseline)
    print(f"  indexed relations page is {statistics.median(baseline) / statistics.median(relations):,.0f}x faster than the scan")

    import httpx
    import uvicorn
    from starlette.applications import Starlette

    from graph.graphql.serving import routes

    app = Starlette(routes=routes(knowledge))
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    url = f"http://127.0.0.1:{port}/graphql"
    print("over HTTP (uvicorn on loopback, httpx, keep-alive):")
    with httpx.Client(timeout=60) as client:

        def post(document: str, variables: dict) -> None:
            answer = client.post(url, json={"query": document, "variables": variables})
            if answer.status_code != 200 or answer.json().get("errors"):
                raise RuntimeError(answer.text[:300])

        n = args.http_queries
        report("entity + relations(first: 50)", measure(lambda v: post(RELATIONS, v), relation_cases[:n], args.budget))
        report("neighborhood(depth: 2)", measure(lambda v: post(NEIGHBORHOOD, v), neighbour_cases[:n], args.budget))
        report("path(maxLength: 4)", measure(lambda v: post(PATH, v), path_cases[:n], args.budget))
    server.should_exit = True
    thread.join(timeout=10)
    print(f"total {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
