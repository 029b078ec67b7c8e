"""The remembering lemmatizer gives the lemmas spaCy's lemmatizer gives."""

from __future__ import annotations

import random

import pytest

pytestmark = pytest.mark.slow  # imports spaCy

#: Forms whose lemma the rules, the exceptions or the base-form test decide.
WORDS = [
    "talks",
    "talked",
    "talking",
    "ran",
    "running",
    "geese",
    "mice",
    "better",
    "best",
    "larger",
    "was",
    "were",
    "Ministers",
    "Acme",
    "leaves",
    "saw",
    "news",
    "data",
    "'s",
    "n't",
    "axes",
    "bases",
    "happier",
    "flies",
    "wharves",
    "x",
    "2004",
    "U.N.",
]
POS = ["NOUN", "VERB", "ADJ", "ADV", "PROPN", "AUX", "PRON", "NUM", "PUNCT", "DET", "X"]
MORPHS = [
    "",
    "Number=Sing",
    "Number=Plur",
    "VerbForm=Inf",
    "Tense=Past|VerbForm=Fin",
    "Tense=Pres|VerbForm=Fin",
    "Number=Sing|Person=3|Tense=Pres|VerbForm=Fin",
    "Aspect=Prog|Tense=Pres|VerbForm=Part",
    "Degree=Cmp",
    "Degree=Pos",
    "Degree=Sup",
    "VerbForm=None",
]


@pytest.fixture(scope="module")
def stock(installed_nlp):
    return installed_nlp.get_pipe("lemmatizer")


def _random_doc(vocab, rng: random.Random):
    from spacy.tokens import Doc

    size = rng.randint(1, 12)
    words = [rng.choice(WORDS) for _ in range(size)]
    doc = Doc(
        vocab,
        words=words,
        pos=[rng.choice(POS) for _ in words],
        morphs=[rng.choice(MORPHS) for _ in words],
    )
    for token in doc:
        if rng.random() < 0.15:
            token.lemma_ = rng.choice(["be", "not", "preset"])  # as the attribute ruler sets some
    return doc


def _lemmas(doc) -> list[str]:
    return [token.lemma_ for token in doc]


@pytest.mark.parametrize("overwrite", [False, True])
def test_random_docs_get_spacys_lemmas(stock, overwrite):
    from loaders.lemmas import RememberingLemmatizer

    lemmatizer = type(stock)(stock.vocab, stock.model, mode=stock.mode, overwrite=overwrite)
    lemmatizer.lookups = stock.lookups
    remembering = RememberingLemmatizer(lemmatizer)
    rng = random.Random(7)
    docs = [_random_doc(stock.vocab, rng) for _ in range(400)]
    expected = [_lemmas(lemmatizer(doc.copy())) for doc in docs]
    assert [_lemmas(remembering(doc.copy())) for doc in docs] == expected
    assert [_lemmas(d) for d in remembering.pipe([doc.copy() for doc in docs])] == expected  # now from memory
    kept = [(t.lemma_, e) for doc, lemmas in zip(docs, expected, strict=True) for t, e in zip(doc, lemmas, strict=True)]
    assert any(lemma == "preset" for lemma, _ in kept)
    assert any(lemma == "preset" and e == "preset" for lemma, e in kept) != overwrite


def test_the_same_word_is_lemmatized_by_its_part_of_speech_and_morphology(stock):
    from spacy.tokens import Doc

    from loaders.lemmas import RememberingLemmatizer

    remembering = RememberingLemmatizer(stock)
    doc = Doc(
        stock.vocab,
        words=["talks", "talks", "better", "better", "leaves", "leaves"],
        pos=["NOUN", "VERB", "ADJ", "ADJ", "NOUN", "NOUN"],
        morphs=["Number=Plur", "Number=Sing|Person=3|Tense=Pres|VerbForm=Fin", "Degree=Cmp", "Degree=Pos", "Number=Plur", "Number=Sing"],
    )
    assert _lemmas(remembering(doc)) == ["talk", "talk", "well", "better", "leaf", "leaves"]


def test_an_empty_doc_passes(stock):
    from spacy.tokens import Doc

    from loaders.lemmas import RememberingLemmatizer

    assert len(RememberingLemmatizer(stock)(Doc(stock.vocab, words=[]))) == 0


def test_the_pipeline_runs_the_remembering_lemmatizer_in_place_of_spacys(nlp):
    from loaders.attributes import FACTORY as ATTRIBUTES
    from loaders.lemmas import FACTORY

    assert FACTORY in nlp.pipe_names and "lemmatizer" not in nlp.pipe_names
    assert nlp.pipe_names.index(ATTRIBUTES) < nlp.pipe_names.index(FACTORY) < nlp.pipe_names.index("ner")


