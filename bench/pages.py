"""Latency of the explorer pages on the synthetic graph (about a million statements by default).

    python bench/pages.py                 # ~1M quads, in memory
    python bench/pages.py --quads 200000  # quicker

Prints, for the home page, a search, a hub entity's page and graph, a quiet
entity's page and an article: the first answer (caches cold) and the median and
95th percentile of the next ones, measured in process (no network).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import warnings
from pathlib import Path

# the repository, not bench/ (whose graphql.py would shadow the graphql package)
sys.path[0] = str(Path(__file__).resolve().parent.parent)

from bench.synthetic import build_store  # noqa: E402
from graph.api.app import create_app  # noqa: E402
from graph.knowledge import KnowledgeGraph  # noqa: E402

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient  # noqa: E402


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quads", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args(argv)

    say(f"building the synthetic store ({args.quads:,} quads)…")
    started = time.perf_counter()
    knowledge = KnowledgeGraph(build_store(None, args.quads))
    graph = knowledge.mirror.graph
    say(f"  {graph.number_of_edges():,} statements, {graph.number_of_nodes():,} nodes in {time.perf_counter() - started:.0f} s")

    degrees = sorted(((d, n) for n, d in graph.degree() if graph.nodes[n].get("type") != "QUANTITY"), reverse=True)
    hub, quiet = degrees[0][1], degrees[len(degrees) // 2][1]
    article = knowledge.mirror.article_ids()[len(knowledge.mirror.article_ids()) // 2]
    label = str(graph.nodes[hub].get("label"))
    cases = [
        ("home", "/"),
        ("search", f"/search?q={label.split()[0]}"),
        (f"hub entity ({degrees[0][0]:,} relations)", f"/entity/{hub}"),
        ("hub graph", f"/entity/{hub}/graph.json"),
        (f"median entity ({degrees[len(degrees) // 2][0]:,} relations)", f"/entity/{quiet}"),
        ("article", f"/article/{article}"),
    ]
    say(f"{'page':<34} {'first':>9} {'median':>9} {'p95':>9}")
    with TestClient(create_app(knowledge)) as client:
        for name, path in cases:
            begun = time.perf_counter()
            response = client.get(path, headers={"accept": "text/html"})
            first = time.perf_counter() - begun
            assert response.status_code == 200, (path, response.status_code)
            samples = []
            for _ in range(args.repeat):
                begun = time.perf_counter()
                client.get(path, headers={"accept": "text/html"})
                samples.append(time.perf_counter() - begun)
            p95 = sorted(samples)[max(0, int(len(samples) * 0.95) - 1)]
            print(f"{name:<34} {first * 1000:>7.0f}ms {statistics.median(samples) * 1000:>7.0f}ms {p95 * 1000:>7.0f}ms", flush=True)
    knowledge.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
