"""Relations stated by nouns and set phrases rather than by a lexicon verb:
"Israel's strike on Beirut", "a phone call between X and Y", "the deployment
of troops to Z", "troops are in Z", "in support of X", "X said Y should ...".
"""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Span

from loaders.extraction.entities import Actor
from loaders.extraction.lexicon import EVENT_NOUNS, MEETING_NOUNS, Sense, sense_of
from loaders.extraction.relations import (
    GROUP_NOUNS,
    OWNED_NOUNS,
    PLACE_TYPES,
    Resolve,
    Statement,
    agent_tokens,
    children_with,
    owner_actors,
    place_within,
    prep_objects,
    subject_tokens,
    verb_lemma,
    weapon_sense,
    with_conjuncts,
)
from loaders.extraction.tables import in_phrases, word_list
from loaders.extraction.truth import SPEECH_VERBS

ADVERSATIVE_MODIFIERS = word_list("adversative_modifiers")
_SOURED_RELATION = ADVERSATIVE_MODIFIERS | word_list("bad_relation_modifiers")
_RELATION_NOUNS = word_list("relation_nouns")


def _soured(noun) -> bool:
    """An event noun made its failure or opposite ("failed talks", "frosty ties"), or a relation
    made a bad one ("the difficult relationship between X and Y")."""
    bad = _SOURED_RELATION if noun.lower_ in _RELATION_NOUNS else ADVERSATIVE_MODIFIERS
    return any(c.dep_ == "amod" and c.lower_ in bad for c in noun.children)


DISPUTE_MODIFIERS = word_list("dispute_modifiers")
CONTEST_MODIFIERS = word_list("contest_modifiers")
DISPUTED = Sense("clashed with", "ACCUSE")
#: The senses of a fight that may be meant figuratively: "clash", "battle" (noun or verb).
FIGHT_PREDICATES = frozenset({"clashed with", "battled with"})
STANCE_NOUNS = word_list("stance_nouns")
DISPUTE_TOPICS = word_list("dispute_topics")
_TOPICS = STANCE_NOUNS | DISPUTE_TOPICS
_SPANS_OF_TIME = frozenset({"weekend", "night", "day", "week", "month", "year", "hour", "period", "holiday", "summer", "winter"})
PLAYED = Sense("played", "OTHER")


def figurative_sense(noun, sense: Sense, resolve: Resolve) -> Sense:
    """What a "battle", "clash" or "fight" is when no combat is meant: a dispute ("a legal
    battle with X", "its battle with X over spending rules": fought over something that is no
    place) or a sporting contest ("the cup clash with X"). Anything else keeps ``sense``."""
    if sense.category != "ASSAULT" or sense.predicate not in FIGHT_PREDICATES:
        return sense
    words = {c.lower_ for c in noun.children if c.dep_ in ("amod", "compound")}
    if words & CONTEST_MODIFIERS:
        return PLAYED
    if words & DISPUTE_MODIFIERS or disputed_over(noun, resolve):
        return DISPUTED
    return sense


def disputed_over(token, resolve: Resolve, *, topics_only: bool = False) -> bool:
    """A fight ("battle", "clash") over something that is no place or time ("battle over
    tax"; not "the battle over Bakhmut", "over the bridge", "over the weekend"), or over or on
    a question or a policy ("clashed with X over the plan", "on the issue"; not "clashed on
    the border"). ``topics_only``: over a question or a policy only (for the verb, which
    troops also "clash with X over" a hill, a road or control of a town)."""
    for prep in children_with(token, "prep"):
        objects = children_with(prep, "pobj", "pcomp")
        if prep.lower_ in ("over", "on") and any(o.lemma_.lower() in _TOPICS or o.lower_ in _TOPICS for o in objects):
            return True
        if prep.lower_ == "over" and not topics_only:
            over = [o for o in objects if o.ent_type_ not in ("DATE", "TIME") and o.lemma_.lower() not in _SPANS_OF_TIME]
            if over and not any(a.type in PLACE_TYPES for t in over for a in resolve(t)) and not any(t.lower_ in OWNED_NOUNS for t in over):
                return True
    return False


