"""The verb and event-noun lexicon, read from ``lang/en/verbs.tsv`` and
``lang/en/event_nouns.tsv``: a verb (with particle, or with the noun of a
light-verb construction) or an event noun maps to a normalized predicate and
one category. See ``lang/en/README.md`` for the columns.
"""

from __future__ import annotations

from loaders.extraction.tables import Sense, event_nouns, verb_senses

__all__ = ["EVENT_NOUNS", "LEXICON", "MEETING_NOUNS", "Sense", "sense_of"]

LEXICON: dict[tuple[str, str, str], Sense] = verb_senses()

#: Nouns that report an event of a category when an actor owns them
#: ("Ruritania's second strike on the city", "Acme's takeover of Beta").
EVENT_NOUNS: dict[str, Sense] = event_nouns()

#: Event nouns between two parties: "a phone call between X and Y", "the agreement between X and Y".
MEETING_NOUNS: dict[str, Sense] = {noun: sense for noun, sense in EVENT_NOUNS.items() if "between" in sense.targets}


def sense_of(lemma: str, particle: str = "", noun: str = "") -> Sense | None:
    """The sense of a verb with an optional particle and direct-object noun."""
    lemma, particle, noun = lemma.lower(), particle.lower(), noun.lower()
    for key in ((lemma, particle, noun), (lemma, "", noun), (lemma, particle, "")):
        if key in LEXICON:
            return LEXICON[key]
    if not particle and (lemma, "", "") in LEXICON:
        return LEXICON[(lemma, "", "")]
    return None
