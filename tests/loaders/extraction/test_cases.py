"""Text → expected triples, from the case corpus in tests/cases/extraction.jsonl.

Each case is a short news-style text with the triples that must be asserted
(``expect``) and those that must not be (``absent``: negated, hypothetical,
denied, reversed). An expected triple with ``in_sentence`` must come from
a sentence holding that text. Known failures are marked ``xfail`` in the case itself
and run strictly.
"""

from __future__ import annotations

import datetime as dt
import json
import logging

import pytest

from graph.model import Article, Entity, Quantity, Triple
from loaders.extraction import extract_article, extract_articles
from tests.settings import ROOT

CASES_FILE = ROOT / "tests" / "cases" / "extraction.jsonl"
PRONOUNS = {"he", "she", "it", "they", "them", "him", "her", "we", "i", "you", "someone", "this", "that"}


def _cases():
    for line in CASES_FILE.read_text(encoding="utf-8").splitlines():
        if line.strip():
            case = json.loads(line)
            marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if case.get("xfail") else []
            yield pytest.param(case, id=case["id"], marks=marks)


def _article(case) -> Article:
    written = case.get("date", "2024-11-04")
    date = dt.date.fromisoformat(written) if written else None  # "": an undated story
    return Article(id=case["id"], title="", text=case["text"], source=f"cases/{case['id']}.txt", date=date)


def _matches(triple: Triple, want: dict) -> bool:
    if triple.subject.label != want["subject"] or triple.category != want["category"]:
        return False
    if "quantity" in want:
        q = want["quantity"]
        return (
            isinstance(triple.object, Quantity)
            and abs(triple.object.value - q["value"]) <= 0.01 * q["value"]
            and ("unit" not in q or triple.object.unit == q["unit"])
        )
    if "object" not in want:
        return True
    return isinstance(triple.object, Entity) and triple.object.label == want["object"]


def _describe(triples) -> str:
    return "\n".join(
        f"  {t.subject.label} -{t.predicate}/{t.category}-> "
        f"{t.object.label if isinstance(t.object, Entity) else t.object.value} [{t.polarity} {t.modality}] {dict(t.qualifiers)}"
        for t in triples
    )


@pytest.mark.parametrize("case", list(_cases()))
def test_case(nlp, case, caplog):
    with caplog.at_level(logging.WARNING, logger="loaders.extraction"):
        extraction = extract_article(nlp, _article(case))
    assert not caplog.records, "a paragraph was skipped: " + "; ".join(r.getMessage() for r in caplog.records)
    triples = extraction.triples
    asserted = [t for t in triples if t.asserted]
    for want in case.get("expect", []):
        found = [t for t in asserted if _matches(t, want) and want.get("in_sentence", "") in t.sentence]
        assert found, f"missing {want}\ngot:\n{_describe(triples)}"
        t = found[0]
        for key in ("predicate", "modality", "date"):
            if key in want:
                assert getattr(t, key) == want[key], f"{key} of {want}: {getattr(t, key)}"
        if "subject_text" in want:
            assert t.subject.text == want["subject_text"]
        if "object_text" in want:
            assert t.object.text == want["object_text"]
        for key, value in want.get("qualifiers", {}).items():
            assert key in t.qualifiers, f"qualifier {key} missing: {dict(t.qualifiers)}"
            got = t.qualifiers[key]
            assert got == value or (isinstance(value, (int, float)) and abs(float(got) - value) <= 0.01 * value)
    for unwanted in case.get("absent", []):
        bad = [t for t in asserted if _matches(t, unwanted)]
        assert not bad, f"asserted although it must not be: {unwanted}\n{_describe(bad)}"
    if case.get("junk_free"):
        for t in asserted:
            for end in (t.subject, t.object):
                if isinstance(end, Entity):
                    assert end.label.lower() not in PRONOUNS and end.label != end.label.lower(), _describe([t])


def test_triples_carry_provenance(nlp):
    text = "Quiet night.\nIran launched missiles at Israel on Tuesday. Israel later struck Iran."
    article = Article("a1", "t", text, "feed.jsonl", dt.date(2024, 10, 3))
    extraction = extract_article(nlp, article)
    assert extraction.sentences == 3
    assert extraction.triples
    for t in extraction.triples:
        assert text[t.start : t.end] == t.sentence
        assert t.article == "a1" and t.source == "feed.jsonl" and t.article_date == "2024-10-03"
        assert t.date is not None and 0 < t.confidence <= 1
    first = next(t for t in extraction.triples if t.subject.label == "Iran")
    assert first.date == "2024-10-01"


def test_mentions_are_canonical(nlp):
    text = "The U.S. and the United States Navy met. The US said Washington would respond."
    extraction = extract_article(nlp, Article("m", "", text, "-", None))
    labels = {m.entity.label for m in extraction.mentions if m.entity.text in ("U.S.", "US")}
    assert labels == {"United States"}
    for m in extraction.mentions:
        assert text[m.start : m.end] == m.entity.text


def test_extract_articles_streams_in_order(nlp):
    articles = [Article(str(n), "", f"Russia attacked Kharkiv on day {n}.", "-", None) for n in range(5)]
    results = list(extract_articles(nlp, iter(articles), batch_size=2))
    assert [r.article.id for r in results] == ["0", "1", "2", "3", "4"]
    assert all(any(t.category == "ASSAULT" for t in r.triples) for r in results)


def test_empty_article_gives_no_triples(nlp):
    extraction = extract_article(nlp, Article("e", "", "   \n\n", "-", None))
    assert extraction.triples == () and extraction.sentences == 0
