"""One node per real actor within an article: surnames and spelling variants
resolve to the full name seen earlier ("Navalnyy" -> "Alexei Navalny"),
and personal pronouns to the right earlier person when it is clear.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field, replace

from loaders.extraction.entities import Actor
from loaders.extraction.parsed import sentence_of
from loaders.extraction.tables import word_list

PERSON_PRONOUNS = word_list("person_pronouns")
NAME_PARTICLES = word_list("name_particles")


def _same_surname(a: str, b: str) -> bool:
    """Spelling variants of one transliterated surname (Navalny/Navalnyy)."""
    if a == b:
        return True
    if a[:1] != b[:1] or min(len(a), len(b)) < 4:
        return False
    return difflib.SequenceMatcher(None, a.lower(), b.lower()).ratio() >= 0.85


@dataclass
class ArticleActors:
    """What an article has said about its people so far."""

    people: list[str] = field(default_factory=list)  # full names, in order seen
    last_person: str | None = None  # the person most recently mentioned as a subject
    persons_in_sentence: list[str] = field(default_factory=list)
    last_state: Actor | None = None  # the state or organization last acting as a subject
    recent: list[Actor] = field(default_factory=list)  # actors in the order last mentioned
    organizations: list[str] = field(default_factory=list)  # multi-word organization names, in order seen
    mentions: dict[str, int] = field(default_factory=dict)  # person -> how many times named so far

    def canonical(self, actor: Actor) -> Actor:
        """The actor with its label resolved to the full name seen earlier."""
        if actor.type == "ORG":
            return self._canonical_org(actor)
        if actor.type != "PERSON":
            return actor
        words = actor.label.split()
        for full in reversed(self.people):
            full_words = full.split()
            if len(words) < len(full_words) and _same_surname(words[-1], full_words[-1]):
                if len(words) == 1 or words[0][:1] == full_words[0][:1] or words[0] in NAME_PARTICLES:
                    return replace(actor, label=full)
            if len(words) == len(full_words) and len(words) > 1 and words[0] == full_words[0] and _same_surname(words[-1], full_words[-1]):
                return replace(actor, label=full)
        if len(words) == 1:
            # "Liu" after "Liu Wenhao": family names that come first, when only one person fits
            fits = [full for full in self.people if len(full.split()) in (2, 3) and full.split()[0] == words[0]]
            if len(set(fits)) == 1:
                return replace(actor, label=fits[0])
        if len(words) > 1:
            self.people.append(actor.label)
        elif not any(words[-1] == p.split()[-1] for p in self.people):
            self.people.append(actor.label)
        return actor

    def _canonical_org(self, actor: Actor) -> Actor:
        """ "Harwell" after "Harwell Insurance": a part of one organization's name seen earlier."""
        words = actor.label.split()
        if len(words) > 1:
            if actor.label not in self.organizations:
                self.organizations.append(actor.label)
            return actor
        fits = {full for full in self.organizations if words[0] in (full.split()[0], full.split()[-1])}
        return replace(actor, label=fits.pop()) if len(fits) == 1 else actor

    def note_subject(self, actor: Actor) -> None:
        if actor.type == "PERSON":
            self.last_person = actor.label
            self.last_state = None
        elif actor.type in ("GPE", "ORG"):
            self.last_state = actor

    def note_mention(self, actor: Actor) -> None:
        self.recent = [a for a in self.recent if a.label != actor.label] + [actor]
        del self.recent[:-12]
        if actor.type == "PERSON":
            self.mentions[actor.label] = self.mentions.get(actor.label, 0) + 1

    def main_person(self) -> str | None:
        """The person the article has named most so far (twice or more, and clearly more than anyone else)."""
        ranked = sorted(self.mentions.items(), key=lambda kv: -kv[1])
        if not ranked or ranked[0][1] < 2 or (len(ranked) > 1 and ranked[1][1] * 2 > ranked[0][1]):
            return None
        return ranked[0][0]

    def resolve_pronoun(self, word: str) -> str | None:
        """The person a personal pronoun most likely stands for, if clear."""
        if word.lower() in PERSON_PRONOUNS and self.last_person:
            return self.last_person
        return None


def person_acting_before(token, by_token: dict[int, Actor]) -> str | None:
    """The person acting earlier in the same sentence ("Trump said he would ...")."""
    sentence = sentence_of(token)
    for i in range(token.i - 1, sentence.start - 1, -1):
        actor = by_token.get(i)
        if token.doc[i].dep_ in ("nsubj", "nsubjpass"):
            if actor is not None and actor.type == "PERSON" and i == actor.end - 1:
                return actor.label
            if token.doc[i].pos_ == "PROPN" and (actor is None or actor.type == "ORG"):
                return ""  # an unrecognized name acts first: the pronoun is not clear
    return None
