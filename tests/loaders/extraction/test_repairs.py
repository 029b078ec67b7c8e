"""Parse repairs (loaders.extraction.repairs), on the real model's parses."""

from __future__ import annotations

from spacy.tokens import Doc

from loaders.extraction.repairs import objects_before_scores, rejoin_split_names


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


def test_a_split_name_is_rejoined_whatever_the_model(nlp):
    # the model's own reading aside: words, heads and labels given outright
    words = ["They", "accused", "Jane", "Roe", "of", "fraud", "."]
    doc = Doc(
        nlp.vocab,
        words=words,
        heads=[1, 1, 1, 2, 3, 4, 1],
        deps=["nsubj", "ROOT", "prep", "pobj", "prep", "pobj", "punct"],
        pos=["PRON", "VERB", "PROPN", "PROPN", "ADP", "NOUN", "PUNCT"],
        ents=["O", "O", "B-PERSON", "I-PERSON", "O", "O", "O"],
    )
    assert rejoin_split_names(doc) == 1
    assert (doc[3].dep_, doc[3].head.i) == ("dobj", 1)
    assert (doc[2].dep_, doc[2].head.i) == ("compound", 3)
    assert doc[4].head.i == 3  # "of fraud" stays with the name


def test_a_team_before_a_score_is_the_object(nlp):
    words = ["Ireland", "beat", "Scotland", "40", "-", "13", "."]
    doc = Doc(
        nlp.vocab,
        words=words,
        heads=[1, 1, 1, 2, 5, 1, 1],
        deps=["nsubj", "ROOT", "npadvmod", "nummod", "punct", "npadvmod", "punct"],
        pos=["PROPN", "VERB", "PROPN", "NUM", "SYM", "NUM", "PUNCT"],
        ents=["B-GPE", "O", "B-GPE", "O", "O", "O", "O"],
    )
    assert objects_before_scores(doc) == 1
    assert doc[2].dep_ == "dobj"
    assert objects_before_scores(doc) == 0  # once is enough
