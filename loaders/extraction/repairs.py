"""Repairs to the parse that every stage would otherwise have to work around.

The small English model sometimes reads a two-word name as a preposition and its object
("accused Jane Roe of fraud": "Jane" a preposition of "accused", "Roe" its object), and a
team followed by a score as an adverb ("beat Leinster 40-13"). A person named after "the
founder of Acme," is hung on "Acme" rather than on "founder". These are put right here,
once per parsed paragraph, before any stage reads it.
"""

from __future__ import annotations

from spacy.tokens import Doc

from loaders.extraction.entities import role_word

NAME_LABELS = frozenset({"PERSON", "ORG", "GPE"})


def rejoin_split_names(doc: Doc) -> int:
    """Names the parser split into a preposition and its object, made one noun phrase again:
    the last word heads the name and takes the first word's place in the clause (object of
    the verb, or its indirect object when the verb already has one); the other words are
    compounds of it. Returns how many names were rejoined."""
    rejoined = 0
    for ent in doc.ents:
        if ent.label_ not in NAME_LABELS or len(ent) < 2 or not all(t.pos_ == "PROPN" for t in ent):
            continue
        roots = [t for t in ent if t.head.i < ent.start or t.head.i >= ent.end or t.head.i == t.i]
        if len(roots) != 1:
            continue
        first, last = roots[0], ent[-1]
        verb = first.head
        if first.dep_ not in ("prep", "dative") or first.i == last.i or verb.pos_ not in ("VERB", "AUX"):
            continue
        if not any(t.dep_ == "pobj" and t.head.i == first.i for t in ent):
            continue
        has_object = any(c.dep_ == "dobj" for c in verb.children)
        last.head = verb
        last.dep_ = "dative" if has_object else "dobj"
        for t in ent:
            if t.i != last.i:
                t.head = last
                t.dep_ = "compound"
        rejoined += 1
    return rejoined


def objects_before_scores(doc: Doc) -> int:
    """A name right after a verb and before a score ("beat Leinster 40-13", "drew with ...
    aside"), read by the parser as an adverb of the verb, made the verb's object. Returns how
    many were repaired."""
    repaired = 0
    for ent in doc.ents:
        if ent.label_ not in NAME_LABELS or ent.end + 2 >= len(doc):
            continue
        name, verb = ent[-1], ent[-1].head
        score = doc[ent.end : ent.end + 3]
        if (
            name.dep_ == "npadvmod"
            and verb.pos_ == "VERB"
            and verb.i == ent.start - 1
            and score[0].like_num
            and score[1].text in ("-", "–")
            and score[2].like_num
            and not any(c.dep_ == "dobj" for c in verb.children)
        ):
            name.dep_ = "dobj"
            repaired += 1
    return repaired


#: Prepositions that tie a role to its body: "the founder of Acme", "a spokesman for X".
_ROLE_PREPOSITIONS = frozenset({"of", "for", "at"})


def names_to_their_roles(doc: Doc) -> int:
    """A person's name in apposition to the body of a role ("The founder of Acme, Jane Roe,
    said ..."), which the parser hangs on the body, hung on the role instead, so that the
    role's clause has the person for subject. Returns how many were moved."""
    moved = 0
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        name = ent.root
        body = name.head
        if name.dep_ != "appos" or body.dep_ != "pobj" or body.head.lower_ not in _ROLE_PREPOSITIONS:
            continue
        role = body.head.head
        if role.pos_ != "NOUN" or role_word(role) is None or body.ent_type_ not in ("ORG", "GPE"):
            continue
        name.head = role
        moved += 1
    return moved
