"""The sentence stages of extraction, in the order they run (``STAGES``).

Every stage has one signature: a parsed sentence (:class:`SentenceView`) and the
article's context (:class:`ArticleContext`) in, findings out. A finding is a
:class:`Statement` (an actor acting on another, or on a quantity) or a :class:`Role`
(a person's place in a body). Stages only read the context; they keep no state.
Each declares what it reads and what it adds, the way spaCy components declare
``requires`` and ``assigns``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Token

from loaders.extraction.context import ArticleContext, SentenceView
from loaders.extraction.emit import FIGURE_CATEGORIES, STANCE_NOUNS
from loaders.extraction.entities import Actor, Resolve, role_word, token_span
from loaders.extraction.lexicon import EVENT_NOUNS, Sense, sense_of
from loaders.extraction.nominal import (
    agentless_events,
    statements_for_captivity,
    statements_for_demand,
    statements_for_deployment,
    statements_for_event_noun,
    statements_for_in_phrase,
    statements_for_meeting_noun,
    statements_for_ownership,
    statements_for_presence,
    unattributed_attacks,
)
from loaders.extraction.quantities import may_state_figures, quantity_for
from loaders.extraction.references import GENERIC_EVENT_NOUNS, listed_members
from loaders.extraction.relations import (
    Statement,
    children_with,
    nominal_agents,
    object_noun,
    possessor_actors,
    statements_for_verb,
    subject_tokens,
    verb_lemma,
    with_conjuncts,
)
from loaders.extraction.roles import Role, StateTitle, role_name, roles_in, with_prefix
from loaders.extraction.roles import state_titles as titles_without_state
from loaders.extraction.tables import word_list
from loaders.extraction.truth import DENIAL_VERBS, SPEECH_VERBS, truth_of

Finding = Statement | Role | StateTitle


@dataclass(frozen=True)
class Stage:
    """One named step of extraction."""

    name: str
    reads: tuple[str, ...]  # what it looks at: parse, actors, references, tables
    adds: tuple[str, ...]  # what kinds of findings it produces
    run: Callable[[SentenceView, ArticleContext], list[Finding]]


def roles(sentence: SentenceView, context: ArticleContext) -> list[Finding]:
    """Titles, appositions and "of"/"from" phrases tying a person to a body."""
    return list(roles_in(sentence.span, sentence.actors))


def state_titles(sentence: SentenceView, context: ArticleContext) -> list[Finding]:
    """Offices of state before a name with no state named ("President Jane Roe"): settled later."""
    return list(titles_without_state(sentence.span, sentence.actors))


def _title_name(title: Token, word) -> tuple[str, str]:
    """The role a title noun names with its title-word modifiers ("chief executive"), and its predicate."""
    words = with_prefix([c.text for c in title.lefts if c.dep_ in ("amod", "compound") and role_word(c) is not None], title)
    return role_name(words) or (word.role, f"{word.role} of")


def _bodies_of_title(title: Token, resolve: Resolve) -> list[Actor]:
    """Whose a title is: its possessor ("Acme's chief") or its "of" object ("chief of Acme")."""
    bodies = [a for c in title.children if c.dep_ == "poss" for a in resolve(c)]
    ofs = [t for p in title.children if p.dep_ == "prep" and p.lower_ == "of" for t in p.children if t.dep_ == "pobj"]
    return bodies + [a for t in ofs for a in resolve(t)]


def possessive_roles(sentence: SentenceView, context: ArticleContext) -> list[Finding]:
    """ "Its chief executive, Jane Roe", "its director Jo Lee", "Jane Roe, its founder": a title
    owned by "its" is a role in the organization "its" stands for; so is one owned by a
    description ("Jane Roe, the company's founder", "the ministry's spokesman, Jo Lee")."""
    found: list[Finding] = []
    for token in sentence.tokens:
        described = token.pos_ == "NOUN" and token.i not in sentence.actors  # "the ministry's spokesman, Jo Lee"
        if token.dep_ != "poss" or (token.lower_ != "its" and not described):
            continue
        title = token.head
        people = []
        if role_word(title) is None and title.i in sentence.actors:
            # "its chief executive Jane Roe" parsed with the name as head and the title as its compound
            people = [sentence.actors[title.i]]
            before_name = [c for c in title.children if c.dep_ in ("compound", "amod") and c.i < title.i and role_word(c) is not None]
            title = before_name[0] if before_name else title
        word = role_word(title)
        if word is None or word.kind != "head":
            continue
        people += [sentence.actors[c.i] for c in title.children if c.dep_ == "appos" and c.i in sentence.actors]
        people += [sentence.actors[title.head.i]] if title.dep_ == "appos" and title.head.i in sentence.actors else []
        nxt = sentence.span.doc[title.i + 1] if title.i + 1 < len(sentence.span.doc) else None
        if nxt is not None and nxt.i in sentence.actors and sentence.actors[nxt.i].start == nxt.i:
            people.append(sentence.actors[nxt.i])  # "its director Jo Lee"
        bodies = [a for a in sentence.resolve(token) if a.type == "ORG" or (described and a.type == "GPE")]
        named = _title_name(title, word)
        for person in [p for p in people if p.type == "PERSON"][:1]:
            for body in bodies[:1]:
                found.append(Role(person, body, named[0], named[1], confidence=0.6))
    return found


def described_roles(sentence: SentenceView, context: ArticleContext) -> list[Finding]:
    """ "the Green leader said" once the article named who that is: the person's role in the body;
    "the chancellor said" of a named person known to hold that office: the office's state or body."""
    found: list[Finding] = []
    for token in sentence.tokens:
        if token.i in sentence.actors or token.pos_ not in ("NOUN", "PROPN"):
            continue
        word = role_word(token)
        if word is None or word.kind != "head":
            continue
        if any(c.dep_ == "appos" or (c.i in sentence.actors and sentence.actors[c.i].type == "PERSON") for c in token.children):
            continue  # "the leader, Jane Roe" / "leader Jane Roe": the roles stage reads those
        people = [a for a in sentence.resolve(token) if a.type == "PERSON"]
        bodies = [sentence.actors[c.i] for c in token.children if c.dep_ in ("amod", "compound", "poss") and c.i in sentence.actors]
        for person in people[:1]:
            for body in bodies[:1]:
                if body.type in ("ORG", "GPE", "NORP") and body.label != person.label:
                    found.append(Role(person, body, word.role, f"{word.role} of", confidence=0.6))
            references = context.references
            office = references.office_described(person.label, token, sentence.actors) if not bodies else None
            known = context.gazetteer.lookup(office.body) if office is not None else None
            if office is not None and known is not None:  # "The chancellor said": of the state the holder served
                there = Actor(known.label, known.type, token.text, *token_span(token))
                described = context.references.described_title(token, sentence.actors)
                role = f"former {office.office}" if described is not None and described[0] else office.office
                found.append(Role(person, there, role, f"{office.office} of", confidence=0.6))
    return found


