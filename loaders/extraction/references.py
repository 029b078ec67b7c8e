"""What a mention that names no actor by itself stands for, from what the article
said before: "the capital", "the country", "the two leaders", "they", "it",
"the drones", "the border villages", "In Kyiv, the Defense Ministry said".
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from spacy.tokens import Token

from loaders.extraction.coref import PERSON_PRONOUNS, ArticleActors, person_acting_before
from loaders.extraction.entities import SPEECH_VERBS, WORK_NOUNS, Actor, role_word, standing_on, token_span
from loaders.extraction.parsed import sentence_bounds, sentence_of
from loaders.extraction.tables import descriptions, nominalizations, role_words, word_list
from loaders.gazetteer import load_gazetteer
from loaders.offices import Office, Offices, load_offices

#: Types that may stand at either end of a triple.
ACTING_TYPES = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC"})

LOCALITY_NOUNS = word_list("locality_nouns")

PAIRED_PEOPLE = word_list("paired_people")

STATE_BODIES = word_list("state_bodies")

REFERRED_NOUNS = word_list("referred_nouns")
EXAMPLE_MARKERS = word_list("example_markers")
GENERIC_EVENT_NOUNS = word_list("generic_event_nouns")
ENFORCER_NOUNS = word_list("enforcer_nouns")
DECISIVE = word_list("decisive_categories")


def children_with_dep(token, dep: str) -> list:
    return [c for c in token.children if c.dep_ == dep]


def conjoined(token) -> list:
    """A token and the tokens coordinated with it ("X, Y and Z")."""
    out, stack = [token], [token]
    while stack:
        for c in stack.pop().children:
            if c.dep_ == "conj":
                out.append(c)
                stack.append(c)
    return out


LED_BODIES = word_list("led_bodies")
BENCH_NOUNS = word_list("bench_nouns")


#: Verbs by which a party addresses a court ("told the court", "asked the judge for ...").
_ADDRESSING = frozenset({"tell", "ask", "urge", "petition", "inform", "assure", "remind", "warn", "address"})


def _addressed_court(token) -> bool:
    """ "the court" or "the judge" a speaker addresses: spoken to, not acting."""
    if token.lemma_.lower() not in BENCH_NOUNS:
        return False
    verb = token.head.head if token.dep_ == "pobj" and token.head.lower_ == "to" else token.head
    return (
        token.dep_ in ("dobj", "dative", "pobj")
        and verb.pos_ == "VERB"
        and (verb.lemma_.lower() in _ADDRESSING or verb.lemma_.lower() in SPEECH_VERBS)
    )


def _bare_government(token) -> bool:
    """ "the government" with nothing naming whose: no possessor, adjective or name on it."""
    return (
        token.lemma_.lower() == "government"
        and token.tag_ == "NN"
        and any(c.dep_ == "det" and c.lower_ == "the" for c in token.children)
        and not any(c.dep_ in ("poss", "amod", "compound", "nmod") for c in token.children)
        and not any(c.dep_ == "prep" and c.lower_ == "of" for c in token.children)
    )


def listed_members(token, by_token: dict[int, Actor]) -> list[Actor]:
    """The actors a plural noun lists: "lenders, including A and B", "five countries,
    among them A, B and C", "firms such as A". Nothing unless the list follows the noun."""
    if token.tag_ not in ("NNS", "NNPS") or token.i in by_token:
        return []
    doc, end = token.doc, sentence_bounds(token)[1]
    i = token.i + 1
    if i < end and doc[i].text == ",":
        i += 1
    if i >= end or doc[i].lower_ not in EXAMPLE_MARKERS:
        return []
    marker = doc[i].lower_
    i += 1
    if marker == "such":
        if i >= end or doc[i].lower_ != "as":
            return []
        i += 1
    elif marker == "among":
        if i >= end or doc[i].lower_ not in ("them", "whom"):
            return []
        i += 1
    first = by_token.get(i)
    if first is None or first.type not in ACTING_TYPES or first.start != i:
        return []
    members: dict[str, Actor] = {}
    for member in conjoined(doc[first.start : first.end].root):
        actor = by_token.get(member.i)
        if actor is not None and actor.type in ACTING_TYPES:
            members.setdefault(actor.label, actor)
    return list(members.values())


#: One spelling for portfolio words spelt two ways ("defense secretary", "defence secretary").
_SPELLINGS = {"defense": "defence", "labor": "labour"}


def _head_role(title: str) -> str:
    """The role a title's last word names ("prime minister" -> minister, "chairman" -> chair)."""
    head = title.split()[-1] if title else ""
    word = role_words().get(head)
    return word.role if word else head


