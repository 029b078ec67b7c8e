"""Actor–relation–actor statements from the parse of one sentence.

A verb (with particle or light-verb noun) found in the lexicon gives a
statement; its agent is the subject (turned around for the passive), its
direct object or a target/recipient prepositional object is the object.
Coordinated subjects and objects fan out.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from spacy.tokens import Token

from loaders.extraction.entities import Actor, Resolve, role_word
from loaders.extraction.lexicon import LEXICON, Sense, sense_of
from loaders.extraction.parsed import sentence_bounds
from loaders.extraction.tables import nominalizations, word_list
from loaders.extraction.truth import SPEECH_VERBS

PLACE_TYPES = frozenset({"GPE", "LOC", "FAC"})

OWNED_NOUNS = word_list("owned_nouns")
RECIPROCAL_LEMMAS = word_list("reciprocal_verbs")


UNOWNED_FORCES = word_list("unowned_forces")


def speaker_forces(token, resolve: Resolve) -> list:
    """ "The ministry said that air defenses downed 25 drones": forces named without an owner,
    in what a state body reports, are that state's."""
    if token.lower_ not in UNOWNED_FORCES or any(c.dep_ in ("poss", "amod") for c in token.children):
        return []
    clause = token.head
    if clause.dep_ != "ccomp" or clause.head.lemma_.lower() not in SPEECH_VERBS:
        return []
    return [a for s in children_with(clause.head, "nsubj") for a in resolve(s) if a.type == "GPE"]


def possessor_actors(token, resolve: Resolve) -> list:
    """ "Trump's campaign", "Ukraine's energy grid": the named possessor of a common noun."""
    if token.pos_ != "NOUN" or token.lemma_.lower() in ("ally", "partner", "friend", "neighbor", "neighbour", "enemy", "people", "citizen"):
        return []
    if getattr(role_word(token), "kind", "") == "head" and not token.lower_.endswith("s"):
        return []  # "urged the England left-back to stay": one person, not the side named before
    owners = [a for c in token.children if c.dep_ == "poss" for a in resolve(c)]
    if not owners:  # "a Green Party leaflet", "the EU decision": a name modifying the thing
        owners = [
            a
            for c in token.children
            if c.dep_ == "compound" and (c.pos_ == "PROPN" or c.ent_type_ in ("ORG", "NORP"))  # "the Green government"
            for a in resolve(c)
        ]
    if not owners and token.lower_ in word_list("part_nouns"):  # "the car unit of X"
        owners = [a for p in token.children if p.dep_ == "prep" and p.lower_ == "of" for t in children_with(p, "pobj") for a in resolve(t)]
    return owners


def origin_actors(token, resolve: Resolve) -> list:
    """ "duties on imports from X", "expelled diplomats from X", "goods of X": who the thing
    acted on comes from or belongs to."""
    if token.pos_ == "NUM" or token.ent_type_ == "MONEY":  # "tariffs on $20 billion of Chinese goods"
        token = next((t for p in children_with(token, "prep") if p.lower_ == "of" for t in children_with(p, "pobj")), token)
    if token.pos_ != "NOUN":
        return []
    preps = [p for p in token.children if p.dep_ == "prep" and p.lower_ in ("from", "of")]
    if not preps and token.dep_ == "dobj":  # the parser hung "from X" on the verb: "expelled diplomats from X"
        preps = [p for p in token.head.children if p.dep_ == "prep" and p.lower_ == "from" and p.i == token.right_edge.i + 1]
    found = [a for p in preps for t in with_conjuncts(children_with(p, "pobj")) for a in resolve(t)]
    if not found:  # "tariffs on Chinese goods": the demonym owns them
        found = [replace(a, type="GPE") for c in token.children if c.dep_ == "amod" for a in resolve(c, True) if a.type in ("GPE", "NORP")]
    return [a for a in found if a.type in ("GPE", "ORG", "PERSON")]


def nominal_agents(token, resolve: Resolve) -> list:
    """ "criticised the raids by X and Y": the agents of an event noun, named with "by"."""
    if token.pos_ != "NOUN":
        return []
    bys = [p for p in token.children if p.dep_ == "prep" and p.lower_ == "by"]
    if not bys and token.dep_ == "dobj" and not _is_passive(token.head):
        # the parser hung "by X" on the verb: "criticised the raids by X" all the same
        bys = [p for p in token.head.children if p.dep_ == "prep" and p.lower_ == "by" and p.i == token.right_edge.i + 1]
    return [a for p in bys for t in with_conjuncts(children_with(p, "pobj")) for a in resolve(t)]