#: Our own sentences: plurals, irregular verbs and nouns, comparatives, contractions.
SENTENCES = [
    "The geese were flying lower than the wharves' roofs, and the mice had fled.",
    "She's running faster; they'd better leave before the ministers arrive.",
    "Acme's chiefs said the data were worse than they'd feared, and the best of it wasn't good.",
    "He ain't paid the taxes, so the bases were closed and the axes sold.",
]


def test_the_pipeline_lemmatizes_as_with_spacys_lemmatizer(nlp, installed_nlp):
    from tests.checks import assert_pipelines_agree

    assert "lemmatizer" in installed_nlp.pipe_names
    assert_pipelines_agree(nlp, installed_nlp, SENTENCES, _lemmas)


def test_a_lookup_lemmatizer_is_remembered_too():
    import spacy
    from spacy.lookups import Lookups

    from loaders.lemmas import FACTORY, remember_lemmas

    nlp = spacy.blank("en")
    lookups = Lookups()
    lookups.add_table("lemma_lookup", {"went": "go", "mice": "mouse"})
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"}).initialize(lookups=lookups)
    expected = [_lemmas(d) for d in nlp.pipe(["the mice went", "went went"])]
    assert remember_lemmas(nlp) is True
    assert nlp.pipe_names == [FACTORY]
    assert [_lemmas(d) for d in nlp.pipe(["the mice went", "went went"])] == expected == [["the", "mouse", "go"], ["go", "go"]]


def test_a_pipeline_without_spacys_lemmatizer_is_left_as_it_is():
    import spacy

    from loaders.lemmas import remember_lemmas

    nlp = spacy.blank("en")
    assert remember_lemmas(nlp) is False
    nlp.add_pipe("sentencizer", name="lemmatizer")
    assert remember_lemmas(nlp) is False
    assert nlp.pipe_names == ["lemmatizer"]


def test_an_uninitialized_lemmatizer_raises_as_spacys_does():
    import spacy

    from loaders.lemmas import remember_lemmas

    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "rule"})
    assert remember_lemmas(nlp) is True
    with pytest.raises(ValueError, match="lemma_rules"):
        nlp("the mice went")


def test_the_pipeline_keeps_its_tables_through_serialization(nlp, tmp_path):
    import spacy

    from loaders.lemmas import FACTORY

    again = spacy.blank("en").from_config(nlp.config).from_bytes(nlp.to_bytes())
    assert [_lemmas(d) for d in again.pipe(SENTENCES)] == [_lemmas(d) for d in nlp.pipe(SENTENCES)]
    nlp.get_pipe(FACTORY).to_disk(tmp_path / "lemmas")
    fresh = spacy.blank("en").from_config(nlp.config).get_pipe(FACTORY)
    fresh.from_disk(tmp_path / "lemmas")
    assert fresh.lemmatizer.lookups.tables == nlp.get_pipe(FACTORY).lemmatizer.lookups.tables


def test_lemmas_outlive_a_memory_zone(nlp, installed_nlp):
    text = "The zorbles were flurbing the grinkles again."  # words no pipeline has met
    expected = [_lemmas(d) for d in installed_nlp.pipe([text])]
    for _ in range(2):  # the second zone asks the remembered lemmas, whose strings the first took away
        with nlp.memory_zone():
            assert [_lemmas(d) for d in nlp.pipe([text])] == expected


def test_another_languages_lemmatizer_is_left_as_it_is():
    import spacy

    from loaders.lemmas import remember_lemmas

    nlp = spacy.blank("es")  # Spanish lemmas also depend on where the sentence starts
    nlp.add_pipe("lemmatizer", config={"mode": "rule"})
    assert remember_lemmas(nlp) is False
    assert nlp.pipe_names == ["lemmatizer"]


def test_initializing_loads_new_tables():
    import spacy
    from spacy.lookups import Lookups

    from loaders.lemmas import FACTORY, remember_lemmas

    def tables(pairs: dict[str, str]) -> Lookups:
        lookups = Lookups()
        lookups.add_table("lemma_lookup", pairs)
        return lookups

    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"}).initialize(lookups=tables({"went": "go"}))
    assert remember_lemmas(nlp) is True
    assert _lemmas(nlp("went")) == ["go"]
    nlp.get_pipe(FACTORY).initialize(lookups=tables({"went": "wend"}))
    assert _lemmas(nlp("went")) == ["wend"]  # nothing remembered from the old tables
