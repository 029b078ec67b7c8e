"""The verb lexicon: a verb (with particle, or with the noun of a light-verb
construction) maps to a normalized predicate and one category.

Each row: (lemma, particle or "", object noun or "", predicate, category,
target prepositions, recipient prepositions). An object noun row matches
when the verb's direct object has that lemma ("carry out strikes on",
"announce a package for"); the target/recipient is then found on the noun
or on the verb.
"""

from __future__ import annotations

from dataclasses import dataclass

from loaders.extraction.tables import verb_senses

ATTACK_NOUNS = "attack strike strikes airstrike air-strike raid offensive bombardment assault shelling bombing barrage".split()
AID_NOUNS = "package aid assistance loan tranche grant funding weapons ammunition support".split()

TARGET = ("on", "against", "at", "into", "in", "across")


@dataclass(frozen=True)
class Sense:
    predicate: str
    category: str
    targets: tuple[str, ...] = ()  # prepositions whose object is the target
    recipients: tuple[str, ...] = ()  # prepositions whose object is the recipient
    needs_object: bool = True


def _rows():
    A, M, D = "ASSAULT", "MOBILIZE", "AID"
    yield from [
        # lemma, particle, noun, predicate, category, targets, recipients
        ("attack", "", "", "attacked", A, TARGET, ()),
        ("strike", "", "", "struck", A, TARGET, ()),
        ("hit", "", "", "struck", A, TARGET, ()),
        ("target", "", "", "attacked", A, TARGET, ()),
        ("shell", "", "", "shelled", A, TARGET, ()),
        ("bomb", "", "", "bombed", A, TARGET, ()),
        ("bombard", "", "", "bombed", A, TARGET, ()),
        ("pound", "", "", "attacked", A, TARGET, ()),
        ("invade", "", "", "invaded", A, TARGET, ()),
        ("raid", "", "", "raided", A, TARGET, ()),
        ("ambush", "", "", "attacked", A, TARGET, ()),
        ("kill", "", "", "killed", A, ("in",), ()),
        ("wound", "", "", "injured", A, ("in",), ()),
        ("injure", "", "", "injured", A, ("in",), ()),
        ("capture", "", "", "captured", A, (), ()),
        ("recapture", "", "", "captured", A, (), ()),
        ("retake", "", "", "captured", A, (), ()),
        ("seize", "", "", "captured", A, (), ()),
        ("occupy", "", "", "occupied", A, (), ()),
        ("clash", "", "", "clashed with", A, ("with",), ()),
        ("fight", "", "", "fought", A, ("against", "with"), ()),
        ("shoot", "down", "", "shot down", A, (), ()),
        ("down", "", "", "shot down", A, (), ()),
        ("intercept", "", "", "intercepted", A, (), ()),
        ("destroy", "", "", "destroyed", A, (), ()),
        ("damage", "", "", "damaged", A, ("in",), ()),
        ("crash", "", "", "struck", A, ("into",), ()),
        ("assail", "", "", "attacked", A, (), ()),
        ("claim", "", "responsibility", "claimed responsibility for", A, ("for",), ()),
        ("advance", "", "", "advanced on", A, ("on", "toward", "towards", "in", "into"), ()),
        ("make", "", "gains", "advanced in", A, ("in", "near", "around"), ()),
        ("make", "", "advances", "advanced in", A, ("in", "near", "around"), ()),
        ("terrorize", "", "", "attacked", A, (), ()),
        ("drone", "", "", "attacked", A, (), ()),
        ("launch", "", "", "launched", A, TARGET, ()),
        ("fire", "", "", "fired", A, TARGET, ()),
        ("carry", "out", "", "attacked", A, TARGET, ()),
        ("conduct", "", "", "attacked", A, TARGET, ()),
        ("deploy", "", "", "deployed", M, ("to", "in", "into"), ()),
        ("send", "", "troops", "deployed", M, ("to", "into"), ()),
        ("send", "", "soldiers", "deployed", M, ("to", "into"), ()),
        ("mobilize", "", "", "mobilized", M, ("to",), ()),
        ("mobilise", "", "", "mobilized", M, ("to",), ()),
        ("mass", "", "", "massed", M, ("near", "along", "on"), ()),
        ("station", "", "", "deployed", M, ("in", "to"), ()),
        ("pledge", "", "", "pledged", D, (), ("to", "for")),
        ("provide", "", "", "provided", D, (), ("to", "for", "with")),
        ("supply", "", "", "supplied", D, (), ("to", "with")),
        ("deliver", "", "", "delivered", D, (), ("to",)),
        ("send", "", "", "sent", D, (), ("to",)),
        ("give", "", "", "gave", D, (), ("to",)),
        ("donate", "", "", "donated", D, (), ("to",)),
        ("fund", "", "", "funded", D, (), ()),
        ("finance", "", "", "funded", D, (), ()),
        ("loan", "", "", "loaned", D, (), ("to",)),
        ("lend", "", "", "loaned", D, (), ("to",)),
        ("allocate", "", "", "allocated", D, (), ("to", "for")),
        ("approve", "", "aid", "approved aid for", D, (), ("to", "for")),
        ("approve", "", "package", "approved aid for", D, (), ("to", "for")),
        ("announce", "", "package", "announced aid for", D, (), ("for", "to")),
        ("announce", "", "aid", "announced aid for", D, (), ("for", "to")),
        ("unveil", "", "package", "announced aid for", D, (), ("for", "to")),
        ("expand", "", "aid", "expanded aid to", D, (), ("to", "for")),
        ("increase", "", "aid", "expanded aid to", D, (), ("to", "for")),
        ("receive", "", "", "received", D, (), ()),
        ("sign", "", "", "signed", "AGREE", ("with",), ()),
        ("agree", "", "", "agreed", "AGREE", ("with", "to"), ()),
        ("conclude", "", "", "concluded", "AGREE", ("with",), ()),
        ("ratify", "", "", "ratified", "AGREE", ("with",), ()),
        ("meet", "", "", "met", "CONSULT", ("with",), ()),
        ("visit", "", "", "visited", "CONSULT", (), ()),
        ("host", "", "", "hosted", "CONSULT", (), ()),
        ("call", "", "", "called", "CONSULT", (), ()),
        ("speak", "", "", "spoke with", "CONSULT", ("with", "to"), ()),
        ("talk", "", "", "spoke with", "CONSULT", ("with", "to"), ()),
        ("negotiate", "", "", "negotiated with", "CONSULT", ("with",), ()),
        ("hold", "", "talks", "held talks with", "CONSULT", ("with",), ()),
        ("welcome", "", "", "hosted", "CONSULT", (), ()),
        ("arrive", "", "", "visited", "CONSULT", ("in",), ()),
        ("shake", "", "hand", "met", "CONSULT", ("with",), ()),
        ("shake", "", "hands", "met", "CONSULT", ("with",), ()),
        ("support", "", "", "supported", "SUPPORT", (), ()),
        ("back", "", "", "backed", "SUPPORT", (), ()),
        ("endorse", "", "", "endorsed", "SUPPORT", (), ()),
        ("praise", "", "", "praised", "SUPPORT", (), ()),
        ("congratulate", "", "", "congratulated", "SUPPORT", (), ()),
        ("help", "", "", "helped", "SUPPORT", (), ()),
        ("stand", "", "", "stood with", "SUPPORT", ("with", "by"), ()),
        ("cooperate", "", "", "cooperated with", "COOPERATE", ("with",), ()),
        ("deepen", "", "cooperation", "cooperated with", "COOPERATE", ("with",), ()),
        ("strengthen", "", "cooperation", "cooperated with", "COOPERATE", ("with",), ()),
        ("expand", "", "cooperation", "cooperated with", "COOPERATE", ("with",), ()),
        ("deepen", "", "ties", "cooperated with", "COOPERATE", ("with",), ()),
        ("strengthen", "", "ties", "cooperated with", "COOPERATE", ("with",), ()),
        ("have", "", "call", "spoke with", "CONSULT", ("with",), ()),
        ("have", "", "talks", "held talks with", "CONSULT", ("with",), ()),
        ("have", "", "meeting", "met", "CONSULT", ("with",), ()),
        ("hold", "", "meeting", "met", "CONSULT", ("with",), ()),
        ("exchange", "", "", "exchanged", "COOPERATE", ("with",), ()),
        ("repatriate", "", "", "repatriated", "COOPERATE", ("to",), ()),
        ("ally", "", "", "allied with", "COOPERATE", ("with",), ()),
        ("ease", "", "", "eased", "CONCEDE", (), ()),
        ("lift", "", "", "lifted", "CONCEDE", (), ()),
        ("concede", "", "", "conceded", "CONCEDE", ("to",), ()),
        ("withdraw", "", "", "withdrew", "RETREAT", ("from",), ()),
        ("retreat", "", "", "retreated", "RETREAT", ("from",), ()),
        ("release", "", "", "released", "RETREAT", (), ()),
        ("pull", "out", "", "withdrew", "RETREAT", ("of", "from"), ()),
        ("urge", "", "", "urged", "REQUEST", (), ()),
        ("call", "on", "", "called on", "REQUEST", ("on", "upon"), ()),
        ("ask", "", "", "asked", "REQUEST", (), ()),
        ("appeal", "", "", "appealed to", "REQUEST", ("to",), ()),
        ("demand", "", "", "demanded", "REQUEST", ("from", "of"), ()),
        ("request", "", "", "requested", "REQUEST", ("from",), ()),
        ("press", "", "", "urged", "REQUEST", (), ()),
        ("accuse", "", "", "accused", "ACCUSE", (), ()),
        ("blame", "", "", "blamed", "ACCUSE", (), ()),
        ("condemn", "", "", "condemned", "ACCUSE", (), ()),
        ("criticize", "", "", "criticized", "ACCUSE", (), ()),
        ("criticise", "", "", "criticized", "ACCUSE", (), ()),
        ("denounce", "", "", "condemned", "ACCUSE", (), ()),
        ("reject", "", "", "rejected", "REJECT", (), ()),
        ("refuse", "", "", "refused", "REJECT", (), ()),
        ("veto", "", "", "vetoed", "REJECT", (), ()),
        ("rebuff", "", "", "rejected", "REJECT", (), ()),
        ("threaten", "", "", "threatened", "THREATEN", (), ()),
        ("warn", "", "", "warned", "THREATEN", (), ()),
        ("protest", "", "", "protested", "PROTEST", ("against",), ()),
        ("demonstrate", "", "", "demonstrated against", "PROTEST", ("against",), ()),
        ("sanction", "", "", "sanctioned", "SANCTION", (), ()),
        ("expel", "", "", "expelled", "SANCTION", (), ()),
        ("ban", "", "", "banned", "SANCTION", (), ()),
        ("fine", "", "", "fined", "SANCTION", (), ()),
        ("suspend", "", "", "suspended", "SANCTION", ("with",), ()),
        ("terminate", "", "", "terminated", "SANCTION", ("with",), ()),
        ("cancel", "", "agreement", "terminated", "SANCTION", ("with",), ()),
        ("freeze", "", "", "froze", "SANCTION", (), ()),
        ("impose", "", "sanctions", "sanctioned", "SANCTION", ("on", "against"), ()),
        ("arrest", "", "", "arrested", "COERCE", (), ()),
        ("seek", "", "sentence", "sought a sentence for", "COERCE", ("for", "against"), ()),
        ("demand", "", "sentence", "sought a sentence for", "COERCE", ("for", "against"), ()),
        ("allege", "", "", "accused", "ACCUSE", (), ()),
        ("detain", "", "", "detained", "COERCE", (), ()),
        ("imprison", "", "", "imprisoned", "COERCE", (), ()),
        ("jail", "", "", "imprisoned", "COERCE", (), ()),
        ("sentence", "", "", "sentenced", "COERCE", (), ()),
        ("charge", "", "", "charged", "COERCE", (), ()),
        ("prosecute", "", "", "prosecuted", "COERCE", (), ()),
        ("indict", "", "", "charged", "COERCE", (), ()),
    ]
    for noun in ATTACK_NOUNS + ["offensive", "incursion", "operation"]:
        yield ("exchange", "", noun, "exchanged strikes with", A, ("with",), ())
        for verb in ("carry", "conduct", "launch", "stage", "mount", "make", "press", "pursue", "intensify", "step", "continue", "resume"):
            yield (verb, "out" if verb == "carry" else "", noun, "attacked", A, TARGET, ())
    for noun in AID_NOUNS:
        for verb in ("announce", "approve", "unveil", "provide", "send", "give", "extend", "allocate", "offer"):
            yield (verb, "", noun, "announced aid for" if verb in ("announce", "unveil", "approve") else "provided", D, (), ("for", "to"))