def counterparts(token, resolve: Resolve) -> list:
    """ "welcomed the agreement with X": the other party of an event noun, named with "with"."""
    if token.pos_ != "NOUN" or nominalizations().get(token.lemma_.lower()) is None:
        return []
    return [
        a
        for p in token.children
        if p.dep_ == "prep" and p.lower_ == "with"
        for t in with_conjuncts(children_with(p, "pobj"))
        for a in resolve(t)
    ]


def owner_actors(token, resolve: Resolve, depth: int = 2) -> list:
    """The actor behind a common noun: its demonym/possessor, or the agent that launched it."""
    if depth == 0:
        return []
    if token.lemma_.lower() in OWNED_NOUNS or token.lower_ in OWNED_NOUNS:
        for child in token.children:
            if child.dep_ in ("amod", "compound", "poss", "nmod"):
                actors = [a for a in resolve(child, True) if a.type in ("GPE", "ORG", "NORP")]
                if actors:
                    return actors
        for child in token.children:
            if child.dep_ == "acl" and child.tag_ == "VBN":
                for agent in agent_tokens(child):
                    actors = resolve(agent) or owner_actors(agent, resolve, depth - 1)
                    if actors:
                        return actors
    if token.pos_ == "NUM" or token.lower_ in ("some", "most", "many", "all", "none", "one", "several", "dozens", "hundreds", "scores"):
        for prep in children_with(token, "prep"):
            if prep.lower_ == "of":
                for pobj in children_with(prep, "pobj"):
                    found = owner_actors(pobj, resolve, depth - 1)
                    if found:
                        return found
    return []


@dataclass(frozen=True)
class Statement:
    """A relation found in a sentence, before truth status and dates are attached."""

    subject: Actor
    sense: Sense
    verb_index: int
    object: Actor | None = None
    object_token: int | None = None  # token heading the object phrase (for quantities)
    qualifiers: dict = field(default_factory=dict)
    confidence: float | None = None  # None: the default for the sense's category


def children_with(token, *deps):
    return [c for c in token.children if c.dep_ in deps]


def _is_passive(verb) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children) or (
        verb.tag_ == "VBN" and verb.dep_ in ("acl", "amod", "advcl", "acomp") and any(c.dep_ == "agent" for c in verb.children)
    )


def agent_tokens(verb):
    found = [p for a in children_with(verb, "agent") for p in children_with(a, "pobj")]
    if not found and any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children):
        # "X was fined 500 million euros by Y": the parser hangs the agent on the amount
        found = [
            p
            for c in verb.children
            if c.dep_ in ("prep", "dobj", "npadvmod")
            for b in ([c] if c.dep_ == "prep" else children_with(c, "prep"))
            if b.lower_ == "by"
            for p in children_with(b, "pobj")
        ]
    return found


def with_conjuncts(tokens: list[Token]) -> list[Token]:
    """Tokens and those coordinated with them ("X, Y and Z"), also through an apposition:
    "his counterpart, Jan Novak, and the Ruritanian leader, Ana Lima" lists two people; so does
    an apposition owned by "its" ("Acme, its chief executive Jane Roe and ...")."""
    out: list[Token] = []
    for t in tokens:
        out.append(t)
        stack = [t]
        while stack:
            cur = stack.pop()
            for c in cur.children:
                if c.dep_ == "conj" and c not in out:
                    out.append(c)
                    stack.append(c)
                elif c.dep_ == "appos" and c not in out and any(d.dep_ == "poss" and d.lower_ in ("its", "their") for d in c.children):
                    out.append(c)  # "accused Acme, its chief executive Jane Roe and ...": a list, not a second name
                    stack.append(c)
                elif c.dep_ == "appos" and cur.pos_ == "NOUN":
                    for d in c.children:
                        if d.dep_ == "conj" and d not in out:
                            out.append(d)
                            stack.append(d)
    return out