SUBSIDIARY_NOUNS = word_list("subsidiary_nouns")


def subsidiaries(sentence: SentenceView, context: ArticleContext) -> list[Finding]:
    """ "its clothing unit X", "Acme's affiliate Beta Group", "Acme's food subsidiary, X":
    a named company that belongs to the owner of the part noun."""
    found: list[Finding] = []
    for actor in sentence.actor_starts():
        if actor.type != "ORG":
            continue
        name = sentence.span.doc[actor.end - 1]
        part = None
        if name.dep_ == "appos" and name.head.lemma_.lower() in SUBSIDIARY_NOUNS:
            part = name.head  # "its unit, X"
        else:
            part = next(
                (c for c in name.children if c.dep_ == "compound" and c.lemma_.lower() in SUBSIDIARY_NOUNS and c.i < actor.start), None
            )  # "affiliate Beta Group"
            part = name if part is not None else None
        if part is None:
            continue
        owners = [a for c in part.children if c.dep_ == "poss" for a in sentence.resolve(c) if a.type == "ORG" and a.label != actor.label]
        noun = part.lemma_.lower() if part is not name else next(c.lemma_.lower() for c in name.children if c.dep_ == "compound")
        for owner in owners[:1]:
            found.append(Role(actor, owner, noun, f"{noun} of", confidence=0.6))
    return found


def party_roles(sentence: SentenceView, context: ArticleContext) -> list[Finding]:
    """ "party leader Jane Roe", "opposition leader Jane Roe": the party (or opposition) is
    the one the article named last."""
    found: list[Finding] = []
    for person in sentence.actor_starts():
        if person.type != "PERSON" or person.start < 2:
            continue
        doc = sentence.span.doc
        title = doc[person.start - 1]
        word = role_word(title)
        kind = doc[person.start - 2].lower_
        if word is None or word.kind != "head" or kind not in ("party", "opposition") or doc[person.start - 2].i in sentence.actors:
            continue
        ending = " Party" if kind == "party" else " opposition"  # "opposition leader X": the opposition named before
        party = next((a for a in reversed(context.references.actors.recent) if a.type == "ORG" and a.label.endswith(ending)), None)
        if party is not None:
            found.append(Role(person, party, word.role, f"{word.role} of", confidence=0.6))
    return found


