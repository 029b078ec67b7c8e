"""From articles to ArticleExtraction records: parse, find actors, resolve them
across the article, read roles and relations, attach truth status, quantities
and dates. The only place that turns spaCy objects into graph.model records.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace
from typing import Iterable, Iterator

from graph.model import Article, ArticleExtraction, Entity, Mention, Triple
from loaders.extraction.coref import PERSON_PRONOUNS, ArticleActors
from loaders.extraction.dates import event_date
from loaders.extraction.entities import Actor, actors_in
from loaders.extraction.quantities import casualties_in, quantity_for, quantity_qualifiers
from loaders.extraction.relations import (
    Statement,
    statements_for_deployment,
    statements_for_event_noun,
    statements_for_in_phrase,
    statements_for_meeting_noun,
    statements_for_presence,
    statements_for_verb,
)
from loaders.extraction.roles import roles_in
from loaders.extraction.truth import truth_of
from loaders.gazetteer import load_gazetteer

log = logging.getLogger(__name__)

#: Types that may stand at either end of a triple.
ACTING_TYPES = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC"})
#: Nouns a later "the ..." refers back to ("Russian drones ... The drones struck").
REFERRED_NOUNS = frozenset("drone missile rocket troop soldier force warplane jet shahed".split())


@dataclass(frozen=True)
class Block:
    """A paragraph (one line) of an article and where it starts in article.text."""

    article: int
    offset: int


def blocks_of(text: str) -> Iterator[tuple[str, int]]:
    """Non-empty lines of a text with their character offsets."""
    for match in re.finditer(r"[^\n]+", text):
        if match.group().strip():
            yield match.group(), match.start()


def _entity(actor: Actor) -> Entity:
    return Entity(label=actor.label, type=actor.type if actor.type != "NORP" else "GPE", text=actor.text)


class _ArticleReader:
    """Reads the parsed blocks of one article in order, keeping what it learnt."""

    def __init__(self, article: Article):
        self.article = article
        self.actors = ArticleActors()
        self.gazetteer = load_gazetteer()
        self.triples: list[Triple] = []
        self.mentions: list[Mention] = []
        self.sentences = 0
        self._seen: set[tuple] = set()
        self.last_city: Actor | None = None
        self.owners: dict[str, Actor] = {}  # "drone" -> the state whose drones the article last named

    # -- actors -------------------------------------------------------------
    def _actors_by_token(self, doc, offset: int) -> dict[int, Actor]:
        by_token: dict[int, Actor] = {}
        surnames = {name.split()[-1] for name in self.actors.people}
        surnames |= {e[-1].text for e in doc.ents if e.label_ == "PERSON" and len(e) > 1}
        for actor in actors_in(doc, self.gazetteer, surnames):
            if actor.type in ("ORG", "GPE") and actor.text in surnames and self.gazetteer.lookup(actor.text) is None:
                actor = replace(actor, type="PERSON")  # "Trump" once "Donald Trump" is known
            actor = self.actors.canonical(actor)
            if actor.type != "NORP":
                self.mentions.append(
                    Mention(_entity(actor), offset + actor.start_char, offset + actor.end_char)
                )
            for i in range(actor.start, actor.end):
                by_token[i] = actor
        return by_token

    def _resolver(self, by_token: dict[int, Actor]):
        def resolve(token, owner: bool = False) -> list[Actor]:
            actor = by_token.get(token.i)
            if actor is not None:
                if actor.type == "NORP" and owner:  # "a Russian drone": the state behind it
                    return [replace(actor, type="GPE")]
                return [actor] if actor.type in ACTING_TYPES else []
            for child in token.children:  # "his Russian counterpart, Tatyana Moskalkova"
                if child.dep_ == "appos" and child.i in by_token and by_token[child.i].type in ACTING_TYPES:
                    return [by_token[child.i]]
            place = self._definite_place(token, by_token)
            if place is not None:
                return [place]
            if token.lemma_.lower() in REFERRED_NOUNS and token.lemma_.lower() in self.owners and [c.lower_ for c in token.children] == ["the"]:
                return [self.owners[token.lemma_.lower()]]  # "The drones struck ..." after "Russian drones"
            if token.lower_ in PERSON_PRONOUNS and token.dep_ != "poss":
                label = _person_before(token, by_token)
                if label is None:
                    label = self.actors.resolve_pronoun(token.lower_)
                if label:
                    return [Actor(label, "PERSON", label, token.i, token.i + 1, token.idx, token.idx + len(token))]
            return []

        return resolve

    def _note_owners(self, sentence, by_token) -> None:
        for token in sentence:
            lemma = token.lemma_.lower()
            if lemma not in REFERRED_NOUNS:
                continue
            actor = by_token.get(token.i)
            if actor is None:
                actor = next((by_token[c.i] for c in token.children if c.dep_ in ("amod", "compound", "poss") and c.i in by_token), None)
            if actor is None and token.dep_ == "dobj" and token.head.lemma_ in ("launch", "fire", "send", "deploy", "use"):
                # "Russia launched 62 drones": the launcher owns them
                actor = next((by_token[c.i] for c in token.head.children if c.dep_ == "nsubj" and c.i in by_token), None)
            if actor is not None and actor.type in ("GPE", "NORP", "ORG"):
                self.owners[lemma] = replace(actor, type="GPE" if actor.type == "NORP" else actor.type)

    def _definite_place(self, token, by_token) -> Actor | None:
        """"the Ukrainian capital" -> Kyiv; "the city" -> the city the article last named."""
        if token.lemma_.lower() not in ("capital", "city") or not any(c.lower_ == "the" for c in token.children):
            return None
        span = (token.i, token.i + 1, token.idx, token.idx + len(token))
        for child in token.children:
            owner = by_token.get(child.i)
            if owner is not None and child.dep_ in ("amod", "compound", "poss") and token.lemma_.lower() == "capital":
                capital = self.gazetteer.capital_of_country(owner.label)
                if capital:
                    return Actor(capital, "GPE", token.doc[child.i : token.i + 1].text, *span, capital_of=owner.label)
            if child.dep_ not in ("det", "punct"):
                return None  # "the city of Odesa", "the city council": not a bare reference
        if self.last_city is not None:
            return replace(self.last_city, text=token.text, start=token.i, end=token.i + 1, start_char=token.idx, end_char=token.idx + len(token))
        return None

    # -- sentences ----------------------------------------------------------
    def read(self, doc, offset: int) -> None:
        by_token = self._actors_by_token(doc, offset)
        resolve = self._resolver(by_token)
        for sentence in doc.sents:
            self.sentences += 1
            self._read_sentence(sentence, offset, by_token, resolve)
            self._note_owners(sentence, by_token)
            for i in range(sentence.start, sentence.end):
                actor = by_token.get(i)
                if actor is not None and actor.start == i and actor.type == "GPE" and (actor.capital_of or self.gazetteer.city(actor.label) or self.gazetteer.lookup(actor.label) is None) and not actor.label.lower().endswith(("region", "province", "oblast")):
                    self.last_city = actor

    def _read_sentence(self, sentence, offset: int, by_token, resolve) -> None:
        start, end = offset + sentence.start_char, offset + sentence.end_char
        text = self.article.text[start:end]
        reference = self.article.date
        sentence_date = event_date(sentence, None, reference)
        common = dict(
            source=self.article.source,
            article=self.article.id,
            sentence=text,
            start=start,
            end=end,
            article_date=reference.isoformat() if reference else None,
        )
        for role in roles_in(sentence, by_token):
            self._add(
                Triple(
                    subject=_entity(replace(role.person, label=role.person.capital_of) if role.person.capital_of else role.person),
                    predicate=role.predicate,
                    category=role.category,
                    object=_entity(role.body),
                    date=(sentence_date or reference).isoformat() if (sentence_date or reference) else None,
                    qualifiers={"role": role.role},
                    confidence=0.8,
                    **common,
                )
            )
        casualties = casualties_in(sentence)
        statements: list[Statement] = []
        for token in sentence:
            if token.pos_ == "VERB":
                statements.extend(statements_for_verb(token, resolve))
                statements.extend(statements_for_in_phrase(token, resolve))
            elif token.pos_ == "AUX":
                statements.extend(statements_for_presence(token, resolve))
                statements.extend(statements_for_in_phrase(token, resolve))
            elif token.pos_ == "NOUN":
                statements.extend(statements_for_event_noun(token, resolve))
                statements.extend(statements_for_meeting_noun(token, resolve))
                statements.extend(statements_for_deployment(token, resolve))
        for st in statements:
            self._emit(st, sentence, common, casualties, resolve)
        # the last person acting in this sentence is who "he"/"she" means next
        for token in sentence:
            if token.dep_ in ("nsubj", "nsubjpass") and token.i in by_token:
                self.actors.note_subject(by_token[token.i])

    def _emit(self, st: Statement, sentence, common, casualties, resolve) -> None:
        doc = sentence.doc
        verb = doc[st.verb_index]
        subject = st.subject
        if subject.capital_of:  # "Moscow said", "Kyiv launched": the capital acts for its state
            subject = replace(subject, label=subject.capital_of)
        if subject.type not in ACTING_TYPES:
            return
        if st.object is not None and st.object.capital_of and st.sense.category not in ("ASSAULT", "MOBILIZE"):
            # "support Kyiv", "talks in Moscow": the capital stands for its state
            st.object = replace(st.object, label=st.object.capital_of)
        truth = truth_of(verb)
        qualifiers = dict(st.qualifiers)
        speaker = _according_to(sentence, resolve)
        if truth.speaker_index is not None:
            spoken = resolve(doc[truth.speaker_index])
            if spoken:
                speaker = spoken[0].capital_of or spoken[0].label
        if speaker and speaker != subject.label:
            qualifiers["attribution"] = speaker
        modality = truth.modality
        if speaker and modality == "asserted":
            modality = "reported"
        quantity = quantity_for(verb)
        if quantity is not None:
            qualifiers.update(quantity_qualifiers(quantity))
        if st.sense.category == "ASSAULT":
            qualifiers.update(casualties)
        when = event_date(sentence, st.verb_index, self.article.date) or self.article.date
        if when is not None:
            qualifiers.setdefault("date", when.isoformat())
        confidence = 0.75 if subject.type != "NORP" else 0.6
        if st.object is not None:
            self._add(
                Triple(
                    subject=_entity(subject),
                    predicate=st.sense.predicate,
                    category=st.sense.category,
                    object=_entity(st.object),
                    date=when.isoformat() if when else None,
                    polarity=truth.polarity,
                    modality=modality,
                    qualifiers=qualifiers,
                    confidence=confidence,
                    **common,
                )
            )
        if quantity is not None:
            q = {k: v for k, v in qualifiers.items() if k not in ("amount", "currency", "count", "unit")}
            if st.object is not None:
                q["recipient" if st.sense.category == "AID" else "location"] = st.object.label
            self._add(
                Triple(
                    subject=_entity(subject),
                    predicate=st.sense.predicate,
                    category=st.sense.category,
                    object=quantity,
                    date=when.isoformat() if when else None,
                    polarity=truth.polarity,
                    modality=modality,
                    qualifiers=q,
                    confidence=confidence - 0.1,
                    **common,
                )
            )

    def _add(self, triple: Triple) -> None:
        obj = triple.object
        obj_key = obj.label if isinstance(obj, Entity) else (obj.value, obj.unit)
        key = (triple.subject.label, triple.predicate, obj_key, triple.start, triple.polarity, triple.modality)
        if key in self._seen or (isinstance(obj, Entity) and obj.label == triple.subject.label):
            return
        self._seen.add(key)
        self.triples.append(triple)

    def result(self) -> ArticleExtraction:
        return ArticleExtraction(self.article, tuple(self.triples), tuple(self.mentions), self.sentences)


def _person_before(token, by_token: dict[int, Actor]) -> str | None:
    """The person acting earlier in the same sentence ("Trump said he would ...")."""
    sentence = token.sent
    for i in range(token.i - 1, sentence.start - 1, -1):
        actor = by_token.get(i)
        if token.doc[i].dep_ in ("nsubj", "nsubjpass"):
            if actor is not None and actor.type == "PERSON" and i == actor.end - 1:
                return actor.label
            if token.doc[i].pos_ == "PROPN" and (actor is None or actor.type == "ORG"):
                return ""  # an unrecognized name acts first: the pronoun is not clear
    return None


def _according_to(sentence, resolve) -> str | None:
    for token in sentence:
        if token.lower_ == "according" and token.i + 1 < len(token.doc) and token.doc[token.i + 1].lower_ == "to":
            for obj in token.doc[token.i + 1].children:
                if obj.dep_ == "pobj":
                    actors = resolve(obj)
                    if actors:
                        return actors[0].capital_of or actors[0].label
    return None


def extract_articles(nlp, articles: Iterable[Article], batch_size: int = 16) -> Iterator[ArticleExtraction]:
    """One ArticleExtraction per article, in order; parses with ``nlp.pipe``."""
    buffer: list[Article] = []
    for article in articles:
        buffer.append(article)
        if len(buffer) >= batch_size:
            yield from _extract_batch(nlp, buffer, batch_size)
            buffer = []
    if buffer:
        yield from _extract_batch(nlp, buffer, batch_size)


def _extract_batch(nlp, articles: list[Article], batch_size: int) -> Iterator[ArticleExtraction]:
    readers = [_ArticleReader(a) for a in articles]
    items = [(text, Block(n, offset)) for n, a in enumerate(articles) for text, offset in blocks_of(a.text)]
    for doc, block in nlp.pipe(items, as_tuples=True, batch_size=batch_size * 8):
        try:
            readers[block.article].read(doc, block.offset)
        except (ValueError, IndexError, KeyError, AttributeError, TypeError) as exc:
            # one odd paragraph must not cost the rest of the article or the batch
            log.warning("article %s: paragraph at %d skipped: %s", articles[block.article].id, block.offset, exc)
    for reader in readers:
        yield reader.result()


def extract_article(nlp, article: Article) -> ArticleExtraction:
    """Everything extraction finds in one article."""
    return next(extract_articles(nlp, [article]))
