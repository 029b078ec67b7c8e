"""Actor mentions in a parsed text: named entities and demonym phrases,
each with a canonical label ("U.S." -> United States, "Russian forces" -> Russia).

Only this module and its siblings touch spaCy objects; what leaves the
package are graph.model records.
"""

from __future__ import annotations

from dataclasses import dataclass

from loaders.gazetteer import Gazetteer

ACTOR_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})

#: Nouns that, after a demonym or a country, name the state acting
#: ("Ukrainian forces", "Russia's military", "the Iranian government").
STATE_BODY_NOUNS = frozenset(
    """forces force troops soldiers soldier military army armies navy air-force authorities authority officials
    official government administration regime ministry units unit drones missiles defenses defences side
    leadership leaders diplomats delegation police guards guard fighters militaries jets warplanes aircraft
    artillery servicemen personnel command defense defence""".split()
)

#: Words inside an organization name that make it an organ of the state
#: ("Russian Defense Ministry", "Ukrainian Armed Forces", "Israeli army").
STATE_ORGAN_WORDS = frozenset(
    "ministry government army military forces navy administration cabinet command force".split()
)

#: Honorifics and titles that spaCy sometimes keeps inside a PERSON span.
NAME_PREFIXES = frozenset(
    """mr mr. mrs mrs. ms ms. dr dr. president mayor minister general gen. gen sen. sen senator
    governor prime chancellor secretary premier king queen prince sheikh pope judge ambassador""".split()
)


@dataclass(frozen=True)
class Actor:
    """One actor mention: canonical label, type, surface text, token/char span."""

    label: str
    type: str
    text: str
    start: int  # token index (inclusive) in the doc
    end: int  # token index (exclusive)
    start_char: int
    end_char: int
    capital_of: str | None = None  # set when the mention is a capital city (metonym)


def _strip_person(span):
    """Drop honorifics/titles spaCy left at the front of a PERSON span."""
    start = span.start
    while start < span.end - 1 and span.doc[start].lower_.rstrip(".") in {p.rstrip(".") for p in NAME_PREFIXES}:
        start += 1
    end = span.end
    while end > start + 1 and span.doc[end - 1].tag_ == "POS":
        end -= 1
    return span.doc[start:end]


def _clean_text(span) -> str:
    words = [t for t in span if not (t.i == span.start and t.lower_ == "the") and t.tag_ != "POS"]
    return span.doc[words[0].i : words[-1].i + 1].text if words else span.text


def _state_phrase(doc, token, country: str):
    """Extend a demonym/country token over the state noun it modifies, if any."""
    head = token.head
    while head.dep_ in ("compound", "amod") and head.head.i != head.i and head.i > token.i:
        head = head.head
    if head.i > token.i and head.lemma_.lower() in STATE_BODY_NOUNS | {"force"} and head.i - token.i <= 3:
        return doc[token.i : head.i + 1]
    return None


def canonical_actor(span, gazetteer: Gazetteer) -> Actor | None:
    """The actor a named-entity span stands for, or None if it isn't one."""
    label = span.label_
    if label not in ACTOR_TYPES:
        return None
    doc = span.doc
    if label == "PERSON":
        span = _strip_person(span)
        text = span.text
        if not any(t.is_alpha and t.text[:1].isupper() for t in span):
            return None
        return Actor(text, "PERSON", text, span.start, span.end, span.start_char, span.end_char)

    text = _clean_text(span)
    known = gazetteer.lookup(text)
    if label == "NORP":
        country = gazetteer.country_of_demonym(text) or (
            gazetteer.country_of_demonym(text[:-1]) if text.endswith("s") else None
        )
        if country is None:
            return None
        phrase = _state_phrase(doc, span[-1], country)
        if phrase is not None:
            return Actor(country, "GPE", phrase.text, span.start, phrase.end, span.start_char, phrase.end_char)
        if span[-1].pos_ in ("NOUN", "PROPN") and span[-1].tag_ in ("NNPS", "NNS"):  # "Ukrainians"
            return Actor(country, "GPE", text, span.start, span.end, span.start_char, span.end_char)
        return Actor(country, "NORP", text, span.start, span.end, span.start_char, span.end_char)

    if known is not None:
        state = gazetteer.state_of(known.label)
        if state:
            return Actor(state, "GPE", text, span.start, span.end, span.start_char, span.end_char)
        capital = gazetteer.country_of_capital(text)
        phrase = _state_phrase(doc, span[-1], known.label) if known.type == "GPE" else None
        if phrase is not None:
            return Actor(known.label, "GPE", phrase.text, span.start, phrase.end, span.start_char, phrase.end_char)
        return Actor(known.label, known.type, text, span.start, span.end, span.start_char, span.end_char, capital)

    capital = gazetteer.country_of_capital(text)
    if capital:
        return Actor(text, "GPE", text, span.start, span.end, span.start_char, span.end_char, capital)

    if label == "ORG":
        # "Russian Defense Ministry", "Ukraine's Armed Forces": an organ of a state.
        first = span[0]
        country = gazetteer.country_of_demonym(first.text) or (
            gazetteer.lookup(first.text).label if gazetteer.lookup(first.text) and gazetteer.lookup(first.text).type == "GPE" else None
        )
        if country and any(t.lower_ in STATE_ORGAN_WORDS for t in span[1:]):
            return Actor(country, "GPE", text, span.start, span.end, span.start_char, span.end_char)
    if not any(t.text[:1].isupper() or t.is_digit for t in span):
        return None
    return Actor(text, label, text, span.start, span.end, span.start_char, span.end_char)


def actors_in(doc, gazetteer: Gazetteer) -> list[Actor]:
    """Every actor mention in a parsed text, in order."""
    found: list[Actor] = []
    taken: set[int] = set()
    for span in doc.ents:
        actor = canonical_actor(span, gazetteer)
        if actor is None or any(i in taken for i in range(actor.start, actor.end)):
            continue
        taken.update(range(actor.start, actor.end))
        found.append(actor)
    return found
