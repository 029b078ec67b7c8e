"""Restart of `newsgraph serve` on a store whose saved mirror holds N synthetic articles, at each N, in one run.

Building a 100,000-article store takes about an hour on a small machine
(``bench/scale.py --large``); what a restart reads of it is the saved mirror
(``graph.saved``), which the store's size does not change otherwise. So for each
size this builds the mirror of the synthetic articles (``bench.synthetic``, 20
statements each; the built mirror is kept in ``--dir`` by size and reused) and
saves it as the saved mirror of a new, empty store, as the store would have it
after ``newsgraph ingest``. Then, for each code tree given with ``--code``
(default: this one; another checkout measures the code before a change in the
same run, each saving the mirror in its own layout):

* load: a fresh process loads the saved mirror (``SavedMirror.load``): CPU and
  wall seconds, and the RSS it added;
* serve: ``newsgraph serve`` started ``--starts`` times on the store: seconds
  to answer ``/health`` (the mirror loaded), the server's CPU seconds by then
  (steadier than wall time on a shared machine) and its idle RSS;
* first reads: after a start, the wall seconds of a few first answers that make
  what the load left for later (``graph.columns``): the hub's entity page, a GraphQL
  question about it, the GraphQL ``topEntities`` ranking by degree, and GraphQL
  ``stats`` (whose counts go through the whole graph); then the RSS.

Ratios are to the smallest size. The store holds no articles: the SPARQL side of
``serve`` is not what is measured here.

    .venv/bin/python bench/restart.py [--sizes 1000,100000] [--dir /tmp/restart] [--code /path/to/other/checkout]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from bench.scale import cpu_seconds, free_port, rss_kib, start_serve  # noqa: E402

#: Builds the mirror of N synthetic articles and pickles it whole (the same for any code tree since the records reduce alike).
BUILD = """
import pickle, sys
from bench.synthetic import SyntheticSpec, synthetic_extractions
from graph.mirror import Mirror
mirror = Mirror.from_extractions(synthetic_extractions(int(sys.argv[1]) * 20, SyntheticSpec()))
with open(sys.argv[2], "wb") as out:
    pickle.dump(mirror, out, protocol=pickle.HIGHEST_PROTOCOL)
"""

#: Makes an empty store whose saved mirror is the pickled one, in the layout of the code tree it runs with.
INSTALL = """
import json, pickle, sys
from pathlib import Path
from graph.knowledge import KnowledgeGraph
from graph.saved import MANIFEST, SavedMirror
store = Path(sys.argv[2])
KnowledgeGraph.open(store).close()
with open(sys.argv[1], "rb") as source:
    mirror = pickle.load(source)
saved = SavedMirror(store, read_only=False)
saved._write_base(mirror)
manifest = json.loads((store / MANIFEST).read_text())
manifest.update(base=list(saved._state.base), journal=0, records=0)
(store / MANIFEST).write_text(json.dumps(manifest))
"""

#: Loads the saved mirror in this process: CPU and wall seconds, RSS added (MB).
LOAD = """
import json, sys, time
from pathlib import Path
def rss():
    return int(next(l for l in Path("/proc/self/status").read_text().splitlines() if l.startswith("VmRSS:")).split()[1]) / 1024
import graph.knowledge
from graph.saved import SavedMirror
before, cpu, wall = rss(), time.process_time(), time.perf_counter()
with SavedMirror.opening(sys.argv[1], read_only=True) as saved:
    mirror = saved.load()
cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
assert mirror is not None and mirror.figures.articles, "the saved mirror was not used"
print(json.dumps({"cpu": cpu, "wall": wall, "rss": rss() - before, "articles": mirror.figures.articles}))
"""

HUB_QUESTION = '{ entity(name: "Russia") { name relations(first: 20) { edges { node { predicate object { name } } } } } }'
RANKING = "{ topEntities(by: DEGREE, first: 10) { name } }"
STATS = "{ stats { entities quantities relations asserted } }"  # counts that go through the whole graph


def run(code: Path, script: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        cwd=code,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(code)},
    )
    if done.returncode:
        raise RuntimeError(f"{code}: {done.stderr.strip()[-2000:]}")
    return done.stdout


def serve(code: Path, store: Path) -> dict[str, float]:
    """A start of `newsgraph serve`: seconds and server CPU seconds to /health, idle RSS, first reads."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    server = start_serve(code, store, port)
    try:
        while True:
            if server.poll() is not None:
                raise RuntimeError("newsgraph serve exited")
            try:
                httpx.get(f"{url}/health", timeout=600).raise_for_status()
                break
            except httpx.TransportError:
                time.sleep(0.02)
        found = {"health": time.perf_counter() - started, "cpu": cpu_seconds(server.pid)}
        time.sleep(1.0)
        found["rss"] = rss_kib(server.pid) / 1024
        for name, ask in (
            ("hub page", lambda: httpx.get(f"{url}/entity/russia", timeout=600)),
            ("hub question", lambda: httpx.post(f"{url}/graphql", json={"query": HUB_QUESTION}, timeout=600)),
            ("degree ranking", lambda: httpx.post(f"{url}/graphql", json={"query": RANKING}, timeout=600)),
            ("stats", lambda: httpx.post(f"{url}/graphql", json={"query": STATS}, timeout=600)),
        ):
            at = time.perf_counter()
            ask().raise_for_status()
            found[name] = time.perf_counter() - at
        found["rss after"] = rss_kib(server.pid) / 1024
        return found
    finally:
        server.terminate()
        server.wait(timeout=600)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,100000", help="article counts (comma-separated)")
    parser.add_argument("--dir", type=Path, default=None, help="where to keep the built mirrors (default: a temporary directory)")
    parser.add_argument("--code", type=Path, action="append", default=None, help="a code tree to measure (repeatable; default: this one)")
    parser.add_argument("--starts", type=int, default=2, help="starts of serve per size and code tree")
    args = parser.parse_args()
    sizes = sorted(int(size) for size in args.sizes.split(","))
    trees = [tree.resolve() for tree in args.code or [ROOT]]

    with tempfile.TemporaryDirectory(prefix="newsgraph-restart-") as tmp:
        cache = args.dir or Path(tmp)
        cache.mkdir(parents=True, exist_ok=True)
        rows: list[dict] = []
        for size in sizes:
            built = cache / f"mirror-{size}.pickle"
            if not built.exists():
                started = time.perf_counter()
                run(ROOT, BUILD, str(size), str(built))
                print(f"built the mirror of {size:,} articles in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
            for number, tree in enumerate(trees):
                store = Path(tmp) / f"store-{size}-{number}"
                run(tree, INSTALL, str(built), str(store))
                loads = [json.loads(run(tree, LOAD, str(store))) for _ in range(args.starts)]
                starts = [serve(tree, store) for _ in range(args.starts)]
                row = {
                    "code": str(tree),
                    "articles": size,
                    "load cpu": min(load["cpu"] for load in loads),
                    "load wall": min(load["wall"] for load in loads),
                    "load rss": statistics.median(load["rss"] for load in loads),
                    **{name: min(start[name] for start in starts) for name in starts[0]},
                }
                rows.append(row)
                print(json.dumps(row), file=sys.stderr, flush=True)

    names = [
        "load cpu",
        "load wall",
        "load rss",
        "health",
        "cpu",
        "rss",
        "hub page",
        "hub question",
        "degree ranking",
        "stats",
        "rss after",
    ]
    print("saved mirror of N synthetic articles (20 statements each): load in process, then `newsgraph serve` (best of the starts)")
    print(f"{'code':<30} {'articles':>9} " + " ".join(f"{name:>14}" for name in names))
    for row in rows:
        print(f"{Path(row['code']).name[:30]:<30} {row['articles']:>9,} " + " ".join(f"{row[name]:>14.2f}" for name in names))
    for tree in trees:
        mine = [row for row in rows if row["code"] == str(tree)]
        for row in mine[1:]:
            print(
                f"{Path(tree).name}: {row['articles']:,} / {mine[0]['articles']:,} articles: load cpu "
                f"{row['load cpu'] / mine[0]['load cpu']:.1f}x, serve to /health {row['health'] / mine[0]['health']:.2f}x "
                f"(server cpu {row['cpu'] / mine[0]['cpu']:.2f}x)"
            )


if __name__ == "__main__":
    main()
