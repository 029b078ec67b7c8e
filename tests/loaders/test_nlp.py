"""The spaCy pipeline loader and its general-knowledge entity ruler."""

from __future__ import annotations

import pytest

from graph.errors import ModelError
from loaders.nlp import RULER_NAME, add_entity_ruler, load_pipeline


@pytest.mark.slow  # imports spaCy
def test_missing_pipeline_is_a_model_error():
    with pytest.raises(ModelError, match="not installed"):
        load_pipeline("no_such_pipeline_xyz")


def test_ruler_runs_before_the_recognizer(nlp):
    names = nlp.pipe_names
    assert RULER_NAME in names and names.index(RULER_NAME) < names.index("ner")


def test_adding_the_ruler_twice_is_harmless(nlp):
    before = list(nlp.pipe_names)
    add_entity_ruler(nlp)
    assert nlp.pipe_names == before


@pytest.mark.parametrize(
    "text, span, label",
    [
        ("Kyiv Mayor Vitali Klitschko said the attack was repelled.", "Kyiv", "GPE"),
        ("The U.S. and NATO discussed the plan.", "U.S.", "GPE"),
        ("The G7 agreed on the loan.", "G7", "ORG"),
        ("North Korean soldiers crossed the border.", "North Korean", "NORP"),
        ("Fighting continued in the Donetsk region.", "Donetsk region", "GPE"),
    ],
)
def test_known_names_are_tagged(nlp, text, span, label):
    doc = nlp(text)
    assert (span, label) in {(e.text, e.label_) for e in doc.ents}
