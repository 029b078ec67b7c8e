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
from loaders.extraction.dates import event_date
from loaders.extraction.entities import Actor, actors_in
from loaders.extraction.quantities import casualties_in, quantity_for, quantity_qualifiers
from loaders.extraction.nominal import (
    attacked_places,
    statements_for_captivity,
    statements_for_demand,
    statements_for_deployment,
    statements_for_event_noun,
    statements_for_in_phrase,
    statements_for_meeting_noun,
    statements_for_presence,
    unattributed_attacks,
    unattributed_coercions,
)
from loaders.extraction.lexicon import Sense
from loaders.extraction.references import ACTING_TYPES, LOCALITY_NOUNS, ArticleReferences
from loaders.extraction.relations import Statement, prep_objects, statements_for_verb
from loaders.extraction.roles import roles_in
from loaders.extraction.truth import according_to, truth_of

log = logging.getLogger(__name__)

ATTACKED = Sense("attacked", "ASSAULT")


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


#: A wire dateline opening a paragraph: "SEOUL (Dec 4) -", "LONDON, March 3 (Agency) —".
DATELINE = re.compile(r"^[A-Z][A-Z .'’-]{1,40}(?:,\s*[A-Z][A-Za-z .]{1,30})?\s*(?:\([^)]{0,40}\))?\s*[-–—]\s")


def dateline_length(text: str) -> int:
    """How many characters a dateline takes at the start of a paragraph (0 if none)."""
    match = DATELINE.match(text)
    return match.end() if match else 0


def _entity(actor: Actor) -> Entity:
    return Entity(label=actor.label, type=actor.type if actor.type != "NORP" else "GPE", text=actor.text)