PATIENT_EVENT_NOUNS = word_list("patient_event_nouns")


def statements_for_event_noun(noun, resolve: Resolve) -> list[Statement]:
    """ "Israel's strike on Beirut", "a Russian strike on Chernihiv"."""
    sense = EVENT_NOUNS.get(noun.lemma_.lower())
    doc = noun.doc
    if noun.i >= 2 and doc[noun.i - 1].text == "-" and doc[noun.i - 2].head.i == noun.i:
        sense = EVENT_NOUNS.get(f"{doc[noun.i - 2].lower_}-{noun.lower_}", sense)  # "shoot-down": one noun in three tokens
    if _soured(noun):
        return []
    if sense is None or noun.dep_ == "dobj" and noun.head.pos_ == "VERB" and sense_of(noun.head.lemma_, "", noun.lemma_):
        return []
    sense = figurative_sense(noun, sense, resolve)
    if noun.lemma_.lower() in PATIENT_EVENT_NOUNS and not prep_objects(noun, ("of",)):
        # "Roe's suspension from the party": Roe is who it befell; the party (or "by X") did it
        befallen = [a for c in noun.children if c.dep_ == "poss" for a in resolve(c)]
        if befallen:
            agents = [a for t in prep_objects(noun, ("by", "from")) for a in resolve(t) if a.type in ("GPE", "ORG", "PERSON")]
            return [Statement(s, sense, noun.i, o, None, {}) for s in agents for o in befallen if o.label != s.label]
    modifiers = [c for c in noun.children if c.dep_ in ("poss", "amod", "compound")]
    modifiers += [m for c in modifiers if c.dep_ == "compound" for m in c.children if m.dep_ in ("poss", "amod")]  # "Russian drone strikes"
    owners = [a for c in modifiers for a in resolve(c, True)]
    owners = [a for a in owners if a.type in ("GPE", "ORG", "PERSON")]
    clause = _clause_verb(noun)
    if not owners and clause is not None and any(c.dep_ == "poss" and c.lower_ in ("its", "their") for c in noun.children):
        # "Moscow has lost jets in Ukraine since its invasion": the clause subject's own event
        owners = [a for t in children_with(clause, "nsubj") for a in resolve(t) if a.type in ("GPE", "ORG")]
        if owners and not prep_objects(noun, sense.targets):
            carriers = [clause] + children_with(clause, "dobj")  # "lost jets in Ukraine"
            targets = [a for c in carriers for t in prep_objects(c, ("in", "into")) for a in resolve(t) if a.type in PLACE_TYPES]
            return [Statement(s, sense, noun.i, o, None, {}) for s in owners for o in targets[:1] if o.label != s.label]
    if not owners and noun.dep_ == "pobj" and noun.head.lower_ in ("during", "on", "after", "before") and sense.category == "CONSULT":
        # "fell ill during a visit to Nairobi": whoever acts in the clause made the trip
        head = noun.head.head
        owners = [a for t in subject_tokens(head) for a in resolve(t)] if head.pos_ in ("VERB", "AUX") else []
    if not owners and noun.dep_ == "dobj" and noun.head.lemma_.lower() in SPEECH_VERBS:
        # "the ministry announced the capture of the village": the announcer's side did it
        owners = [a for t in subject_tokens(noun.head) for a in resolve(t) if a.type in ("GPE", "ORG")]
    if not owners:
        return []
    targets = [a for t in prep_objects(noun, sense.targets) for a in resolve(t)]
    if not targets:  # "the downing of an Acme Airlines flight (AC123)": the named owner of what was hit
        named = [c for t in prep_objects(noun, sense.targets) for c in t.subtree if c.i < t.i and c.dep_ == "compound"]
        targets = list({a.label: a for c in named for a in resolve(c) if a.type == "ORG"}.values())[:1]
    if not targets and sense.category == "ASSAULT":
        targets = [a for t in prep_objects(noun, sense.targets) for a in place_within(t, resolve, 2)][:1]
    if not targets:
        targets = _clause_places(noun, resolve)
    return [Statement(s, sense, noun.i, o, None, {}) for s in owners for o in targets if o.label != s.label]


