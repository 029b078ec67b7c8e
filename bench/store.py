"""Store throughput on disk: writing, replacing and reading articles, building the mirror.

Prints milliseconds per article for newsgraph's paths and, in the same run,
for a plain baseline, with the ratio:

* write: ``Store.put_article`` (one Oxigraph transaction per article) against
  adding the same triples through rdflib's Dataset API over oxrdflib;
* replace: ``put_article`` of an article already stored (one SPARQL update
  dropping and re-inserting its graph);
* read: ``Store.extractions()`` (two SPARQL queries) against reading graph by
  graph (``Store.extraction(id)`` for every id);
* start-up: reopening the store and building the networkx mirror.

    .venv/bin/python bench/store.py [--articles 300] [--triples 20]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from oxrdflib import OxigraphStore  # noqa: E402
from oxrdflib._converter import from_ox  # noqa: E402
from rdflib import Dataset, URIRef  # noqa: E402

from bench.synthetic import SyntheticSpec, synthetic_extractions  # noqa: E402
from graph.mirror import Mirror  # noqa: E402
from graph.rdf.write import article_iri, article_quads  # noqa: E402
from graph.store.oxigraph import Store  # noqa: E402


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--triples", type=int, default=20, help="statements per article")
    args = parser.parse_args()
    spec = SyntheticSpec(statements_per_article=args.triples)
    extractions = list(synthetic_extractions(args.articles * args.triples, spec))
    per = 1000 / len(extractions)

    with tempfile.TemporaryDirectory(prefix="newsgraph-bench-") as tmp:
        store = Store.open(Path(tmp) / "store")
        quads = len(article_quads(extractions[0], store.vocab))
        write = timed(lambda: [store.put_article(e) for e in extractions])
        replace = timed(lambda: [store.put_article(e) for e in extractions])
        read = timed(lambda: list(store.extractions()))
        read_each = timed(lambda: [store.extraction(i) for i in store.article_ids()])
        mirror = timed(lambda: Mirror.from_store(store))
        store.close()
        reopen = timed(lambda: Mirror.from_store(Store.open(Path(tmp) / "store")))

        baseline = Store.open(Path(tmp) / "baseline")
        dataset = Dataset(store=OxigraphStore(store=baseline.oxigraph), default_union=True)

        def rdflib_write() -> None:
            for extraction in extractions:
                name = URIRef(article_iri(baseline.vocab, extraction.article.id))
                graph = dataset.graph(name)
                graph.addN(
                    (from_ox(q.subject), from_ox(q.predicate), from_ox(q.object), graph) for q in article_quads(extraction, baseline.vocab)
                )

        rdflib = timed(rdflib_write)
        baseline.close()

    print(f"{args.articles} articles × {args.triples} statements ({quads} quads each), Oxigraph on disk")
    print(f"{'':34}{'ms/article':>12}{'baseline':>12}{'speed-up':>10}")
    print(f"{'write (put_article vs rdflib addN)':34}{write * per:12.2f}{rdflib * per:12.2f}{rdflib / write:9.1f}x")
    print(f"{'replace (put_article again)':34}{replace * per:12.2f}")
    print(f"{'read (extractions vs per graph)':34}{read * per:12.2f}{read_each * per:12.2f}{read_each / read:9.1f}x")
    print(f"{'mirror from store':34}{mirror * per:12.2f}")
    print(f"{'reopen + mirror (start-up)':34}{reopen * per:12.2f}   total {reopen:.2f} s")


if __name__ == "__main__":
    main()