def _title_key(words: list[str], head: str) -> tuple[str, ...]:
    """Title words as an office and a description are compared: the head word's role with the other
    words, hyphenated ones split, each in one spelling, sorted ("the Fed chairman" and "chair" of the
    Federal Reserve; "the UN secretary general" and "secretary-general")."""
    parts = [p for w in [*words, _head_role(head)] for p in w.split("-") if p]
    return tuple(sorted(_SPELLINGS.get(p, p) for p in parts))


def _office_words(office: str) -> tuple[str, ...]:
    """An office's title words as a description's are compared (see _title_key)."""
    *words, head = office.split()
    return _title_key(words, head)


class ArticleReferences:
    """What one article has named so far, and how its references resolve to actors."""

    def __init__(self, offices: Offices | None = None):
        self.actors = ArticleActors()
        self.gazetteer = load_gazetteer()
        self.offices = load_offices() if offices is None else offices
        self.year: int | None = None  # the year the article is dated, if known
        self.sentences = 0
        self.last_city: Actor | None = None
        self.last_target: Actor | None = None  # the place last reported attacked
        self.acronyms: dict[str, Actor] = {}  # "SLA" -> Sahel Liberation Army
        self.countries: Counter[str] = Counter()  # sentences naming each country (or a place in it) so far
        self.owners: dict[str, Actor] = {}  # "drone" -> the state whose drones the article last named
        self.localities: dict[str, Actor] = {}  # "community" -> the place "communities in X" named last
        self.last_pair: tuple | None = None  # (sentence number, the two actors "the two leaders" named)
        self.state_bodies: dict[str, tuple] = {}  # "ministry" -> (sentence number, state) from "In Kyiv, the ministry ..."
        self.person_roles: dict[str, set[tuple[str, str]]] = {}  # person -> (role, body) the article gave them or they held then
        self.given_roles: dict[str, set[tuple[str, str]]] = {}  # person -> (role, body) the article gave them
        self.known_offices: dict[str, tuple[tuple[Office, ...], tuple[Office, ...]]] = {}  # person -> (offices held then, left)
        self.last_subject_sentence = 0  # the sentence in which last_person acted
        self.agents: dict[tuple[str, str], Actor] = {}  # (category, actor or country acted on) -> who the article said did it
        self.last_target_country: str | None = None  # the country the article last said was attacked
        self.last_target_of: dict[str, Actor] = {}  # attacker -> the place the article last said it attacked
        self.coordinated: dict[str, tuple[int, Actor, Actor]] = {}  # type -> (sentence, X, Y) of the last "X and Y"
        self.named_with: set[tuple[str, str]] = set()  # (person, organization) named in one sentence
        self.previous_persons: tuple[int, list[str]] = (0, [])  # (sentence number, the people it named, in order)
        self.home_state: str | None = None  # the country the story is set in, by its parties and institutions
        self.events: list[tuple[str, Actor, int, str]] = []  # (verb or event noun, who did it, sentence number, category)

    def _resolver(self, by_token: dict[int, Actor]):
        def resolve(token, owner: bool = False) -> list[Actor]:
            actor = by_token.get(token.i)
            if actor is None and _addressed_court(token):
                return []  # "telling the court that ...", "asked the court for ...": the bench addressed, no party
            if actor is not None and actor.type == "ORG" and actor.label.split()[-1].lower() in STATE_BODIES:
                # "In Kyiv, the Defense Ministry said": a body named without its state
                body = self._state_body(token, by_token, actor.label.split()[-1].lower())
                if body is not None and self.gazetteer.lookup(actor.label) is None:
                    return [
                        replace(
                            body, text=actor.text, start=actor.start, end=actor.end, start_char=actor.start_char, end_char=actor.end_char
                        )
                    ]
            if actor is not None:
                if actor.type == "NORP" and owner:  # "a Russian drone": the state behind it
                    return [replace(actor, type="GPE")]
                return [actor] if actor.type in ACTING_TYPES or actor.type == "OTHER" else []  # (a prize won)
            if token.pos_ == "NOUN" and token.lemma_.lower() in LED_BODIES:
                for c in token.children:  # "the Ardern administration", "Jane Roe's government": the state the leader led
                    leader = by_token.get(c.i) if c.dep_ in ("compound", "poss", "amod") else None
                    country = self.gazetteer.country_of_person(leader.label) if leader is not None and leader.type == "PERSON" else None
                    if country is not None:
                        return [Actor(country, "GPE", token.text, *token_span(token))]
            if token.lemma_.lower() in WORK_NOUNS and token.pos_ == "NOUN":
                described = by_token.get(token.head.i) if token.dep_ == "appos" else None
                after = token.i + 2 if token.i + 1 < len(token.doc) and token.doc[token.i + 1].text == "," else token.i + 1
                named = by_token.get(after)
                if described is not None and described.type == "OTHER":
                    return [described]  # "A Long Road, a drama featuring Jane Roe": the drama is the film named
                if named is not None and named.type == "OTHER" and named.start == after:
                    return [named]  # "directing the film Serenity": the film is the one its title names
            for child in token.children:  # "his Brazilian counterpart, Paulo Ramos"
                if child.dep_ == "appos" and child.i in by_token and by_token[child.i].type in ACTING_TYPES:
                    return [by_token[child.i]]
            if token.lower_ == "its" and token.dep_ == "poss" and token.head.dep_ in ("conj", "appos"):
                listed = by_token.get(token.head.head.i)  # "accused Acme, its chief executive Jane Roe and ...": Acme's
                if listed is not None and listed.type == "ORG" and token.head.head.i < token.i:
                    return [standing_on(listed, token)]
            if token.lower_ == "its" and token.dep_ == "poss":
                # "Acme said its chief executive ...": the organization named last
                subject = next((by_token[t.i] for t in sentence_of(token) if t.dep_ == "nsubj" and t.i < token.i and t.i in by_token), None)
                if subject is not None and subject.type != "ORG":
                    return []  # "the film earned a prize for its director": its = the subject, no organization
                earlier = (
                    [subject]
                    if subject is not None
                    else [by_token[i] for i in range(sentence_bounds(token)[0], token.i) if i in by_token and by_token[i].type == "ORG"]
                )
                last = self.actors.last_state
                holder = earlier[-1] if earlier else (last if last is not None and last.type == "ORG" else None)
                if holder is not None:
                    return [standing_on(holder, token)]
                return []
            members = listed_members(token, by_token)
            if members:
                return members
            if self.home_state is not None and _bare_government(token):
                # "the government" in a story set in one country (by its parties and institutions)
                return [Actor(self.home_state, "GPE", token.text, *token_span(token))]
            team = self._persons_team(token, by_token)
            if team is not None:
                return [team]
            described = self._described(token, by_token)
            if described is not None:
                return [described]
            place = self._definite_place(token, by_token)
            if place is not None:
                return [place]
            if (
                token.lemma_.lower() in ("attack", "bombing", "strike", "blast", "explosion", "assault")
                and [c.lower_ for c in token.children] == ["the"]
                and not (token.i + 1 < len(token.doc) and token.doc[token.i + 1].lower_ == "by")  # "the raids by X": X's
            ):
                target = self.last_target or self.last_city  # "claimed responsibility for the attack"
                return [replace(target, text=target.label)] if target is not None else []
            if (
                token.lemma_.lower() in REFERRED_NOUNS
                and token.lemma_.lower() in self.owners
                and [c.lower_ for c in token.children] == ["the"]
            ):
                return [self.owners[token.lemma_.lower()]]  # "The drones struck ..." after "Russian drones"
            event = self._event_agent(token)
            if event is not None:
                return [standing_on(event, token)]
            pair = self._pair_reference(token, by_token)
            if pair:
                return pair
            body = self._state_body(token, by_token) or self._enforcer(token, by_token)
            if body is not None:
                return [body]
            lemma = token.lemma_.lower()
            if (
                lemma in LOCALITY_NOUNS
                and lemma in self.localities
                and token.tag_ == "NNS"
                and any(c.lower_ == "the" for c in token.children)
            ):
                place = self.localities[lemma]  # "15 villages in Lebanon" ... "the border villages"
                return [standing_on(place, token)]
            if token.lower_ in ("they", "we") and token.dep_ in ("nsubj", "nsubjpass"):
                # "X and Y said they had agreed": the speakers of the clause "they" stands in
                clause = token.head
                while clause.dep_ in ("conj", "xcomp") and clause.head.i != clause.i:
                    clause = clause.head
                if clause.dep_ in ("ccomp", "advcl") and clause.head.pos_ == "VERB":
                    speakers = [a for s in children_with_dep(clause.head, "nsubj") for c in conjoined(s) for a in resolve(c)]
                    if len(speakers) >= 2 or (speakers and token.lower_ == "we" and speakers[0].type in ("ORG", "GPE")):
                        return [standing_on(a, token) for a in speakers]
            if token.lower_ == "they" and token.dep_ == "nsubj" and self.last_pair is not None and self.last_pair[0] == self.sentences - 1:
                return list(self.last_pair[1])  # "The two ministers met ... They also exchanged prisoners"
            if token.lower_ == "it" and token.dep_ in ("nsubj", "nsubjpass") and token.head.dep_ == "ccomp":
                # "Acme said it would cut 5,000 jobs": the organization speaking
                speakers = [by_token[c.i] for c in token.head.head.children if c.dep_ == "nsubj" and c.i in by_token]
                if speakers and speakers[0].type in ("ORG", "GPE"):
                    return [standing_on(speakers[0], token)]
            if token.lower_ == "it" and token.dep_ == "nsubj" and self.actors.last_state is not None:
                # "Russia denied ... It said": clear when the previous subject was a state or body
                if not any(by_token.get(i) for i in range(sentence_bounds(token)[0], token.i)):
                    state = self.actors.last_state
                    return [replace(state, label=state.capital_of or state.label, text=state.label)]
            if token.lower_ in ("him", "her") and token.dep_ in ("dobj", "pobj", "dative"):
                # "X barred Y from entering, accusing him of ...": the person acted on before, not the actor
                acted_on = [
                    by_token[i]
                    for i in range(sentence_bounds(token)[0], token.i)
                    if i in by_token and by_token[i].type == "PERSON" and token.doc[i].dep_ not in ("nsubj", "nsubjpass", "compound")
                ]
                if acted_on:
                    return [standing_on(acted_on[-1], token)]
                # "Jane Roe accused him of ...": never the clause's own subject; the person named before
                acting = person_acting_before(token, by_token)
                other = next((a for a in reversed(self.actors.recent) if a.type == "PERSON" and a.label != acting), None)
                if acting and other is not None:
                    return [Actor(other.label, "PERSON", token.text, *token_span(token))]
            if token.lower_ in PERSON_PRONOUNS and token.dep_ != "poss":
                label = person_acting_before(token, by_token)
                if label is None:
                    label = self.actors.resolve_pronoun(token.lower_)
                if label:
                    return [Actor(label, "PERSON", label, *token_span(token))]
            return []

        return resolve

    def _event_agent(self, token: Token) -> Actor | None:
        """ "welcomed the merger", "blocked the takeover": who did the event the noun names,
        as the article stated it before ("Sweden joined NATO", "Acme agreed to buy Beta")."""
        if token.pos_ != "NOUN" or token.dep_ not in ("dobj", "pobj", "nsubjpass"):
            return None
        if not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in token.children):
            return None
        if any(
            c.dep_ in ("poss", "compound", "amod") and c.pos_ in ("PROPN", "PRON") or c.dep_ == "prep" and c.lower_ in ("by", "of", "from")
            for c in token.children
        ):
            return None  # "Acme's decision", "the decision by X": its agent is named here
        lemma = token.lemma_.lower()
        verbs = nominalizations().get(lemma) or nominalizations().get(token.lower_) or frozenset()
        for key, agent, number, _ in reversed(self.events):
            if (key in verbs or key == lemma) and self.sentences - number <= 8:
                return agent
        if lemma in GENERIC_EVENT_NOUNS:  # "the decision", "the move": the last decisive act, nearby
            for key, agent, number, category in reversed(self.events):
                if (category.lower() in DECISIVE or key in GENERIC_EVENT_NOUNS) and self.sentences - number <= 3:
                    return agent  # (or the last decision named with its owner: "Y's order")
        return None

    def note_event(self, key: str, agent: Actor, category: str = "OTHER") -> None:
        """Remember who did an event (by its verb, or by its noun for "held talks")."""
        self.events.append((key, agent, self.sentences, category))
        del self.events[:-40]

    def _persons_team(self, token, by_token) -> Actor | None:
        """ "Benitez's side", "the coach's men": the one organization the article gave that person a
        role in (a manager's team)."""
        if token.lemma_.lower() not in ("side", "team", "squad", "men") or token.pos_ != "NOUN":
            return None
        owner = next((by_token[c.i] for c in token.children if c.dep_ == "poss" and c.i in by_token), None)
        if owner is None or owner.type != "PERSON":
            return None
        bodies = {body for _, body in self.given_roles.get(owner.label, set()) if body}
        known = {a.label: a for a in self.actors.recent if a.type == "ORG"}
        if len(bodies) != 1 or next(iter(bodies)) not in known:
            return None
        return standing_on(known[next(iter(bodies))], token)

    def _described(self, token, by_token) -> Actor | None:
        """ "the company" -> the organization the article named last; "the chancellor",
        "the Green leader" -> the person the article gave that title to."""
        if not any(c.dep_ == "det" and c.lower_ == "the" for c in token.children):
            return None
        if token.pos_ == "PROPN" and token.tag_ == "NNP":
            return self._capitalized_office(token, by_token)
        if token.pos_ != "NOUN":
            return None
        if token.tag_ in ("NNS", "NN") and token.lower_ in word_list("people_group_nouns"):
            # "the rebels" after "Kenyan rebels": the group named before
            group = next((a for a in reversed(self.actors.recent) if a.label.lower().endswith(" " + token.lower_)), None)
            return standing_on(group, token) if group is not None else None
        if token.tag_ != "NN":
            return None
        if any(c.dep_ in ("prep", "relcl", "acl", "appos") and c.lower_ != "'s" for c in token.children if c.i > token.i):
            return None  # "the company that ...", "the chairman of X": described here, not referred to
        span = token_span(token)
        here = {by_token[i].label for i in range(sentence_bounds(token)[0], token.i) if i in by_token}
        lemma = token.lemma_.lower()
        if lemma in STATE_BODIES:
            return None  # "the ministry": the state's body (see _state_body)
        kind = descriptions().get(lemma)
        if kind is not None and not any(c.dep_ in ("amod", "compound") and c.i in by_token for c in token.children):
            named_here = [by_token[i] for i in range(sentence_bounds(token)[0], token.i) if i in by_token]
            same = [a for a in named_here if a.type == kind and a.label.lower().endswith(" " + lemma)]
            if len({a.label for a in same}) == 1 and not any(by_token[c.i] in same for c in token.subtree if c.i in by_token):
                # "Roe's suspension from the party" after "the Tory deputy chairman": the party just named
                return replace(same[0], text=token.text, start=span[0], end=span[1], start_char=span[2], end_char=span[3], capital_of=None)
            for actor in reversed(self.actors.recent):
                if actor.type == kind and actor.label not in here:
                    return replace(
                        actor, text=token.text, start=span[0], end=span[1], start_char=span[2], end_char=span[3], capital_of=None
                    )
            return None
        word = role_word(token)
        if word is None or word.kind != "head":
            return None
        nxt = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
        if nxt is not None and nxt.i in by_token and by_token[nxt.i].type == "PERSON":
            return None  # "the leader Jane Roe": a title on a name, not a reference
        bodies = {by_token[c.i].label for c in token.children if c.dep_ in ("amod", "compound", "poss") and c.i in by_token}
        holders = [
            p
            for p, roles in self.given_roles.items()
            if p not in here and any(role == word.role and (not bodies or body in bodies) for role, body in roles)
        ]
        # and the people the article named who held an office of that name then (or before, for "the former ...")
        holders += [p for p in self.office_holders(token, by_token, here) if p not in holders]
        if len(holders) == 1:
            return Actor(holders[0], "PERSON", token.text, *span)
        main = self.actors.main_person()
        if (
            not holders
            and bodies
            and token.dep_ == "nsubj"
            and main is not None
            and main not in here
            and any((main, body) in self.named_with for body in bodies)
        ):
            # "The former Liberal Democrat leader said ...": the person the story is about, if no title of theirs says otherwise
            if all(role != word.role or body in bodies for role, body in self.person_roles.get(main, set())):
                return Actor(main, "PERSON", token.text, *span)
        at, previous = self.previous_persons
        opens, closes = sentence_bounds(token)
        in_sentence = {a.label for i, a in by_token.items() if opens <= i < closes}
        if not holders and bodies and token.dep_ in ("nsubj", "nsubjpass", "poss") and at == self.sentences - 1:
            # "... the Tories would welcome Jane Roe back. The former Tory chairman has said ...": the one
            # person the sentence before named, unless a title of theirs or their years in government say otherwise
            only = previous[0] if len(set(previous)) == 1 else None
            if only is not None and only not in in_sentence and not self._in_government_against(only, bodies):
                if all(role != word.role or body in bodies for role, body in self.person_roles.get(only, set())):
                    return Actor(only, "PERSON", token.text, *span)
        if holders or token.dep_ != "nsubj" or token.head.lemma_ not in SPEECH_VERBS:
            return None
        # "Jane Roe has said ... the Acme leader said": the person who spoke in the sentence before
        last = self.actors.last_person
        if last and last not in here and self.last_subject_sentence == self.sentences - 1 and not self.person_roles.get(last):
            if not self._in_government_against(last, bodies):  # not "the Tory leader" for a Labour minister
                return Actor(last, "PERSON", token.text, *span)
        return None

    def _capitalized_office(self, token, by_token) -> Actor | None:
        """ "The Chancellor is expected to ...", "the Prime Minister said": an office written as a
        name, which only the offices of the people the article named can stand for."""
        if token.i in by_token or any(c.dep_ in ("prep", "relcl", "acl", "appos") for c in token.children if c.i > token.i):
            return None
        nxt = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
        if nxt is not None and (nxt.i in by_token or nxt.pos_ == "PROPN"):
            return None  # "the Prime Minister Jane Roe", "the Chancellor Jane Roe": a title on a name
        here = {by_token[i].label for i in range(sentence_bounds(token)[0], token.i) if i in by_token}
        holders = self.office_holders(token, by_token, here)
        return Actor(holders[0], "PERSON", token.text, *token_span(token)) if len(holders) == 1 else None

    def _in_government_against(self, person: str, bodies: set[str]) -> bool:
        """Whether a known office-holder was in government while one of these parties sat in
        opposition in that country (a Labour minister is no "Tory leader")."""
        years = self.gazetteer.office_years(person)
        country = self.gazetteer.country_of_person(person)
        if years is None or country is None:
            return False
        first, last = years[0], years[1] or 9999
        return any(
            c == country and party in bodies and int(start[:4]) <= last and (not end or first <= int(end[:4]))
            for c, party, start, end in self.gazetteer.oppositions
        )

    def note_role(self, person: str, role: str, body: str) -> None:
        """Remember a title an article gave a person, for later "the <title>" references."""
        title = (_head_role(role), body)
        self.person_roles.setdefault(person, set()).add(title)
        self.given_roles.setdefault(person, set()).add(title)

    def note_person(self, person: str) -> None:
        """A person the article names by full name: the offices the table says they held count as
        titles the article gave them. In a dated article, those held in its year (and those left by
        then, for "the former ..."); undated, the latest ones (and the others as left)."""
        if person in self.known_offices or " " not in person:
            return
        terms = self.offices.of(person)
        if not terms:
            return
        if self.year is not None:
            held = tuple(o for o in terms if o.held_in(self.year))
            left = tuple(o for o in terms if o.left_by(self.year))
        else:
            latest = max(9999 if o.last is None else o.last for o in terms)
            held = tuple(o for o in terms if (9999 if o.last is None else o.last) == latest)
            left = tuple(o for o in terms if o not in held)
        self.known_offices[person] = (held, left)
        for office in held:
            self.person_roles.setdefault(person, set()).add((_head_role(office.office), office.body))

    def office_of(self, person: str, token, by_token: dict[int, Actor], any_term: bool = False) -> Office | None:
        """The office a named person is known to have held that a description names: "the
        chancellor", "the Tory leader" (the party its adjective names), "the former Labour leader"
        (an office left). The description's title words must be the office's, so "the shadow
        chancellor" is not the chancellor. With ``any_term`` (an undated story, where no one's
        latest office fits), any office the person ever held."""
        description = self.described_title(token, by_token)
        if description is None:
            return None
        former, words, bodies = description
        held, left = self.known_offices.get(person, ((), ()))
        terms = held + left if any_term else left if former else held
        return next((o for o in terms if _office_words(o.office) == words and (not bodies or o.body in bodies)), None)

    def office_described(self, person: str, token, by_token: dict[int, Actor]) -> Office | None:
        """The office of ``person`` a description names (:meth:`office_of`); in an undated
        story, if the person holds no such office last, one they ever held."""
        office = self.office_of(person, token, by_token)
        if office is None and self.year is None:
            office = self.office_of(person, token, by_token, any_term=True)
        return office

    def office_holders(self, token, by_token: dict[int, Actor], here: set[str]) -> list[str]:
        """The people the article named (not those in ``here``) known to hold the office a
        description names; in an undated story, if none holds it last, those who ever held it."""
        holders = [p for p in self.known_offices if p not in here and self.office_of(p, token, by_token)]
        if not holders and self.year is None:
            holders = [p for p in self.known_offices if p not in here and self.office_of(p, token, by_token, any_term=True)]
        return holders

    def described_title(self, token, by_token: dict[int, Actor]) -> tuple[bool, tuple[str, ...], set[str]] | None:
        """What "the former Labour leader" says: whether a past holder (former), the title words
        (portfolio words sorted, then the role: ("leader",)), and the bodies its names stand for."""
        word = role_word(token)
        if word is None or word.kind != "head":
            return None
        former, words, bodies = False, [], set()
        for t in token.doc[token.left_edge.i : token.i]:
            actor = by_token.get(t.i)
            known = None if actor is None else self.gazetteer.country_of_demonym(actor.label) or self.gazetteer.lookup(actor.label)
            title = role_words().get(t.lower_)
            if known is not None:  # "the Tory leader", "the British prime minister": whose office
                bodies.add(known if isinstance(known, str) else known.label)
            elif t.lower_ in ("former", "ex"):
                former = True
            elif title is not None and title.kind == "qualifier" and t.lower_ not in ("new", "current"):
                return None  # "the acting president", "the late prime minister": not the office plainly
            elif title is not None or (actor is not None and t.is_alpha):
                words.append(t.lower_)  # "the deputy prime minister", "the Northern Ireland secretary"
            elif t.lower_ in ("the", "-", "new", "current") or t.pos_ == "PROPN":
                continue  # "the House speaker": a name on the title, not one of its words
            elif t.is_alpha and t.is_lower:
                words.append(t.lower_)
            else:
                return None  # "the party's leader": not a plain title
        return former, _title_key(words, token.lower_), bodies

    def note_countries(self, countries) -> None:
        """Count a sentence's countries once each, for the country a story is set in."""
        self.countries.update({c for c in countries if c})

    def _enforcer(self, token, by_token) -> Actor | None:
        """ "Police arrested X", "a court in Izmir sentenced Y", "prosecutors charged Z": a state's
        police, prosecutors or courts, acting as the subject of a clause, with no state or
        organization of theirs named, are the state they sit in: the place their phrase or the
        sentence's leading "In X," names, else the country the story is set in (its parties and
        institutions, else the one country its sentences named most: at least twice, twice as
        often as any other)."""
        if token.lemma_.lower() not in ENFORCER_NOUNS or token.pos_ != "NOUN":
            return None
        if not (token.dep_ in ("nsubj", "nsubjpass") or token.dep_ == "pobj" and token.head.dep_ == "agent"):
            return None
        if any(c.dep_ in ("poss", "compound", "amod", "nmod") and c.i in by_token for c in token.children):
            return None  # "Turkish police", "Acme's lawyers": named already
        places = [c for p in token.children if p.dep_ == "prep" and p.lower_ in ("in", "of") for c in p.children if c.dep_ == "pobj"]
        lead = token.doc[sentence_bounds(token)[0]]
        lead = lead if lead.lower_ == "in" else None
        places += [c for c in lead.children if c.dep_ == "pobj"] if lead is not None else []
        for place in places:
            actor = by_token.get(place.i)
            if actor is not None and actor.type == "GPE":
                state = self.gazetteer.country_of_place(actor.capital_of or actor.label)
                if state:
                    return Actor(state, "GPE", token.text, *token_span(token))
            if place.pos_ == "PROPN" or (actor is not None and actor.type != "GPE"):
                return None  # "the court in The Hague", "police in Acme's plant": not a state's own, or not known
        state = self.home_state
        if state is None:
            top = self.countries.most_common(2)
            state = top[0][0] if top and top[0][1] >= 2 and (len(top) == 1 or top[0][1] >= 2 * top[1][1]) else None
        return Actor(state, "GPE", token.text, *token_span(token)) if state else None

    def note_state_bodies(self, sentence, by_token) -> None:
        """ "In Ljubljana, the Defence Ministry said": the state bodies a sentence led by "In
        <capital>" names are that state's, here and in the next sentences (``_state_body``).
        Noted when the sentence is entered, whatever the stages go on to ask of it."""
        lead = sentence[0]
        if lead.lower_ != "in":
            return
        states = [
            state
            for pobj in lead.children
            if pobj.dep_ == "pobj"
            for place in [by_token.get(pobj.i)]
            if place is not None
            for state in [place.capital_of or self.gazetteer.country_of_capital(place.text)]
            if state
        ]
        if not states:
            return
        for token in sentence:
            actor = by_token.get(token.i)
            if actor is not None:  # "the Defense Ministry": a body named without its state
                lemma = actor.label.split()[-1].lower() if actor.type == "ORG" else ""
            elif "the" in [c.lower_ for c in token.children]:  # "the ministry"
                lemma = token.lemma_.lower()
            else:
                continue
            if lemma in STATE_BODIES:
                self.state_bodies[lemma] = (self.sentences, states[-1])

    def _state_body(self, token, by_token, lemma: str | None = None) -> Actor | None:
        """ "the ministry" (or "the Defence Ministry") shortly after "In Ljubljana, the ministry
        said": the state a leading "In <capital>" placed it in (``note_state_bodies``)."""
        if lemma is None:
            lemma = token.lemma_.lower()
            if lemma not in STATE_BODIES or "the" not in [c.lower_ for c in token.children]:
                return None
        noted, state = self.state_bodies.get(lemma, (None, None))
        if state is None or self.sentences - noted > 3:  # a nearby mention only
            return None
        return Actor(state, "GPE", token.text, *token_span(token))

    def _pair_reference(self, token, by_token) -> list[Actor]:
        """ "the two countries", "both sides", "the two leaders": the last two actors of that kind."""
        lemma = token.lemma_.lower()
        if token.lower_ == "two" and token.dep_ in ("nsubj", "nsubjpass") and [c.lower_ for c in token.children] == ["the"]:
            # "The two also had a phone call": the two people (else states) named last
            here = [by_token[i] for i in range(token.i - 1, sentence_bounds(token)[0] - 1, -1) if i in by_token and by_token[i].start == i]
            for wanted in ("PERSON", "GPE"):
                found: list[Actor] = []
                for a in here + list(reversed(self.actors.recent)):
                    if a.type == wanted and a.label not in {f.label for f in found}:
                        found.append(a)
                found = found[:2]
                if len(found) == 2:
                    return [replace(a, text=a.label) for a in found]
            return []
        kind: str | None = {
            "country": "GPE",
            "nation": "GPE",
            "side": "GPE",
            "party": "GPE",
            "government": "GPE",
            "neighbor": "GPE",
            "neighbour": "GPE",
            "state": "GPE",
        }.get(lemma)
        kind = kind or ("PERSON" if lemma in PAIRED_PEOPLE else None) or descriptions().get(lemma)  # "the two carmakers"
        markers = [c.lower_ for c in token.children]
        if kind is None or not (
            token.tag_ == "NNS"
            and (
                ("two" in markers and ("the" in markers or "these" in markers))
                or "both" in markers
                or (lemma == "party" and markers == ["the"])
            )
            or (token.tag_ == "NN" and lemma == "side" and "each" in markers)
        ):
            return []
        pair = self.coordinated.get(kind)
        if pair is not None and self.sentences - pair[0] <= 6:  # "Acme and Beta sued ... the two companies"
            return [replace(a, text=a.label) for a in pair[1:]]
        found = [a for a in reversed(self.actors.recent) if a.type == kind]
        if kind == "GPE":  # countries, not cities
            found = [a for a in found if (k := self.gazetteer.lookup(a.label)) is not None and k.type == "GPE"]
        return [replace(a, text=a.label) for a in found[:2]] if len(found) >= 2 else []

    def _note_acronym(self, doc, actor: Actor) -> None:
        """ "the Sahel Liberation Army (SLA)": the acronym names the same actor from now on."""
        end = actor.end
        if actor.type in ("ORG", "GPE", "PERSON") and end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")":
            acronym = doc[end + 1].text
            if acronym.isupper() and 2 <= len(acronym) <= 8 and acronym != actor.label and actor.type != "PERSON":
                self.acronyms[acronym] = actor
            elif (
                acronym.istitle()
                and acronym.isalpha()
                and len(acronym) >= 4
                and acronym != actor.label
                and actor.label.split()[0].lower().startswith(acronym.lower()[:4])
            ):  # "Yellowknife Mining (Yellowknife)", "Nordstromfabrik (Nordstrom)": a short name
                self.acronyms[acronym] = actor

    def _note_owners(self, sentence, by_token) -> None:
        for token in sentence:
            lemma = token.lemma_.lower()
            if lemma not in REFERRED_NOUNS:
                continue
            actor = by_token.get(token.i)
            if actor is None:
                actor = next((by_token[c.i] for c in token.children if c.dep_ in ("amod", "compound", "poss") and c.i in by_token), None)
            if actor is None and token.dep_ == "dobj" and token.head.lemma_ in ("launch", "fire", "send", "deploy", "use"):
                # "Iran launched 180 missiles": the launcher owns them
                actor = next((by_token[c.i] for c in token.head.children if c.dep_ == "nsubj" and c.i in by_token), None)
            if actor is not None and actor.type in ("GPE", "NORP", "ORG"):
                self.owners[lemma] = replace(actor, type="GPE" if actor.type == "NORP" else actor.type)

    def _definite_place(self, token, by_token) -> Actor | None:
        """ "the Ukrainian capital" -> Kyiv; "the city" -> the city the article last named."""
        if token.lemma_.lower() == "country" and [c.lower_ for c in token.children] == ["the"] and token.tag_ == "NN":
            # "the country": the country the article named last, outside this sentence
            here = {by_token[i].label for i in range(*sentence_bounds(token)) if i in by_token}
            for actor in reversed(self.actors.recent):
                known = self.gazetteer.lookup(actor.label)
                if known is not None and known.type == "GPE" and actor.label not in here:
                    return standing_on(actor, token)
            return None
        if token.lemma_.lower() not in ("capital", "city") or not any(c.lower_ == "the" for c in token.children):
            return None
        span = token_span(token)
        for child in token.children:
            owner = by_token.get(child.i)
            if owner is not None and child.dep_ in ("amod", "compound", "poss") and token.lemma_.lower() == "capital":
                capital = self.gazetteer.capital_of_country(owner.label)
                if capital:
                    return Actor(capital, "GPE", token.doc[child.i : token.i + 1].text, *span, capital_of=owner.label)
            if child.dep_ not in ("det", "punct"):
                return None  # "the city of Mykolaiv", "the city council": not a bare reference
        if self.last_city is not None:
            return replace(
                self.last_city, text=token.text, start=token.i, end=token.i + 1, start_char=token.idx, end_char=token.idx + len(token)
            )
        return None