def governments_of(sentence: SentenceView, context: ArticleContext) -> list[Finding]:
    """ "Jane Roe's government": a person at the head of the government of the country she is
    known to have served, else of the country the story is set in (by its parties and institutions)."""
    home = context.references.home_state
    if home is None:
        return []
    found: list[Finding] = []
    for noun in sentence.tokens:
        if noun.lemma_.lower() != "government" or noun.pos_ != "NOUN":  # ("administration": often a foreign one)
            continue
        for c in noun.children:
            if c.dep_ in ("poss", "compound") and c.i in sentence.actors and sentence.actors[c.i].type == "PERSON":
                known = context.gazetteer.country_of_person(sentence.actors[c.i].label)  # a known leader's own state
                state = Actor(known or home, "GPE", known or home, 0, 0, 0, 0)
                found.append(Role(sentence.actors[c.i], state, "head of government", "head of government of", confidence=0.5))
    return found


def spokespeople(sentence: SentenceView, context: ArticleContext) -> list[Finding]:
    """ "For the Greens, Jane Roe said ...": who speaks for a body is one of its people."""
    found: list[Finding] = []
    for token in sentence.tokens:
        if token.lower_ != "for" or token.dep_ != "prep" or token.head.lemma_.lower() not in SPEECH_VERBS:
            continue
        if token.i > token.head.i:
            continue  # only a fronted "For X," frames the speaker; "said for X" is something else
        bodies = [sentence.actors[c.i] for c in token.children if c.dep_ == "pobj" and c.i in sentence.actors]
        if not bodies:  # "For the Greens Caroline Lucas said": the parser ran the body into the name
            k = token.i + 1 + (token.doc[token.i + 1].lower_ == "the")
            bodies = [sentence.actors[k]] if k in sentence.actors and sentence.actors[k].start == k else []
        speakers = [a for c in token.head.children if c.dep_ == "nsubj" for a in sentence.resolve(c)]
        for body in bodies[:1]:
            for person in speakers[:1]:
                if body.type == "ORG" and person.type == "PERSON":
                    found.append(Role(person, body, "spokesperson", "spoke for", confidence=0.6))
    return found


def copular_roles(sentence: SentenceView, context: ArticleContext) -> list[Finding]:
    """ "X became a member of the EU", "X is a member of Y", "X remains chairman of Y": a role
    stated with a copula."""
    found: list[Finding] = []
    for verb in sentence.tokens:
        if verb.lemma_.lower() not in ("be", "become", "remain") or any(c.dep_ == "neg" for c in verb.children):
            continue
        titles = [
            (attr, word)
            for attr in verb.children
            if attr.dep_ == "attr" and attr.pos_ == "NOUN" and attr.i not in sentence.actors
            for word in [role_word(attr)]
            if word is not None and word.kind == "head"
        ]
        if not titles:
            continue
        truth = truth_of(verb)
        if truth.polarity == "negative" or truth.modality == "hypothetical":
            continue  # "if he became king, X would be ...", "X could become chairman": no office held
        holders = [a for c in verb.children if c.dep_ == "nsubj" for a in sentence.resolve(c)]
        for attr, word in titles:
            bodies = _bodies_of_title(attr, sentence.resolve)
            role, predicate = _title_name(attr, word)
            for holder in holders[:1]:
                for body in bodies[:1]:
                    if body.type in ("ORG", "GPE") and body.label != holder.label and holder.type in ("PERSON", "ORG", "GPE"):
                        found.append(Role(holder, body, role, predicate, confidence=0.7))
    return found


