"""SPARQL latency: newsgraph's /sparql beside plain ``oxigraph serve`` and rdflib, same run.

On the synthetic graph (``bench/synthetic.py``, about a million quads by
default) it measures the median latency of typical queries (the documented
examples of docs/sparql.md) sent over HTTP on loopback

* to newsgraph's ``/sparql`` (real uvicorn in its own process, store opened
  read-only), and
* to ``oxigraph serve-read-only`` over a copy (RocksDB checkpoint) of the same
  database, with ``--union-default-graph`` so the queries mean the same,

then runs the same queries on rdflib's in-memory engine over a subset (rdflib
is far too slow for the full graph), beside pyoxigraph in-process on the same
subset. Prints a table of medians and ratios. Bounded: every request has a
time limit, every server is stopped at the end, ``--budget`` caps the run.

    .venv/bin/python bench/sparql.py                      # ~1M quads
    .venv/bin/python bench/sparql.py --quads 200000 --repeat 3
"""

from __future__ import annotations

import argparse
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
import pyoxigraph as ox  # noqa: E402

from bench.synthetic import SyntheticSpec, build_store, synthetic_quads  # noqa: E402
from graph.api.sparql import example_queries  # noqa: E402
from graph.rdf.vocab import Vocabulary  # noqa: E402

ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9"
TARGET_RATIO = 1.5


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _die_with_parent() -> None:
    """In a child process (Linux): receive SIGTERM when the benchmark process dies."""
    try:
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def wait_until_serving(url: str, process: subprocess.Popen, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server for {url} exited with {process.returncode}")
        try:
            if httpx.get(url, params={"query": "ASK {}"}, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


def serve_newsgraph(store_path: str, port: int) -> None:
    """The child process: newsgraph's SPARQL routes on uvicorn, store read-only.

    The time limit is the endpoint's real mechanism, set to 120 s so that no
    benchmark query hits it.
    """
    import uvicorn

    from graph.api.app import create_app
    from graph.knowledge import KnowledgeGraph
    from graph.mirror import Mirror
    from graph.store.oxigraph import Store

    store = Store.open(Path(store_path), read_only=True)
    app = create_app(KnowledgeGraph(store, Mirror()), sparql_timeout=120)  # SPARQL reads the store alone: no mirror
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")


def time_pair(client: httpx.Client, urls: tuple[str, str], query: str, repeat: int) -> tuple[list[float], list[int]]:
    """Median seconds per URL over ``repeat`` runs (after one warm-up each), and response sizes.

    The two servers take turns run by run (alternating who goes first), so
    load from elsewhere on the machine hits both alike.
    """
    sizes = []
    for url in urls:
        response = client.post(url, data={"query": query}, headers={"Accept": ACCEPT})
        response.raise_for_status()
        sizes.append(len(response.content))
    times: list[list[float]] = [[], []]
    for run in range(repeat):
        order = (0, 1) if run % 2 == 0 else (1, 0)
        for index in order:
            started = time.perf_counter()
            response = client.post(urls[index], data={"query": query}, headers={"Accept": ACCEPT})
            response.read()
            times[index].append(time.perf_counter() - started)
            response.raise_for_status()
    return [statistics.median(t) for t in times], sizes


def time_local(run: Callable[[], object], repeat: int, cap: float) -> float | None:
    """Median seconds of ``repeat`` runs; None when one run alone exceeds ``cap``."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        elapsed = time.perf_counter() - started
        times.append(elapsed)
        if elapsed > cap:
            return None if len(times) == 1 and elapsed > cap * 2 else statistics.median(times)
    return statistics.median(times)


def rdflib_subset(quads: int, vocab: Vocabulary):
    """The first ``quads`` synthetic quads in an rdflib Dataset and a pyoxigraph Store."""
    import rdflib

    subset = list(synthetic_quads(quads, SyntheticSpec(), vocab))
    nquads = ox.serialize(subset, format=ox.RdfFormat.N_QUADS)
    dataset = rdflib.Dataset(default_union=True)
    dataset.parse(data=nquads, format="nquads")
    oxigraph = ox.Store()
    oxigraph.bulk_extend(subset)
    from graph.rdf.ontology import ontology_triples

    graph = ox.NamedNode(str(vocab.ontology_graph))
    ontology = [ox.Quad(t.subject, t.predicate, t.object, graph) for t in ontology_triples(vocab)]
    oxigraph.extend(ontology)
    dataset.parse(data=ox.serialize(ontology, format=ox.RdfFormat.N_QUADS), format="nquads")
    return dataset, oxigraph, len(oxigraph)


def consume_oxigraph(store: ox.Store, query: str):
    result = store.query(query, use_default_graph_as_union=True)
    if isinstance(result, ox.QueryBoolean):
        return bool(result)
    return sum(1 for _ in result)


def consume_rdflib(dataset, query: str):
    result = dataset.query(query)
    if result.type == "ASK":
        return result.askAnswer
    return sum(1 for _ in result)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="SPARQL latency: newsgraph vs oxigraph serve vs rdflib")
    parser.add_argument("--quads", type=int, default=1_000_000, help="size of the synthetic graph")
    parser.add_argument("--rdflib-quads", type=int, default=50_000, help="size of the subset for rdflib")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per query (after one warm-up)")
    parser.add_argument("--budget", type=float, default=1500.0, help="seconds before the run stops itself")
    parser.add_argument("--serve-store", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve_store:
        serve_newsgraph(args.serve_store, args.port)
        return 0

    oxigraph_cli = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(oxigraph_cli).exists():
        print("bench/sparql.py compares with `oxigraph serve`, which the bench extra installs: run `make bench`", file=sys.stderr)
        return 2

    started = time.monotonic()
    vocab = Vocabulary()
    queries = [(e["title"], e["query"]) for e in example_queries(vocab)]
    workdir = Path(tempfile.mkdtemp(prefix="bench-sparql-"))
    processes: list[subprocess.Popen] = []
    try:
        print(f"building the synthetic graph (~{args.quads:,} quads)…", file=sys.stderr)
        store = build_store(workdir / "store", args.quads)
        stats = store.stats()
        store.oxigraph.backup(str(workdir / "oxigraph-copy"))
        store.close()
        del store
        print(
            f"  {stats['quads']:,} quads, {stats['articles']:,} articles, {stats['statements']:,} statements, "
            f"{stats['entities']:,} entities ({time.monotonic() - started:.0f} s)",
            file=sys.stderr,
        )

        ours_port, theirs_port = free_port(), free_port()
        processes.append(
            subprocess.Popen(
                [sys.executable, __file__, "--serve-store", str(workdir / "store"), "--port", str(ours_port)],
                cwd=ROOT,
                preexec_fn=_die_with_parent,
            )
        )
        processes.append(
            subprocess.Popen(
                [
                    oxigraph_cli,
                    "serve-read-only",
                    "--location",
                    str(workdir / "oxigraph-copy"),
                    "--bind",
                    f"127.0.0.1:{theirs_port}",
                    "--union-default-graph",
                    "--timeout-s",
                    "120",
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                preexec_fn=_die_with_parent,
            )
        )
        ours = f"http://127.0.0.1:{ours_port}/sparql"
        theirs = f"http://127.0.0.1:{theirs_port}/query"
        wait_until_serving(ours, processes[0])
        wait_until_serving(theirs, processes[1])

        rows = []
        with httpx.Client(timeout=150) as client:
            for title, query in queries:
                if time.monotonic() - started > args.budget:
                    print("budget spent: stopping early", file=sys.stderr)
                    break
                (ours_median, theirs_median), (ours_size, theirs_size) = time_pair(client, (ours, theirs), query, args.repeat)
                rows.append([title, ours_median, theirs_median, ours_size, theirs_size])
                print(f"  {title}: {ours_median * 1000:.1f} ms vs {theirs_median * 1000:.1f} ms", file=sys.stderr)
    finally:
        for process in processes:
            process.kill()  # read-only servers: nothing to flush
        for process in processes:
            process.wait(timeout=30)
        shutil.rmtree(workdir, ignore_errors=True)

    print(f"building the rdflib subset (~{args.rdflib_quads:,} quads)…", file=sys.stderr)
    dataset, small, small_size = rdflib_subset(args.rdflib_quads, vocab)
    local = {}
    for title, query in queries[: len(rows)]:
        if time.monotonic() - started > args.budget:
            break
        oxigraph_median = time_local(lambda query=query: consume_oxigraph(small, query), args.repeat, 60)
        rdflib_median = time_local(lambda query=query: consume_rdflib(dataset, query), max(1, min(args.repeat, 3)), 60)
        local[title] = (oxigraph_median, rdflib_median)

    print()
    print(
        f"SPARQL latency, median of {args.repeat} runs (after a warm-up); "
        f"HTTP on loopback over {stats['quads']:,} quads; in-process over a {small_size:,}-quad subset"
    )
    header = f"{'query':<52} {'/sparql':>9} {'oxigraph':>9} {'ratio':>6} | {'pyoxi':>8} {'rdflib':>9} {'ratio':>7}"
    print(header)
    print("-" * len(header))
    ratios, rdflib_ratios = [], []
    for title, ours_median, theirs_median, _ours_size, _theirs_size in rows:
        ratio = ours_median / theirs_median
        ratios.append(ratio)
        oxigraph_median, rdflib_median = local.get(title, (None, None))
        if oxigraph_median and rdflib_median:
            rdflib_ratios.append(rdflib_median / oxigraph_median)
            right = f"{oxigraph_median * 1000:8.1f} {rdflib_median * 1000:9.1f} {rdflib_median / oxigraph_median:6.0f}×"
        else:
            right = f"{'—':>8} {'—':>9} {'—':>7}"
        print(f"{title[:52]:<52} {ours_median * 1000:7.1f}ms {theirs_median * 1000:7.1f}ms {ratio:5.2f}× | {right}")
    print("-" * len(header))
    geo = statistics.geometric_mean(ratios)
    print(
        f"/sparql vs oxigraph serve: geometric mean {geo:.2f}×, worst {max(ratios):.2f}× "
        f"(target ≤ {TARGET_RATIO}×: {'met' if geo <= TARGET_RATIO else 'NOT met'})"
    )
    if rdflib_ratios:
        print(f"rdflib vs pyoxigraph (subset): geometric mean {statistics.geometric_mean(rdflib_ratios):.0f}× slower")
    print(f"total {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
