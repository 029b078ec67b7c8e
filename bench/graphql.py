"""GraphQL latency on a synthetic graph of about one million statements.

Builds the networkx mirror of the synthetic articles of bench/synthetic.py
(the generator shared by the benchmarks), serves it through the real GraphQL
schema, and prints
the median and p99 latency of three queries, in process (``schema.execute``)
and over HTTP (uvicorn on loopback, httpx):

* ``entity(id)`` + ``relations(first: 50)`` of a random entity (a list view:
  predicate, category, date, both names; and the same with cursors, ids,
  confidence and truth status),
* ``neighborhood(depth: 2)`` of a random entity,
* ``path`` between two random entities.

The baseline in the same run answers the relations question by scanning
every statement (what an unindexed resolver would do); the ratio is printed.

    python bench/graphql.py                    # ~1M statements
    python bench/graphql.py --statements 200000 --actors 5000 --queries 100

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
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx

# Run as a script, this file's folder would come first on sys.path and its name
# would hide the graphql-core package: put the repository there instead.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent))

from graph.api.graphql.articles import ArticleCatalog  # noqa: E402
from graph.api.graphql.context import Context  # noqa: E402
from graph.api.graphql.limits import Limits  # noqa: E402
from graph.api.graphql.schema import build_schema  # noqa: E402
from graph.api.graphql.view import MirrorView  # noqa: E402

#: A list view: each relation as a line (what it says, when, between whom).
RELATIONS = """query($id: ID!) { entity(id: $id) { name relations(first: 50) { edges { node {
  id predicate category date subject { name } object { ... on Entity { name } ... on Quantity { text } } } }
  pageInfo { endCursor hasNextPage } } } }"""
#: The same page with every edge's cursor, ids, confidence and truth status as well.
RELATIONS_FULL = """query($id: ID!) { entity(id: $id) { id name type degree
  relations(first: 50) { edges { cursor node { id predicate category date confidence asserted
    subject { id name } object { ... on Entity { id name } ... on Quantity { value unit } } } }
    pageInfo { hasNextPage endCursor } } } }"""
NEIGHBORHOOD = """query($id: String!) { neighborhood(entity: $id, depth: 2) { truncated
  nodes { id label type depth } edges { id source target category } } }"""
PATH = """query($a: String!, $b: String!) { path(from: $a, to: $b, maxLength: 4, first: 3) { length
  entities { id name } relations { id predicate } } }"""


class SyntheticKnowledge:
    """The parts of a KnowledgeGraph the GraphQL layer reads: mirror.graph, lock, try_read, version, store."""

    def __init__(self, graph: nx.MultiDiGraph) -> None:
        self.mirror = type("MirrorShape", (), {"graph": graph})()
        self.lock = contextlib.nullcontext()
        self.mirror_ready = True
        self.version = 1
        self.store = None

    @contextlib.contextmanager
    def try_read(self):
        yield True


def synthetic_graph(statements: int, *, actors: int, seed: int = 0) -> nx.MultiDiGraph:
    """The mirror graph of bench.synthetic's articles (the generator shared by the benchmarks).

    Nodes and edges get graph.mirror's own attribute functions; the graph is
    assembled in one pass, as Mirror.apply would leave it after every article.
    """
    from bench.synthetic import SyntheticSpec, synthetic_extractions
    from graph.mirror import edge_attributes, quantity_attributes
    from graph.model import Quantity, quantity_key, statement_id

    graph = nx.MultiDiGraph()
    nodes = graph._node
    labels: dict[str, dict[str, int]] = {}

    def see(entity, article_id: str) -> str:
        key = entity.key
        data = nodes.get(key)
        if data is None:
            graph.add_node(key, label=entity.label, type=entity.type, aliases=set(), mentions=0, articles=set())
            data = nodes[key]
        data["aliases"].add(entity.text or entity.label)
        data["articles"].add(article_id)
        counts = labels.setdefault(key, {})
        counts[entity.label] = counts.get(entity.label, 0) + 1
        return key

    for extraction in synthetic_extractions(statements, SyntheticSpec(actors=actors, seed=seed)):
        article_id = extraction.article.id
        for mention in extraction.mentions:
            nodes[see(mention.entity, article_id)]["mentions"] += 1
        for index, triple in enumerate(extraction.triples):
            source = see(triple.subject, article_id)
            if isinstance(triple.object, Quantity):
                target = quantity_key(article_id, index)
                graph.add_node(target, **quantity_attributes(triple.object, article_id))
            else:
                target = see(triple.object, article_id)
            graph.add_edge(source, target, key=statement_id(article_id, index), **edge_attributes(triple))
    for key, counts in labels.items():
        data = nodes[key]
        data["label"] = min(counts.items(), key=lambda item: (-item[1], item[0]))[0]
        data["aliases"] = sorted(data["aliases"])
    return graph


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
    parser.add_argument("--actors", type=int, default=3000, help="distinct actors in the synthetic news")
    parser.add_argument("--queries", type=int, default=300, help="queries per measured loop (in process)")
    parser.add_argument("--http-queries", type=int, default=150)
    parser.add_argument("--budget", type=float, default=60.0, help="seconds per measured loop, at most")
    args = parser.parse_args()

    started = time.perf_counter()
    print(f"building a synthetic graph of {args.statements:,} statements (a few minutes)…", flush=True)
    graph = synthetic_graph(args.statements, actors=args.actors)
    gc.collect()
    print(
        f"synthetic graph: {graph.number_of_edges():,} statements, {graph.number_of_nodes():,} nodes "
        f"(built in {time.perf_counter() - started:.1f} s)"
    )
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
        report("  with cursors, ids, confidence", await timed(RELATIONS_FULL, relation_cases))
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
    from starlette.routing import Route

    from graph.api.graphql.serving import graphql_app

    app = Starlette(routes=[Route("/graphql", graphql_app(knowledge), methods=["GET", "POST"])])
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
