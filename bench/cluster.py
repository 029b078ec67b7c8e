"""Ingest on a Dask cluster: words/s of ``ingest --cluster`` (a local scheduler and N worker
processes, started here) against ``--workers N`` and ``--workers 1``, on the same texts, in the same run.

Each ingest reads the files, extracts and writes to a fresh on-disk store. The pipeline is
loaded before the clock starts on every path: in this process for ``--workers 1`` and for the
forked ``--workers N`` pool (which shares it), in the cluster's workers by a warm-up before the
first timed run (they keep it). Connecting to the scheduler and forking the pool are counted.
Runs are interleaved and repeated ``--repeat`` times; medians and ratios are printed.

    .venv/bin/python bench/cluster.py [--corpus ../shared/corpora/bbc-2005] [--articles 200] [--workers 2] [--repeat 2]

The corpus is read in place (a bounded, deterministic sample: every k-th story). On one machine
the cluster can't beat the local pool (same cores, plus serialising the articles and results
over TCP); the ratio says what the task layer costs.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.workers import DEFAULT_CORPUS, sample  # noqa: E402
from graph.cluster import ClusterExtractor  # noqa: E402
from graph.ingest import Extractor, extract_safely, read_all, run_ingest  # noqa: E402
from graph.knowledge import KnowledgeGraph  # noqa: E402
from graph.parallel import ProcessExtractor  # noqa: E402
from loaders.nlp import load_pipeline  # noqa: E402

DASK = Path(sys.executable).parent / "dask"


@contextmanager
def local_cluster(workers: int, tmp: Path) -> Iterator[str]:
    """`dask scheduler` and `dask worker --nworkers N --nthreads 1` on loopback; its address."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
    options = {"cwd": ROOT, "env": env, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "start_new_session": True}
    scheduler_file = tmp / "scheduler.json"
    started = [
        subprocess.Popen(
            [str(DASK), "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard", "--scheduler-file", str(scheduler_file)],
            **options,
        )
    ]
    try:
        while not scheduler_file.exists() or not scheduler_file.read_text():
            time.sleep(0.2)
        time.sleep(0.2)
        address = json.loads(scheduler_file.read_text())["address"]
        worker_options = ["--nworkers", str(workers), "--nthreads", "1", "--no-dashboard", "--host", "127.0.0.1"]
        started.append(
            subprocess.Popen([str(DASK), "worker", address, *worker_options, "--local-directory", str(tmp / "workers")], **options)
        )
        from distributed import Client

        with Client(address, timeout=30, set_as_default=False) as client:
            client.wait_for_workers(workers, timeout=120)
        yield address
    finally:
        for process in reversed(started):
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=60)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=16)
    args = parser.parse_args()

    paths = [str(p) for p in sample(args.corpus, args.articles)]
    articles, _ = read_all(paths)
    words = sum(len(a.text.split()) for a in articles)
    nlp = load_pipeline()
    n = args.workers
    names = ("one", "pool", "cluster")
    times: dict[str, list[float]] = {name: [] for name in names}
    stored: dict[str, int] = {}

    with tempfile.TemporaryDirectory(prefix="newsgraph-bench-") as tmp, local_cluster(n, Path(tmp)) as address:
        list(ClusterExtractor(address, None, batch_size=args.batch_size).start()([]))  # the workers load the pipeline (and keep it)
        makers: dict[str, Callable[[], Extractor]] = {
            "one": lambda: partial(extract_safely, nlp, batch_size=args.batch_size),
            "pool": lambda: ProcessExtractor(None, n, batch_size=args.batch_size, nlp=nlp).start(),
            "cluster": lambda: ClusterExtractor(address, None, batch_size=args.batch_size).start(),
        }
        for run in range(args.repeat):
            for name in names:
                started = time.perf_counter()
                extract = makers[name]()
                with KnowledgeGraph.open(Path(tmp) / f"store-{name}-{run}") as knowledge:
                    summary = run_ingest(paths, extract=extract, sink=knowledge, batch_size=args.batch_size)
                times[name].append(time.perf_counter() - started)
                stored[name] = summary.triples

    if len(set(stored.values())) != 1:
        raise SystemExit(f"the paths stored different numbers of triples: {stored}")
    rate = {name: words / statistics.median(values) for name, values in times.items()}
    print(f"corpus: {len(articles)} articles from {args.corpus}, {words} words; {args.repeat} runs, medians")
    print(f"{'':<44}{'words/s':>10}")
    print(f"{'ingest --workers 1':<44}{rate['one']:>10,.0f}")
    print(f"{f'ingest --workers {n}':<44}{rate['pool']:>10,.0f}")
    print(f"{f'ingest --cluster (local, {n} worker processes)':<44}{rate['cluster']:>10,.0f}")
    print(f"ratio --cluster / --workers {n}: {rate['cluster'] / rate['pool']:.2f}")
    print(f"ratio --cluster / --workers 1: {rate['cluster'] / rate['one']:.2f}")


if __name__ == "__main__":
    main()