def as_roles(sentence: SentenceView, context: ArticleContext) -> list[Finding]:
    """ "appointed Jane Roe as chairman of Acme", "Jane Roe served as Acme's chief", "his
    appointment as chairman of Acme": a role given with "as"."""
    found: list[Finding] = []
    for prep in sentence.tokens:
        if prep.lower_ != "as" or prep.dep_ != "prep":
            continue
        for title in (c for c in prep.children if c.dep_ == "pobj" and c.pos_ == "NOUN"):
            word = role_word(title)
            if word is None or word.kind != "head":
                continue
            bodies = _bodies_of_title(title, sentence.resolve)
            head = prep.head
            if head.pos_ == "VERB":
                holders = [a for c in head.children if c.dep_ in ("dobj", "nsubjpass") for a in sentence.resolve(c)]
                holders = holders or [a for c in head.children if c.dep_ == "nsubj" for a in sentence.resolve(c)]
            else:
                holders = [a for c in head.children if c.dep_ == "poss" for a in sentence.resolve(c)]
                holders = holders or ([sentence.actors[head.i]] if head.i in sentence.actors else [])
                if not holders and any(c.dep_ == "poss" and c.lower_ in ("his", "her") for c in head.children):
                    # "Jane Roe welcomed her appointment as ...": the person acting in the sentence
                    holders = [
                        a for t in sentence.tokens if t.dep_ == "nsubj" and t.i < head.i for a in sentence.resolve(t) if a.type == "PERSON"
                    ]
            role, predicate = _title_name(title, word)
            for holder in holders[:1]:
                for body in bodies[:1]:
                    if holder.type == "PERSON" and body.type in ("ORG", "GPE") and body.label != holder.label:
                        found.append(Role(holder, body, role, predicate, confidence=0.6))
    return found


BACKED = Sense("backed", "SUPPORT")


def backers(sentence: SentenceView, context: ArticleContext) -> list[Finding]:
    """ "Acme's backers, including Beta and Gamma", "Acme's lenders, such as Beta": each backs Acme."""
    found: list[Finding] = []
    for noun in sentence.tokens:
        if noun.lower_ not in word_list("backer_nouns") or noun.tag_ != "NNS":
            continue
        backed = [a for c in noun.children if c.dep_ == "poss" for a in sentence.resolve(c)]
        members = [a for a in listed_members(noun, sentence.actors) if a.type in ("ORG", "GPE", "PERSON")]
        for giver in members:
            for owner in backed[:1]:
                if giver.label != owner.label:
                    found.append(Statement(giver, BACKED, noun.i, owner, confidence=0.6))
    return found


BECAME = Sense("became", "OTHER")


def renamings(sentence: SentenceView, context: ArticleContext) -> list[Finding]:
    """ "Acme (now Beta)": an organization that has since become another."""
    found: list[Finding] = []
    doc = sentence.span.doc
    for actor in sentence.actor_starts():
        i = actor.end
        if actor.type != "ORG" or i + 3 >= len(doc) or doc[i].text != "(" or doc[i + 1].lower_ != "now":
            continue
        later = sentence.actors.get(i + 2)
        if later is not None and later.type == "ORG" and later.start == i + 2 and later.end < len(doc) and doc[later.end].text == ")":
            found.append(Statement(actor, BECAME, i + 1, later, confidence=0.7))
    return found


def verb_relations(sentence: SentenceView, context: ArticleContext) -> list[Finding]:
    """Every verb (with particle, preposition or light-verb noun) between two actors."""
    found: list[Finding] = []
    for token in sentence.tokens:
        if token.pos_ == "VERB" and not (token.i in sentence.actors and sentence.actors[token.i].type == "OTHER"):
            found.extend(statements_for_verb(token, sentence.resolve))  # (a verb in a title, "Losing My Way", is no act)
    return found


_NOT_FIGURES = word_list("not_figure_verbs")


def story_organization(context: ArticleContext) -> Actor | None:
    """The organization a story is about, for figures given without an owner: the one last
    acting as a subject, else the one last named."""
    last = context.references.actors.last_state
    if last is not None and last.type == "ORG":
        return last
    return next((a for a in reversed(context.references.actors.recent) if a.type == "ORG"), None)


