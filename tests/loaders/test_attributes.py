"""The indexed attribute ruler gives the annotations spaCy's AttributeRuler gives."""

from __future__ import annotations

import random

import pytest

pytestmark = pytest.mark.slow  # imports spaCy

WORDS = [
    "the",
    "The",
    "a",
    "that",
    "it",
    "I",
    "you",
    "gon",
    "na",
    "'s",
    "is",
    "ai",
    "n't",
    "do",
    "had",
    "  ",
    "\n",
    "Acme",
    "ran",
    "y'",
    "all",
]
TAGS = ["DT", "WDT", "PRP", "VBZ", "VBP", "VBD", "NN", "NNP", "IN", "TO", "RB", "_SP", "MD", "XX"]
DEPS = ["nsubj", "dobj", "pobj", "aux", "auxpass", "det", "mark", "expl", "ROOT", "advmod", "dep", "quantmod"]

#: Rules of every shape the indexed ruler files (equality, IN, NOT_IN with "", REGEX, flags),
#: shapes it leaves to the Matcher (several tokens, a negative index, an operator it doesn't
#: compile), and rules that overrule earlier ones.
RULES = [
    {"patterns": [[{"TAG": "DT"}]], "attrs": {"POS": "DET", "MORPH": "PronType=Art"}},
    {"patterns": [[{"TAG": "PRP"}]], "attrs": {"POS": "PRON", "MORPH": "PronType=Prs"}},
    {"patterns": [[{"TAG": "VBZ"}], [{"TAG": "VBD"}]], "attrs": {"POS": "VERB"}},
    {"patterns": [[{"TAG": "_SP"}]], "attrs": {"POS": "SPACE", "MORPH": "_"}},
    {"patterns": [[{"TAG": "DT", "LOWER": "the"}]], "attrs": {"MORPH": "Definite=Def|PronType=Art"}},
    {"patterns": [[{"TAG": "WDT", "LOWER": "that"}]], "attrs": {"POS": "PRON", "MORPH": "PronType=Rel"}},
    {"patterns": [[{"LOWER": {"IN": ["is", "'s"]}, "TAG": "VBZ"}]], "attrs": {"LEMMA": "be", "POS": "AUX"}},
    {"patterns": [[{"LOWER": "it", "DEP": {"IN": ["dobj", "pobj"]}}]], "attrs": {"MORPH": "Case=Acc|PronType=Prs"}},
    {"patterns": [[{"TAG": {"NOT_IN": ["TO", ""]}, "DEP": {"IN": ["aux", "auxpass"]}}]], "attrs": {"POS": "AUX"}},
    {"patterns": [[{"DEP": {"NOT_IN": ["det", "quantmod", ""]}, "TAG": {"IN": ["DT", "WDT"]}}]], "attrs": {"POS": "PRON"}},
    {"patterns": [[{"LOWER": {"REGEX": "^n'?t$"}}]], "attrs": {"LEMMA": "not", "POS": "PART"}},
    {"patterns": [[{"TAG": "_SP", "IS_SPACE": False}]], "attrs": {"POS": "X", "MORPH": "_"}},
    {"patterns": [[{"IS_SPACE": True, "DEP": {"NOT_IN": [""]}}]], "attrs": {"DEP": "dep"}},
    {"patterns": [[{"IS_SPACE": True}]], "attrs": {"TAG": "_SP", "POS": "SPACE"}},
    {"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]], "attrs": {"LEMMA": "go"}},
    {"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]], "attrs": {"LEMMA": "to"}, "index": 1},
    {"patterns": [[{"DEP": "expl"}, {"LOWER": {"IN": ["is", "'s"]}}]], "attrs": {"POS": "VERB"}, "index": -1},
    {"patterns": [[{"TAG": {"IN": ["VBP", "VBZ"]}, "LOWER": "ai"}, {"LOWER": {"REGEX": "^n'?t$"}}]], "attrs": {"LEMMA": "be"}},
    {"patterns": [[{"LENGTH": {">=": 4}, "TAG": "NNP"}]], "attrs": {"NORM": "name"}},
    {
        "patterns": [[{"LOWER": {"IN": ["do", "had"]}, "DEP": {"IN": ["ROOT", "advmod"]}}]],
        "attrs": {"POS": "VERB", "MORPH": "VerbForm=Fin"},
    },
    {"patterns": [[{"LOWER": "the"}]], "attrs": {"MORPH": "Definite=Def"}},  # overrules the rule of "the" above
]


def _random_docs(vocab, count: int, seed: int) -> list:
    from spacy.tokens import Doc

    rng = random.Random(seed)
    docs = []
    for _ in range(count):
        length = rng.randint(1, 12)
        words = [rng.choice(WORDS) for _ in range(length)]
        tags = [rng.choice(TAGS + [""]) for _ in range(length)]
        if rng.random() < 0.25:  # unparsed: no dependencies to test
            docs.append(Doc(vocab, words=words, tags=tags))
            continue
        heads = [rng.randrange(length) for _ in range(length)]
        deps = [rng.choice(DEPS) for _ in range(length)]
        docs.append(Doc(vocab, words=words, tags=tags, heads=heads, deps=deps))
    return docs


def _annotations(doc) -> list[tuple]:
    return [(t.text, t.tag_, t.pos_, t.morph.key, str(t.morph), t.lemma_, t.dep_, t.norm_) for t in doc]


def _rulers(rules):
    import spacy

    from loaders.attributes import IndexedAttributeRuler

    stock = spacy.blank("en").add_pipe("attribute_ruler")
    stock.add_patterns(rules)
    indexed = IndexedAttributeRuler(stock.vocab)
    indexed.add_patterns(rules)
    return stock, indexed


def test_rules_of_every_shape_give_spacys_annotations():
    stock, indexed = _rulers(RULES)
    # a regex is tried on every token; several tokens and LENGTH go to the Matcher
    assert len(indexed._unindexed) == 1 and len(indexed._matcher) == 5
    docs = _random_docs(stock.vocab, 400, seed=7)
    one_by_one = [d.copy() for d in docs]
    batched = list(indexed.pipe([d.copy() for d in docs], batch_size=64))  # the array work done for 64 docs at once
    for doc, alone, in_batch in zip(docs, one_by_one, batched, strict=True):
        expected = _annotations(stock(doc))
        assert _annotations(indexed(alone)) == expected, doc.text
        assert _annotations(in_batch) == expected, doc.text


def test_an_empty_doc_in_a_batch_is_passed_through():
    from spacy.tokens import Doc

    stock, indexed = _rulers(RULES)
    docs = [Doc(stock.vocab, words=[]), Doc(stock.vocab, words=["the"], tags=["DT"]), Doc(stock.vocab, words=[])]
    out = list(indexed.pipe(docs, batch_size=2))
    assert [len(d) for d in out] == [0, 1, 0] and out[1][0].pos_ == "DET"


def test_later_rules_win():
    from spacy.tokens import Doc

    stock, indexed = _rulers(RULES)
    doc = Doc(stock.vocab, words=["the", "cat"], tags=["DT", "NN"], deps=["det", "ROOT"], heads=[1, 1])
    assert str(indexed(doc)[0].morph) == "Definite=Def"


def test_an_index_outside_the_match_is_an_error_as_in_spacy():
    from spacy.tokens import Doc

    rules = [{"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]], "attrs": {"LEMMA": "go"}, "index": 2}]
    stock, indexed = _rulers(rules)
    doc = Doc(stock.vocab, words=["gon", "na"])
    with pytest.raises(ValueError):
        stock(doc.copy())
    with pytest.raises(ValueError, match="index 2"):
        indexed(doc)


def test_a_ruler_setting_what_it_cannot_is_left_in_place():
    import spacy

    from loaders.attributes import index_attribute_ruler

    nlp = spacy.blank("en")
    nlp.add_pipe("attribute_ruler").add_patterns([{"patterns": [[{"LOWER": "acme"}]], "attrs": {"ENT_TYPE": "ORG"}}])
    assert index_attribute_ruler(nlp) is False
    assert nlp.pipe_names == ["attribute_ruler"]


def test_the_pipeline_runs_the_indexed_ruler_in_place_of_spacys(nlp):
    from loaders.attributes import FACTORY
    from loaders.lemmas import FACTORY as LEMMAS

    assert FACTORY in nlp.pipe_names and "attribute_ruler" not in nlp.pipe_names
    assert nlp.pipe_names.index("parser") < nlp.pipe_names.index(FACTORY) < nlp.pipe_names.index(LEMMAS)


#: Our own sentences: contractions, spoken forms, pronouns in each case, expletives,
#: relative and demonstrative "that", auxiliaries, stray whitespace.
SENTENCES = [
    "I ain't gonna sign it, y'all said, and she'd rather we didn't.",
    "C'mon, there's nothin' doin' here  and they're   not    coming.",
    "We've been told that the mayor had had enough; he'd gone before I saw him.",
    "Let's see what you got: it is hers, not theirs, and ours is gone.",
    "The board, which had met twice, said it would appeal.  Those who voted did so.",
    "Is it true that you'll go?\n\nYes, if they do.",
    "The minister himself said nothing; everyone knew something was wrong.",
]


def test_the_pipeline_annotates_as_with_spacys_ruler(nlp, installed_nlp):
    from tests.checks import assert_pipelines_agree

    assert "attribute_ruler" in installed_nlp.pipe_names
    assert_pipelines_agree(nlp, installed_nlp, SENTENCES, _annotations)


@pytest.mark.parametrize(
    "earlier",
    [
        [{"LOWER": "a"}, {"LOWER": "b"}],  # several tokens
        [{"LENGTH": 1}],  # an operator only the Matcher knows
        [{"TEXT": "a"}],
        [{"LOWER": "a", "OP": "+"}],
    ],
)
def test_a_later_lookup_rule_wins_over_an_earlier_rule_the_matcher_runs(earlier):
    from spacy.tokens import Doc

    rules = [
        {"patterns": [earlier], "attrs": {"POS": "NOUN"}},
        {"patterns": [[{"LOWER": "a"}]], "attrs": {"POS": "VERB"}},
    ]
    stock, indexed = _rulers(rules)
    doc = Doc(stock.vocab, words=["a", "b"])
    expected = _annotations(stock(doc.copy()))
    assert expected[0][2] == "VERB"
    assert _annotations(indexed(doc.copy())) == expected
    assert _annotations(next(indexed.pipe([doc.copy()]))) == expected


@pytest.mark.parametrize(
    "attrs",
    [
        {"POS": 92},  # a part of speech by its ID
        {"TAG": 15308085513773655218},  # a string by its hash
    ],
)
def test_rules_naming_values_by_id_leave_spacys_ruler_in_place(attrs):
    import spacy

    from loaders.attributes import index_attribute_ruler

    nlp = spacy.blank("en")
    nlp.add_pipe("attribute_ruler").add_patterns([{"patterns": [[{"LOWER": "acme"}]], "attrs": attrs}])
    assert index_attribute_ruler(nlp) is False
    assert nlp.pipe_names == ["attribute_ruler"]


def test_the_pipeline_keeps_its_rules_through_serialization(nlp, tmp_path):
    import spacy

    from loaders.attributes import FACTORY

    data = nlp.to_bytes()
    again = spacy.blank("en").from_config(nlp.config).from_bytes(data)
    assert len(again.get_pipe(FACTORY).patterns) == len(nlp.get_pipe(FACTORY).patterns) > 0
    assert [_annotations(d) for d in again.pipe(SENTENCES)] == [_annotations(d) for d in nlp.pipe(SENTENCES)]
    nlp.get_pipe(FACTORY).to_disk(tmp_path / "rules")
    assert again.get_pipe(FACTORY).from_disk(tmp_path / "rules").patterns == nlp.get_pipe(FACTORY).patterns