def subject_tokens(verb):
    """The tokens naming who acts, following conjunction, xcomp and relative clauses."""
    if _is_passive(verb):
        agents = agent_tokens(verb)
        return with_conjuncts(agents)
    subjects = children_with(verb, "nsubj")
    if subjects:
        if subjects[0].tag_ in ("WDT", "WP") and verb.dep_ == "relcl":
            antecedent = verb.head
            plural = (
                verb.tag_ == "VBP"
                or verb.lemma_.lower() in RECIPROCAL_LEMMAS  # "A and B, who met ...": a meeting takes both
                or any(c.dep_ == "aux" and c.lower_ in ("have", "are", "were") for c in verb.children)
            )
            while plural and antecedent.dep_ == "conj" and antecedent.head.i != antecedent.i:
                antecedent = antecedent.head  # "X and Y, who own ...": both of them
            group = with_conjuncts([antecedent])
            if plural and len(group) == 1:  # "A of Ruritania and B of Freedonia, who met ...": the parser hung B on Ruritania
                group += [
                    c
                    for p in children_with(antecedent, "prep")
                    for o in children_with(p, "pobj")
                    for c in with_conjuncts([o])[1:]
                    if c.pos_ == "PROPN" and any(g.dep_ == "prep" and g.lower_ == p.lower_ for g in c.children)
                ]
            return group
        return with_conjuncts(subjects)
    headline = [c for c in verb.children if c.dep_ == "compound" and c.i < verb.i and c.pos_ == "PROPN"]
    if headline and verb.dep_ == "ROOT":  # "Howard taunts Blair": a headline the parser read as a compound
        return headline
    node = verb
    for _ in range(3):
        if node.dep_ in ("conj", "xcomp") and node.head.i != node.i:
            controlled = node.dep_ == "xcomp"
            node = node.head
            if node.pos_ in ("VERB", "AUX"):
                if _is_passive(node):
                    if controlled and children_with(node, "nsubjpass") and node.lemma_.lower() in word_list("object_control_verbs"):
                        # "Acme was forced to sell X": the one forced does the selling
                        return with_conjuncts(children_with(node, "nsubjpass"))
                    return with_conjuncts(agent_tokens(node))
                found = children_with(node, "nsubj")
                if found:
                    return with_conjuncts(found)
                continue
        if (
            node.dep_ == "pcomp"
            and node.tag_ == "VBG"
            and node.head.lower_ in ("after", "before", "by", "since", "despite", "while", "without")
        ):
            # "Acme is in the spotlight after signing a deal": the participle shares its clause's subject
            node = node.head.head
            if node.pos_ in ("VERB", "AUX"):
                found = agent_tokens(node) if _is_passive(node) else children_with(node, "nsubj")
                if found:
                    return with_conjuncts(found)
            continue
        if node.dep_ == "acl" and node.head.dep_ == "dobj" and any(c.dep_ == "aux" and c.lower_ == "to" for c in node.children):
            node = node.head.head  # "signed a deal to buy X": who signed is who buys
            continue
        if node.dep_ == "relcl" or (
            node.dep_ == "acl" and (node.tag_ in ("VBG", "VBD") or node.head.dep_ == "ROOT" or any(c.dep_ == "dobj" for c in node.children))
        ):
            # "Russia, which attacked ...", "Israeli airstrikes killing ..." (not "soldiers killed in ...")
            return with_conjuncts([node.head])
        if (
            node.dep_ == "advcl"
            and node.tag_ == "VBG"
            and node.head.pos_ in ("VERB", "AUX")
            and not any(c.dep_ == "mark" for c in node.children)
        ):  # "The two leaders had a call, agreeing to ...": a participle clause shares its head's subject
            participle, node = node, node.head
            if (
                node.dep_ == "ccomp"
                and node.head.lemma_.lower() in SPEECH_VERBS
                and node.head.i < node.i
                and participle.doc[participle.i - 1].text == ","
            ):
                node = node.head  # "X said the firm would appeal, calling the plan illegal": X calls it
            found = agent_tokens(node) if _is_passive(node) else children_with(node, "nsubj")
            if found:
                return with_conjuncts(found)
            continue
        if (
            node.dep_ in ("advcl", "acomp")
            and node.head.i != node.i
            and (node.dep_ == "acomp" or any(c.dep_ == "aux" and c.lower_ == "to" for c in node.children))
        ):  # "launched drones to attack Kyiv", "were able to intercept"
            node = node.head
            found = agent_tokens(node) if _is_passive(node) else children_with(node, "nsubj")
            if found:
                return with_conjuncts(found)
            continue
        break
    return []