def figures(sentence: SentenceView, context: ArticleContext) -> list[Finding]:
    """An actor and a figure of its own: "Acme cut 5,000 jobs", "Acme made a profit of £75m",
    "Acme's profit was $3m". The figure is the object; the lexicon's sense if it has one."""
    found: list[Finding] = []
    if not may_state_figures(sentence.span):
        return found
    for token in sentence.tokens:
        if token.pos_ not in ("VERB", "AUX") or token.lemma_.lower() in _NOT_FIGURES:
            continue
        figure = quantity_for(token)
        if figure is None or (figure.unit.islower() and figure.value < 2):
            continue
        figure_of = next((c for c in token.children if c.dep_ == "nsubj"), None)
        if token.lemma_ == "be" or (figure_of is not None and figure_of.lemma_.lower() in word_list("figure_nouns")):
            # "Acme's profit was $3m", "Net profit surged 70% to 2.39bn rupees"
            if figure_of is not None:
                owners = possessor_actors(figure_of, sentence.resolve) or [
                    a for c in figure_of.children if c.dep_ == "compound" for a in sentence.resolve(c)
                ]
                if not owners and figure_of.lemma_.lower() in word_list("figure_nouns"):
                    owners = [a for a in [story_organization(context)] if a is not None]
                for owner in owners[:1]:
                    found.append(Statement(owner, Sense(figure_of.lemma_.lower(), "OTHER"), token.i, None, figure_of.i))
            continue
        subjects = [a for t in subject_tokens(token) for a in sentence.resolve(t)]
        if not subjects:
            continue
        particle = next((c.lower_ for c in token.children if c.dep_ == "prt"), "")
        noun = object_noun(token)
        sense = sense_of(verb_lemma(token, particle), particle, noun.lemma_ if noun is not None else "")
        if sense is not None and sense.category not in FIGURE_CATEGORIES:
            sense = None  # "cleared five metres": the figure of an ordinary act
        if sense is None or sense.category in ("AID", "ASSAULT", "MOBILIZE"):
            if sense is not None:
                continue  # the verb stage states those with their figure already
            if figure.unit.islower() and figure.value < MIN_COUNT:
                continue  # "has one network", "mixing two issues": small counts of an unlisted verb are no figures
            words = [token.lower_ if token.tag_ in ("VBD", "VBN") else token.lemma_.lower()]
            if (
                noun is not None
                and noun.pos_ == "NOUN"
                and noun.ent_type_ not in ("MONEY", "CARDINAL", "QUANTITY")
                and noun.text not in figure.text.split()  # "cut 5,000 jobs": the unit is no part of the act
            ):
                words.append(noun.lemma_.lower())
            sense = Sense(" ".join(words), "OTHER")
        for subject in subjects[:2]:
            found.append(Statement(subject, sense, token.i, None, noun.i if noun is not None else None))
    return found


ATTACKED = Sense("attacked", "ASSAULT")
#: The smallest count of things the figures stage reports ("cut 150 jobs"; not "two issues").
MIN_COUNT = 100


def implicit_agents(sentence: SentenceView, context: ArticleContext) -> list[Finding]:
    """Events reported without who did them, given the agent the article last named for
    the same kind of event on the same actor or country: "Acme was fined again" after
    "the regulator fined Acme"; "Port Arlen was struck overnight" after "Ruritania attacked
    cities in Freedonia"; and retaliation without a target, against whoever acted on the
    subject ("Freedonia retaliated"). Lower confidence (0.5)."""
    refs = context.references
    stated = [f for f in context.sentence_findings if isinstance(f, Statement)]
    found: list[Finding] = []

    def agent_for(category: str, target: Actor) -> Actor | None:
        country = refs.gazetteer.country_of_place(target.label)
        return refs.agents.get((category, target.label)) or (refs.agents.get((category, country)) if country else None)

    for index, sense, patient in agentless_events(sentence.span, sentence.resolve):
        agent = agent_for(sense.category, patient)
        if (
            agent is not None
            and agent.label != patient.label
            and not any(st.sense.category == sense.category and st.object is not None and st.object.label == patient.label for st in stated)
        ):
            found.append(Statement(agent, sense, index, patient, confidence=0.5))
    assaults = [st for st in stated if st.sense.category == "ASSAULT" and st.object is not None]
    covered = {st.object.label for st in assaults if st.object is not None}
    said = {st.verb_index for st in assaults}
    # an attack the sentence reports without its agent, unless a stated one names that place or is that word
    reported: dict[str, tuple] = {}
    for index, place in unattributed_attacks(sentence.span, sentence.resolve):
        if place.label not in covered and index not in said:
            reported.setdefault(place.label, (index, place))
    for index, place in list(reported.values())[:3]:
        country = refs.gazetteer.country_of_place(place.label) or refs.last_target_country
        agent = refs.agents.get(("ASSAULT", country)) if country else None
        if agent is not None and agent.label != place.label:
            found.append(Statement(agent, ATTACKED, index, place, confidence=0.5))
    for st in stated:  # "Acme imposed tariffs on Ruritania ... Ruritania retaliated": against Acme, in kind
        verb = sentence.span.doc[st.verb_index]
        if st.object is None and verb.lemma_.lower() in word_list("retaliation_verbs"):
            answered = [  # "once Acme's tariffs came into force, Y retaliated": the act answered, named here
                (EVENT_NOUNS[t.lower_].category, owner)
                for t in sentence.tokens
                if t.pos_ == "NOUN" and t.lower_ in EVENT_NOUNS and EVENT_NOUNS[t.lower_].category in ("SANCTION", "ASSAULT", "ACCUSE")
                for owner in possessor_actors(t, sentence.resolve)[:1]
            ]
            answered += [
                (c, refs.agents[(c, st.subject.label)]) for c in ("SANCTION", "ASSAULT", "ACCUSE") if (c, st.subject.label) in refs.agents
            ]
            for category, agent in answered[:1]:
                if agent.label != st.subject.label:
                    found.append(Statement(st.subject, Sense("retaliated against", category), st.verb_index, agent, confidence=0.5))
    for verb in sentence.tokens:  # "X accused Y of lying ... Y denied the allegations": Y rejects X
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in DENIAL_VERBS or any(c.dep_ == "neg" for c in verb.children):
            continue
        if not any(
            o.dep_ == "dobj" and o.lemma_.lower() in ACCUSATION_NOUNS and not any(c.dep_ in ("poss", "prep") for c in o.children)
            for o in verb.children
        ):
            continue
        for denier in [a for t in subject_tokens(verb) for a in sentence.resolve(t)][:2]:
            accuser = refs.agents.get(("ACCUSE", denier.label))
            if (
                accuser is not None
                and accuser.label != denier.label
                and not any(
                    st.subject.label == denier.label and st.object is not None and st.object.label == accuser.label for st in stated
                )
            ):
                found.append(Statement(denier, DENIED_ACCUSATION, verb.i, accuser, confidence=0.5))
    for st in stated:  # "Ruritania attacked 9 towns in X ... In total, its forces fired 40 times"
        last_place = refs.last_target_of.get(st.subject.label)
        verb = sentence.span.doc[st.verb_index]
        if st.object is None and st.sense.category == "ASSAULT" and last_place is not None and verb.lemma_ in ("fire", "launch", "shell"):
            found.append(Statement(st.subject, st.sense, st.verb_index, last_place, confidence=0.5))
    return found


