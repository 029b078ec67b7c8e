"""Actors from the recognizer's spans: what is stripped from a person's name."""

from __future__ import annotations

import pytest

from loaders.extraction.entities import _strip_person, titled_works


def test_prefix_is_stripped_unless_the_whole_name_is_known(nlp):
    doc = nlp("Prime Minister Sheikh Ayesha Rahman resigned on Monday.")
    span = doc[2:5]
    assert span.text == "Sheikh Ayesha Rahman"
    assert _strip_person(span).text == "Ayesha Rahman"
    assert _strip_person(span, lambda name: name == "Sheikh Ayesha Rahman").text == "Sheikh Ayesha Rahman"


def test_honorific_inside_a_span_cuts_what_comes_before(nlp):
    doc = nlp("The Times Mr Smith column ran on Sunday.")
    assert _strip_person(doc[1:4]).text == "Smith"


def test_work_titles_after_their_noun_and_before_an_apposition(nlp):
    doc = nlp("Critics loved the film Lost Harbour. The Long Road, a drama about two sisters, opened.")
    assert [a.label for a in titled_works(doc, [])] == ["Lost Harbour", "The Long Road"]
    assert all(a.type == "OTHER" for a in titled_works(doc, []))


def test_no_work_title_in_a_clause_after_the_noun(nlp):
    doc = nlp("The film, Emma Thompson said, was a triumph.")
    assert titled_works(doc, []) == []


def test_codes_are_no_actors(nlp):
    from loaders.extraction.entities import actors_in
    from loaders.gazetteer import load_gazetteer

    doc = nlp("The wreck of Kenya Airways flight KQ507 was found by the navy.")
    assert any(e.text == "KQ507" for e in doc.ents)  # the recognizer takes the code for a name
    assert "KQ507" not in {a.label for a in actors_in(doc, load_gazetteer())}


@pytest.mark.parametrize(
    "text, name, business",
    [
        ("Oil producer Acme said so.", "Acme", True),
        ("The search firm Acme said so.", "Acme", True),
        ("Acme shares power with two smaller factions.", "Acme", False),  # a verb
        ("Investigators traced the funds to a company Acme used in Oslo.", "Acme", False),
        ("The region's chief decision-maker Acme said so.", "Acme", False),
        ("Acme Ltd, a security contractor, said so.", "Acme Ltd", False),
        ("Acme, the software firm, said so.", "Acme", True),
        ("Acme shares fell sharply on Monday.", "Acme", True),
        ("The Globex Holdings plc board met.", "Globex Holdings plc", True),
        ("The private military company Vostok denied it.", "Vostok", False),
        ("The militant group Vostok denied it.", "Vostok", False),
        ("The Red Cross said so.", "Red Cross", False),
    ],
)
def test_a_business_is_told_by_its_description(nlp, text, name, business):
    from loaders.extraction.entities import described_as_business

    doc = nlp(text)
    start = next(t.i for t in doc if name.startswith(t.text) and doc[t.i : t.i + len(name.split())].text == name)
    assert described_as_business(doc[start : start + len(name.split())]) is business
