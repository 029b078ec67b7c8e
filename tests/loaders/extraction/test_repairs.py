"""Parse repairs (loaders.extraction.repairs), on the real model's parses."""

from __future__ import annotations

from spacy.tokens import Doc

from loaders.extraction.repairs import names_to_their_roles, objects_before_scores, rejoin_split_names


def test_a_name_read_as_a_preposition_becomes_the_object(nlp):
    doc = nlp("Republican senators accused Barack Obama of overreach.")
    name = next(e for e in doc.ents if e.text == "Barack Obama")
    split = name[0].dep_ in ("prep", "dative")
    assert rejoin_split_names(doc) == (1 if split else 0)
    assert name[-1].dep_ == "dobj" and name[-1].head.lemma_ == "accuse"
    assert name[0].head.i == name[-1].i and name[0].dep_ == "compound"


def test_a_whole_parse_is_left_alone(nlp):
    doc = nlp("The minister met Jane Roe in Oslo.")
    before = [(t.dep_, t.head.i) for t in doc]
    assert rejoin_split_names(doc) == 0
    assert [(t.dep_, t.head.i) for t in doc] == before


def _parsed(nlp, rows: str) -> Doc:
    """A parse given outright, the model's own reading aside: one "word head dep pos ent" per line."""
    cells = [line.split() for line in rows.strip().splitlines()]
    return Doc(
        nlp.vocab,
        words=[c[0] for c in cells],
        heads=[int(c[1]) for c in cells],
        deps=[c[2] for c in cells],
        pos=[c[3] for c in cells],
        ents=[c[4] for c in cells],
    )


def test_a_split_name_is_rejoined_whatever_the_model(nlp):
    doc = _parsed(
        nlp,
        """
        They 1 nsubj PRON O
        accused 1 ROOT VERB O
        Jane 1 prep PROPN B-PERSON
        Roe 2 pobj PROPN I-PERSON
        of 3 prep ADP O
        fraud 4 pobj NOUN O
        . 1 punct PUNCT O
        """,
    )
    assert rejoin_split_names(doc) == 1
    assert (doc[3].dep_, doc[3].head.i) == ("dobj", 1)
    assert (doc[2].dep_, doc[2].head.i) == ("compound", 3)
    assert doc[4].head.i == 3  # "of fraud" stays with the name


def test_a_team_before_a_score_is_the_object(nlp):
    doc = _parsed(
        nlp,
        """
        Ireland 1 nsubj PROPN B-GPE
        beat 1 ROOT VERB O
        Scotland 1 npadvmod PROPN B-GPE
        40 2 nummod NUM O
        - 5 punct SYM O
        13 1 npadvmod NUM O
        . 1 punct PUNCT O
        """,
    )
    assert objects_before_scores(doc) == 1
    assert doc[2].dep_ == "dobj"
    assert objects_before_scores(doc) == 0  # once is enough


def test_a_name_after_a_roles_body_is_hung_on_the_role(nlp):
    doc = nlp("The founder of Acme, Jane Roe, has accused Nestle of squeezing suppliers.")
    name = next(e for e in doc.ents if e.text == "Jane Roe").root
    on_body = name.head.text == "Acme"
    assert names_to_their_roles(doc) == (1 if on_body else 0)
    assert name.head.text == "founder" and name.dep_ == "appos"


def test_a_place_in_apposition_stays_where_it_is(nlp):
    doc = nlp("The capital of France, Paris, hosted the talks.")
    before = [(t.dep_, t.head.i) for t in doc]
    assert names_to_their_roles(doc) == 0
    assert [(t.dep_, t.head.i) for t in doc] == before