ACCUSED = Sense("criticized", "ACCUSE")
PRAISED = Sense("praised", "SUPPORT")
ADVISED = Sense("advised", "REQUEST")
ACCUSATION_NOUNS = word_list("accusation_nouns")
DENIED_ACCUSATION = Sense("rejected accusations by", "REJECT")


def _judgement(token: Token) -> Sense | None:
    """ACCUSED or PRAISED when a word (or the head of a phrase) judges badly or well."""
    words = {token.lemma_.lower(), token.lower_} | {c.lemma_.lower() for c in token.children if c.dep_ in ("amod", "acomp", "attr")}
    if any(c.dep_ == "neg" for c in token.children):
        return None
    if words & word_list("negative_evaluation"):
        return ACCUSED
    if words & word_list("positive_evaluation"):
        if token.pos_ == "VERB" and any(c.dep_ == "dobj" for c in token.children):
            return None  # "will deliver his Budget": a deed named, not praise ("X has delivered")
        return PRAISED
    return None


def _decision_before(sentence: SentenceView, verb: Token) -> list[Actor]:
    """Whose decision, order or ruling the sentence named last before ``verb`` ("Y's decision")."""
    for noun in reversed(list(sentence.span.doc[sentence.span.start : verb.i])):
        if noun.pos_ == "NOUN" and noun.lemma_.lower() in GENERIC_EVENT_NOUNS:
            owners = possessor_actors(noun, sentence.resolve)
            if owners:
                return owners
    return []


