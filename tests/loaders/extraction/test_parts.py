"""The small parts of extraction that need no parse: gazetteer, quantities, dates, lexicon."""

from __future__ import annotations

import datetime as dt

import pytest

from graph.model import CATEGORIES
from loaders.extraction.dates import resolve_expression
from loaders.extraction.lexicon import LEXICON, sense_of
from loaders.extraction.quantities import count_in, money_in
from loaders.gazetteer import load_gazetteer


@pytest.mark.parametrize(
    "name, label",
    [
        ("U.S.", "United States"),
        ("US", "United States"),
        ("the United States", "United States"),
        ("Britain", "United Kingdom"),
        ("Russian Federation", "Russia"),
        ("DPRK", "North Korea"),
        ("the Kremlin", "Kremlin"),
        ("Group of Seven", "G7"),
        ("Türkiye", "Turkey"),
        ("Bolivia", "Bolivia"),
    ],
)
def test_aliases_resolve_to_one_actor(name, label):
    assert load_gazetteer().lookup(name).label == label


def test_metonyms_demonyms_capitals():
    g = load_gazetteer()
    assert g.state_of("Kremlin") == "Russia" and g.state_of("Pentagon") == "United States"
    assert g.country_of_demonym("North Korean") == "North Korea"
    assert g.country_of_capital("Moscow") == "Russia" and g.country_of_capital("Kharkiv") is None
    assert g.city("Kharkiv") == "Kharkiv" and g.city("debris") is None


def test_every_sovereign_state_has_a_demonym():
    g = load_gazetteer()
    for demonym, country in [("Uruguayan", "Uruguay"), ("Ivorian", "Ivory Coast"), ("Nepalese", "Nepal"), ("Zambian", "Zambia")]:
        assert g.country_of_demonym(demonym) == country


def test_office_holders_by_full_name():
    g = load_gazetteer()
    assert g.country_of_person("Jean Chretien") == "Canada"
    assert g.country_of_person("jacques chirac") == "France"  # any case
    assert g.country_of_person("Chirac") is None  # a surname alone is too ambiguous
    assert g.country_of_person("Jane Roe") is None
    countries = {known.label for known in g.names.values() if known.type == "GPE"}
    assert {country for country, _, _ in g.people.values()} <= countries
    assert g.office_years("John Major") == (1990, 1997)
    assert g.opposition("United Kingdom", "1995-01-01") == "Labour Party"
    assert g.opposition("United Kingdom", "2005-01-01") == "Conservative Party"
    assert g.opposition("France", "2005-01-01") is None


@pytest.mark.parametrize(
    "text, before, value, unit, approximate",
    [
        ("$425 million", "", 425e6, "USD", None),
        ("€50 billion", "", 50e9, "EUR", None),
        ("about $50 billion", "", 50e9, "USD", "about"),
        ("$6bn", "", 6e9, "USD", None),
        ("10 million euros", "", 10e6, "EUR", None),
        ("£1.5 billion", "nearly", 1.5e9, "GBP", "nearly"),
        ("40 euro cents", "", 0.4, "EUR", None),
    ],
)
def test_money(text, before, value, unit, approximate):
    q = money_in(text, before)
    assert (q.value, q.unit, q.approximate) == (value, unit, approximate)


@pytest.mark.parametrize(
    "number, unit, before, value, approximate",
    [
        ("8,000", "soldiers", "accused about", 8000, "about"),
        ("fifteen", "people", "injuring at least", 15, "at least"),
        ("62", "drones", "launched", 62, None),
        ("more than 350", "soldiers", "", 350, "more than"),
    ],
)
def test_counts(number, unit, before, value, approximate):
    q = count_in(number, unit, before)
    assert (q.value, q.unit, q.approximate) == (value, unit, approximate)


def test_money_without_currency_is_not_money():
    assert money_in("425 million") is None


@pytest.mark.parametrize(
    "expression, expected",
    [
        ("November 3", "2024-11-03"),
        ("on Saturday", "2024-11-02"),
        ("Nov. 8", "2024-11-08"),
        ("October 31", "2024-10-31"),
        ("the evening of November 3", "2024-11-03"),
        ("recent days", None),
        ("the past 24 hours", None),
        ("2022", None),
    ],
)
def test_dates_resolve_against_the_article_date(expression, expected):
    got = resolve_expression(expression, dt.date(2024, 11, 4))
    assert (got.isoformat() if got else None) == expected


def test_lexicon_categories_are_closed():
    assert {s.category for s in LEXICON.values()} <= set(CATEGORIES)


@pytest.mark.parametrize(
    "lemma, particle, noun, predicate, category",
    [
        ("shoot", "down", "", "shot down", "ASSAULT"),
        ("carry", "out", "strikes", "attacked", "ASSAULT"),
        ("announce", "", "package", "announced aid for", "AID"),
        ("approve", "", "loan", "approved a loan for", "AID"),
        ("send", "", "troops", "deployed", "MOBILIZE"),
        ("send", "", "", "sent", "AID"),
        ("call", "on", "", "called on", "REQUEST"),
        ("say", "", "", None, None),
    ],
)
def test_senses(lemma, particle, noun, predicate, category):
    sense = sense_of(lemma, particle, noun)
    assert (sense.predicate, sense.category) == (predicate, category) if predicate else sense is None


def _parsed(words, pos, deps, heads, ents):
    """A hand-built parse (no model): what the recognizer and parser would have said."""
    import spacy
    from spacy.tokens import Doc

    return Doc(spacy.blank("en").vocab, words=words, pos=pos, deps=deps, heads=heads, ents=ents)


def test_an_acronym_left_off_a_company_name_is_joined():
    from loaders.extraction.entities import names_joined

    doc = _parsed(
        ["analyst", "Jo", "Lee", "of", "KBC", "Securities", "said"],
        ["NOUN", "PROPN", "PROPN", "ADP", "PROPN", "PROPN", "VERB"],
        ["compound", "compound", "nsubj", "prep", "compound", "pobj", "ROOT"],
        [2, 2, 6, 2, 5, 3, 6],
        ["O", "B-PERSON", "I-PERSON", "O", "O", "B-ORG", "O"],
    )
    assert [(s.text, s.label_) for s in names_joined(doc)] == [("Jo Lee", "PERSON"), ("KBC Securities", "ORG")]


def test_a_name_shown_to_be_a_company_is_one_whatever_the_recognizer_said(nlp):
    from loaders.extraction.entities import actors_in
    from loaders.extraction.pipeline import companies_described, type_votes

    text = "Kordan said it would appeal. Kordan lawyers filed papers in Texas. The sale, said Kordan spokesman Pavel Orlov, was illegal."
    docs = [nlp(text)]
    assert "Kordan" in companies_described(docs)
    actors = [a for doc in docs for a in actors_in(doc, load_gazetteer())]
    assert type_votes(actors, set(), companies_described(docs)).get("Kordan") == "ORG"
    assert type_votes(actors, {"Kordan"}, companies_described(docs)).get("Kordan") != "ORG"  # a person's surname stays one