def patient_tokens(verb):
    """The tokens naming what is acted on (direct object or passive subject)."""
    if _is_passive(verb):
        patients = children_with(verb, "nsubjpass")
        if patients and patients[0].tag_ in ("WDT", "WP") and verb.dep_ == "relcl":
            patients = [verb.head]  # "Acme, which is owned by Y": the noun the clause is on
        if not patients and verb.dep_ in ("acl", "amod"):  # "Acme, majority-owned by Y" (a participle read as adjective)
            patients = [verb.head]
        if not patients and verb.dep_ == "advcl":  # misparsed reduced relative
            patients = children_with(verb.head, "nsubj")
        if not patients and verb.dep_ == "acomp":  # "X, which is owned by Y": the copula's subject
            patients = children_with(verb.head, "nsubj")
            if patients and patients[0].tag_ in ("WDT", "WP") and verb.head.dep_ == "relcl":
                patients = [verb.head.head]
        if not patients:
            # "troops stationed in Rafah were attacked by ...": the subject of the reduced
            # relative just before the passive is the one acted on
            for left in reversed(list(verb.doc[sentence_bounds(verb)[0] : verb.i])):
                if left.dep_ in ("nsubj", "nsubjpass") and left.head.i < verb.i and left.head.tag_ == "VBN" and left.head.i != verb.i:
                    patients = [left]
                    break
        return with_conjuncts(patients)
    objects = children_with(verb, "dobj")
    if not objects and verb.pos_ == "VERB":
        # "praised Arce, who took office ... and whose party won ...": the parser made the
        # name the subject of the relative clause's verb; it is the object
        doc, k = verb.doc, verb.i + 1
        while k + 1 < len(doc) and doc[k + 1].pos_ == "PROPN" and doc[k].pos_ == "PROPN":
            k += 1
        if (
            k + 2 < len(doc)
            and doc[k].pos_ == "PROPN"
            and doc[k].dep_ in ("nsubj", "nsubjpass")
            and doc[k].head.i > k
            and doc[k + 1].text == ","
            and doc[k + 2].tag_ in ("WP", "WDT", "WP$")
        ):
            objects = [doc[k]]
    return with_conjuncts(objects)


def prep_objects(token, preps):
    out: list[Token] = []
    for prep in children_with(token, "prep", "dative"):
        if prep.dep_ == "dative" and "to" in preps:
            # "sent drones to Russia" (a "to" phrase) or "gave Ukraine tanks" (a bare noun)
            out.extend(with_conjuncts(children_with(prep, "pobj")) if prep.pos_ == "ADP" else [prep])
            continue
        if prep.lower_ in preps:
            out.extend(with_conjuncts(children_with(prep, "pobj")))
    return out


BUILDING_NOUNS = word_list("building_nouns")
SETTLEMENT_NOUNS = word_list("settlement_nouns")


def place_within(token, resolve: Resolve, depth: int = 3) -> list[Actor]:
    """A named place inside a common-noun phrase ("a market in the old town of Mostar")."""
    if depth == 0:
        return []
    found: list[Actor] = []
    preps = children_with(token, "prep")
    for clause in children_with(token, "relcl", "acl"):  # "the building where the ambassador lives in Kyiv"
        preps += [p for p in children_with(clause, "prep") if p.lower_ == "in"]
    for prep in preps:
        if prep.lower_ not in ("in", "of", "near", "outside", "on", "at", "across"):
            continue
        for pobj in with_conjuncts(children_with(prep, "pobj")):
            actors = [a for a in resolve(pobj) if a.type in PLACE_TYPES]
            if not actors and prep.lower_ == "of" and token.lemma_.lower() in SETTLEMENT_NOUNS:
                # "the village of Pryiutne": a place whatever the recognizer called it
                actors = [replace(a, type="GPE") for a in resolve(pobj) if a.type == "ORG"]
            if not actors and prep.lower_ == "of" and token.lemma_.lower() in BUILDING_NOUNS:
                # "the building of the National Bank": the body housed there was hit
                actors = [a for a in resolve(pobj) if a.type == "ORG"]
            found.extend(actors or place_within(pobj, resolve, depth - 1))
    return found


GROUP_NOUNS = word_list("group_nouns")


def object_noun(verb):
    """The direct object's head, looking through group nouns ("a wave of strikes" -> strikes)."""
    dobjs = children_with(verb, "dobj")
    if not dobjs:
        return None
    noun = dobjs[0]
    if noun.pos_ == "NUM" or noun.ent_type_ == "MONEY":
        # "approved a $2 billion, 36-month loan": the parser made the amount the object, the thing its apposition
        noun = next((c for c in noun.children if c.dep_ == "appos" and c.pos_ == "NOUN"), noun)
    if noun.lemma_.lower() in GROUP_NOUNS or noun.lower_ in GROUP_NOUNS:
        for prep in children_with(noun, "prep"):
            if prep.lower_ == "of":
                return next(iter(children_with(prep, "pobj")), noun)
    return noun


