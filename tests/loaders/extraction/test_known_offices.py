"""Offices a named person is known to hold count as titles the article gave them: "the chancellor",
"the Tory leader", "the former chancellor" resolve to the one person the article named who held
that office in the article's year (or before, for "former"). Made-up people, in a table of their own."""

from __future__ import annotations

import datetime as dt

import pytest

from graph.model import Article, Entity
from loaders.extraction import extract_article
from loaders.extraction import references as references_module
from loaders.gazetteer import load_gazetteer
from loaders.offices import parse_offices

TABLE = """Jane Roe\tchancellor\tUnited Kingdom\t2019-2023
Jane Roe\tprime minister\tUnited Kingdom\t2023-
Tom Quill\tleader\tConservative Party\t2008-2012
Ann Pike\tchancellor\tGermany\t2019-2023
Ben Marsh\tshadow chancellor\tLabour Party\t2018-2022
"""


@pytest.fixture
def offices(monkeypatch):
    table = parse_offices(TABLE, load_gazetteer(), "test.tsv")
    monkeypatch.setattr(references_module, "load_offices", lambda: table)
    return table


def _triples(nlp, text: str, year: int | None):
    date = dt.date(year, 3, 1) if year else None
    extraction = extract_article(nlp, Article("k", "", text, "-", date))
    return {
        (t.subject.label, t.category, t.object.label if isinstance(t.object, Entity) else None, t.predicate)
        for t in extraction.triples
        if t.asserted
    }


def _subjects(triples, category: str = "ACCUSE") -> set[str]:
    return {subject for subject, kind, _, _ in triples if kind == category}


def test_the_office_named_without_the_title(nlp, offices):
    text = "Jane Roe will set out her budget on Wednesday. The chancellor accused Sam Vole of misleading voters."
    triples = _triples(nlp, text, 2021)
    assert ("Jane Roe", "ACCUSE", "Sam Vole", "accused") in triples
    # and the affiliation the description states, as a title in the text would give it
    assert ("Jane Roe", "AFFILIATION", "United Kingdom", "chancellor of") in triples


def test_only_offices_held_in_the_articles_year(nlp, offices):
    chancellor = "Jane Roe will speak on Wednesday. The chancellor accused Sam Vole of misleading voters."
    premier = "Jane Roe will speak on Wednesday. The prime minister accused Sam Vole of misleading voters."
    assert "Jane Roe" not in _subjects(_triples(nlp, chancellor, 2025))
    assert "Jane Roe" in _subjects(_triples(nlp, premier, 2025))
    assert "Jane Roe" not in _subjects(_triples(nlp, premier, 2020))


def test_a_past_office_for_former(nlp, offices):
    text = "Jane Roe will speak on Wednesday. The former chancellor accused Sam Vole of misleading voters."
    assert "Jane Roe" in _subjects(_triples(nlp, text, 2025))
    assert "Jane Roe" not in _subjects(_triples(nlp, text, 2021))  # still chancellor then


def test_undated_the_latest_office_counts_as_held(nlp, offices):
    premier = "Jane Roe will speak on Wednesday. The prime minister accused Sam Vole of misleading voters."
    former = "Jane Roe will speak on Wednesday. The former chancellor accused Sam Vole of misleading voters."
    assert "Jane Roe" in _subjects(_triples(nlp, premier, None))
    assert "Jane Roe" in _subjects(_triples(nlp, former, None))


def test_undated_an_earlier_office_when_no_one_holds_it_last(nlp, offices):
    """An undated story can be from any year of a person's career: "the chancellor" is the one
    named person who ever held that office, unless a named person holds it last."""
    alone = "Jane Roe will speak on Wednesday. The chancellor accused Sam Vole of misleading voters."
    assert ("Jane Roe", "ACCUSE", "Sam Vole", "accused") in _triples(nlp, alone, None)
    with_holder = "Jane Roe and Ann Pike will speak on Wednesday. The chancellor accused Sam Vole of misleading voters."
    assert "Jane Roe" not in _subjects(_triples(nlp, with_holder, None))


def test_the_party_an_adjective_names(nlp, offices):
    tory = "Tom Quill and Ann Smith toured the north on Monday. The Tory leader accused Sam Vole of lying."
    labour = "Tom Quill and Ann Smith toured the north on Monday. The Labour leader accused Sam Vole of lying."
    triples = _triples(nlp, tory, 2010)
    assert "Tom Quill" in _subjects(triples)
    assert ("Tom Quill", "AFFILIATION", "Conservative Party", "leader of") in triples
    assert "Tom Quill" not in _subjects(_triples(nlp, labour, 2010))


def test_other_title_words_are_another_office(nlp, offices):
    text = "Jane Roe will speak on Wednesday. The shadow chancellor accused Sam Vole of misleading voters."
    assert "Jane Roe" not in _subjects(_triples(nlp, text, 2021))
    text = "Ben Marsh will speak on Wednesday. The chancellor accused Sam Vole of misleading voters."
    assert "Ben Marsh" not in _subjects(_triples(nlp, text, 2021))


def test_two_named_holders_resolve_to_none(nlp, offices):
    text = "Jane Roe met Ann Pike in Berlin on Tuesday. The chancellor accused Sam Vole of misleading voters."
    assert not _subjects(_triples(nlp, text, 2021)) & {"Jane Roe", "Ann Pike"}


def test_never_a_holder_the_article_does_not_name(nlp, offices):
    text = "Sam Vole will speak on Wednesday. The chancellor accused Tom Quill of misleading voters."
    assert not _subjects(_triples(nlp, text, 2021)) & {"Jane Roe", "Ann Pike"}


def test_an_office_written_as_a_name(nlp, offices):
    text = "Jane Roe will set out her budget on Wednesday. But the Chancellor accused Sam Vole of misleading voters."
    triples = _triples(nlp, text, 2021)
    assert ("Jane Roe", "ACCUSE", "Sam Vole", "accused") in triples
    assert ("Jane Roe", "AFFILIATION", "United Kingdom", "chancellor of") in triples
    text = "Jane Roe will set out her budget on Wednesday. But the Shadow Chancellor accused Sam Vole of misleading voters."
    assert "Jane Roe" not in _subjects(_triples(nlp, text, 2021))
