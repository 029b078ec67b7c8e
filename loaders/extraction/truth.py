"""Truth status of a clause: polarity (negated or not), modality (asserted,
reported, hypothetical) and, for reported speech, who said it."""

from __future__ import annotations

from dataclasses import dataclass

from loaders.extraction.parsed import sentence_of, sentence_text
from loaders.extraction.tables import word_list

SPEECH_VERBS = word_list("speech_verbs")
DENIAL_VERBS = word_list("denial_verbs")
REFUSAL_HEADS = word_list("refusal_verbs")
SPECULATION_HEADS = word_list("speculation_heads")
COMMITMENT_HEADS = word_list("commitment_heads")
PREPARATION_VERBS = word_list("preparation_verbs")
REQUEST_HEADS = word_list("request_heads")
SPECULATION_VERBS_OF_CLAUSE = word_list("speculation_verbs")
HYPOTHETICAL_MODALS = word_list("hypothetical_modals")
FUTURE_MODALS = word_list("future_modals")
#: Modals under which an event named as a subject is not made ("a merger ... would be the fifth deal").
_UNMADE_MODALS = HYPOTHETICAL_MODALS | FUTURE_MODALS | {"would"}
CONDITIONAL_MARKS = word_list("conditional_marks")
FALSITY_WORDS = word_list("falsity_words")
HEDGED_EVENT_MODIFIERS = word_list("hedged_event_modifiers")


@dataclass(frozen=True)
class Truth:
    polarity: str = "positive"
    modality: str = "asserted"
    speaker_index: int | None = None  # token index of the speaker of reported speech
    commitment: str = ""  # the pledge the clause completes ("vowed" in "vowed to strike"), if any
    refusal: str = ""  # the refusal the clause completes ("refused" in "refused to concede"), if any


def _negated(token) -> bool:
    if any(c.dep_ == "neg" or c.lower_ in ("never",) for c in token.children):
        return True
    # "Neither Ruritania nor Freedonia confirmed"
    return any(c.dep_ in ("nsubj", "nsubjpass") and any(g.lower_ == "neither" for g in c.subtree) for c in token.children)


def _modal(token) -> str | None:
    for c in token.children:
        if c.dep_ == "aux" and c.tag_ == "MD":
            return c.lower_
    return None


def _conditional(token) -> bool:
    if any(c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS for c in token.children):
        return True
    # main clause of a conditional: "would not attack ... if Trump were president"
    return any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in CONDITIONAL_MARKS for m in c.children) for c in token.children)


def _sentence_has_condition(token) -> bool:
    return any(t.lower_ in CONDITIONAL_MARKS and t.dep_ == "mark" for t in sentence_of(token))


def _wished(token) -> bool:
    """A "for X to do" clause: what someone wants done, not what was done."""
    children = list(token.children)
    return any(c.dep_ == "mark" and c.lower_ == "for" for c in children) and any(c.dep_ == "aux" and c.lower_ == "to" for c in children)


def _called_false(clause) -> bool:
    """ "Critics were mistaken (when they claimed ...)", "it is nonsense (to suggest ...)": a clause that
    calls what it governs false (and is not itself negated)."""
    return not _negated(clause) and any(c.dep_ in ("acomp", "attr") and c.lower_ in FALSITY_WORDS for c in clause.children)


def _speaker(token):
    for c in token.children:
        if c.dep_ in ("nsubj",):
            return c
    return None


