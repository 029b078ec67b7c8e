"""Findings to triples: truth status, attribution, quantities and dates attached."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from functools import cached_property
from typing import Any

from spacy.tokens import Token

from graph.model import Entity, Triple
from loaders.extraction.context import ArticleContext, SentenceView
from loaders.extraction.dates import event_date
from loaders.extraction.entities import Actor
from loaders.extraction.lexicon import Sense
from loaders.extraction.nominal import FIGHT_PREDICATES, STANCE_NOUNS, disputed_over
from loaders.extraction.quantities import casualties_in, quantity_for, quantity_qualifiers, reports_score
from loaders.extraction.references import ACTING_TYPES
from loaders.extraction.relations import Statement
from loaders.extraction.roles import Role
from loaders.extraction.tables import word_list
from loaders.extraction.truth import SPEECH_VERBS, according_to, truth_of

#: Categories whose event can have a figure for its object ("cut 5,000 jobs", "fined $2bn",
#: "arrested 40 people"); "cleared five metres" is no concession.
#: What a pledge to do turns into a threat ("vowed to strike", "promised to sue").
HOSTILE_CATEGORIES = frozenset({"ASSAULT", "COERCE", "SANCTION", "ACCUSE"})
#: What a promise gives as it is made: force (a threat), support or aid; any other promise is not yet done.
_PROMISED_GIVEN = HOSTILE_CATEGORIES | {"AID", "SUPPORT"}
FIGURE_CATEGORIES = frozenset({"AID", "ASSAULT", "MOBILIZE", "OTHER", "AGREE", "SANCTION", "ACCUSE", "COERCE"})
VERBAL_ATTACK_MODIFIERS = word_list("verbal_attack_modifiers")
ACHIEVEMENT_ROLES = word_list("achievement_roles")
VERBAL_ATTACK_VERBS = word_list("verbal_attack_verbs")
RECIPROCAL_VERBS = word_list("reciprocal_verbs")
MEDIA_WORDS = word_list("media_words")
ADVANCE_VERBS = word_list("advance_verbs")
NATURAL_HAZARDS = word_list("natural_hazards")
ORGANIZATION_WORDS = word_list("organization_words") | word_list("org_suffixes")
SUPPLY_NOUNS = word_list("supply_nouns")
SPORT_PLAY_NOUNS = word_list("sport_play_nouns")
_ARMED_SIDES = word_list("armed_side_words")
_BLOODSHED = word_list("bloodshed_words")
VICTORY_NOUNS = word_list("victory_nouns")


#: Verbs of pressing, which ask only with what is asked ("pushed X to act", "pressed X on Y").
PRESSING_VERBS = frozenset({"push", "press", "prod", "nudge"})
#: What a verb of pressing asks for or about: "pressed X for / on / over Y", "pushed X into talks".
ASKING_PREPOSITIONS = frozenset({"for", "on", "over", "about", "into", "towards", "toward"})


def _is_natural_hazard(actor: Actor) -> bool:
    """A storm, a flood, an earthquake taken for an actor: a hazard's word alone ("Tsunami"),
    or opening a storm's name ("Hurricane Jane", "Tropical Storm Jane", whatever type the
    recognizer gave it); not a body named after one ("Earthquake Relief Fund") nor an
    aircraft ("RAF Typhoon"), nor a person ("Jane Storm")."""
    words = actor.label.lower().split()
    if words[:2] == ["tropical", "storm"]:
        words = words[1:]
    if not words or words[0] not in NATURAL_HAZARDS:
        return False
    return len(words) == 1 or (len(words) <= 3 and not set(words) & ORGANIZATION_WORDS)


def _asks(verb: Token) -> bool:
    """Whether a verb read as a request asks anything: a verb of pressing needs a clause or a
    phrase of what is asked ("pushed X to resign", "pressed X on Y", "into talks"), not a
    motion ("pushed the referee", "pushed X off first place"); "turned to X" needs no object of its
    own ("turned to the IMF for help", not "turned its attention to X")."""
    lemma = verb.lemma_.lower()
    if lemma in PRESSING_VERBS and not any(c.dep_ == "prt" for c in verb.children):
        return any(
            c.dep_ in ("xcomp", "ccomp")
            or c.dep_ == "advcl"
            and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)  # (the parser's "to" clause)
            or c.dep_ == "prep"
            and c.lower_ in ASKING_PREPOSITIONS
            for c in verb.children
        )
    if lemma == "turn" and not any(c.dep_ == "prt" for c in verb.children):  # ("turned up the pressure" asks)
        return not any(c.dep_ == "dobj" for c in verb.children)
    return True


def _in_play(verb: Token) -> bool:
    """Whether a verb tells play in a game: what it scores ("kicked two goals", "took five
    wickets") or carries a side to ("kicked Wales to victory", "fired X to the title")."""
    figure = quantity_for(verb)
    unit = figure.unit.lower() if figure is not None else ""
    if unit and (unit in SPORT_PLAY_NOUNS or unit.endswith("s") and unit[:-1] in SPORT_PLAY_NOUNS):
        return True
    return any(
        c.dep_ == "prep"
        and c.lower_ == "to"
        and any(o.dep_ == "pobj" and o.lemma_.lower() in VICTORY_NOUNS for o in c.children)
        or c.lower_ in VICTORY_NOUNS
        and any(a.lower_ == "to" and a.dep_ in ("aux", "prep") for a in c.children)  # (read as a verb)
        for c in verb.children
    )


def entity_of(actor: Actor) -> Entity:
    """The graph.model record of an actor (a demonym stands for its state)."""
    return Entity(label=actor.label, type=actor.type if actor.type != "NORP" else "GPE", text=actor.text)


class Emitter:
    """Turns one sentence's findings into triples: truth status, attribution, quantities, dates."""

    def __init__(self, context: ArticleContext, sentence: SentenceView):
        self.context = context
        self.sentence = sentence
        # who the sentence is attributed to, read before any stage has noted what it found
        self.speaker = according_to(sentence.span, sentence.resolve)

    # What every triple of the sentence shares, read once the sentence has a finding (most have none).

    @cached_property
    def common(self) -> dict[str, Any]:
        article, sentence = self.context.article, self.sentence
        return dict(
            source=article.source,
            article=article.id,
            sentence=article.text[sentence.start_char : sentence.end_char],
            start=sentence.start_char,
            end=sentence.end_char,
            article_date=article.date.isoformat() if article.date else None,
        )

    @cached_property
    def sentence_date(self) -> dt.date | None:
        date = self.context.article.date
        return event_date(self.sentence.span, None, date) or date

    @cached_property
    def casualties(self) -> dict[str, Any]:
        return casualties_in(self.sentence.span)

    def role(self, role: Role) -> list[Triple]:
        person = replace(role.person, label=role.person.capital_of) if role.person.capital_of else role.person
        won = role.category == "AFFILIATION" and role.role.split()[-1] in ACHIEVEMENT_ROLES  # "Wimbledon champion X"
        return [
            Triple(
                subject=entity_of(person),
                predicate=role.predicate,
                category="OTHER" if won else role.category,
                object=entity_of(role.body),
                date=self.sentence_date.isoformat() if self.sentence_date else None,
                qualifiers={"role": role.role},
                confidence=role.confidence,
                **self.common,
            )
        ]

    def _attack_in_words(self, subject: Actor, obj: Actor, verb: Token) -> str | None:
        """When an attack on ``obj`` is one of words, its predicate ("" to keep the verb's);
        None for an attack of force. Words: an attack worded so ("launched a scathing attack
        on X", whoever makes it), a verb of attack whose object is a plan, a policy or what
        someone said, or a person's that gives a reason ("attacked X for giving in"), or a verb of
        attack between people ("Jane Roe attacked John
        Doe over tax", "she attacked the government"; "clashed with" keeps its verb: both ways)."""
        lemma = verb.lemma_.lower()
        if obj.type in ("PERSON", "ORG", "GPE") and any(
            n.dep_ == "dobj" and any(a.lower_ in VERBAL_ATTACK_MODIFIERS for a in n.children if a.dep_ == "amod") for n in verb.children
        ):
            return "criticized"
        politician = subject.type == "PERSON" or self.context.gazetteer.home_of(subject.label) is not None
        if lemma in VERBAL_ATTACK_VERBS and any(
            (n.dep_ == "dobj" and n.lemma_.lower() in STANCE_NOUNS)
            or (politician and n.dep_ == "prep" and n.lower_ == "for" and any(c.dep_ == "pcomp" and c.tag_ == "VBG" for c in n.children))
            for n in verb.children
        ):  # "attacked the government's plans"; a person who "attacked X for giving in" (a state that
            # "attacked X for firing rockets" struck back)
            return "criticized"
        if lemma in VERBAL_ATTACK_VERBS and politician and (obj.type in ("PERSON", "ORG") or obj.text.lower().endswith("government")):
            return "" if lemma in RECIPROCAL_VERBS else "criticized"
        return None

    def _business_rivalry(self, subject: Actor, obj: Actor | None) -> bool:
        """A business's battle or clash with another, or with a state: competition or a dispute,
        unless the sentence names an armed side ("clashed with rebels near the mine") or tells of
        dead or wounded ("clashed with villagers, leaving two dead")."""
        if subject.label not in self.context.businesses and (obj is None or obj.label not in self.context.businesses):
            return False
        return not any(t.lower_ in _ARMED_SIDES or t.lemma_.lower() in _BLOODSHED for t in self.sentence.tokens)

    def _can_give_aid(self, giver: Actor, receiver: Actor | None, verb: Token) -> bool:
        """Aid flows from states and the bodies the gazetteer knows (UN, IMF, …), to states,
        or as money; a company selling to customers is trade. What is given must be a supply
        or a figure: "gave Ruritania the lead", "gave X a hard time" give no aid."""
        figure = quantity_for(verb)
        if verb.lemma_.lower() == "give":
            holders = [verb, *(c for c in verb.children if c.dep_ == "dative")]  # (the parser may hang it on the receiver)
            given = next((c for h in holders for c in h.children if c.dep_ == "dobj"), None)
            supply = given is None or given.lemma_.lower() in SUPPLY_NOUNS or given.lower_ in SUPPLY_NOUNS
            if not supply and figure is None:
                return False
        if giver.type in ("GPE", "NORP") or self.context.gazetteer.lookup(giver.label) is not None:
            return True
        if receiver is not None and receiver.type == "GPE":
            return True
        return figure is not None and figure.unit.isupper()

    def _as_meant(self, sense: Sense, subject: Actor, obj: Actor | None, verb: Token) -> Sense:
        """The lexicon's sense of a verb as the sentence means it: an attack in words, in play,
        an arrival or an argument; a hazard's doing; a push that asks nothing; a give that is
        no aid."""
        doc = verb.doc
        if sense.category == "ASSAULT" and obj is not None:
            words = self._attack_in_words(subject, obj, verb)
            if words is not None:
                sense = replace(sense, category="ACCUSE", predicate=words or sense.predicate)
        if sense.category == "ASSAULT" and (reports_score(doc[verb.left_edge.i : verb.right_edge.i + 1]) or _in_play(verb)):
            # "X downed Y 6-4 6-3", "outplayed Y for a 24-10 victory", "kicked two goals",
            # "kicked Wales to victory": a contest, in the verb's words
            played = verb.lower_ if verb.pos_ == "VERB" and verb.tag_ in ("VBD", "VBN") else sense.predicate
            sense = replace(sense, category="OTHER", predicate=played)
        if sense.category == "ASSAULT" and subject.type == "PERSON" and verb.lemma_.lower() in ADVANCE_VERBS:
            sense = replace(sense, category="OTHER")  # "the champion swept into London": one person arriving
        if (
            sense.category == "ASSAULT"
            and sense.predicate in FIGHT_PREDICATES
            and disputed_over(verb, self.sentence.resolve, topics_only=True)
        ):
            sense = replace(sense, category="ACCUSE")  # "clashed with the board over the plan", "on the issue"
        if sense.category == "ASSAULT" and sense.predicate in FIGHT_PREDICATES and self._business_rivalry(subject, obj):
            sense = replace(sense, category="OTHER")  # "the battle between two software giants": business, not war
        if sense.category != "OTHER" and _is_natural_hazard(subject):
            sense = replace(sense, category="OTHER")  # "Hurricane Jane struck the coast": no actor's act
        if sense.category == "REQUEST" and not _asks(verb):
            sense = replace(sense, category="OTHER")  # "pushed the referee", "turned its attention to X"
        if sense.category == "AID" and not self._can_give_aid(subject, obj, verb):
            sense = replace(sense, category="OTHER")  # "Acme supplies 150 teams": a company's trade
        return sense

    def statement(self, st: Statement) -> list[Triple]:
        doc = self.sentence.span.doc
        verb = doc[st.verb_index]
        subject = st.subject
        if subject.capital_of:  # "Moscow said", "Kyiv launched": the capital acts for its state
            subject = replace(subject, label=subject.capital_of)
        if subject.type not in ACTING_TYPES and not (subject.type == "OTHER" and st.sense.category == "OTHER"):
            return []  # (a film, a book: "X won the prize", never an attack or a pledge)
        confidence = st.confidence if st.confidence is not None else (0.75 if st.sense.category != "OTHER" else 0.6)
        obj = st.object
        if obj is not None and obj.capital_of and st.sense.category not in ("ASSAULT", "MOBILIZE"):
            obj = replace(obj, label=obj.capital_of)  # "support Kyiv", "talks in Moscow": the capital stands for its state
        sense = self._as_meant(st.sense, subject, obj, verb)
        if (
            sense.category == "CONSULT"
            and obj is not None
            and verb.lemma_.lower() in SPEECH_VERBS
            and set(obj.label.lower().replace("'s", "").split()) & MEDIA_WORDS
        ):
            return []  # "told Sky News": an interview, not a meeting
        st = replace(st, sense=sense)
        truth = truth_of(verb)
        if truth.commitment and sense.category not in _PROMISED_GIVEN:
            truth = replace(truth, modality="hypothetical")  # "had promised to pick X": a promise (of support or aid: given)
        if truth.commitment and sense.category in HOSTILE_CATEGORIES:
            # "vowed to strike X": a pledge of force is a threat, made now
            sense = replace(sense, category="THREATEN", predicate=f"{truth.commitment} to {verb.lemma_.lower()}")
            st = replace(st, sense=sense)
        if truth.refusal and sense.category != "REJECT":
            # "refused to meet X": the refusal is the act, a rejection of X
            sense = replace(sense, category="REJECT", predicate=f"{truth.refusal} to {verb.lemma_.lower()}")
            st = replace(st, sense=sense)
            truth = replace(truth, polarity="positive")
        qualifiers = dict(st.qualifiers)
        speaker = self.speaker
        if truth.speaker_index is not None:
            spoken = self.sentence.resolve(doc[truth.speaker_index])
            if spoken:
                speaker = spoken[0].capital_of or spoken[0].label
        if speaker and speaker != subject.label:
            qualifiers["attribution"] = speaker
        modality = "reported" if speaker and truth.modality == "asserted" else truth.modality
        figure_only = st.object is None and st.sense.category in FIGURE_CATEGORIES
        quantity = quantity_for(verb) if figure_only or st.sense.category in ("AID", "ASSAULT", "MOBILIZE") else None
        if subject.type not in ACTING_TYPES:
            quantity = None  # a film's takings read from "came third with $7m": no figure of a work's own
        if quantity is not None:
            qualifiers.update(quantity_qualifiers(quantity))
        if st.sense.category == "ASSAULT":
            qualifiers.update(self.casualties)
            if obj is not None and obj.type in ("GPE", "LOC", "FAC"):
                qualifiers.setdefault("location", obj.label)
        when = event_date(self.sentence.span, st.verb_index, self.context.article.date) or self.context.article.date
        if when is not None:
            qualifiers.setdefault("date", when.isoformat())
        shared: dict[str, Any] = dict(
            subject=entity_of(subject),
            predicate=st.sense.predicate,
            category=st.sense.category,
            date=when.isoformat() if when else None,
            polarity=truth.polarity,
            modality=modality,
            **self.common,
        )
        out: list[Triple] = []
        if obj is not None:
            out.append(Triple(object=entity_of(obj), qualifiers=qualifiers, confidence=confidence, **shared))
        if quantity is not None:
            q = {k: v for k, v in qualifiers.items() if k not in ("amount", "currency", "count", "unit")}
            if obj is not None:
                q["recipient" if st.sense.category == "AID" else "location"] = obj.label
            out.append(Triple(object=quantity, qualifiers=q, confidence=confidence - 0.1, **shared))
        return out
