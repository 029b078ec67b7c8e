"""One node per real actor within an article: surnames and spelling variants
resolve to the full name seen earlier ("Zelenskyy" -> "Volodymyr Zelensky"),
and personal pronouns to the right earlier person when it is clear.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field, replace

from loaders.extraction.entities import Actor

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his"})
UNRESOLVED_PRONOUNS = frozenset({"it", "they", "them", "its", "their", "we", "i", "you", "us", "this", "that"})


def _same_surname(a: str, b: str) -> bool:
    """Spelling variants of one transliterated surname (Zelensky/Zelenskyy)."""
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

    def canonical(self, actor: Actor) -> Actor:
        """The actor with its label resolved to the full name seen earlier."""
        if actor.type != "PERSON":
            return actor
        words = actor.label.split()
        for full in reversed(self.people):
            full_words = full.split()
            if len(words) < len(full_words) and _same_surname(words[-1], full_words[-1]):
                if len(words) == 1 or words[0][:1] == full_words[0][:1]:
                    return replace(actor, label=full)
            if len(words) == len(full_words) and len(words) > 1 and words[0] == full_words[0] and _same_surname(words[-1], full_words[-1]):
                return replace(actor, label=full)
        if len(words) > 1:
            self.people.append(actor.label)
        elif not any(words[-1] == p.split()[-1] for p in self.people):
            self.people.append(actor.label)
        return actor

    def note_subject(self, actor: Actor) -> None:
        if actor.type == "PERSON":
            self.last_person = actor.label

    def resolve_pronoun(self, word: str) -> str | None:
        """The person a personal pronoun most likely stands for, if clear."""
        if word.lower() in PERSON_PRONOUNS and self.last_person:
            return self.last_person
        return None
