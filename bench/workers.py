"""Ingest on every core: words/s of ``ingest --workers 1`` and ``--workers 2`` against plain
``nlp.pipe(n_process=1)`` and ``nlp.pipe(n_process=2)`` on the same texts, in the same run.

``nlp.pipe`` runs twice over: with the spaCy pipeline as installed (its own attribute
ruler; newsgraph's entity ruler added, as ingest has it) and with the pipeline ingest
runs (``load_pipeline()``: the attribute ruler that finds its rules by lookup, same
annotations). Against the first, the ratios say how ingest compares with spaCy; against
the second, what extracting and writing cost on top of newsgraph's own parsing.

The whole ingest reads the files, parses and extracts (in this process, or in worker
processes forked from it), and writes to a fresh on-disk store; the worker start-up is
counted, the loading of the pipeline (done once, before) is not, as for ``nlp.pipe``. ``nlp.pipe`` only parses. Runs are interleaved and
repeated ``--repeat`` times; medians are printed, with the ratios, and the CPU seconds all
processes spent (this one and its workers, once they have exited): with as many workers as
cores, whatever ingest does besides parsing (extracting, reading, writing) takes cores the
parsing would have had, so the CPU ratio bounds the words/s ratio.

    .venv/bin/python bench/workers.py [--corpus ../shared/corpora/bbc-2005] [--articles 200] [--repeat 2]

The corpus is read in place (a bounded, deterministic sample: every k-th story).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.ingest import Extractor, extract_safely, read_all, run_ingest  # noqa: E402
from graph.knowledge import KnowledgeGraph  # noqa: E402
from graph.parallel import ProcessExtractor  # noqa: E402
from loaders.nlp import load_pipeline  # noqa: E402
from loaders.sources import InputMapper  # noqa: E402

if TYPE_CHECKING:
    from spacy.language import Language

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "bbc-2005"


def sample(corpus: Path, count: int) -> list[Path]:
    files = sorted(corpus.rglob("*.txt"))
    if not files:
        raise SystemExit(f"no .txt files under {corpus}")
    step = max(1, len(files) // count)
    return files[::step][:count]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=16)
    args = parser.parse_args()

    paths = [str(p) for p in sample(args.corpus, args.articles)]
    articles, _ = read_all(paths)
    texts = [a.text for a in articles]
    words = sum(len(t.split()) for t in texts)
    nlp = load_pipeline()
    shipped = load_pipeline(as_installed=True)

    def pipe(pipeline: Language, n_process: int) -> float:
        started = time.perf_counter()
        for _ in pipeline.pipe(texts, batch_size=args.batch_size, n_process=n_process):
            pass
        return time.perf_counter() - started

    def cpu() -> float:
        """CPU seconds of this process and of its children that have exited."""
        own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime

    times: dict[str, list[float]] = {name: [] for name in ("shipped1", "shipped2", "pipe1", "pipe2", "ingest1", "ingest2")}
    cpus: dict[str, list[float]] = {name: [] for name in times}

    def timed(name: str, run: Callable[[], float]) -> None:
        before = cpu()
        times[name].append(run())
        cpus[name].append(cpu() - before)

    with tempfile.TemporaryDirectory(prefix="newsgraph-bench-") as tmp:

        def ingest(workers: int, run: int) -> float:
            # the pipeline is loaded already, as for nlp.pipe: forked workers share it
            started = time.perf_counter()
            extract: Extractor
            mapper: InputMapper | None = None
            if workers == 1:
                extract = partial(extract_safely, nlp, batch_size=args.batch_size)
            else:  # the workers read the files too, as `newsgraph ingest` has them do
                pool = ProcessExtractor(None, workers, batch_size=args.batch_size, nlp=nlp).start()
                extract, mapper = pool, pool.map_inputs
            with KnowledgeGraph.open(Path(tmp) / f"store-{workers}-{run}") as knowledge:
                run_ingest(paths, extract=extract, sink=knowledge, batch_size=args.batch_size, mapper=mapper)
            return time.perf_counter() - started

        for run in range(args.repeat):
            timed("shipped1", partial(pipe, shipped, 1))
            timed("pipe1", partial(pipe, nlp, 1))
            timed("ingest1", partial(ingest, 1, run))
            timed("shipped2", partial(pipe, shipped, 2))
            timed("pipe2", partial(pipe, nlp, 2))
            timed("ingest2", partial(ingest, 2, run))

    rate = {name: words / statistics.median(values) for name, values in times.items()}
    spent = {name: statistics.median(values) for name, values in cpus.items()}
    print(f"corpus: {len(articles)} articles from {args.corpus}, {words} words; {args.repeat} runs, medians")
    print(f"{'':<44}{'words/s':>10}{'CPU s':>8}{'CPU/parse':>11}")
    labels = {
        "shipped1": "nlp.pipe(n_process=1), pipeline as shipped",
        "shipped2": "nlp.pipe(n_process=2), pipeline as shipped",
        "pipe1": "nlp.pipe(n_process=1), load_pipeline()",
        "pipe2": "nlp.pipe(n_process=2), load_pipeline()",
        "ingest1": "ingest --workers 1 (to the store)",
        "ingest2": "ingest --workers 2 (to the store)",
    }
    for name, label in labels.items():
        print(f"{label:<44}{rate[name]:>10,.0f}{spent[name]:>8.2f}{spent[name] / spent['pipe1']:>11.2f}")
    for base, which in (("shipped", "as shipped"), ("pipe", "load_pipeline()")):
        for n in (1, 2):
            print(f"ratio ingest --workers {n} / nlp.pipe(n_process={n}), {which + ':':<17}{rate[f'ingest{n}'] / rate[f'{base}{n}']:.2f}")
    print(f"ratio ingest --workers 2 / --workers 1:{'':<30}{rate['ingest2'] / rate['ingest1']:.2f}")


if __name__ == "__main__":
    main()