def _clause_verb(token):
    """The verb of the clause a noun sits in."""
    node = token
    while node.head.i != node.i and node.pos_ not in ("VERB", "AUX"):
        node = node.head
    return node if node.pos_ in ("VERB", "AUX") else None


CAPTIVITY_NOUNS = word_list("captivity_nouns")


def statements_for_captivity(noun, resolve: Resolve) -> list[Statement]:
    """ "soldiers of one state held in another's captivity": the holding state coerces theirs."""
    if noun.lower_ not in CAPTIVITY_NOUNS or noun.dep_ != "pobj" or noun.head.lower_ != "in":
        return []
    holders = [a for c in noun.children if c.dep_ in ("amod", "poss") for a in resolve(c, True) if a.type == "GPE"]
    verb = noun.head.head
    if not holders or verb.pos_ != "VERB":
        return []
    held = with_conjuncts([verb.head] if verb.dep_ == "acl" else children_with(verb, "nsubjpass"))
    people = [
        a
        for t in held
        for a in (resolve(t) or owner_actors(t, resolve) or [x for c in t.children if c.dep_ == "amod" for x in resolve(c, True)])
    ]
    sense = Sense("held captive", "COERCE")
    return [
        Statement(h, sense, verb.i, replace(p, type="GPE") if p.type == "NORP" else p, None, {})
        for h in holders
        for p in people
        if p.label != h.label
    ]


def agentless_events(sentence: Span, resolve: Resolve) -> list[tuple[int, Sense, Actor]]:
    """(token index, sense, actor acted on) for events a sentence reports in the passive
    without naming who acted: "She is being charged with ...", "Acme was fined on Monday",
    "was placed in detention"."""
    found: list[tuple[int, Sense, Actor]] = []
    for verb in sentence:
        if verb.pos_ != "VERB":
            continue
        sense = sense_of(verb_lemma(verb))
        if sense is None or sense.category in ("OTHER", "AFFILIATION"):
            held = verb.lemma_ in ("place", "put", "take", "hold", "keep") and any(
                t.lemma_.lower() in CAPTIVITY_NOUNS for t in prep_objects(verb, ("in", "into"))
            )
            sense = Sense("detained", "COERCE") if held else None
        if sense is None or agent_tokens(verb):
            continue
        clause = verb.head if verb.dep_ == "conj" and not children_with(verb, "nsubjpass") else verb
        if not any(c.dep_ in ("auxpass", "nsubjpass") for c in clause.children):
            continue
        for t in children_with(clause, "nsubjpass"):
            found.extend((verb.i, sense, a) for a in resolve(t) if a.type in ("PERSON", "ORG", "GPE"))
    return found


def _clause_places(noun, resolve: Resolve) -> list:
    """Where an event noun struck, told by its own clause or the clause it sits in:
    "strikes that flattened neighborhoods across Gaza", "Lipetsk, where Russian troops
    struggles to push back a Ukrainian incursion"."""
    for clause in children_with(noun, "relcl", "acl"):
        if clause.pos_ != "VERB":
            continue
        for t in children_with(clause, "dobj") + prep_objects(clause, ("in", "across", "on", "into")):
            places = [a for a in resolve(t) if a.type in PLACE_TYPES] or place_within(t, resolve, 2)
            if places:
                return places[:1]
    node = noun
    while node.dep_ not in ("relcl", "ROOT") and node.head.i != node.i:
        node = node.head
    if node.dep_ == "relcl" and any(c.lower_ == "where" for c in node.children):
        return [a for a in resolve(node.head) if a.type in PLACE_TYPES][:1]
    return []


