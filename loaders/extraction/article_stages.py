"""Stages that run once an article has been read in full (``ARTICLE_STAGES``).

Each takes the article's context, its triples and mentions so far, and the findings
of its sentence stages (with their sentences), and returns the triples and mentions
to keep. They settle what needs the whole article: one type per actor, chosen by
votes over all its mentions.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace

from graph.model import Entity, Mention, Triple
from loaders.extraction.context import ArticleContext
from loaders.extraction.emit import Emitter
from loaders.extraction.entities import Actor
from loaders.extraction.relations import Statement
from loaders.extraction.roles import Role, StateTitle
from loaders.extraction.tables import national_titles, word_list

ArticleStageRun = Callable[[ArticleContext, list[Triple], list[Mention], list[tuple]], tuple[list[Triple], list[Mention]]]


@dataclass(frozen=True)
class ArticleStage:
    name: str
    reads: tuple[str, ...]
    adds: tuple[str, ...]
    run: ArticleStageRun


def voted_types(
    context: ArticleContext, triples: list[Triple], mentions: list[Mention], findings: list[tuple]
) -> tuple[list[Triple], list[Mention]]:
    """One type per actor label: the type most of its mentions got ("BAA" tagged PERSON once
    and ORG three times is an ORG). Ties keep the first mention's type."""
    votes: dict[str, Counter[str]] = {}
    for m in mentions:
        votes.setdefault(m.entity.label, Counter())[m.entity.type] += 1
    chosen = {label: counts.most_common(1)[0][0] for label, counts in votes.items()}

    def fix(entity):
        if isinstance(entity, Entity) and entity.label in chosen and chosen[entity.label] != entity.type:
            return replace(entity, type=chosen[entity.label])
        return entity

    triples = [replace(t, subject=fix(t.subject), object=fix(t.object)) for t in triples]
    mentions = [replace(m, entity=fix(m.entity)) for m in mentions]
    return triples, mentions