def _build() -> dict[tuple[str, str, str], Sense]:
    table: dict[tuple[str, str, str], Sense] = {
        key: Sense(s.predicate, s.category, s.targets, s.recipients) for key, s in verb_senses().items()
    }
    built = {(lemma, particle, noun): Sense(predicate, category, tuple(targets), tuple(recipients)) for lemma, particle, noun, predicate, category, targets, recipients in _rows()}
    for (lemma, particle, noun), sense in list(table.items()):
        bare = built.get((lemma, particle, ""))
        if noun and bare is not None and bare.category == sense.category:
            del table[(lemma, particle, noun)]  # the verb alone already says it
    table.update(built)
    return table


LEXICON: dict[tuple[str, str, str], Sense] = _build()

#: Nouns that report an event of a category when an actor owns them
#: ("Israel's second strike on the city").
EVENT_NOUNS: dict[str, Sense] = {
    **{n: Sense("attacked", "ASSAULT", ("on", "against", "at")) for n in ATTACK_NOUNS},
    "invasion": Sense("invaded", "ASSAULT", ("of",)),
    "incursion": Sense("attacked", "ASSAULT", ("into", "in")),
    "capture": Sense("captured", "ASSAULT", ("of",)),
    "seizure": Sense("captured", "ASSAULT", ("of",)),
    "visit": Sense("visited", "CONSULT", ("to",)),
    "deployment": Sense("deployed", "MOBILIZE", ("to", "in", "into")),
}

#: Nouns for an exchange between two parties: "a phone call between X and Y", "talks with Z".
MEETING_NOUNS: dict[str, Sense] = {
    n: Sense("spoke with" if n in ("call", "conversation") else "met", "CONSULT", ("with", "between"))
    for n in "call conversation talks talk meeting summit negotiations consultations".split()
}


def sense_of(lemma: str, particle: str = "", noun: str = "") -> Sense | None:
    """The sense of a verb with an optional particle and direct-object noun."""
    lemma, particle, noun = lemma.lower(), particle.lower(), noun.lower()
    for key in ((lemma, particle, noun), (lemma, "", noun), (lemma, particle, "")):
        if key in LEXICON:
            return LEXICON[key]
    if not particle and (lemma, "", "") in LEXICON:
        return LEXICON[(lemma, "", "")]
    return None