def statements_for_meeting_noun(noun, resolve: Resolve) -> list[Statement]:
    """ "a phone call between X and Y", "X's talks with Y": each party consulted the other."""
    sense = MEETING_NOUNS.get(noun.lemma_.lower()) or MEETING_NOUNS.get(noun.lower_)
    if sense is None or _soured(noun):
        return []  # "frosty ties between X and Y" are no cooperation
    sense = figurative_sense(noun, sense, resolve)
    between = [
        a
        for p in children_with(noun, "prep")
        if p.lower_ == "between"
        for t in with_conjuncts(children_with(p, "pobj"))
        for a in resolve(t)
    ]
    statements = [Statement(s, sense, noun.i, o, None, {}) for s in between for o in between if o.label != s.label]
    if between:
        # "W was on the line during a call between X and Y", "joined talks between X and Y"
        verb = (
            noun.head.head
            if noun.dep_ == "pobj" and noun.head.lower_ in ("during", "in", "on", "into")
            else noun.head
            if noun.dep_ == "dobj"
            else None
        )
        if verb is not None and verb.pos_ in ("VERB", "AUX") and (noun.dep_ == "pobj" or verb.lemma_ in ("join", "attend")):
            joined = [a for t in subject_tokens(verb) for a in resolve(t) if a.type in ("PERSON", "ORG", "GPE")]
            parties = {a.label for a in between}
            joining = Sense("took part in talks with", "CONSULT")
            statements += [Statement(s, joining, noun.i, o, None, {}) for s in joined if s.label not in parties for o in between]
    owners = [a for c in noun.children if c.dep_ == "poss" for a in resolve(c)]
    others = [
        a for p in children_with(noun, "prep") if p.lower_ == "with" for t in with_conjuncts(children_with(p, "pobj")) for a in resolve(t)
    ]
    statements += [Statement(s, sense, noun.i, o, None, {}) for s in owners for o in others if o.label != s.label]
    return statements


def statements_for_deployment(noun, resolve: Resolve) -> list[Statement]:
    """ "the deployment of 2,000 Iranian troops to Syria"."""
    if noun.lemma_.lower() != "deployment":
        return []
    sense = EVENT_NOUNS["deployment"]
    owners = [
        a
        for p in children_with(noun, "prep")
        if p.lower_ == "of"
        for t in children_with(p, "pobj")
        for a in (resolve(t) or owner_actors(t, resolve))
    ]
    owners += [a for c in noun.children if c.dep_ in ("poss", "amod", "compound") for a in resolve(c, True)]
    carriers = [noun] + [t for p in children_with(noun, "prep") if p.lower_ == "of" for t in children_with(p, "pobj")]
    targets = [a for c in carriers for t in prep_objects(c, sense.targets) for a in resolve(t)]
    if not targets and noun.dep_ == "dobj":  # "confirmed the deployment of ... to Russia" (attached to the verb)
        targets = [a for t in prep_objects(noun.head, ("to", "into")) for a in resolve(t)]
    return [Statement(s, sense, noun.i, o, None, {}) for s in owners for o in targets if o.label != s.label]


def statements_for_presence(verb, resolve: Resolve) -> list[Statement]:
    """ "Iranian troops are now in the Deir ez-Zor province": forces present in a place were deployed there."""
    if verb.lemma_ != "be":
        return []
    forces = [_counted(t) for t in children_with(verb, "nsubj")]  # "a large number of troops"
    subjects = [a for t in forces if t.lemma_.lower() in _FORCE_NOUNS for a in owner_actors(t, resolve)]
    if not subjects:
        return []
    targets = [a for t in prep_objects(verb, ("in", "inside")) for a in resolve(t) if a.type in PLACE_TYPES]
    sense = Sense("deployed", "MOBILIZE", ("in",))
    return [Statement(s, sense, verb.i, o, None, {}) for s in subjects for o in targets if o.label != s.label]


OWNED_SHARE = re.compile(r"^(\d+(\.\d+)?%|majority|wholly|partly|jointly|part|fully)-owned$", re.IGNORECASE)