def verb_lemma(verb, particle: str = "") -> str:
    """The verb's lemma, or a regular-inflection guess when the lemmatizer's is unknown ("fined" -> fine)."""
    if sense_of(verb.lemma_, particle, "") is not None:
        return verb.lemma_
    word = verb.lower_
    for suffix, repl in (("ied", "y"), ("ed", "e"), ("ed", ""), ("es", ""), ("s", ""), ("ing", "e"), ("ing", "")):
        if word.endswith(suffix) and sense_of(word[: -len(suffix)] + repl, particle, "") is not None:
            return word[: -len(suffix)] + repl
    return verb.lemma_


#: Categories of reactions to what others did ("welcomed the deal", "condemned the ruling").
REACTIONS = frozenset({"SUPPORT", "REJECT", "ACCUSE", "PROTEST", "CONCEDE"})


#: What a weapon-sense verb means when a weapon, an attack or a force does it.
WEAPON_SENSE = Sense("attacked", "ASSAULT", ("on", "against", "at", "into", "in", "across"))


def weapon_sense(verb: Token, lemma: str) -> bool:
    """A verb of the weapon-sense list done by a weapon, an attack or a force: its subject, its
    agent ("hit by a drone") or its instrument ("targeted X with drone strikes")."""
    if lemma not in word_list("weapon_sense_verbs"):
        return False
    doers = children_with(verb, "nsubj") + agent_tokens(verb)
    doers += [t for p in children_with(verb, "prep") if p.lower_ == "with" for t in children_with(p, "pobj")]
    weapons = OWNED_NOUNS | word_list("attack_event_words")
    return any(t.lemma_.lower() in weapons or t.lower_ in weapons for t in doers)


def verb_particle(verb: Token) -> str:
    """The particle of a phrasal verb ("carry out"), or the preposition the lexicon lists with
    the verb ("call for", "side with", "crack down on")."""
    particle = next((c.lower_ for c in verb.children if c.dep_ == "prt"), "")
    if particle:
        return particle
    lemma = verb.lemma_.lower()
    for c in verb.children:
        if (c.dep_ == "prep" or (c.dep_ == "mark" and c.lower_ == "for")) and (lemma, c.lower_, "") in LEXICON:
            return c.lower_
    for c in verb.children:  # "called for X to be arrested": "for" marks the clause
        for m in c.children:
            if c.dep_ in ("advcl", "ccomp") and m.dep_ == "mark" and m.i < c.i and (lemma, m.lower_, "") in LEXICON:
                return m.lower_
    return ""


def co_agents(verb: Token) -> list[Token]:
    """Who acts together with the subject: "along with X", "together with X", "alongside X"."""
    out: list[Token] = []
    for p in children_with(verb, "prep"):
        before = verb.doc[p.i - 1].lower_ if p.i > 0 else ""
        if p.lower_ == "alongside" or (p.lower_ == "with" and before in ("along", "together")):
            out.extend(with_conjuncts(children_with(p, "pobj")))
        elif p.lower_ in ("along", "together"):  # the parser hung "with X" on "along"
            out.extend(t for w in children_with(p, "prep") if w.lower_ == "with" for t in with_conjuncts(children_with(w, "pobj")))
    return out


def unlisted_sense(verb, particle: str) -> Sense | None:
    """A verb the lexicon lacks still relates two actors: category OTHER, the verb as predicate
    ("Acme stalked Beta" -> stalked). Copulas, speech and cognition verbs never do."""
    lemma = verb.lemma_.lower()
    if lemma in word_list("non_relations") or not verb.is_alpha or verb.pos_ != "VERB":
        return None
    word = verb.lower_ if verb.tag_ in ("VBD", "VBN") else lemma
    prep = next(
        (
            c.lower_
            for c in verb.children
            if c.dep_ == "prep" and not children_with(verb, "dobj") and verb.doc[c.i - 1].lower_ not in ("together", "along")
        ),
        "",
    )  # "applied together with X": X is a co-agent, not a target
    prep = prep if prep in ("with", "against", "on", "to", "for", "into", "over", "from") else ""
    return Sense(" ".join(w for w in (word, particle, prep) if w), "OTHER", (prep,) if prep else ())


BEAT = Sense("beat", "OTHER")
STARRED_IN = Sense("starred in", "OTHER")
CASTING_VERBS = word_list("casting_verbs")
JUDGEMENT_NOUNS = word_list("judgement_nouns")


