"""Scale without spaCy: a synthetic replay of extractions into an on-disk store, measured at each size.

Articles shaped like newsgraph's output (``bench.synthetic``; ``--statements``
per article) are written through ``KnowledgeGraph.ingest`` in the batches
``newsgraph ingest`` uses. At 1k and 10k articles (and 100k with ``--large``) it prints:

* write: milliseconds of CPU and wall per article over the last ``--window``
  articles written before that size, and the ratio to the first size; close:
  seconds to close the store after writing up to that size (with the fold of
  the saved mirror's journal, when it outgrew the mirror);
* ingest 5: wall seconds of a fresh process opening the store, writing 5
  articles and closing it (as ``newsgraph ingest`` does, spaCy aside);
* serve: seconds from starting ``newsgraph serve`` on the store to answering
  SPARQL (listening) and to answering ``/health`` (mirror built), and its RSS
  once idle; then the same for a second start (restart), which loads the mirror
  the first one saved beside the store (``graph.saved``), with the CPU seconds the
  server had used when ``/health`` answered (steadier than the wall time on a
  machine shared with other work);
* bytes/quad of the store after close, against a pyoxigraph store bulk-loaded
  with the same quads (and closed) in the same run.

    .venv/bin/python bench/scale.py [--large] [--sizes 1000,10000] [--statements 20] [--dir /tmp/x]
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
import pyoxigraph as ox  # noqa: E402

from bench.synthetic import SyntheticSpec, synthetic_extractions  # noqa: E402
from graph.knowledge import WRITE_BATCH, KnowledgeGraph  # noqa: E402
from graph.rdf.ontology import load_ontology  # noqa: E402

FIVE_ARTICLES = """
import sys, time
from itertools import islice
started = time.perf_counter()
from bench.synthetic import SyntheticSpec, synthetic_extractions
from graph.knowledge import KnowledgeGraph
extra = list(islice(synthetic_extractions(5 * int(sys.argv[2]), SyntheticSpec(statements_per_article=int(sys.argv[2]), seed=99)), 5))
import dataclasses
extra = [dataclasses.replace(e, article=dataclasses.replace(e.article, id="extra-" + sys.argv[3] + "-" + e.article.id)) for e in extra]
with KnowledgeGraph.open(sys.argv[1]) as knowledge:
    knowledge.ingest(extra)
