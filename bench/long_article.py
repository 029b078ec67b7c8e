"""Extraction time of one very long article (a single paragraph): is it linear in its size?

Extracts a synthetic 0.1 MB and a 0.4 MB article (the same sentences repeated, one
line) and prints each time and their ratio: near 4 when time is linear in length
(extraction cuts lines over ``MAX_BLOCK`` characters into pieces), far above when not.

    .venv/bin/python bench/long_article.py [--small 100000] [--large 400000]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.model import Article  # noqa: E402
from loaders.extraction.pipeline import MAX_BLOCK, extract_article  # noqa: E402
from loaders.nlp import load_pipeline  # noqa: E402

SENTENCES = (
    "Officials in Kyiv said Russia attacked Kharkiv on Monday with drones. ",
    "The United States pledged $425 million in military aid to Ukraine. ",
    "Vitali Klitschko, the mayor of Kyiv, met Olaf Scholz in Berlin on Tuesday. ",
)


def article_of(size: int) -> Article:
    body = "".join(SENTENCES)
    text = "Russia attacks Kharkiv\n\n" + (body * (size // len(body) + 1))[:size]
    return Article(id=f"long-{size}", title="Russia attacks Kharkiv", text=text, source=f"bench/long-{size}.txt")


def seconds(nlp, article: Article) -> float:
    started = time.perf_counter()
    extract_article(nlp, article)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=100_000, help="characters of the small article")
    parser.add_argument("--large", type=int, default=400_000, help="characters of the large article")
    args = parser.parse_args()
    nlp = load_pipeline()
    seconds(nlp, article_of(5_000))  # warm up
    small = seconds(nlp, article_of(args.small))
    large = seconds(nlp, article_of(args.large))
    print(f"pieces of at most {MAX_BLOCK} characters")
    print(f"{args.small:>9} characters: {small:7.1f} s")
    print(f"{args.large:>9} characters: {large:7.1f} s")
    print(f"ratio {large / small:.2f} for {args.large / args.small:.1f} times the text (linear: near {args.large / args.small:.1f})")


if __name__ == "__main__":
    main()
