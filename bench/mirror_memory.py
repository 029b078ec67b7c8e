"""Where the mirror's memory goes: bytes per statement of each of its parts, and of the whole in RSS.

Builds the mirror of ``--articles`` synthetic articles (``bench.synthetic``, 20
statements each) from the records, then sizes each part with ``sys.getsizeof``,
every object counted once (the first part reaching it gets it): the networkx
adjacency (``_succ``/``_pred`` and the per-pair key dicts), the statement records,
their ids (made when asked, so only those keying the dict of a pair with several
statements are held) and sentences, the quantity nodes, the entity nodes (their ``articles``
sets), what each article contributed, the per-entity tallies, the incidence lists,
the figures, the name index and the shared values. With ``--store DIR`` it reads
the mirror of an on-disk store instead (loaded from its saved mirror when that is
up to date, else rebuilt from the store), and also prints the RSS it added and
the time it took.

    .venv/bin/python bench/mirror_memory.py --articles 2000
    .venv/bin/python bench/mirror_memory.py --store /tmp/synthetic-store
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.synthetic import SyntheticSpec, synthetic_extractions  # noqa: E402
from graph.edges import STATEMENT_FIELDS, QuantityData, StatementData  # noqa: E402
from graph.knowledge import KnowledgeGraph  # noqa: E402
from graph.mirror import Mirror  # noqa: E402


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def deep_size(root: Any, seen: set[int]) -> int:
    """Bytes of ``root`` and everything it reaches that ``seen`` does not hold yet (then it does)."""
    size = 0
    stack = [root]
    while stack:
        obj = stack.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        size += sys.getsizeof(obj)
        if isinstance(obj, (StatementData, QuantityData)):  # tuples underneath, read as mappings
            stack.extend(tuple.__iter__(obj))
        elif isinstance(obj, dict):
            stack.extend(obj.keys())
            stack.extend(obj.values())
        elif isinstance(obj, (list, tuple, set, frozenset)):
            stack.extend(obj)
        elif hasattr(type(obj), "__slots__"):
            stack.extend(getattr(obj, name) for name in getattr(type(obj), "__slots__", ()) if hasattr(obj, name))
        elif hasattr(obj, "__dict__"):
            stack.append(obj.__dict__)
    return size


def parts(mirror: Mirror) -> dict[str, int]:
    graph = mirror.graph
    seen: set[int] = set()
    records = [data for *_, data in graph.edges(keys=True, data=True)]
    quantities = {key: data for key, data in graph._node.items() if isinstance(data, QuantityData)}
    found = {
        "statement records (slots)": sum(sys.getsizeof(data) for data in records),
        "statement ids": 0,
        "sentences": 0,
    }
    seen.update(id(data) for data in records)
    # a record makes its id when asked: ids in memory are the keys of the dicts of node pairs with several statements
    found["statement ids"] = sum(
        deep_size(key, seen) for targets in graph._succ.values() for keyed in targets.values() if isinstance(keyed, dict) for key in keyed
    )
    found["sentences"] = sum(deep_size(data.sentence, seen) for data in records)
    found["other statement values"] = sum(deep_size([getattr(data, name) for name in STATEMENT_FIELDS], seen) for data in records)
    found["quantity nodes"] = sum(
        deep_size(data, seen) + deep_size(key, seen) + deep_size(graph._succ[key], seen) + sys.getsizeof(graph._pred[key])
        for key, data in quantities.items()
    )
    seen.update(id(graph._pred[key]) for key in quantities)
    adjacency = sum(sys.getsizeof(table) for table in (graph._succ, graph._pred, graph._node))
    for node in graph._succ:
        for table in (graph._succ[node], graph._pred[node]):
            if id(table) not in seen:
                seen.add(id(table))
                adjacency += sys.getsizeof(table)
            for keyed in table.values():
                if id(keyed) not in seen:
                    seen.add(id(keyed))
                    adjacency += sys.getsizeof(keyed)
    found["adjacency (networkx dicts)"] = adjacency
    found["entity nodes (with their article sets)"] = sum(
        deep_size(data, seen) for key, data in graph._node.items() if key not in quantities
    )
    found["article contributions"] = deep_size(mirror._contributions, seen)
    found["entity tallies"] = deep_size(mirror._tallies, seen)
    found["incidence"] = deep_size(mirror.incidence._entities, seen)
    found["figures"] = deep_size(mirror.figures.__dict__, seen)
    found["name index"] = deep_size(mirror.names.__dict__, seen)
    found["shared values"] = deep_size(mirror._shared._strings, seen) + deep_size(mirror._shared._values, seen)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000, help="synthetic articles (20 statements each)")
    parser.add_argument("--store", type=Path, default=None, help="read the mirror of this on-disk store instead")
    args = parser.parse_args()
    before, started = rss_mb(), time.perf_counter()
    if args.store is not None:
        knowledge = KnowledgeGraph.open(args.store, read_only=True)
        mirror = knowledge.mirror
    else:
        mirror = Mirror.from_extractions(synthetic_extractions(args.articles * 20, SyntheticSpec()))
    elapsed, grown = time.perf_counter() - started, rss_mb() - before
    statements = mirror.graph.number_of_edges()
    print(f"{statements:,} statements, {mirror.graph.number_of_nodes():,} nodes, {len(mirror.article_ids()):,} articles")
    if args.store is not None:
        print(f"read in {elapsed:.2f} s; RSS grew by {grown:.0f} MB ({grown * 2**20 / max(statements, 1):.0f} bytes/statement)")
    sizes = parts(mirror)
    for name, size in sorted(sizes.items(), key=lambda item: -item[1]):
        print(f"  {name:42} {size / 2**20:9.1f} MB {size / max(statements, 1):7.0f} bytes/statement")
    total = sum(sizes.values())
    print(f"  {'all (getsizeof)':42} {total / 2**20:9.1f} MB {total / max(statements, 1):7.0f} bytes/statement")


if __name__ == "__main__":
    main()
