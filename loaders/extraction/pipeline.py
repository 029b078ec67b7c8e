"""From articles to ArticleExtraction records: parse, find actors, run the sentence
stages (``stages.STAGES``) with the article's context, turn their findings into
triples with truth status, quantities and dates, then run the article stages
(``article_stages.ARTICLE_STAGES``). The only place that turns spaCy objects into
graph.model records.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, replace

from spacy.tokens import Doc

from graph.model import Article, ArticleExtraction, Entity, Mention, Triple
from loaders.extraction.article_stages import ARTICLE_STAGES
from loaders.extraction.context import ArticleContext, SentenceView, remember_agents
from loaders.extraction.emit import Emitter, entity_of
from loaders.extraction.entities import Actor, actors_in, described_as_business, described_as_company, names_joined, token_span
from loaders.extraction.nominal import attacked_places
from loaders.extraction.parsed import entities, forget_reads, remember_text, text_of
from loaders.extraction.references import GENERIC_EVENT_NOUNS, LOCALITY_NOUNS
from loaders.extraction.relations import Statement, possessor_actors, prep_objects, verb_particle
from loaders.extraction.repairs import names_to_their_roles, objects_before_scores, rejoin_split_names
from loaders.extraction.roles import Role, StateTitle
from loaders.extraction.stages import STAGES
from loaders.extraction.tables import nominalizations, word_list
from loaders.gazetteer import Gazetteer

log = logging.getLogger(__name__)

#: A wire dateline opening a paragraph: "SEOUL (Dec 4) -", "LONDON, March 3 (Agency) —".
DATELINE = re.compile(r"^[A-Z][A-Z .'’-]{1,40}(?:,\s*[A-Z][A-Za-z .]{1,30})?\s*(?:\([^)]{0,40}\))?\s*[-–—]\s")


@dataclass(frozen=True)
class Block:
    """A paragraph (one line) of an article and where it starts in article.text."""

    article: int
    offset: int


#: Longest block handed to spaCy at once, in characters: a longer line is cut into pieces.
MAX_BLOCK = 20_000

#: Where a long line is best cut: after a full stop, before a capital.
SENTENCE_END = re.compile(r"[.!?][\"'’”)]?\s+(?=[A-Z\"“‘'(])")


def blocks_of(text: str, limit: int = MAX_BLOCK) -> Iterator[tuple[str, int]]:
    """Non-empty lines of a text with their character offsets; a line longer than
    ``limit`` comes in consecutive pieces of at most ``limit`` characters (cut after a
    sentence end, else at whitespace, else anywhere), so parsing time stays linear."""
    for match in re.finditer(r"[^\n]+", text):
        if match.group().strip():
            yield from _pieces(match.group(), match.start(), limit)


def _pieces(line: str, offset: int, limit: int) -> Iterator[tuple[str, int]]:
    start = 0
    while len(line) - start > limit:
        window = line[start : start + limit]
        ends = [m.end() for m in SENTENCE_END.finditer(window)]
        cut = ends[-1] if ends else max(window.rfind(" "), window.rfind("\t")) + 1
        if cut <= 0:
            cut = limit
        if window[:cut].strip():
            yield window[:cut], offset + start
        start += cut
    if line[start:].strip():
        yield line[start:], offset + start


def dateline_length(text: str) -> int:
    """How many characters a dateline takes at the start of a paragraph (0 if none)."""
    match = DATELINE.match(text)
    return match.end() if match else 0


def named_surnames(docs: list[Doc]) -> set[str]:
    """The last words of the full names of people an article names ("Roe" for "Jane Roe")."""
    return {e[-1].text for doc in docs for e in names_joined(doc) if e.label_ == "PERSON" and len(e) > 1}


def first_reading(docs: list[Doc], gazetteer, surnames: set[str] | None = None) -> list[list[Actor]]:
    """Every actor mention of each of an article's paragraphs, as the recognizer and the
    gazetteer give them before any reference is resolved (for the article-wide votes below,
    and the start of each paragraph's reading)."""
    surnames = named_surnames(docs) if surnames is None else surnames
    return [actors_in(doc, gazetteer, surnames) for doc in docs]


def companies_described(docs: list[Doc]) -> set[str]:
    """Names an article shows to be companies' ("Acme shares", "oil giant Acme") wherever
    the recognizer took them for people's."""
    return {e.text for doc in docs for e in entities(doc) if e.label_ == "PERSON" and described_as_company(e)}


def businesses(docs: list[Doc], readings: list[list[Actor]], votes: dict[str, str], gazetteer: Gazetteer) -> frozenset[str]:
    """The organizations an article shows to be businesses, anywhere in it ("oil producer
    Acme", "Acme shares", "Acme plc"); a name the recognizer took for a person's counts
    when the article's mentions make it an organization's (``type_votes``). Never a body the
    gazetteer knows (a state's, a party, an alliance, an armed group)."""
    return frozenset(
        actor.label
        for doc, reading in zip(docs, readings, strict=True)
        for actor in reading
        if (actor.type == "ORG" or votes.get(actor.text) == "ORG")
        and gazetteer.lookup(actor.label) is None
        and described_as_business(doc[actor.start : actor.end])
    )


def type_votes(actors: list[Actor], surnames: set[str], companies: Collection[str] = frozenset()) -> dict[str, str]:
    """The type most mentions of each name get across an article, where the mentions
    disagree ("Harwell Insurance" tagged PERSON once and ORG twice is an ORG). A name
    ending in an organization word is an organization's whatever the recognizer said, and
    so is one the article shows to be a company's (``companies``), unless it is the surname
    of a person it names."""
    votes: dict[str, Counter[str]] = {}
    suffixes = word_list("org_suffixes")
    for actor in actors:
        if actor.type not in ("PERSON", "ORG", "GPE"):
            continue
        kind = "ORG" if actor.text.split()[-1].lower().strip(".") in suffixes and len(actor.text.split()) > 1 else actor.type
        if " " not in actor.text and actor.text in surnames:
            kind = "PERSON"  # "Roe" once "Jane Roe" is named, whatever the recognizer said
        votes.setdefault(actor.text, Counter())[kind] += 1
        if kind == "ORG" and actor.type == "PERSON":
            votes[actor.text]["ORG"] += 1  # the name's own words outvote the recognizer
    chosen: dict[str, str] = {text: "ORG" for text in companies if text in votes and text not in surnames}
    for text, counts in votes.items():
        if text in chosen:
            continue
        (top, n), *rest = counts.most_common()
        if len(counts) > 1 and (not rest or n > rest[0][1]):
            chosen[text] = top
        elif len(counts) == 1 and top == "ORG":
            chosen[text] = top
    return chosen


def home_state(actors: list[Actor], gazetteer) -> str | None:
    """The country a story is set in, by the parties, national institutions and known
    office-holders it names ("Labour", "the Commons", "Downing Street" -> United Kingdom): at
    least two mentions, and no other country's as often."""
    counts = Counter(home for a in actors if a.type == "ORG" for home in [gazetteer.home_of(a.label)] if home)
    counts += Counter(  # and its office-holders ("John Major" -> United Kingdom)
        home for a in actors if a.type == "PERSON" and " " in a.label for home in [gazetteer.country_of_person(a.label)] if home
    )
    top = counts.most_common(2)
    if not top or top[0][1] < 2 or (len(top) > 1 and top[1][1] * 2 > top[0][1]):
        return None
    return top[0][0]


def paragraph_actors(doc: Doc, context: ArticleContext, first: list[Actor] | None = None) -> dict[int, Actor]:
    """Each token of a parsed paragraph that names an actor (``first``: as the article's first
    reading found them), with that actor resolved against what the article named before
    (full names, acronyms)."""
    refs = context.references
    by_token: dict[int, Actor] = {}
    surnames = {name.split()[-1] for name in refs.actors.people}
    surnames |= {e[-1].text for e in names_joined(doc) if e.label_ == "PERSON" and len(e) > 1}
    if first is None:
        first = actors_in(doc, refs.gazetteer, surnames)
    masked = dateline_length(text_of(doc))  # the dateline's city is where the story was filed, not an actor
    found = [a for a in first if a.start_char >= masked]
    covered = {i for actor in found for i in range(actor.start, actor.end)}
    for t in doc:  # an acronym defined earlier, left untagged ("TTP claimed ...")
        if t.i not in covered and t.text in refs.acronyms:
            found.append(replace(refs.acronyms[t.text], text=t.text, start=t.i, end=t.i + 1, start_char=t.idx, end_char=t.idx + len(t)))
            covered.add(t.i)
    found.extend(_named_elsewhere(doc, covered, context.type_votes))
    for actor in found:
        voted = context.type_votes.get(actor.text)
        if voted is None and actor.type in ("ORG", "GPE") and actor.text in surnames and refs.gazetteer.lookup(actor.text) is None:
            actor = replace(actor, type="PERSON")  # "Merkel" once "Angela Merkel" is known
        actor = refs.actors.canonical(actor)
        voted = context.type_votes.get(actor.label, voted)
        if voted is not None and voted != actor.type and actor.type in ("PERSON", "ORG", "GPE") and voted in ("PERSON", "ORG", "GPE"):
            actor = replace(actor, type=voted)  # "Acme" tagged PERSON once and ORG three times is an ORG
        if actor.text in refs.acronyms and actor.type != "PERSON":
            actor = replace(actor, label=refs.acronyms[actor.text].label, type=refs.acronyms[actor.text].type)
        refs._note_acronym(doc, actor)
        for i in range(actor.start, actor.end):
            by_token[i] = actor
    return by_token


def _named_elsewhere(doc: Doc, covered: set[int], votes: dict[str, str]) -> list[Actor]:
    """An organization's one-word name the recognizer tagged elsewhere in the article and
    left untagged here ("Acme was fined ...", its other mentions tagged ORG)."""
    found: list[Actor] = []
    for t in doc:
        if (
            t.i not in covered
            and t.pos_ == "PROPN"
            and t.is_title
            and votes.get(t.text) == "ORG"
            and not (t.i + 1 < len(doc) and doc[t.i + 1].pos_ == "PROPN" and doc[t.i + 1].is_title)
            and not (t.i > 0 and doc[t.i - 1].pos_ == "PROPN" and doc[t.i - 1].is_title)
        ):
            found.append(Actor(t.text, "ORG", t.text, *token_span(t)))
    return found


def read_sentence(sentence: SentenceView, context: ArticleContext) -> tuple[list[Triple], list[object]]:
    """The triples of one sentence, from every stage in order, and the findings behind them."""
    emitter = Emitter(context, sentence)
    triples: list[Triple] = []
    findings: list[object] = []
    context.sentence_findings = findings
    for stage in STAGES:
        for finding in stage.run(sentence, context):
            findings.append(finding)
            if isinstance(finding, Role):
                triples.extend(emitter.role(finding))
            elif isinstance(finding, Statement):
                triples.extend(emitter.statement(finding))
    return triples, findings


class _ArticleReader:
    """Reads the parsed paragraphs of one article in order into triples and mentions."""

    def __init__(self, article: Article):
        self.context = ArticleContext(article)
        self.triples: list[Triple] = []
        self.mentions: list[Mention] = []
        self.findings: list[tuple[SentenceView, object]] = []
        self._seen: set[tuple] = set()

    def read(self, doc: Doc, offset: int, first: list[Actor] | None = None) -> None:
        context = self.context
        by_token = paragraph_actors(doc, context, first)
        for actor in {id(a): a for a in by_token.values()}.values():
            if actor.type != "NORP":
                self.mentions.append(Mention(entity_of(actor), offset + actor.start_char, offset + actor.end_char))
        resolve = context.references._resolver(by_token)
        for span in doc.sents:
            sentence = SentenceView(span, by_token, resolve, offset)
            context.enter()
            context.references.note_state_bodies(span, by_token)
            triples, findings = read_sentence(sentence, context)
            for triple in triples:
                self._add(triple)
            remember_agents(context, triples)
            self.findings.extend((sentence, f) for f in findings)
            self._remember_targets(sentence, findings)
            for noun in sentence.tokens:  # "Y's decision", "Y's bid": what "the decision", "the bid" refer to later
                if noun.pos_ == "NOUN" and (noun.lemma_.lower() in GENERIC_EVENT_NOUNS or noun.lemma_.lower() in nominalizations()):
                    for owner in possessor_actors(noun, resolve)[:1]:
                        context.references.note_event(noun.lemma_.lower(), owner)
            for finding in findings:
                if (
                    isinstance(finding, Statement)
                    and finding.sense.category != "OTHER"
                    or isinstance(finding, Statement)
                    and finding.object is not None
                ):
                    verb = doc[finding.verb_index]
                    particle = verb_particle(verb) if verb.pos_ == "VERB" else ""
                    key = " ".join(w for w in (verb.lemma_.lower(), particle) if w)
                    context.references.note_event(key, finding.subject, finding.sense.category)
                    if finding.object_token is not None:
                        context.references.note_event(doc[finding.object_token].lemma_.lower(), finding.subject, finding.sense.category)
                if isinstance(finding, Role) and finding.person.type == "PERSON":
                    context.references.note_role(finding.person.label, finding.role, finding.body.label)
                elif isinstance(finding, StateTitle):  # "President Jane Roe": "the president" later is she
                    context.references.note_role(finding.person.label, finding.role, "")
            context.observe(sentence)

    def _remember_targets(self, sentence: SentenceView, findings: list[object]) -> None:
        """What "the attack" and "the villages" refer to in the next sentences."""
        refs = self.context.references
        for st in findings:
            if (
                isinstance(st, Statement)
                and st.sense.category == "ASSAULT"
                and st.object is not None
                and st.object.type in ("GPE", "LOC", "FAC")
            ):
                refs.last_target = st.object
        for token in sentence.tokens:  # "15 villages in Lebanon": where "the villages" are
            if token.tag_ == "NNS" and token.lemma_.lower() in LOCALITY_NOUNS:
                holders = [token] + ([token.head] if token.dep_ == "dobj" else [])
                places = [a for h in holders for t in prep_objects(h, ("in",)) for a in sentence.resolve(t) if a.type in ("GPE", "LOC")]
                if places:
                    refs.localities[token.lemma_.lower()] = places[0]
        places = attacked_places(sentence.span, sentence.resolve)
        if places:
            refs.last_target = places[-1]

    def _add(self, triple: Triple) -> None:
        obj = triple.object
        obj_key = obj.label if isinstance(obj, Entity) else (obj.value, obj.unit)
        key = (triple.subject.label, triple.predicate, obj_key, triple.start, triple.polarity, triple.modality)
        if key in self._seen or (isinstance(obj, Entity) and obj.label == triple.subject.label):
            return
        self._seen.add(key)
        self.triples.append(triple)

    def result(self) -> ArticleExtraction:
        triples, mentions = self.triples, self.mentions
        for stage in ARTICLE_STAGES:
            triples, mentions = stage.run(self.context, triples, mentions, self.findings)
        self.triples = []
        self._seen = set()
        for triple in triples:
            self._add(triple)
        return ArticleExtraction(self.context.article, tuple(self.triples), tuple(mentions), self.context.references.sentences)


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
    items = [(text, Block(n, offset)) for n, a in enumerate(articles) for text, offset in blocks_of(a.text)]
    parsed: list[list[tuple[Doc, int]]] = [[] for _ in articles]
    for (text, _), (doc, block) in zip(items, nlp.pipe(items, as_tuples=True, batch_size=batch_size * 8), strict=True):
        rejoin_split_names(doc)
        objects_before_scores(doc)
        names_to_their_roles(doc)
        remember_text(doc, text)  # what doc.text would join again (the repairs keep the text)
        parsed[block.article].append((doc, block.offset))
    for article, paragraphs in zip(articles, parsed, strict=False):
        reader = _ArticleReader(article)
        docs = [doc for doc, _ in paragraphs]
        surnames = named_surnames(docs)
        readings = first_reading(docs, reader.context.gazetteer, surnames)
        actors = [actor for reading in readings for actor in reading]
        reader.context.type_votes = type_votes(actors, surnames, companies_described(docs))
        reader.context.businesses = businesses(docs, readings, reader.context.type_votes, reader.context.gazetteer)
        reader.context.references.home_state = home_state(actors, reader.context.gazetteer)
        for (doc, offset), first in zip(paragraphs, readings, strict=True):
            try:
                reader.read(doc, offset, first)
            except (ValueError, IndexError, KeyError, AttributeError, TypeError) as exc:
                # one odd paragraph must not cost the rest of the article or the batch
                log.warning("article %s: paragraph at %d skipped: %s", article.id, offset, exc)
        yield reader.result()
    forget_reads()


def extract_article(nlp, article: Article) -> ArticleExtraction:
    """Everything extraction finds in one article."""
    return next(extract_articles(nlp, [article]))