def statements_for_ownership(verb, resolve: Resolve) -> list[Statement]:
    """ "Acme is 46%-owned by Globex": one token the parser read as a number or adjective."""
    if verb.lemma_ != "be":
        return []
    shares = [c for c in verb.children if c.dep_ in ("attr", "acomp") and OWNED_SHARE.match(c.text)]
    if not shares:
        return []
    owners = [a for c in shares for t in prep_objects(c, ("by",)) for a in resolve(t) if a.type in ("ORG", "GPE", "PERSON")]
    owned = [a for t in subject_tokens(verb) for a in resolve(t)]
    sense = Sense("owned", "OTHER", ())
    return [Statement(s, sense, verb.i, o, None, {}) for s in owners for o in owned if o.label != s.label]


def _counted(noun):
    """What a group noun counts ("a number of troops" -> troops); else the noun itself."""
    if noun.lemma_.lower() in GROUP_NOUNS:
        for prep in children_with(noun, "prep"):
            if prep.lower_ == "of":
                return next(iter(children_with(prep, "pobj")), noun)
    return noun


_FORCE_NOUNS = word_list("force_nouns")


#: "rallied in support of Georgia", "has been in close contact with Scholz": a verb's subject and the
#: object of a noun inside an "in"-phrase.
IN_PHRASE_SENSES: dict[str, tuple[Sense, str]] = in_phrases()


def statements_for_in_phrase(verb, resolve: Resolve) -> list[Statement]:
    """A verb's subject related to the object of "in support of", "in contact with"."""
    out: list[Statement] = []
    for prep in children_with(verb, "prep"):
        if prep.lower_ != "in":
            continue
        for noun in children_with(prep, "pobj"):
            entry = IN_PHRASE_SENSES.get(noun.lower_)
            if entry is None:
                continue
            sense, word = entry
            subjects = [a for t in subject_tokens(verb) for a in resolve(t)]
            objects = [a for t in prep_objects(noun, (word,)) for a in resolve(t)]
            out += [Statement(s, sense, verb.i, o, None, {}) for s in subjects for o in objects if o.label != s.label]
    return out


ATTACK_EVENT_WORDS = word_list("attack_event_words")


def attacked_places(sentence, resolve: Resolve) -> list:
    """Places a sentence reports attacked, whoever did it ("a suicide attack on a police station in Pakistan")."""
    places: list = []
    for token in sentence:
        if token.lemma_.lower() not in ATTACK_EVENT_WORDS:
            continue
        heads = [token] + ([token.head] if token.dep_ in ("nsubj", "nsubjpass") else [])
        for head in heads:
            for t in prep_objects(head, ("on", "in", "at", "against")) + children_with(head, "dobj"):
                places += [a for a in resolve(t) if a.type in PLACE_TYPES] or place_within(t, resolve, 2)
    return places


def statements_for_demand(verb, resolve: Resolve) -> list[Statement]:
    """ "X said Y should (must) do Z": X asks Y to act."""
    if verb.lemma_.lower() not in SPEECH_VERBS:
        return []
    clauses = [
        clause
        for clause in children_with(verb, "ccomp")
        if any(c.dep_ == "aux" and c.lower_ in ("should", "must") for c in clause.children)
        and not any(c.dep_ == "neg" for c in clause.children)
    ]
    if not clauses:
        return []
    speakers = [a for t in subject_tokens(verb) for a in resolve(t)]
    out: list[Statement] = []
    for clause in clauses:
        addressees = [a for t in children_with(clause, "nsubj") for a in resolve(t)]
        sense = Sense("urged", "REQUEST")
        out += [Statement(s, sense, verb.i, o, None, {}) for s in speakers for o in addressees if o.label != s.label]
    return out


CONSEQUENCE_LEMMAS = word_list("consequence_verbs")
ENDURING_LEMMAS = word_list("enduring_verbs")


def _is_attack_noun(token) -> bool:
    return token.pos_ == "NOUN" and token.lemma_.lower() in ATTACK_EVENT_WORDS


def _owned(noun, resolve: Resolve) -> bool:
    """Whether a noun names who is behind it ("Russian strikes", "Israel's attack")."""
    return any(c.dep_ in ("poss", "amod", "compound") and resolve(c, True) for c in noun.children)


