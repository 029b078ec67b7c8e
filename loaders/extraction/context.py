"""What extraction knows while it reads one article, passed explicitly to every stage.

``ArticleContext`` holds the article record and the article's memory (who was named
so far, acronyms, the last person acting, …). Stages only read it; the pipeline
updates it once a sentence has been read (:meth:`ArticleContext.observe`).
``SentenceView`` is one parsed sentence with its actor mentions and the resolver
that turns any token into the actors it stands for.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property

from spacy.tokens import Span, Token

from graph.model import Article
from loaders.extraction.entities import Actor, Resolve
from loaders.extraction.references import ArticleReferences, conjoined


@dataclass(frozen=True)
class SentenceView:
    """One parsed sentence: the span, its actors by token index, and their resolver."""

    span: Span
    actors: dict[int, Actor]  # token index -> the actor mention covering it
    resolve: Resolve  # token -> the actors it names or refers to
    offset: int  # where the sentence's paragraph starts in the article text

    @cached_property
    def tokens(self) -> tuple[Token, ...]:
        """The sentence's tokens, made once (iterating a Span makes each Token again)."""
        return tuple(self.span)

    @property
    def start_char(self) -> int:
        return self.offset + self.span.start_char

    @property
    def end_char(self) -> int:
        return self.offset + self.span.end_char

    def actor_starts(self) -> list[Actor]:
        """Each actor mention of the sentence once, in order."""
        return list(self._actor_starts)

    @cached_property
    def _actor_starts(self) -> tuple[Actor, ...]:
        start, end = self.span.start, self.span.end
        return tuple(a for i, a in sorted(self.actors.items()) if a.start == i and start <= i < end)


@dataclass
class ArticleContext:
    """One article being read: its record and what its earlier sentences established."""

    article: Article
    references: ArticleReferences = field(default_factory=ArticleReferences)
    sentence_actors: list[frozenset[str]] = field(default_factory=list)  # labels each sentence named, in order
    type_votes: dict[str, str] = field(default_factory=dict)  # name -> the type most of its mentions get
    businesses: frozenset[str] = frozenset()  # organizations the article shows to be businesses
    sentence_findings: list = field(default_factory=list)  # what earlier stages found in the current sentence

    def __post_init__(self) -> None:
        if self.article.date is not None:  # the offices people held count in the year the story is dated
            self.references.year = self.article.date.year

    @property
    def gazetteer(self):
        return self.references.gazetteer

    def enter(self) -> None:
        """A new sentence begins (references count sentences to stay local)."""
        self.references.sentences += 1

    def observe(self, sentence: SentenceView) -> None:
        """Remember what this sentence named, for the references of the next ones."""
        refs = self.references
        refs._note_owners(sentence.span, sentence.actors)
        for token in sentence.tokens:
            if token.dep_ in ("nsubj", "nsubjpass") and token.i in sentence.actors:
                if token.head.dep_ in ("advcl", "relcl", "acl") and sentence.actors[token.i].type == "PERSON":
                    continue  # "He lost, when Jane Roe was riding high. He resigned": the main clause's subject stays
                refs.actors.note_subject(sentence.actors[token.i])
                if sentence.actors[token.i].type == "PERSON":
                    refs.last_subject_sentence = refs.sentences
            elif token.dep_ == "nsubj" and token.i not in sentence.actors and token.lower_ != "they":
                pair = refs._pair_reference(token, sentence.actors)
                if pair:  # "the two ministers ...": what a following "they" means
                    refs.last_pair = (refs.sentences, tuple(pair))
        for token in sentence.tokens:  # "Acme and Beta": what a later "the two companies" means
            if (
                token.dep_ == "conj"
                and token.head.dep_ in ("nsubj", "nsubjpass")
                and token.i in sentence.actors
                and token.head.i in sentence.actors
            ):  # acting together as subjects
                first, second = sentence.actors[token.head.i], sentence.actors[token.i]
                if first.type == second.type and first.label != second.label and len(conjoined(token.head)) == 2:
                    refs.coordinated[first.type] = (refs.sentences, first, second)
        named = sentence.actor_starts()
        refs.previous_persons = (refs.sentences, [a.label for a in named if a.type == "PERSON"])
        refs.named_with |= {(p.label, o.label) for p in named if p.type == "PERSON" for o in named if o.type == "ORG"}
        self.sentence_actors.append(frozenset(a.capital_of or a.label for a in named))
        refs.note_countries(self.gazetteer.country_of_place(a.capital_of or a.label) for a in named if a.type == "GPE")
        for actor in named:
            if actor.type in ("GPE", "ORG", "PERSON"):
                refs.actors.note_mention(replace(actor, label=actor.capital_of or actor.label) if actor.type == "GPE" else actor)
            if actor.type == "PERSON":
                refs.note_person(actor.label)
            if (
                actor.type == "GPE"
                and (actor.capital_of or self.gazetteer.city(actor.label) or self.gazetteer.lookup(actor.label) is None)
                and not actor.label.lower().endswith(("region", "province", "oblast"))
            ):
                refs.last_city = actor


def remember_agents(context: ArticleContext, triples) -> None:
    """Who the article says did what to whom, for events it later reports without an agent."""
    refs = context.references
    for t in triples:
        obj = t.object
        if not t.asserted or t.confidence < 0.6 or not hasattr(obj, "label") or t.category in ("OTHER", "AFFILIATION"):
            continue
        subject = Actor(t.subject.label, t.subject.type, t.subject.label, 0, 0, 0, 0)
        refs.agents.setdefault((t.category, obj.label), subject)
        if t.category == "ASSAULT" and obj.type in ("GPE", "LOC", "FAC"):
            refs.last_target_of[subject.label] = Actor(obj.label, obj.type, obj.label, 0, 0, 0, 0)
            country = refs.gazetteer.country_of_place(obj.label)
            if country and country != subject.label:
                refs.agents[("ASSAULT", country)] = subject
                refs.last_target_country = country