def evaluative_speech(sentence: SentenceView, context: ArticleContext) -> list[Finding]:
    """Judgements said of an actor: "X called the decision unlawful", "X described Y as a
    disgrace", "Y has failed, X said", "X said the minister was right" -> X criticized / praised Y;
    and outrage at an actor or its acts (:func:`outrage`)."""
    found: list[Finding] = []
    for verb in sentence.tokens:
        if verb.pos_ != "VERB":
            continue
        lemma = verb.lemma_.lower()
        labelling = lemma in word_list("labelling_verbs")
        if not labelling and lemma not in SPEECH_VERBS:
            continue  # only a verb of labelling or of speech passes judgement
        speakers = [a for t in subject_tokens(verb) for a in sentence.resolve(t)]
        if not speakers:
            continue
        judged: list[tuple[Token, Sense]] = []
        if labelling:
            complements = [c for c in verb.children if c.dep_ in ("oprd", "acomp", "xcomp", "ccomp")]
            carriers = [verb] + [o for o in verb.children if o.dep_ == "dobj"]  # "described X's actions [as rebellion]"
            complements += [
                p
                for h in carriers
                for a in h.children
                if a.dep_ == "prep" and a.lower_ == "as"
                for p in a.children
                if p.dep_ in ("pobj", "amod", "acomp")
            ]
            complements += [c for o in verb.children if o.dep_ == "dobj" for c in o.children if c.dep_ in ("amod", "appos") and c.i > o.i]
            for complement in complements:
                sense = _judgement(complement)
                if sense is not None:
                    judged += [(o, sense) for o in verb.children if o.dep_ == "dobj"]
                    judged += [(s, sense) for s in complement.children if s.dep_ in ("nsubj", "compound")]  # "called [the decision wrong]"
        elif lemma in SPEECH_VERBS:
            clauses = [c for c in verb.children if c.dep_ in ("ccomp", "parataxis")]
            clauses += [  # "told the programme that X's plans were inadequate": the parser hung the clause on the object
                c
                for o in verb.children
                if o.dep_ == "dobj"
                for c in o.children
                if c.dep_ in ("acl", "relcl") and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
            ]
            for clause in clauses:
                if any(c.dep_ == "neg" for c in clause.children):
                    continue
                judged += [  # "X would be well advised to think again": advice to X
                    (s, ADVISED)
                    for t in clause.subtree
                    if t.lemma_.lower() == "advise"
                    and any(c.dep_ == "auxpass" for c in t.children)
                    and any(c.dep_ == "xcomp" for c in t.children)
                    and not any(c.dep_ in ("agent", "neg") for c in t.children)
                    for s in t.children
                    if s.dep_ == "nsubjpass"
                ]
                sense = _judgement(clause) or next(
                    (j for c in clause.children if c.dep_ in ("acomp", "attr") for j in [_judgement(c)] if j is not None), None
                )
                if sense is None:  # "X has had the chance ... and has failed": a judging verb conjoined in the clause
                    sense = next(
                        (
                            j
                            for t in clause.subtree
                            if t.pos_ == "VERB" and t.dep_ == "conj" and t is not clause
                            for j in [_judgement(t)]
                            if j
                        ),
                        None,
                    )
                if sense is not None:
                    judged += [(s, sense) for s in clause.children if s.dep_ in ("nsubj", "nsubjpass")]
        for target, sense in judged:
            objects = sentence.resolve(target) or possessor_actors(target, sentence.resolve) or nominal_agents(target, sentence.resolve)
            if not objects and target.lower_ in ("it", "this") and target.dep_ == "dobj":
                objects = _decision_before(sentence, verb)  # "after X welcomed Y's ruling, Z called it reckless": Y's
            for speaker in speakers[:2]:
                for obj in objects[:2]:
                    if obj.label != speaker.label:
                        found.append(Statement(speaker, sense, verb.i, obj, confidence=0.6))
    return found + outrage(sentence)


OUTRAGE_WORDS = word_list("outrage_words")
_OUTRAGE_PREPOSITIONS = frozenset({"by", "at", "with", "over", "about"})
_STATE_VERBS = frozenset({"be", "feel", "seem", "sound", "look", "remain", "become", "get"})


def outrage(sentence: SentenceView) -> list[Finding]:
    """An actor outraged by another, or by what another did or said: "Jane Roe was appalled by
    Acme's decision", "the union is furious with the board" -> the outraged criticized the other.
    What outrages must be an actor or an act of one (a decision, actions, comments): "shocked
    by X's death" accuses no one."""
    found: list[Finding] = []
    for word in sentence.tokens:
        if word.lower_ not in OUTRAGE_WORDS:
            continue
        if word.dep_ == "acomp" and word.head.lemma_.lower() in _STATE_VERBS:
            clause, outraged = word.head, children_with(word.head, "nsubj")
        elif word.pos_ == "VERB" and any(c.dep_ in ("auxpass", "nsubjpass") for c in word.children):
            clause, outraged = word, children_with(word, "nsubjpass")
        else:
            continue
        causes = [
            t
            for p in word.children
            if p.dep_ == "agent" or p.dep_ == "prep" and p.lower_ in _OUTRAGE_PREPOSITIONS
            for t in with_conjuncts(children_with(p, "pobj"))
        ]
        critics = [a for t in outraged for a in sentence.resolve(t) if a.type in ("PERSON", "ORG", "GPE")]
        for cause in causes:
            if cause.i in sentence.actors:  # an actor itself; a place is where, not who ("horrified by X")
                targets = [a for a in sentence.resolve(cause) if a.type in ("PERSON", "ORG")]
            elif cause.lemma_.lower() in STANCE_NOUNS or cause.lower_ in STANCE_NOUNS:
                targets = possessor_actors(cause, sentence.resolve) or nominal_agents(cause, sentence.resolve)
            else:
                targets = []
            for critic in critics[:1]:
                for target in targets[:2]:
                    if target.label != critic.label and target.type in ("PERSON", "ORG", "GPE"):
                        found.append(Statement(critic, ACCUSED, clause.i, target, confidence=0.6))
    return found