print(time.perf_counter() - started)
"""


def directory_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def start_serve(code: Path, store: Path, port: int) -> subprocess.Popen:
    """`newsgraph serve` of the code tree ``code`` on ``store``, quiet, on loopback ``port``."""
    return subprocess.Popen(
        [sys.executable, "-m", "graph.cli.app", "serve", "--store", str(store), "--port", str(port)],
        cwd=code,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(code)},
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def cpu_seconds(pid: int) -> float:
    """User and system CPU seconds of process ``pid`` so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def serve_startup(store: Path) -> tuple[float, float, float, float]:
    """(seconds to answer SPARQL, seconds to answer /health, CPU seconds of the server by then, idle RSS in MB)
    of a real `newsgraph serve` (the CPU seconds move less with the other work on a shared machine)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    server = start_serve(ROOT, store, port)
    try:
        listening = ready = None
        ready_cpu = 0.0
        while ready is None:
            if server.poll() is not None:
                raise RuntimeError("newsgraph serve exited")
            try:
                if listening is None:
                    httpx.get(f"{url}/sparql", params={"query": "ASK {}"}, timeout=60).raise_for_status()
                    listening = time.perf_counter() - started
                httpx.get(f"{url}/health", timeout=600).raise_for_status()
                ready = time.perf_counter() - started
                ready_cpu = cpu_seconds(server.pid)
            except httpx.TransportError:
                time.sleep(0.05)
        time.sleep(1.0)  # idle
        return listening, ready, ready_cpu, rss_kib(server.pid) / 1024
    finally:
        server.terminate()
        server.wait(timeout=600)  # a first start may still be saving the mirror it loaded


def bulk_loaded_bytes(store: Path, scratch: Path) -> tuple[int, int]:
    """(bytes, quads) of a pyoxigraph store bulk-loaded with the same quads, after close."""
    dump = scratch / "dump.nq"
    source = ox.Store.read_only(str(store / "oxigraph"))
    with dump.open("wb") as out:
        source.dump(out, ox.RdfFormat.N_QUADS)
    quads = len(source)
    del source
    target_dir = scratch / "bulk"
    target = ox.Store(str(target_dir))
    target.bulk_load(path=str(dump), format=ox.RdfFormat.N_QUADS)
    target.flush()
    del target
    dump.unlink()
    size = directory_bytes(target_dir)
    subprocess.run(["rm", "-rf", str(target_dir)], check=True)
    return size, quads


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="article counts to measure at (comma-separated)")
    parser.add_argument("--large", action="store_true", help="also measure at 100,000 articles")
    parser.add_argument("--statements", type=int, default=20, help="statements per article")
    parser.add_argument("--window", type=int, default=500, help="articles timed for the write cost at each size")
    parser.add_argument("--dir", type=Path, default=None, help="where to build the store (default: a temporary directory)")
    args = parser.parse_args()
    sizes = sorted({int(s) for s in args.sizes.split(",")} | ({100_000} if args.large else set()))

    with tempfile.TemporaryDirectory(prefix="newsgraph-scale-", dir=args.dir) as tmp:
        scratch = Path(tmp)
        store_path = scratch / "store"
        spec = SyntheticSpec(statements_per_article=args.statements)
        records = synthetic_extractions(sizes[-1] * args.statements, spec)
        rows = []
        written = 0
        for size in sizes:
            knowledge = KnowledgeGraph.open(store_path)
            load_ontology(knowledge.store)
            window = min(args.window, size - written)
            while written < size - window:
                batch = list(islice(records, min(WRITE_BATCH, size - window - written)))
                knowledge.ingest(batch)
                written += len(batch)
            cpu, wall = time.process_time(), time.perf_counter()
            while written < size:
                batch = list(islice(records, min(WRITE_BATCH, size - written)))
                knowledge.ingest(batch)
                written += len(batch)
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
            closing = time.perf_counter()
            knowledge.close()  # folds the journal into the saved mirror when it outgrew it
            closing = time.perf_counter() - closing
            five = subprocess.run(
                [sys.executable, "-c", FIVE_ARTICLES, str(store_path), str(args.statements), str(size)],
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=True,
                env={**os.environ, "PYTHONPATH": str(ROOT)},
            )
            listening, ready, _, rss = serve_startup(store_path)
            _, again, again_cpu, again_rss = serve_startup(store_path)  # a second start: the mirror saved by the first
            store_bytes = directory_bytes(store_path / "oxigraph")
            bulk_bytes, quads = bulk_loaded_bytes(store_path, scratch)
            rows.append(
                {
                    "articles": size,
                    "write_cpu_ms": 1000 * cpu / window,
                    "write_wall_ms": 1000 * wall / window,
                    "close_s": closing,
                    "ingest5_s": float(five.stdout.strip()),
                    "listen_s": listening,
                    "mirror_s": ready,
                    "rss_mb": rss,
                    "restart_s": again,
                    "restart_cpu_s": again_cpu,
                    "restart_rss_mb": again_rss,
                    "quads": quads,
                    "bytes_per_quad": store_bytes / quads,
                    "bulk_bytes_per_quad": bulk_bytes / quads,
                }
            )
            print(json.dumps(rows[-1]), file=sys.stderr, flush=True)

    first = rows[0]
    print(f"synthetic replay, {args.statements} statements per article; write cost over the last {args.window} articles at each size")
    print(
        f"{'articles':>9} {'quads':>11} {'write ms/art':>12} {'(cpu)':>7} {'close s':>8} {'ingest 5 s':>10} {'serve listen s':>14} "
        f"{'mirror s':>9} {'idle RSS MB':>11} {'restart s':>9} {'(cpu)':>6} {'(RSS MB)':>8} {'bytes/quad':>10} {'bulk b/q':>9}"
    )
    for row in rows:
        print(
            f"{row['articles']:>9,} {row['quads']:>11,} {row['write_wall_ms']:>12.2f} {row['write_cpu_ms']:>7.2f} {row['close_s']:>8.2f} "
            f"{row['ingest5_s']:>10.2f} {row['listen_s']:>14.2f} {row['mirror_s']:>9.2f} {row['rss_mb']:>11.0f} "
            f"{row['restart_s']:>9.2f} {row['restart_cpu_s']:>6.2f} {row['restart_rss_mb']:>8.0f} "
            f"{row['bytes_per_quad']:>10.0f} {row['bulk_bytes_per_quad']:>9.0f}"
        )
    for row in rows[1:]:
        print(
            f"ratios {row['articles']:,} / {first['articles']:,}: write {row['write_wall_ms'] / first['write_wall_ms']:.2f}, "
            f"ingest 5 {row['ingest5_s'] / first['ingest5_s']:.2f}, serve listening {row['listen_s'] / first['listen_s']:.2f}, "
            f"serve with mirror {row['mirror_s'] / first['mirror_s']:.2f}, restart {row['restart_s'] / first['restart_s']:.2f} "
            f"(cpu {row['restart_cpu_s'] / first['restart_cpu_s']:.2f})"
        )
    for row in rows:
        print(f"bytes/quad at {row['articles']:,} articles: {row['bytes_per_quad'] / row['bulk_bytes_per_quad']:.2f}x a bulk-loaded store")


if __name__ == "__main__":
    main()