def truth_of(verb) -> Truth:
    """Polarity, modality and speaker for the clause headed by ``verb``."""
    polarity = "negative" if _negated(verb) else "positive"
    modality = "asserted"
    speaker = None
    modal = _modal(verb)
    if modal in HYPOTHETICAL_MODALS or modal in FUTURE_MODALS or _conditional(verb):
        modality = "hypothetical"
    elif modal == "would":
        # "would" is a condition's consequence or the future in reported speech ("NATO would
        # provide"): a forecast either way, not a fact yet
        modality = "hypothetical"

    if verb.lemma_.lower() in PREPARATION_VERBS and any(c.dep_ == "dobj" and c.pos_ == "NOUN" for c in verb.children):
        modality = "hypothetical"  # "is preparing a lawsuit against X": a plan, not yet the event
    if _wished(verb):
        modality = "hypothetical"  # "its call for the UK to leave the EU": wanted, not done
    if verb.pos_ == "NOUN" and any(c.dep_ == "amod" and c.lower_ in HEDGED_EVENT_MODIFIERS for c in verb.children):
        modality = "hypothetical"  # "the reported feud between X and Y", "a proposed merger": not established
    if sentence_text(verb).rstrip(" \"'”’)").endswith("?"):
        modality = "hypothetical"  # a question asserts nothing
    if modality == "asserted" and any(c.dep_ == "advmod" and c.lower_ == "reportedly" for c in verb.children):
        modality = "reported"
    if any(c.dep_ == "advmod" and c.lower_ in ("allegedly", "purportedly", "supposedly") for c in verb.children):
        modality = "hypothetical"  # "he allegedly insulted X": a charge, not an established act
    if verb.pos_ == "NOUN" and verb.dep_ in ("nsubj", "nsubjpass") and _modal(verb.head) in _UNMADE_MODALS:
        modality = "hypothetical"  # "a merger between X and Y would be the fifth deal": not made
    token = verb
    hops = 0
    commitment = ""
    refusal = ""
    while token.head.i != token.i and hops < 6:
        dep, head = token.dep_, token.head
        lemma = head.lemma_.lower()
        hops += 1
        if dep in ("xcomp", "ccomp", "advcl", "conj", "relcl", "acl", "pcomp", "prep", "pobj", "dobj", "parataxis"):
            if dep == "conj":
                # "could take a gamble and call X": conjoined verbs share their auxiliaries
                if not _modal(token) and (_modal(head) in HYPOTHETICAL_MODALS | FUTURE_MODALS | {"would"}):
                    modality = "hypothetical"
                token = head
                continue
            if dep == "pcomp" and head.lower_ == "without":
                polarity = "negative"  # "without meeting Chile"
            if dep == "pcomp" and head.dep_ == "prep" and _modal(head.head) in HYPOTHETICAL_MODALS | FUTURE_MODALS | {"would"}:
                modality = "hypothetical"  # "By merging with X, Acme would ...": a means to an end not yet reached
            if dep == "dobj" and lemma in PREPARATION_VERBS and token.pos_ == "NOUN":
                modality = "hypothetical"  # "preparing its own lawsuit against X"
            if _wished(head):
                modality = "hypothetical"
            if dep in ("xcomp", "ccomp") and lemma in REQUEST_HEADS and token.tag_ == "VB" and not _modal(token):
                modality = "hypothetical"  # "asked judges to punish X": asked for, not done
            if dep in ("xcomp",) and (lemma in SPECULATION_HEADS or head.lower_ in ("likely", "expected")):
                modality = "hypothetical"
            infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
            forecast = lemma in SPECULATION_HEADS or any(
                c.dep_ in ("acomp", "attr") and c.lemma_.lower() in SPECULATION_HEADS for c in head.children
            )
            if dep in ("advcl", "acl") and infinitive and forecast:
                modality = "hypothetical"  # "backed X to win the series", "is favourite to win": a forecast
            if dep == "xcomp" and lemma == "be" and hops == 1 and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children):
                modality = "hypothetical"  # "Acme is to cut 500 jobs": planned, not done
            if dep == "xcomp" and hops == 1 and lemma in COMMITMENT_HEADS and head.pos_ == "VERB" and token.tag_ == "VB":
                commitment = head.text.lower()
            if dep == "xcomp" and lemma in REFUSAL_HEADS:
                polarity = "negative"
                if hops == 1 and head.pos_ == "VERB" and not _negated(head):
                    refusal = head.text.lower()
            if (
                dep in ("advcl", "xcomp")
                and token.tag_ == "VB"
                and (_modal(head) in HYPOTHETICAL_MODALS or (_modal(head) == "would" and _sentence_has_condition(head)))
            ):  # "it would be difficult for X to abandon Y", "could try to reach"
                modality = "hypothetical"
            if dep == "advcl" and any(m.dep_ == "mark" and m.lower_ in CONDITIONAL_MARKS for m in token.children):
                modality = "hypothetical"
            if lemma in DENIAL_VERBS:
                polarity = "negative"
            if (
                dep in ("ccomp", "parataxis")
                and (lemma in SPEECH_VERBS or lemma in SPECULATION_VERBS_OF_CLAUSE)
                and head.dep_ in ("advcl", "xcomp")
            ):
                if _called_false(head.head):
                    polarity = "negative"  # "critics were mistaken when they claimed X did Y", "it is false to say ..."
            if dep in ("ccomp", "parataxis") and lemma in SPECULATION_VERBS_OF_CLAUSE:
                modality = "hypothetical"
            if dep in ("ccomp", "parataxis") and lemma in SPEECH_VERBS:
                if modality == "asserted":
                    modality = "reported"
                if _negated(head):
                    polarity = "negative"
                if _modal(head) in HYPOTHETICAL_MODALS or _conditional(head):
                    modality = "hypothetical"
                s = _speaker(head)
                if s is not None and speaker is None:
                    speaker = s.i
            elif dep in ("ccomp", "xcomp") and _negated(head):
                polarity = "negative"
            if dep in ("pcomp", "pobj", "prep") and lemma in DENIAL_VERBS | {"allegation", "claim", "accusation", "report"}:
                polarity = "negative" if lemma in DENIAL_VERBS else polarity
            token = head
            continue
        break
    return Truth(polarity, modality, speaker, commitment, refusal if polarity == "negative" else "")


def according_to(sentence, resolve) -> str | None:
    """The source an "according to X" phrase names, if it is an actor."""
    for token in sentence:
        if token.lower_ == "according" and token.i + 1 < len(token.doc) and token.doc[token.i + 1].lower_ == "to":
            for obj in token.doc[token.i + 1].children:
                if obj.dep_ == "pobj":
                    actors = resolve(obj)
                    if actors:
                        return actors[0].capital_of or actors[0].label
    return None
