"""Latency of the explorer pages on a synthetic graph of a given number of statements.

    python bench/pages.py                       # 27,000 statements (about 0.8M quads), a minute or two
    python bench/pages.py --statements 200000   # a larger store
    python bench/pages.py --large               # 1,000,000 statements (about 30M quads; long)

Synthetic articles (``bench.synthetic``, no spaCy) are written to an on-disk
store in a temporary directory with pyoxigraph's bulk loader, a chunk of
articles at a time, and the networkx mirror is built from the same records in
the same pass (the store is not read back). Then, for the home page, a search,
a hub entity's page and graph, an ordinary (median-degree) entity's page and an
article, it prints the first answer (caches cold) and the median and 95th
percentile of the next ``--repeat`` answers, measured in process (no network),
and the size reached. ``--budget`` stops the build early (at an article
boundary) after that many seconds and measures the store it has.

Then it writes one more article through ``KnowledgeGraph.ingest`` and times the
first home page, hub page and search after that write, and the same after
removing it (a removal makes the running top lists refill once).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import warnings
from collections import Counter
from itertools import islice
from pathlib import Path

# the repository, not bench/ (whose graphql.py would shadow the graphql package)
sys.path[0] = str(Path(__file__).resolve().parent.parent)

from bench.synthetic import SyntheticSpec, synthetic_extractions  # noqa: E402
from graph.api.app import create_app  # noqa: E402
from graph.knowledge import KnowledgeGraph  # noqa: E402
from graph.mirror import Mirror  # noqa: E402
from graph.model import ArticleExtraction  # noqa: E402
from graph.rdf.entities import description_quads, descriptions, merged  # noqa: E402
from graph.rdf.ontology import load_ontology  # noqa: E402
from graph.rdf.write import article_quads  # noqa: E402
from graph.store.oxigraph import Store  # noqa: E402

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient  # noqa: E402

DEFAULT_STATEMENTS = 27_000
LARGE_STATEMENTS = 1_000_000
CHUNK = 500  # articles per bulk load


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def build(path: Path, statements: int, budget: float, spec: SyntheticSpec) -> tuple[Store, Mirror, int, ArticleExtraction]:
    """An on-disk store and its mirror holding up to ``statements`` statements; returns them, the articles
    written and one more article (the generator's first) kept back for timing a write."""
    store = Store.open(path)
    mirror = Mirror()
    records = synthetic_extractions(statements, spec)
    spare = next(records)
    started = time.perf_counter()
    articles = made = 0
    while chunk := list(islice(records, CHUNK)):
        described = description_quads(store.vocab, merged(descriptions(extraction, store.vocab) for extraction in chunk))
        store.oxigraph.bulk_extend([*(quad for extraction in chunk for quad in article_quads(extraction, store.vocab)), *described])
        for extraction in chunk:
            mirror.apply(extraction)
        articles += len(chunk)
        made += sum(len(extraction.triples) for extraction in chunk)
        elapsed = time.perf_counter() - started
        rate = made / elapsed
        say(f"  {made:,} / {statements:,} statements, {articles:,} articles, {elapsed:.0f} s, ETA {(statements - made) / rate:.0f} s")
        if elapsed > budget and made < statements:
            say(f"  budget of {budget:.0f} s spent: measuring at {made:,} statements")
            break
    store.oxigraph.flush()
    load_ontology(store)
    return store, mirror, articles, spare


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--statements", type=int, default=DEFAULT_STATEMENTS, help=f"statements to build (default {DEFAULT_STATEMENTS:,})")
    parser.add_argument("--large", action="store_true", help=f"build {LARGE_STATEMENTS:,} statements")
    parser.add_argument("--budget", type=float, default=float("inf"), help="stop building after this many seconds")
    parser.add_argument("--repeat", type=int, default=20, help="timed answers per page after the first")
    parser.add_argument("--dir", type=Path, default=None, help="where to build the store (default: a temporary directory)")
    args = parser.parse_args(argv)
    statements = LARGE_STATEMENTS if args.large else args.statements

    with tempfile.TemporaryDirectory(prefix="newsgraph-pages-", dir=args.dir) as tmp:
        say(f"building the synthetic store ({statements:,} statements)…")
        started = time.perf_counter()
        store, mirror, articles, spare = build(Path(tmp) / "store", statements, args.budget, SyntheticSpec())
        built = time.perf_counter() - started
        knowledge = KnowledgeGraph(store, mirror)
        graph = mirror.graph
        quads = len(store.oxigraph)
        print(
            f"store: {graph.number_of_edges():,} statements (relations), {articles:,} articles, "
            f"{graph.number_of_nodes():,} nodes, {quads:,} quads; built in {built:.0f} s",
            flush=True,
        )

        degrees = sorted(((d, n) for n, d in graph.degree() if graph.nodes[n].get("type") != "QUANTITY"), reverse=True)
        hub, quiet = degrees[0][1], degrees[len(degrees) // 2][1]
        article_ids = mirror.article_ids()
        article = article_ids[len(article_ids) // 2]
        label = str(graph.nodes[hub].get("label"))
        hub_categories = Counter(category for *_, category in graph.edges(hub, data="category"))
        hub_categories.update(category for *_, category in graph.in_edges(hub, data="category"))
        biggest = hub_categories.most_common(1)[0][0]
        cases = [
            ("home /", "/"),
            ("search", f"/search?q={label.split()[0]}"),
            (f"hub entity ({degrees[0][0]:,} relations)", f"/entity/{hub}"),
            (f"hub {biggest} page 3 ({hub_categories[biggest]:,})", f"/entity/{hub}?category={biggest}&page=3"),
            ("hub graph.json", f"/entity/{hub}/graph.json"),
            (f"ordinary entity ({degrees[len(degrees) // 2][0]:,} relations)", f"/entity/{quiet}"),
            ("article", f"/article/{article}"),
        ]
        print(f"{'page':<36} {'first':>9} {'median':>9} {'p95':>9}", flush=True)
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
                print(
                    f"{name:<36} {first * 1000:>7.0f}ms {statistics.median(samples) * 1000:>7.0f}ms "
                    f"{percentile(samples, 0.95) * 1000:>7.0f}ms",
                    flush=True,
                )
            for write in ("ingest", "remove"):
                begun = time.perf_counter()
                if write == "ingest":
                    knowledge.ingest([spare])
                else:
                    knowledge.remove_article(spare.article.id)
                print(f"{write} one article: {(time.perf_counter() - begun) * 1000:.0f}ms", flush=True)
                after = (("home /", "/"), ("hub entity", f"/entity/{hub}"), ("search", f"/search?q={label.split()[0]}"))
                for name, path in ((f"{page} after {write}", path) for page, path in after):
                    begun = time.perf_counter()
                    response = client.get(path, headers={"accept": "text/html"})
                    assert response.status_code == 200, (path, response.status_code)
                    print(f"{name:<36} {(time.perf_counter() - begun) * 1000:>7.0f}ms", flush=True)
        knowledge.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