Reader = Callable[[Token, Resolve], list[Statement]]


def _each_token(sentence: SentenceView, readers: dict[str, tuple[Reader, ...]]) -> list[Finding]:
    """What the readers for each token's part of speech (or lemma, as "lemma:be") find."""
    found: list[Finding] = []
    by_lemma = {key.removeprefix("lemma:"): r for key, r in readers.items() if key.startswith("lemma:")}
    for token in sentence.tokens:
        for reader in readers.get(token.pos_, ()) + (by_lemma.get(token.lemma_, ()) if by_lemma else ()):
            found.extend(reader(token, sentence.resolve))
    return found


def nominal_events(sentence: SentenceView, context: ArticleContext) -> list[Finding]:
    """Events named by nouns: "Ruritania's strike on X", "talks between X and Y", "the deployment of troops to X"."""
    nouns = (statements_for_event_noun, statements_for_meeting_noun, statements_for_deployment, statements_for_captivity)
    return _each_token(sentence, {"NOUN": nouns})


def set_phrases(sentence: SentenceView, context: ArticleContext) -> list[Finding]:
    """Set phrases: "in support of X", "X said Y must ...", "troops are in X"."""
    readers: dict[str, tuple[Reader, ...]] = {
        "VERB": (statements_for_in_phrase, statements_for_demand),
        "AUX": (statements_for_in_phrase,),
        "lemma:be": (statements_for_presence, statements_for_ownership),
    }
    return _each_token(sentence, readers)


STAGES: tuple[Stage, ...] = (
    Stage("roles", ("parse", "actors", "lang/en/roles.tsv"), ("AFFILIATION", "COOPERATE (allies)"), roles),
    Stage("state_titles", ("parse", "actors", "lang/en/roles.tsv", "lang/en/word_lists.json"), ("pending AFFILIATION",), state_titles),
    Stage("possessive_roles", ("parse", "actors", "references", "lang/en/roles.tsv"), ("AFFILIATION",), possessive_roles),
    Stage(
        "described_roles",
        ("parse", "actors", "references", "lang/en/roles.tsv", "loaders/data/offices.tsv"),
        ("AFFILIATION",),
        described_roles,
    ),
    Stage("copular_roles", ("parse", "actors", "references", "lang/en/roles.tsv"), ("AFFILIATION",), copular_roles),
    Stage("as_roles", ("parse", "actors", "references", "lang/en/roles.tsv"), ("AFFILIATION",), as_roles),
    Stage(
        "subsidiaries", ("parse", "actors", "references", "lang/en/word_lists.json"), ("AFFILIATION (company to company)",), subsidiaries
    ),
    Stage("party_roles", ("parse", "actors", "references", "lang/en/roles.tsv"), ("AFFILIATION",), party_roles),
    Stage("governments_of", ("parse", "actors", "references"), ("AFFILIATION",), governments_of),
    Stage("spokespeople", ("parse", "actors", "references", "lang/en/word_lists.json"), ("AFFILIATION",), spokespeople),
    Stage(
        "verb_relations",
        ("parse", "actors", "references", "lang/en/verbs.tsv", "lang/en/word_lists.json"),
        ("any category", "OTHER for verbs outside the lexicon"),
        verb_relations,
    ),
    Stage("backers", ("parse", "actors", "references", "lang/en/word_lists.json"), ("SUPPORT",), backers),
    Stage("renamings", ("parse", "actors"), ("OTHER (became)",), renamings),
    Stage("figures", ("parse", "actors", "references", "lang/en/verbs.tsv"), ("any category, with a money or count object",), figures),
    Stage("evaluative_speech", ("parse", "actors", "references", "lang/en/word_lists.json"), ("ACCUSE", "SUPPORT"), evaluative_speech),
    Stage(
        "nominal_events",
        ("parse", "actors", "references", "lang/en/event_nouns.tsv", "lang/en/nominalizations.tsv"),
        ("any category",),
        nominal_events,
    ),
    Stage(
        "set_phrases",
        ("parse", "actors", "references", "lang/en/in_phrases.tsv"),
        ("SUPPORT", "REQUEST", "MOBILIZE", "AFFILIATION"),
        set_phrases,
    ),
    Stage(
        "implicit_agents", ("parse", "actors", "findings so far", "agents named before"), ("any category, confidence 0.5",), implicit_agents
    ),
)