class _ArticleReader(ArticleReferences):
    """Reads the parsed blocks of one article in order, keeping what it learnt."""

    def __init__(self, article: Article):
        super().__init__()
        self.article = article
        self.triples: list[Triple] = []
        self.mentions: list[Mention] = []
        self._seen: set[tuple] = set()
        self.last_attacked_country: str | None = None  # where unknown small places are assumed to be
        self.attackers: dict[str, Actor] = {}  # country -> who the article last said attacked places in it
        self.coercers: dict[str, Actor] = {}  # person -> who the article first said arrested, charged or tried them
        self.targets_of: dict[str, Actor] = {}  # attacker -> the place the article last said it attacked

    # -- actors -------------------------------------------------------------
    def _actors_by_token(self, doc, offset: int) -> dict[int, Actor]:
        by_token: dict[int, Actor] = {}
        surnames = {name.split()[-1] for name in self.actors.people}
        surnames |= {e[-1].text for e in doc.ents if e.label_ == "PERSON" and len(e) > 1}
        covered = set()
        found = actors_in(doc, self.gazetteer, surnames)
        masked = dateline_length(doc.text)  # the dateline's city is where the story was filed, not an actor
        found = [a for a in found if a.start_char >= masked]
        for actor in found:
            covered.update(range(actor.start, actor.end))
        for t in doc:  # an acronym defined earlier, left untagged ("TTP claimed ...")
            if t.i not in covered and t.text in self.acronyms:
                found.append(replace(self.acronyms[t.text], text=t.text, start=t.i, end=t.i + 1, start_char=t.idx, end_char=t.idx + len(t)))
        for actor in found:
            if actor.type in ("ORG", "GPE") and actor.text in surnames and self.gazetteer.lookup(actor.text) is None:
                actor = replace(actor, type="PERSON")  # "Trump" once "Donald Trump" is known
            actor = self.actors.canonical(actor)
            if actor.text in self.acronyms and actor.type != "PERSON":
                actor = replace(actor, label=self.acronyms[actor.text].label, type=self.acronyms[actor.text].type)
            self._note_acronym(doc, actor)
            if actor.type != "NORP":
                self.mentions.append(
                    Mention(_entity(actor), offset + actor.start_char, offset + actor.end_char)
                )
            for i in range(actor.start, actor.end):
                by_token[i] = actor
        return by_token

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
                statements.extend(statements_for_demand(token, resolve))
            if token.lemma_ == "be":
                statements.extend(statements_for_presence(token, resolve))
            if token.pos_ == "AUX":
                statements.extend(statements_for_in_phrase(token, resolve))
            elif token.pos_ == "NOUN":
                statements.extend(statements_for_event_noun(token, resolve))
                statements.extend(statements_for_meeting_noun(token, resolve))
                statements.extend(statements_for_deployment(token, resolve))
                statements.extend(statements_for_captivity(token, resolve))
        for index, sense, person in unattributed_coercions(sentence, resolve):
            # "prosecutors sought a sentence for X ... He is being charged": the same authority
            coercer = self.coercers.get(person.label)
            if coercer is not None and not any(st.sense.category == "COERCE" and st.object is not None and st.object.label == person.label for st in statements):
                self._emit(Statement(coercer, sense, index, person, None, {}), sentence, common, casualties, resolve, 0.5)
        for st in statements:
            self._emit(st, sentence, common, casualties, resolve)
            place = self.targets_of.get(st.subject.label)
            if st.object is None and st.sense.category == "ASSAULT" and place is not None and sentence.doc[st.verb_index].lemma_ in ("fire", "launch", "shell"):
                # "X attacked 9 communities in Y Oblast ... In total, X's forces fired 40 times"
                self._emit(Statement(st.subject, st.sense, st.verb_index, place, None, {}), sentence, common, casualties, resolve, 0.5)
        if not any(st.sense.category == "ASSAULT" and st.object is not None for st in statements):
            # an attack reported without its author, on a country the article already
            # said someone was attacking: the same attacker (lower confidence)
            reported: dict[str, tuple] = {}
            for index, place in unattributed_attacks(sentence, resolve):
                reported.setdefault(place.label, (index, place))
            for index, place in list(reported.values())[:3]:
                country = self.gazetteer.country_of_place(place.label) or self.last_attacked_country
                attacker = self.attackers.get(country) if country else None
                if attacker is not None and attacker.label != place.label:
                    self._emit(Statement(attacker, ATTACKED, index, place, None, {}), sentence, common, casualties, resolve, 0.5)
        for token in sentence:  # "15 villages in Lebanon": where "the villages" are
            if token.tag_ == "NNS" and token.lemma_.lower() in LOCALITY_NOUNS:
                holders = [token] + ([token.head] if token.dep_ == "dobj" else [])  # "attacked 12 communities in X"
                places = [a for h in holders for t in prep_objects(h, ("in",)) for a in resolve(t) if a.type in ("GPE", "LOC")]
                if places:
                    self.localities[token.lemma_.lower()] = places[0]
        places = attacked_places(sentence, resolve)
        if places:
            self.last_target = places[-1]
        # the last person acting in this sentence is who "he"/"she" means next
        for token in sentence:
            if token.dep_ in ("nsubj", "nsubjpass") and token.i in by_token:
                self.actors.note_subject(by_token[token.i])
            elif token.dep_ == "nsubj" and token.i not in by_token and token.lower_ != "they":
                pair = self._pair_reference(token, by_token)
                if pair:  # "the two ministers ...": what a following "they" means
                    self.last_pair = (self.sentences, tuple(pair))
        for i in range(sentence.start, sentence.end):
            actor = by_token.get(i)
            if actor is not None and actor.start == i and actor.type in ("GPE", "ORG", "PERSON"):
                self.actors.note_mention(replace(actor, label=actor.capital_of or actor.label) if actor.type == "GPE" else actor)

    def _emit(self, st: Statement, sentence, common, casualties, resolve, confidence: float | None = None) -> None:
        doc = sentence.doc
        verb = doc[st.verb_index]
        subject = st.subject
        if subject.capital_of:  # "Moscow said", "Kyiv launched": the capital acts for its state
            subject = replace(subject, label=subject.capital_of)
        if subject.type not in ACTING_TYPES:
            return
        if confidence is None:
            confidence = 0.75 if subject.type != "NORP" else 0.6
        if st.object is not None and st.object.capital_of and st.sense.category not in ("ASSAULT", "MOBILIZE"):
            # "support Kyiv", "talks in Moscow": the capital stands for its state
            st.object = replace(st.object, label=st.object.capital_of)
        truth = truth_of(verb)
        qualifiers = dict(st.qualifiers)
        speaker = according_to(sentence, resolve)
        if truth.speaker_index is not None:
            spoken = resolve(doc[truth.speaker_index])
            if spoken:
                speaker = spoken[0].capital_of or spoken[0].label
        if speaker and speaker != subject.label:
            qualifiers["attribution"] = speaker
        modality = truth.modality
        if speaker and modality == "asserted":
            modality = "reported"
        quantity = quantity_for(verb) if st.sense.category in ("AID", "ASSAULT", "MOBILIZE") and st.sense is not ATTACKED else None
        if quantity is not None:
            qualifiers.update(quantity_qualifiers(quantity))
        if st.sense.category == "COERCE" and st.object is not None and st.object.type == "PERSON" and truth.polarity == "positive":
            self.coercers.setdefault(st.object.label, replace(subject, text=subject.label))
        if st.sense.category == "ASSAULT":
            qualifiers.update(casualties)
            if st.object is not None and st.object.type in ("GPE", "LOC", "FAC"):
                qualifiers.setdefault("location", st.object.label)
                if truth.polarity == "positive":
                    self.last_target = st.object
                    if modality != "hypothetical" and confidence >= 0.6:
                        country = self.gazetteer.country_of_place(st.object.label)
                        self.targets_of[subject.label] = replace(st.object, text=st.object.label)
                        if country and country != subject.label:
                            self.attackers[country] = replace(subject, text=subject.label)
                            self.last_attacked_country = country
        when = event_date(sentence, st.verb_index, self.article.date) or self.article.date
        if when is not None:
            qualifiers.setdefault("date", when.isoformat())
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