def statements_for_verb(verb, resolve: Resolve) -> list[Statement]:
    """The statements a lexicon verb heads."""
    particle = verb_particle(verb)
    noun = object_noun(verb)
    lemma = verb_lemma(verb, particle)
    noun_word = ""
    if noun is not None:
        noun_word = noun.lemma_ if sense_of(lemma, particle, noun.lemma_) is not sense_of(lemma, particle, "") else noun.lower_
    sense = sense_of(lemma, particle, noun_word)
    light = noun is not None and sense is not None and sense is not sense_of(lemma, particle, "")
    if noun is not None and not light:
        # "singled out X for praise": what the verb does to X is in the judgement after "for"
        judged = [r.lemma_ for r in prep_objects(verb, ("for",)) if r.lemma_.lower() in JUDGEMENT_NOUNS]
        sense = next((sense_of(lemma, particle, j) for j in judged if sense_of(lemma, particle, j) is not sense), sense)
    if sense is not None and sense.category == "OTHER" and not light and weapon_sense(verb, lemma):
        sense = WEAPON_SENSE  # "a Ruritanian drone hit the tower": an attack
    if sense is None:
        sense = WEAPON_SENSE if weapon_sense(verb, lemma) else unlisted_sense(verb, particle)
    if sense is None or any(c.dep_ == "oprd" for c in verb.children):  # "called Russia an aggressor"
        return []
    if (
        lemma in word_list("infinitive_request_verbs")
        and children_with(verb, "dobj")
        and any(any(a.dep_ == "aux" and a.lower_ == "to" for a in x.children) for x in children_with(verb, "xcomp"))
    ):
        sense = Sense(sense.predicate.split()[0], "REQUEST")  # "told X to go": asked, not consulted
    if sense.category == "ASSAULT" and any(o.lemma_.lower() in word_list("sport_play_nouns") for o in children_with(verb, "dobj")):
        sense = unlisted_sense(verb, particle)  # "kicked three penalties", "hit two sixes": play, no attack
        if sense is None:
            return []
    subjects = [a for t in subject_tokens(verb) for a in (resolve(t) or owner_actors(t, resolve) or speaker_forces(t, resolve))]
    if subjects:  # "Iran, which along with Russia propped up X": co-agents act too
        subjects += [a for t in co_agents(verb) for a in resolve(t) if a.label not in {s.label for s in subjects}]
    if not subjects and verb.lemma_.lower() in RECIPROCAL_LEMMAS:
        # "the deal was signed between Kyiv and Tehran"
        parties = [
            a
            for p in children_with(verb, "prep")
            if p.lower_ == "between"
            for t in with_conjuncts(children_with(p, "pobj"))
            for a in resolve(t)
        ]
        return [Statement(a, sense, verb.i, b, None, {}) for a in parties for b in parties if a.label != b.label]
    frozen_in = False
    if not subjects and sense.category == "SANCTION" and verb.tag_ == "VBN" and (verb.dep_ == "acl" or _is_passive(verb)):
        # "Russian assets frozen in Belgium": the state holding them froze them
        subjects = [a for t in prep_objects(verb, ("in",)) for a in resolve(t) if a.type == "GPE"]
        frozen_in = bool(subjects)
    mobilized_owner = False
    if not subjects and sense.category == "MOBILIZE" and _is_passive(verb):
        # "Iranian troops were deployed to Syria": whoever owns the troops sent them
        subjects = [a for t in patient_tokens(verb) for a in owner_actors(t, resolve)]
        mobilized_owner = True
    if not subjects:
        return []

    targets: list[Actor] = []
    recipients: list[Actor] = []
    patients = [] if mobilized_owner else [verb.head] if frozen_in and verb.dep_ == "acl" else patient_tokens(verb)
    if sense.category in ("REQUEST", "ACCUSE", "THREATEN") and not patients:  # "called for X and Y to be arrested"
        clauses = [
            c
            for c in verb.children
            if c.dep_ in ("advcl", "ccomp", "xcomp") and any(m.dep_ == "mark" and m.lower_ == "for" for m in c.children)
        ]
        if sense.category == "REQUEST":  # "demanded (that) X quit": the subjunctive clause's subject is asked
            clauses += [
                c
                for c in verb.children
                if c.dep_ == "ccomp"
                and (c.tag_ == "VB" or c.pos_ == "NOUN")  # (the tagger may take "resign" for a noun)
                and not any(a.dep_ == "aux" for a in c.children)
            ]
        patients = [s for c in clauses for s in with_conjuncts(children_with(c, "nsubj", "nsubjpass"))]
    if sense.category in ("ACCUSE", "THREATEN") and not patients:  # "alleged that Brandt leaked ...", "warned that X would pay"
        patients = with_conjuncts(
            [s for c in verb.children if c.dep_ == "ccomp" for s in c.children if s.dep_ in ("nsubj", "nsubjpass") and s.pos_ == "PROPN"]
        )
        if not patients and sense.category == "THREATEN":  # "warned that any Iranian attack on shipping would draw ..."
            targets.extend(
                replace(a, type="GPE") if a.type == "NORP" else a
                for c in verb.children
                if c.dep_ == "ccomp"
                for s in c.children
                if s.dep_ in ("nsubj", "nsubjpass") and s.pos_ == "NOUN"
                for d in s.children
                if d.dep_ in ("amod", "poss", "compound") and d.pos_ in ("ADJ", "PROPN")
                for a in resolve(d, True)
                if a.type in ("GPE", "NORP", "ORG", "PERSON")
            )
    if not light:
        for t in patients:
            actors = resolve(t)
            if not actors and sense.category == "ASSAULT":
                actors = owner_actors(t, resolve) or place_within(t, resolve)
            if not actors and any(c.dep_ == "nummod" or c.ent_type_ == "MONEY" for c in t.children):
                # "fined Acme 2.4 billion euros", "lent Ruritania $2bn": the parser hung the one acted on
                # on the amount
                actors = [a for c in t.children if c.dep_ == "nmod" and c.i < t.i and c.pos_ == "PROPN" for a in resolve(c)]
            if not actors and sense.category not in ("AID", "MOBILIZE", "OTHER"):
                actors = possessor_actors(t, resolve) or nominal_agents(t, resolve)
            if not actors and sense.category in REACTIONS:
                actors = counterparts(t, resolve)
            if not actors and sense.category in ("SANCTION", "ACCUSE", "REJECT", "PROTEST"):
                actors = origin_actors(t, resolve)
            if not actors and sense.category == "SANCTION":  # "froze Russian assets"
                actors = [a for c in t.children if c.dep_ == "amod" for a in resolve(c, True) if a.type == "GPE"]
            if sense.recipients and sense.category == "AID":
                recipients.extend(actors)
            else:
                targets.extend(actors)
    if light and noun is not None and noun.lemma_.lower() in word_list("part_nouns") and resolve(noun):
        # "sold its production unit X": X itself changes hands
        sense = replace(sense, predicate=sense.predicate.split()[0], category="OTHER")
        targets.extend(resolve(noun))
    elif light and noun is not None and any(a.type == "OTHER" for a in resolve(noun)):
        # "won the Turner Prize", "earned five Bafta awards": the prize named is what was won
        sense = replace(sense, predicate=sense.predicate.split()[0], category="OTHER", targets=())
        targets.extend(a for a in resolve(noun) if a.type == "OTHER")
    elif light and noun is not None and sense.category in REACTIONS | {"AGREE"}:
        # "welcomed the agreement", "rejected the decision", "rejected Germany's proposals": the event's agent
        targets.extend(resolve(noun) or possessor_actors(noun, resolve) or nominal_agents(noun, resolve) or counterparts(noun, resolve))
    if light and noun is not None and not targets and sense.category == "ASSAULT":
        targets.extend(a for a in possessor_actors(noun, resolve) if a.type in ("GPE", "ORG"))  # "depleting X's air defences"
    if light and noun is not None and not targets:
        # "filed a motion to impeach X", "launched a bid to oust X": the one the purpose clause acts on
        for clause in noun.children:
            if clause.dep_ == "acl" and clause.pos_ == "VERB" and any(a.dep_ == "aux" and a.lower_ == "to" for a in clause.children):
                targets.extend(a for o in children_with(clause, "dobj") for a in resolve(o))
    heads = [verb] + ([noun] if noun is not None else [])
    if light and noun is not None:  # "accepted offers of help from X": the thing offered carries the giver
        heads += [t for p in children_with(noun, "prep") if p.lower_ == "of" for t in children_with(p, "pobj")]
    if noun is not None and sense.category in ("SANCTION", "AGREE", "REQUEST"):
        # "stressed the need for restraint by X": the one asked hangs on what is asked for
        heads += [t for p in children_with(noun, "prep") for t in children_with(p, "pobj")]
    for h in heads:
        for t in prep_objects(h, sense.targets):
            actors = resolve(t)
            if not actors and sense.category not in ("AID", "MOBILIZE", "OTHER", "ASSAULT"):
                actors = possessor_actors(t, resolve)  # "agreed with Dr Roe's view"
            if not actors and sense.category == "ASSAULT":
                actors = owner_actors(t, resolve) or place_within(t, resolve, 2)
            if not actors and sense.category in ("SANCTION", "ACCUSE", "REJECT", "PROTEST"):
                actors = origin_actors(t, resolve)
            targets.extend(actors)
        for t in prep_objects(h, sense.recipients):
            recipients.extend(resolve(t))
    stopped = light and noun is not None and sense.category == "SANCTION" and nominalizations().get(noun.lemma_.lower())
    if stopped and noun is not None and not targets and not recipients:
        # "blocked Acme's takeover", "blocked the transaction": who the stopped event was to serve
        targets.extend(resolve(noun) or possessor_actors(noun, resolve) or nominal_agents(noun, resolve))
    givens = [a for d in children_with(verb, "dative") for a in resolve(d)] if verb.lemma_.lower() not in SPEECH_VERBS else []
    if givens and not targets and not recipients:
        # "Acme sold Globex a stake", "offered Ruritania help": the one given to
        if "to" not in sense.targets + sense.recipients:
            sense = replace(sense, predicate=f"{sense.predicate.split()[0]} to")
        (recipients if sense.category == "AID" else targets).extend(givens)
    if (
        sense.category == "ASSAULT"
        and not targets
        and verb.lemma_ in ("launch", "fire")
        and verb.dep_ == "ccomp"
        and verb.head.lemma_ in SPEECH_VERBS
    ):
        # "Israel's military said Hezbollah fired 40 rockets": launched at the reporting state
        for speaker in children_with(verb.head, "nsubj"):
            targets += [a for a in (resolve(speaker) or possessor_actors(speaker, resolve)) if a.type == "GPE"]
    if sense.category == "AID" and not recipients:
        # "sent missiles to boost Russian forces", "delivered tanks to help Ukraine"
        clauses = [
            c for c in verb.children if c.dep_ in ("advcl", "xcomp") and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
        ]
        # "donated generators that helped Ukrainian hospitals": what the aid helped
        clauses += [c for n in children_with(verb, "dobj") for c in n.children if c.dep_ in ("relcl", "ccomp", "acl") and c.pos_ == "VERB"]
        for clause in clauses:
            if clause.lemma_ in ("help", "boost", "support", "aid", "assist", "strengthen", "bolster", "arm"):
                for t in children_with(clause, "dobj"):
                    helped = resolve(t) or owner_actors(t, resolve)
                    helped = helped or [a for c in t.children if c.dep_ == "amod" for a in resolve(c, True) if a.type == "GPE"]
                    recipients.extend(helped)

    lost = (
        lemma in word_list("losing_verbs")
        and "to" in sense.targets
        and (noun is None or noun.lemma_.lower() in word_list("contest_loss_nouns"))
    )
    if lost and targets and sense.category == "OTHER" and (lemma == "lose" or noun is not None):
        # "X lost the final to Y", "X suffered defeat to Y": Y beat X
        return [Statement(winner, BEAT, verb.i, loser, None, {}) for winner in targets for loser in subjects if winner.label != loser.label]
    works = [s for s in subjects if s.type in ("OTHER", "ORG")][:1]  # the work the verb is on, not those listed with it
    if lemma in CASTING_VERBS and not works:
        return []  # no state or person "stars" anyone ("Little Britain stars ..." read as a country)
    if lemma in CASTING_VERBS and any(t.type == "PERSON" for t in targets):
        # "A Long Road, a drama featuring Jane Roe": Roe starred in the film
        return [Statement(person, STARRED_IN, verb.i, work, None, {}) for work in works for person in targets if person.type == "PERSON"]
    statements: list[Statement] = []
    for subject in subjects:
        for obj in targets + recipients:
            if obj.label == subject.label:
                continue
            qualifiers = {"recipient": obj.label} if obj in recipients else {}
            statements.append(Statement(subject, sense, verb.i, obj, None, qualifiers))
        if not targets and not recipients:
            statements.append(Statement(subject, sense, verb.i, None, noun.i if noun is not None else None, {}))
            # "North Korea and Russia signed a pact": each acts towards the other
            if len(subjects) > 1 and verb.lemma_.lower() in RECIPROCAL_LEMMAS and sense.category != "OTHER":
                for other in subjects:
                    if other.label != subject.label:
                        statements.append(Statement(subject, sense, verb.i, other, None, {}))
    return statements