def unattributed_attacks(sentence: Span, resolve: Resolve) -> list[tuple[int, Actor]]:
    """(token index, place) of attacks a sentence reports without naming who attacked:
    "a drone attack hit Moscow", "Kyiv was hit overnight", "the missile attack on Kyiv"."""
    found: list[tuple[int, Actor]] = []
    for token in sentence:
        if token.pos_ not in ("VERB", "NOUN"):
            continue  # each reading below starts from a verb or an attack noun
        if token.pos_ == "VERB" and token.lemma_ in ("kill", "wound", "injure", "hurt"):
            # "Two people were injured in Kherson as a result of a missile strike",
            # "the Zaporizhzhia region, where civilians were hurt by shelling"
            if any(t.lemma_.lower() in ATTACK_EVENT_WORDS | {"drone", "missile", "rocket", "shelling"} for t in sentence):
                for t in prep_objects(token, ("in",)):
                    found.extend((token.i, a) for a in resolve(t)[:1] if a.type in PLACE_TYPES)
                if token.dep_ == "relcl" and any(c.lower_ == "where" for c in token.children):
                    found.extend((token.i, a) for a in resolve(token.head)[:1] if a.type in PLACE_TYPES)
            continue
        if (
            _is_attack_noun(token)
            and token.dep_ == "nsubj"
            and token.head.lemma_.lower() in CONSEQUENCE_LEMMAS
            and not _owned(token, resolve)
        ):
            # "the shelling left parts of the city in ruins", "the attacks caused casualties in Tyre"
            verb = token.head
            for t in children_with(verb, "dobj") + prep_objects(verb, ("in", "across")):
                places = [a for a in resolve(t) if a.type in PLACE_TYPES] or place_within(t, resolve, 3)
                found.extend((verb.i, p) for p in places)
            continue
        if (
            _is_attack_noun(token)
            and not _owned(token, resolve)
            and (
                token.dep_ == "dobj"
                and token.head.lemma_.lower() in ENDURING_LEMMAS
                or token.dep_ == "pobj"
                and token.head.lower_ == "under"
                and token.head.head.lemma_ in ("be", "come")
            )
        ):
            # "the city experienced the heaviest attacks", "Mykolaiv was under missile attack"
            verb = token.head if token.dep_ == "dobj" else token.head.head
            for t in children_with(verb, "nsubj"):
                places = [a for a in resolve(t) if a.type in PLACE_TYPES] or place_within(t, resolve, 2)
                found.extend((verb.i, p) for p in places[:1])
            continue
        if token.pos_ == "VERB":
            sense = sense_of(token.lemma_, "", "")
            if (sense is None or sense.category != "ASSAULT") and not weapon_sense(token, token.lemma_.lower()):
                continue
            if token.dep_ == "relcl" and any(a.type in PLACE_TYPES for a in resolve(token.head)):
                # "in Krasnopillia, where strikes damaged homes"
                if not any(resolve(t) or owner_actors(t, resolve) for t in children_with(token, "nsubj")):
                    found.extend((token.i, a) for a in resolve(token.head)[:1])
                continue
            subjects = subject_tokens(token)
            if any(resolve(t) or owner_actors(t, resolve) for t in subjects):
                continue
            passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in token.children)
            if not passive and not any(
                t.lemma_.lower() in ATTACK_EVENT_WORDS | {"drone", "missile", "rocket", "debris", "shell"} for t in subjects
            ):
                continue
            patients = children_with(token, "nsubjpass" if passive else "dobj") + prep_objects(token, ("on", "in", "into"))
        elif token.pos_ == "NOUN" and token.lemma_.lower() in ATTACK_EVENT_WORDS:
            if any(c.dep_ in ("poss", "amod", "compound") and resolve(c, True) for c in token.children):
                continue
            patients = prep_objects(token, ("on", "against"))
        else:
            continue
        for t in patients:
            places = [a for a in resolve(t) if a.type in PLACE_TYPES] or place_within(t, resolve, 2)
            found.extend((token.i, p) for p in places[:1])
    return found