def settled_state_titles(
    context: ArticleContext, triples: list[Triple], mentions: list[Mention], findings: list[tuple]
) -> tuple[list[Triple], list[Mention]]:
    """ "President Jane Roe" with no state named: the state is the one she is known to have held
    office in (``loaders/data/people.tsv`` and ``office_holders.tsv``), else the country named
    most often in the sentences that name her, else the article's dominant country (half its
    country mentions or more). A person the article already placed in a state keeps that, in
    every sentence that gives the title."""
    gazetteer = context.gazetteer

    def is_country(label: str) -> bool:
        known = gazetteer.lookup(label)
        return known is not None and known.type == "GPE"

    placed = {  # person -> the state the article placed them in, and the sentences it did so in
        t.subject.label: t.object.label
        for t in triples
        if t.category == "AFFILIATION" and isinstance(t.object, Entity) and is_country(t.object.label)
    }
    placed_at = {
        (t.subject.label, t.start)
        for t in triples
        if t.category == "AFFILIATION" and isinstance(t.object, Entity) and is_country(t.object.label)
    }
    article_countries = Counter(label for labels in context.sentence_actors for label in labels if is_country(label))
    added: list[Triple] = []
    for sentence, finding in findings:
        if not isinstance(finding, StateTitle) or (finding.person.label, sentence.start_char) in placed_at:
            continue
        if placed.get(finding.person.label) and finding.kind != "company" and "shadow" not in finding.role.split():
            # "President Jane Roe" where a later sentence placed her: the title names the same state
            where = placed[finding.person.label]
            body = Actor(where, "GPE", where, 0, 0, 0, 0)
            added.extend(Emitter(context, sentence).role(Role(finding.person, body, finding.role, finding.predicate, confidence=0.5)))
            placed_at.add((finding.person.label, sentence.start_char))
            continue
        if finding.person.label in placed:
            continue
        near = Counter(
            label for labels in context.sentence_actors if finding.person.label in labels for label in labels if is_country(label)
        )
        for visited in _destinations(sentence):
            near.pop(visited, None)  # "Foreign Minister X is due to visit Y": Y is not X's
        dominant = _clear_winner(article_countries, max(3, (sum(article_countries.values()) + 1) // 2))
        local = _clear_winner(near, 1)
        top = near.most_common(2)
        strong = top[0][0] if top and top[0][1] >= 2 and (len(top) == 1 or top[0][1] >= 2 * top[1][1]) else None
        alone = local if local is not None and len(near) == 1 and local in _named_outside_speech(sentence, finding.person.start) else None
        if finding.kind == "company":
            added.extend(_company_title(context, sentence, finding, triples, mentions))
            placed.setdefault(finding.person.label, "")
            continue
        if "shadow" in finding.role.split():
            added.extend(_shadow_role(context, sentence, finding, article_countries, mentions, findings))
            placed.setdefault(finding.person.label, "")
            continue
        known = gazetteer.country_of_person(finding.person.label) or _title_country(finding.role)
        leading = article_countries.most_common(2)
        ahead = (  # named in three sentences or more, half again as often as any other: the story's country
            leading[0][0] if leading and leading[0][1] >= 3 and (len(leading) == 1 or 2 * leading[0][1] >= 3 * leading[1][1]) else None
        )
        state = known or strong or (local if local is not None and local == dominant else None) or alone or (ahead if not near else None)
        home = context.references.home_state
        if state is None and not near and home is not None and set(article_countries) <= {home}:
            state = home  # "Women's Minister Jane Roe" in a story set in one country by its institutions
        if state is None:
            continue
        body = Actor(state, "GPE", state, 0, 0, 0, 0)
        role = Role(finding.person, body, finding.role, finding.predicate, confidence=0.5)
        added.extend(Emitter(context, sentence).role(role))
        placed[finding.person.label] = state
        placed_at.add((finding.person.label, sentence.start_char))
    return triples + added, mentions


def _company_title(context: ArticleContext, sentence, finding: StateTitle, triples: list[Triple], mentions: list[Mention]) -> list[Triple]:
    """ "Chief executive Jane Roe said ..." with no company named: the company the story is about
    (the organization named most, at least twice and half again as often as the next), unless
    the article already placed her in an organization."""
    if any(t.category == "AFFILIATION" and t.subject.label == finding.person.label and isinstance(t.object, Entity) for t in triples):
        return []
    gazetteer = context.gazetteer
    companies = Counter(
        m.entity.label
        for m in mentions
        if m.entity.type == "ORG" and gazetteer.home_of(m.entity.label) is None and gazetteer.state_of(m.entity.label) is None
    )
    top = companies.most_common(2)
    if not top or top[0][1] < 2 or (len(top) > 1 and top[0][1] * 2 < top[1][1] * 3):
        return []
    if finding.named_as and finding.named_as not in top[0][0].split():
        return []  # "Arsenal boss Jo Lee" in a story about another organization
    body = Actor(top[0][0], "ORG", top[0][0], 0, 0, 0, 0)
    return Emitter(context, sentence).role(Role(finding.person, body, finding.role, finding.predicate, confidence=0.5))


def _shadow_role(
    context: ArticleContext, sentence, finding: StateTitle, article_countries: Counter[str], mentions: list[Mention], findings: list[tuple]
) -> list[Triple]:
    """ "Shadow home secretary Jane Roe" speaks for the opposition of the story's country on
    the article's date (``loaders/data/oppositions.tsv``), or in the years the office-holders
    it names were all in government, for an undated story; with neither, the opposition party
    named last up to the title's sentence."""
    in_opposition = {f.person.label for _, f in findings if isinstance(f, StateTitle) and "shadow" in f.role.split()}
    on = context.article.date.isoformat() if context.article.date else _years_of_office_holders(context, mentions, in_opposition)
    gazetteer = context.gazetteer
    # the story's country: by its institutions and parties, the countries it names, its office-holders
    named = Counter(
        c
        for m in mentions
        for c in [gazetteer.home_of(m.entity.label) or (gazetteer.country_of_person(m.entity.label) if m.entity.type == "PERSON" else None)]
        if c
    )
    countries = [c for c in [context.references.home_state, *(c for c, _ in (article_countries + named).most_common())] if c]
    party = next((p for c in countries for p in [gazetteer.opposition(c, on)] if p), None) if on else None
    if party is None and not on and countries:
        # undated, no office-holder to date it: the party of a shadow cabinet named last before the title
        parties = {p for c, p, _, _ in gazetteer.oppositions if c == countries[0]}
        before = [m for m in mentions if m.entity.label in parties and m.start < sentence.end_char]
        party = max(before, key=lambda m: m.start).entity.label if before else None
    if party is None:
        return []
    body = Actor(party, "ORG", party, 0, 0, 0, 0)
    return Emitter(context, sentence).role(Role(finding.person, body, finding.role, finding.predicate, confidence=0.5))


def _years_of_office_holders(context: ArticleContext, mentions: list[Mention], in_opposition: set[str]) -> str | None:
    """An ISO date when the known office-holders the article names were in government: the
    middle of the most mentioned one's years, or (no one mentioned most) the middle of the
    years most of them shared. People with shadow offices are left out. None if it names none."""
    counts = Counter(m.entity.label for m in mentions if m.entity.type == "PERSON" and m.entity.label not in in_opposition)
    spans = [
        (n, first, last or dt.date.today().year)
        for label, n in counts.most_common()
        for years in [context.gazetteer.office_years(label)]
        if years is not None
        for first, last in [years]
    ]
    if not spans:
        return None
    if len(spans) == 1 or spans[0][0] > spans[1][0]:
        return f"{(spans[0][1] + spans[0][2]) // 2}-07-01"
    together = Counter(year for _, first, last in spans for year in range(first, last + 1))
    most = max(together.values())
    years = sorted(year for year, n in together.items() if n == most)
    return f"{years[len(years) // 2]}-07-01"


def _title_country(role: str) -> str | None:
    """The country whose office a title names, by its longest ending in the table
    ("deputy secretary of state" -> United States)."""
    words = role.split()
    titles = national_titles()
    return next((titles[" ".join(words[i:])] for i in range(len(words)) if " ".join(words[i:]) in titles), None)


def _destinations(sentence) -> set[str]:
    """The places a sentence's trips go to: "visit Y", "arrived in Y", "a trip to Y"."""
    found: set[str] = set()
    for token in sentence.tokens:
        if token.lemma_ in word_list("travel_verbs") and token.pos_ in ("VERB", "NOUN"):
            places = [c for c in token.children if c.dep_ == "dobj"]
            places += [o for p in token.children if p.dep_ == "prep" and p.lower_ in ("to", "in") for o in p.children if o.dep_ == "pobj"]
            for place in places:
                actor = sentence.actors.get(place.i)
                if actor is not None:
                    found.add(actor.capital_of or actor.label)
    return found


def _named_outside_speech(sentence, before: int) -> set[str]:
    """The actors a sentence names before a token and outside what someone is reported to
    say ("In Damascus, Prime Minister X said ..."; not "X warned that Iran ...", "X visited Kenya")."""
    inside: set[int] = set()
    for token in sentence.tokens:
        if token.dep_ in ("ccomp", "xcomp", "advcl", "parataxis"):
            inside.update(t.i for t in token.subtree)
    return {a.capital_of or a.label for a in sentence.actor_starts() if a.start not in inside and a.start < before}


def _clear_winner(counts: Counter[str], at_least: int) -> str | None:
    """The most frequent label, if it is frequent enough and not tied."""
    top = counts.most_common(2)
    if not top or top[0][1] < at_least or (len(top) > 1 and top[1][1] == top[0][1]):
        return None
    return top[0][0]


def implied_destinations(
    context: ArticleContext, triples: list[Triple], mentions: list[Mention], findings: list[tuple]
) -> tuple[list[Triple], list[Mention]]:
    """ "Spain sent 56 rescuers with search dogs" in a story about one country: aid and
    deployments by a state that name no destination go to the country the story is about
    (named in three sentences or more, and twice as many as any other country)."""
    gazetteer = context.gazetteer

    def is_country(label: str) -> bool:
        known = gazetteer.lookup(label)
        return known is not None and known.type == "GPE"

    counts = Counter(label for labels in context.sentence_actors for label in labels if is_country(label))
    top = counts.most_common(2)
    if not top or top[0][1] < 3 or (len(top) > 1 and top[0][1] < 2 * top[1][1]):
        return triples, mentions
    dominant = top[0][0]
    added: list[Triple] = []
    for sentence, finding in findings:
        if (
            isinstance(finding, Statement)
            and finding.object is None
            and finding.sense.category in ("AID", "MOBILIZE")
            and finding.subject.type == "GPE"
            and (finding.subject.capital_of or finding.subject.label) != dominant
        ):
            there = Actor(dominant, "GPE", dominant, 0, 0, 0, 0)
            added.extend(Emitter(context, sentence).statement(replace(finding, object=there, confidence=0.5)))
    return triples + added, mentions


ARTICLE_STAGES: tuple[ArticleStage, ...] = (
    ArticleStage(
        "settled_state_titles",
        (
            "findings",
            "mentions",
            "sentence actors",
            "loaders/data/people.tsv",
            "loaders/data/office_holders.tsv",
            "loaders/data/oppositions.tsv",
            "lang/en/national_titles.tsv",
        ),
        ("AFFILIATION",),
        settled_state_titles,
    ),
    ArticleStage("implied_destinations", ("findings", "sentence actors"), ("AID", "MOBILIZE", "confidence 0.5"), implied_destinations),
    ArticleStage("voted_types", ("mentions",), ("one type per actor",), voted_types),
)
