"""Findings turned into triples (loaders.extraction.emit), on the real model's parses."""

from __future__ import annotations

from graph.model import Article
from loaders.extraction.context import ArticleContext, SentenceView
from loaders.extraction.emit import Emitter
from loaders.extraction.lexicon import Sense
from loaders.extraction.pipeline import paragraph_actors
from loaders.extraction.relations import Statement


def _emitted(nlp, text: str, verb: str, subject: str, obj: str, sense: Sense):
    doc = nlp(text)
    context = ArticleContext(Article("e1", "", text, "-", None))
    actors = paragraph_actors(doc, context)
    sentence = SentenceView(doc[:], actors, context.references._resolver(actors), 0)
    by_text = {a.text: a for a in actors.values()}
    index = next(t.i for t in doc if t.text == verb)
    return Emitter(context, sentence).statement(Statement(by_text[subject], sense, index, by_text[obj]))


def test_an_attack_in_a_sentence_with_a_score_is_a_contest_in_the_verbs_words(nlp):
    [triple] = _emitted(nlp, "Italy crushed France 3-1 in the final on Sunday.", "crushed", "Italy", "France", Sense("attacked", "ASSAULT"))
    assert (triple.category, triple.predicate) == ("OTHER", "crushed")


def test_an_attack_without_a_score_stays_one(nlp):
    text = "Italy crushed the rebels in France on Sunday, killing 20-30 people."
    [triple] = _emitted(nlp, text, "crushed", "Italy", "France", Sense("attacked", "ASSAULT"))
    assert (triple.category, triple.predicate) == ("ASSAULT", "attacked")
