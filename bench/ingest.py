"""Ingest throughput: plain ``nlp.pipe`` against the whole ingest, on the same text.

Prints words per second of (a) spaCy's ``nlp.pipe`` alone over the articles'
texts and (b) the whole ingest (loaders + extraction + store on disk + mirror)
over the same inputs, in the same run, and their ratio. Each is run
``--repeat`` times and the median is taken (these machines are noisy).

    .venv/bin/python bench/ingest.py [PATH ...] [--repeat 3] [--copies 4]

``--copies N`` ingests N renamed copies of the inputs, so the corpus is large
enough for the figures to settle (each copy is a distinct article).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.ingest import read_all, run_ingest  # noqa: E402
from graph.knowledge import KnowledgeGraph  # noqa: E402
from loaders.nlp import load_pipeline  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=[str(ROOT / "seeds")])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--copies", type=int, default=4)
    args = parser.parse_args()

    nlp = load_pipeline()
    articles, _ = read_all(args.paths)
    corpus = [replace(a, id=f"{a.id}-{n}", text=a.text) for n in range(args.copies) for a in articles]
    words = sum(len(a.text.split()) for a in corpus)
    texts = [a.text for a in corpus]
    # Extraction feeds spaCy one paragraph at a time; time plain nlp.pipe both ways.
    paragraphs = [p for a in corpus for p in a.text.split("\n\n") if p.strip()]

    with tempfile.TemporaryDirectory() as tmp:
        jsonl = Path(tmp) / "corpus.jsonl"
        import json

        with jsonl.open("w", encoding="utf-8") as out:
            for a in corpus:
                out.write(json.dumps(a.to_record()) + "\n")

        pipe_times, para_times, ingest_times = [], [], []
        for run in range(args.repeat):
            started = time.perf_counter()
            for _ in nlp.pipe(texts, batch_size=16):
                pass
            pipe_times.append(time.perf_counter() - started)
            started = time.perf_counter()
            for _ in nlp.pipe(paragraphs, batch_size=64):
                pass
            para_times.append(time.perf_counter() - started)

            knowledge = KnowledgeGraph.open(Path(tmp) / f"store-{run}")
            try:
                started = time.perf_counter()
                run_ingest([str(jsonl)], nlp=nlp, sink=knowledge)
                ingest_times.append(time.perf_counter() - started)
            finally:
                knowledge.close()

    pipe = words / statistics.median(pipe_times)
    para = words / statistics.median(para_times)
    whole = words / statistics.median(ingest_times)
    print(f"corpus: {len(corpus)} articles, {words} words; {args.repeat} runs, medians")
    print(f"{'stage':<34}{'words/s':>12}")
    print(f"{'nlp.pipe, whole articles':<34}{pipe:>12,.0f}")
    print(f"{'nlp.pipe, paragraphs':<34}{para:>12,.0f}")
    print(f"{'whole ingest (loaders→store→mirror)':<34}{whole:>12,.0f}")
    print(f"ratio whole ingest / nlp.pipe (articles):   {whole / pipe:.2f}")
    print(f"ratio whole ingest / nlp.pipe (paragraphs): {whole / para:.2f}")


if __name__ == "__main__":
    main()
