"""Actor mentions in a parsed text: named entities and demonym phrases,
each with a canonical label ("U.S." -> United States, "Russian forces" -> Russia).

Only this module and its siblings touch spaCy objects; what leaves the
package are graph.model records.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, replace
from typing import Protocol

from spacy.tokens import Span, Token

from loaders.extraction.parsed import entities, sentence_bounds
from loaders.extraction.quantities import PRIZE_NOUNS
from loaders.extraction.tables import RoleWord, descriptions, role_words, word_list
from loaders.extraction.truth import SPEECH_VERBS
from loaders.gazetteer import Gazetteer

ACTOR_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})

STATE_BODY_NOUNS = word_list("state_body_nouns")

STATE_ORGAN_WORDS = word_list("state_organ_words")

NAME_PREFIXES = word_list("name_prefixes")


class Resolve(Protocol):
    """Turns a token into the actors it names or refers to (``owner``: a demonym as its state)."""

    def __call__(self, token: Token, owner: bool = False, /) -> list[Actor]: ...


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


def token_span(token: Token) -> tuple[int, int, int, int]:
    """(start, end, start_char, end_char) of one token, for an Actor standing on it."""
    return token.i, token.i + 1, token.idx, token.idx + len(token)


def standing_on(actor: Actor, token: Token) -> Actor:
    """The actor as mentioned by one token that refers to it ("it", "the company")."""
    return replace(actor, text=token.text, start=token.i, end=token.i + 1, start_char=token.idx, end_char=token.idx + len(token))


COMPASS_WORDS = word_list("compass_words")

TITLE_ONLY_WORDS = word_list("title_only_words")


_PREFIXES = frozenset(p.rstrip(".") for p in NAME_PREFIXES)


def _strip_person(span, known: Callable[[str], bool] = lambda name: False):
    """Drop honorifics/titles spaCy left at the front of a PERSON span, short of a known
    person's name ("President Sheikh A. B." -> "Sheikh A. B." when the table knows that name)."""
    start = span.start
    inner = [t.i for t in span[1:-1] if t.lower_.rstrip(".") in {"mr", "mrs", "ms", "dr", "miss", "sir"}]
    if inner:  # "Times Mr Smith": what comes before the honorific is no part of the name
        start = inner[-1]
    while start < span.end - 1 and span.doc[start].lower_.rstrip(".") in _PREFIXES and not known(span.doc[start : span.end].text):
        start += 1
    first = span.doc[start]
    if (
        start < span.end - 1
        and first.is_sent_start
        and _is_occupation(first)
        and all(t.pos_ == "PROPN" and t.text[:1].isupper() and role_word(t) is None for t in span.doc[start + 1 : span.end])
        and not known(span.doc[start : span.end].text)
    ):
        start += 1  # "Rapper Jane Roe has ...": an occupation capitalized only because it opens the sentence
    end = span.end
    while end > start + 1 and span.doc[end - 1].tag_ == "POS":
        end -= 1
    return span.doc[start:end]


def _clean_text(span) -> str:
    """The name a span gives, without leading articles and common words ("the", "plus",
    "broadcaster") or a possessive ending."""
    words = [t for t in span if t.tag_ != "POS"]
    while len(words) > 1 and (words[0].is_lower or words[0].lower_ in ("the", "a", "an")):
        words = words[1:]
    text = span.doc[words[0].i : words[-1].i + 1].text if words else span.text
    return text[3:] if text.lower().startswith("ex-") and len(text) > 3 else text


def _state_phrase(doc, token, country: str):
    """Extend a demonym/country token over the state noun it modifies, if any."""
    head = token.head
    while head.dep_ in ("compound", "amod") and head.head.i != head.i and head.i > token.i:
        head = head.head
    if head.i > token.i and head.lemma_.lower() in STATE_BODY_NOUNS and head.i - token.i <= 3:
        if head.lemma_.lower() == "state" and any(c.dep_ == "prep" and c.lower_ == "of" for c in head.children):
            return None  # "the Australian state of Victoria": a state within the country
        return doc[token.i : head.i + 1]
    return None


ORGAN_NOUNS = word_list("organization_organ_nouns")


def _organ_phrase(doc, span):
    """ "Acme's board", "Acme's executive board": an organization's name over the organ of it
    that acts, which stands for the organization."""
    name = span[-1] if span[-1].tag_ != "POS" or len(span) == 1 else span[-2]  # the recognizer may take the "'s" in
    if name.i + 2 >= len(doc) or doc[name.i + 1].tag_ != "POS":
        return None
    head = name.head
    named_after = head.i + 1 < len(doc) and doc[head.i + 1].pos_ == "PROPN"  # "Acme's spokesman Jane Roe": a title
    if head.i > name.i + 1 and head.i - name.i <= 4 and head.lower_ in ORGAN_NOUNS and name.dep_ == "poss" and not named_after:
        return doc[span.start : head.i + 1]
    return None


MEMBER_NOUNS = word_list("member_nouns")


def _members_phrase(doc, span):
    """ "Acme executives", "Ruritanian Labour MPs": an organization's name over the plural noun
    for its members right after it, who act for it."""
    if span.end >= len(doc):
        return None
    members = doc[span.end]
    named_after = members.i + 1 < len(doc) and doc[members.i + 1].pos_ == "PROPN"  # "Acme directors Jane Roe and ...": a title
    if members.lower_ in MEMBER_NOUNS and members.tag_ in ("NNS", "NNPS") and span[-1].head.i == members.i and not named_after:
        return doc[span.start : members.i + 1]
    return None


#: Adjectives naming a group of states, and the nouns that make them an actor.
BLOCS = {"western": "West"}
BLOC_NOUNS = word_list("bloc_nouns")


def _bloc(doc, span) -> Actor | None:
    """ "Western allies", "Ukraine's Western partners" -> the West."""
    bloc = BLOCS.get(span.text.lower())
    head = span[-1].head
    if bloc and head.i > span[-1].i and head.lemma_.lower() in BLOC_NOUNS:
        phrase = doc[span.start : head.i + 1]
        return Actor(bloc, "ORG", phrase.text, span.start, head.i + 1, span.start_char, phrase.end_char)
    return None


_COMMON_NOUNS = word_list("owned_nouns") | word_list("force_nouns") | word_list("people_group_nouns") | word_list("referred_nouns")


_PLACE_PREPOSITIONS = frozenset({"in", "at", "near", "from", "to", "into", "outside", "around", "across", "towards", "toward"})


def _name_after_title(span):
    """The person's name closing a span that opens with a title ("Chief Executive Officer Mary
    Roe", "Deputy Interior Minister Jan Novak"): title words up to a head word, then two or three
    capitalized proper nouns that are no title or organization words."""
    suffixes = word_list("org_suffixes") | word_list("organization_words")
    for cut in range(len(span) - 2, 0, -1):
        name = span[cut:]
        if not _is_head(span[cut - 1]) or not all(_in_title(t) or t.text[:1].isupper() for t in span[:cut]):
            continue
        if 2 <= len(name) <= 3 and all(
            t.pos_ == "PROPN" and t.is_title and t.is_alpha and role_word(t) is None and t.lower_ not in suffixes for t in name
        ):
            return name
        return None
    return None


def described_as_company(span) -> bool:
    """A name the text itself shows to be a company's: "Acme shares", "an Acme spokesman" (one
    word before a company noun), "oil giant Acme", "carmaker Acme" (a company description
    before it)."""
    doc = span.doc
    if len(span) == 1 and span.end < len(doc) and span[0].dep_ == "compound":
        after = doc[span.end]
        if after.lower_ in word_list("company_attribute_nouns") and after.i == span[0].head.i:
            return True
    before = doc[span.start - 1] if span.start > 0 else None
    return before is not None and before.is_lower and descriptions().get(before.lower_) == "ORG"


COMPANY_NOUNS = word_list("company_nouns")
COMPANY_SUFFIXES = word_list("company_suffixes")
_ARMED_BUSINESS = word_list("armed_business_words")
#: Nouns of money right after a name that make it a listed company's ("Acme shares fell").
_MARKET_NOUNS = frozenset({"shares", "stock", "profit", "profits", "revenues", "sales", "shareholders"})


def described_as_business(span) -> bool:
    """A mention the text shows to be a business's: a company noun modifying it ("oil producer
    Acme", "software giant Acme") or in apposition ("Acme, the oil firm"), its shares or profits
    (nouns) after it ("Acme shares fell"), or a company's last word ("Acme Holdings plc"); not
    a business that fights or arms ("the private military company Acme", "Acme Ltd, a security
    contractor", "arms maker Acme")."""
    doc = span.doc
    root = span.root
    appositions = [c for c in root.children if c.dep_ == "appos" and c.i >= span.end]
    # what may say it fights: the three words before the name, its appositions
    if any(t.lower_ in _ARMED_BUSINESS for t in [*doc[max(0, span.start - 3) : span.start], *(t for a in appositions for t in a.subtree)]):
        return False
    describers = list(appositions)
    before = doc[span.start - 1] if span.start > 0 else None
    if (
        before is not None
        and before.is_lower
        and (before.head.i == root.i or root.head.i == before.i)  # "producer Acme", "the firm Acme" (not "a company Acme used")
        and not (before.i > 0 and doc[before.i - 1].text == "-")  # not "decision-maker"
    ):
        describers.append(before)
    if any(n.lemma_.lower() in COMPANY_NOUNS or n.lower_ in COMPANY_NOUNS for n in describers):
        return True
    if len(span) > 1 and span[-1].lower_.strip(".") in COMPANY_SUFFIXES:
        return True
    after = doc[span.end] if span.end < len(doc) else None
    return after is not None and after.lower_ in _MARKET_NOUNS and after.pos_ == "NOUN" and root.head.i == after.i


def canonical_actor(span, gazetteer: Gazetteer) -> Actor | None:
    """The actor a named-entity span stands for, or None if it isn't one."""
    label = span.label_
    doc = span.doc
    if label == "PRODUCT" and span.start > 0 and descriptions().get(doc[span.start - 1].lemma_.lower()) == "ORG":
        label = "ORG"  # "carmaker Maruti": a company the recognizer took for a product
    if label == "PERSON" and described_as_company(span):
        label = "ORG"
    if label not in ACTOR_TYPES:
        return None
    end = span.end
    while (
        end - 1 > span.start
        and (doc[end - 1].like_num or doc[end - 1].text in ("-", "–"))
        and any(t.is_alpha for t in doc[span.start : end - 1])
    ):
        end -= 1  # "Jane Roe 6-4": a score run into the name
    scored = any(t.text in ("-", "–") or "-" in t.text for t in doc[end : span.end + 1])  # not "Channel 4"
    if end != span.end and scored:
        span = Span(doc, span.start, end, label=span.label_)
    if len(span) == 1 and gazetteer.lookup(span.text) is None and label != "NORP":
        possessive = span.end < len(doc) and doc[span.end].tag_ == "POS"
        if (
            label in ("PERSON", "ORG")
            and possessive
            and (span[0].pos_ == "NOUN" and span[0].tag_ == "NNS" or role_word(span[0]) is not None)
        ):
            return None  # "Women's Minister", "Carers' Minister": a portfolio, no name
        if span[0].is_sent_start and (
            span[0].lower_ in _COMMON_NOUNS or (span[0].tag_ in ("VBN", "VBD") and span[0].lower_.endswith("ed"))
        ):
            return None  # "Gunboats fired ...", "Sacked ...": a capitalized word opening a sentence, no name
    before = doc[span.start - 1] if span.start > 0 else None
    if (
        label == "GPE"
        and len(span) == 1
        and before is not None
        and before.pos_ == "PROPN"
        and before.dep_ == "compound"
        and before.head.i == span.start
        and not before.ent_type_
        and before.text[:1].isupper()
        and before.lower_ not in COMPASS_WORDS
        and before.lower_ not in TITLE_SPLITTERS
        and gazetteer.lookup(before.text) is None
        and gazetteer.country_of_demonym(before.text) is None
        and (gazetteer.country_of_capital(span.text) or gazetteer.city(span.text))
    ):  # "Sarah Paris": a first name before a city name makes a person
        span = doc[span.start - 1 : span.end]
        return Actor(span.text, "PERSON", span.text, span.start, span.end, span.start_char, span.end_char)
    if label == "PERSON" and len(span) == 1 and span[0].dep_ == "pobj" and span[0].head.lower_ in ("in", "near", "outside"):
        # "injured in Bilozerka": one word after a place preposition is a place, not a person
        return Actor(
            span.text, "GPE", span.text, span.start, span.end, span.start_char, span.end_char, gazetteer.country_of_capital(span.text)
        )
    if label == "PERSON" and len(span) == 1 and (gazetteer.city(span.text) or gazetteer.country_of_capital(span.text)):
        # a lone city name the recognizer took for a person ("Israel struck Rafah")
        return Actor(
            gazetteer.city(span.text) or span.text,
            "GPE",
            span.text,
            span.start,
            span.end,
            span.start_char,
            span.end_char,
            gazetteer.country_of_capital(span.text),
        )
    if label in ("ORG", "GPE", "FAC", "LOC") or (label == "PERSON" and len(span) >= 3):
        named = _name_after_title(span)  # "Ministers Anna Berg": a plural title taken into the name
        if named is not None:  # "National Security Adviser Jan Novak" taken whole for an organization
            return Actor(named.text, "PERSON", named.text, named.start, named.end, named.start_char, named.end_char)
    if label == "PERSON":
        span = _strip_person(span, lambda name: gazetteer.country_of_person(name) is not None)
        text = span.text
        if not any(t.is_alpha and t.text[:1].isupper() for t in span):
            return None
        if len(span) >= 2 and _is_head(span[-1]) and (gazetteer.lookup(span[0].text) or gazetteer.country_of_demonym(span[0].text)):
            return None  # "U.S. President", "French Prime Minister": a title, no name
        return Actor(text, "PERSON", text, span.start, span.end, span.start_char, span.end_char)

    text = _clean_text(span)
    known = gazetteer.lookup(text)
    if label == "NORP":
        country = gazetteer.country_of_demonym(text) or (gazetteer.country_of_demonym(text[:-1]) if text.endswith("s") else None)
        if country is None:
            party = gazetteer.lookup(f"{text} Party")
            nxt = doc[span.end] if span.end < len(doc) else None
            members = _members_phrase(doc, span) if party is not None else None
            if party is not None and members is not None:  # "Republican senators voted ...": the party acting
                return Actor(party.label, "ORG", members.text, members.start, members.end, members.start_char, members.end_char)
            if party is not None and nxt is not None and (role_word(nxt) is not None or _in_title(nxt)):
                # "Republican presidential nominee X", "Democratic Senator Y": the party's
                return Actor(party.label, "ORG", text, span.start, span.end, span.start_char, span.end_char)
            return _bloc(doc, span)
        group = doc[span.end] if span.end < len(doc) else None
        if group is not None and group.lower_ in word_list("people_group_nouns") and span[-1].head.i == group.i:
            # "Kenyan rebels", "Chilean protesters": a group of its own, not the state
            phrase = doc[span.start : span.end + 1]
            return Actor(phrase.text, "ORG", phrase.text, phrase.start, phrase.end, phrase.start_char, phrase.end_char)
        phrase = _state_phrase(doc, span[-1], country)
        if phrase is not None:
            phrase = doc[span.start : phrase.end]
            return Actor(country, "GPE", phrase.text, span.start, phrase.end, span.start_char, phrase.end_char)
        if span[-1].pos_ in ("NOUN", "PROPN") and span[-1].tag_ in ("NNPS", "NNS"):  # "Ukrainians"
            return Actor(country, "GPE", text, span.start, span.end, span.start_char, span.end_char)
        return Actor(country, "NORP", text, span.start, span.end, span.start_char, span.end_char)

    if known is not None and known.type == "GPE" and span.start > 0:
        # "Jamaat-e-Tawhid Bangladesh": a country name closing a longer organization name
        i = span.start - 1
        while i >= 0 and (
            doc[i].text == "-"
            or (doc[i].text[:1].isupper() and doc[i].pos_ in ("PROPN", "X") and doc[i].ent_type_ in ("", "ORG"))
            or (len(doc[i].text) == 1 and doc[i].is_lower and i > 0 and doc[i - 1].text == "-")
        ):
            i -= 1
        left = doc[i + 1 : span.start]
        if any(t.text == "-" for t in left) and left[0].text[:1].isupper():
            whole = doc[i + 1 : span.end]
            return Actor(whole.text, "ORG", whole.text, whole.start, whole.end, whole.start_char, whole.end_char)
    if known is not None and known.type == "GPE" and span.end + 1 < len(doc) and doc[span.end].tag_ == "POS":
        group = doc[span.end + 1]
        demonym = gazetteer.demonym_of(known.label)
        if demonym and group.lower_ in word_list("people_group_nouns") and group.tag_ in ("NN", "NNS") and span[-1].head.i == group.i:
            # "Venezuela's opposition", "Sudan's rebels": the same group as "the Venezuelan opposition"
            phrase = doc[span.start : group.i + 1]
            return Actor(f"{demonym} {group.lower_}", "ORG", phrase.text, phrase.start, phrase.end, phrase.start_char, phrase.end_char)
    if known is not None:
        state = gazetteer.state_of(known.label)
        if state:
            return Actor(state, "GPE", text, span.start, span.end, span.start_char, span.end_char)
        capital = gazetteer.country_of_capital(text)
        phrase = _state_phrase(doc, span[-1], known.label) if known.type == "GPE" else None
        if phrase is not None:
            phrase = doc[span.start : phrase.end]
            return Actor(known.label, "GPE", phrase.text, span.start, phrase.end, span.start_char, phrase.end_char)
        organ = (_organ_phrase(doc, span) or _members_phrase(doc, span)) if known.type == "ORG" else None
        if organ is not None:
            return Actor(known.label, "ORG", organ.text, organ.start, organ.end, organ.start_char, organ.end_char)
        return Actor(known.label, known.type, text, span.start, span.end, span.start_char, span.end_char, capital)

    capital = gazetteer.country_of_capital(text)
    if capital:
        return Actor(text, "GPE", text, span.start, span.end, span.start_char, span.end_char, capital)
    city = gazetteer.city(text)
    before = doc[span.start - 1] if span.start > 0 else None
    if city and label == "ORG" and not (before is not None and before.lower_ in _PLACE_PREPOSITIONS):
        city = None  # "sued Zurich": a company named like a town stays a company unless placed ("in Zurich")
    if city:
        return Actor(city, "GPE", text, span.start, span.end, span.start_char, span.end_char)
    if label in ("ORG", "GPE", "NORP") and before is not None and before.lower_ in TITLE_SPLITTERS and len(span) >= 2:
        return Actor(text, "PERSON", text, span.start, span.end, span.start_char, span.end_char)  # "Mayor Borys Filatov"

    if label in ("ORG", "GPE", "LOC", "FAC") and all(t.lower_ in TITLE_ONLY_WORDS for t in span):
        return None  # "State" in "Secretary of State"
    if label == "ORG":
        # "Russian Defense Ministry", "Ukraine's Armed Forces": an organ of a state.
        first = span[0]
        known_first = gazetteer.lookup(first.text)
        country = gazetteer.country_of_demonym(first.text)
        if country is None and known_first is not None and known_first.type == "GPE":
            country = known_first.label
        if country and any(t.lower_ in STATE_ORGAN_WORDS for t in span[1:]):
            phrase = _state_phrase(doc, span[-1], country)  # "U.S. Navy destroyers": the state's ships
            end = phrase if phrase is not None else span
            return Actor(country, "GPE", doc[span.start : end.end].text, span.start, end.end, span.start_char, end.end_char)
    if not any(t.text[:1].isupper() or t.is_digit for t in span):
        return None
    organ = (_organ_phrase(doc, span) or _members_phrase(doc, span)) if label == "ORG" else None
    if organ is not None:
        return Actor(text, label, organ.text, organ.start, organ.end, organ.start_char, organ.end_char)
    return Actor(text, label, text, span.start, span.end, span.start_char, span.end_char)


TITLE_SPLITTERS = word_list("title_splitters")


#: A name word with an apostrophe inside it ("O'Rourke", "D'Souza").
_APOSTROPHE_NAME = re.compile(r"[A-Z][a-z]?['\u2019][A-Z][a-z]+")


def _name_shaped(token) -> bool:
    return token.is_alpha or _APOSTROPHE_NAME.fullmatch(token.text) is not None


def _propn_runs(doc, taken: set[int]):
    """Maximal runs of capitalized proper nouns the recognizer left untagged."""
    i = 0
    while i < len(doc):
        t = doc[i]
        if i not in taken and t.pos_ == "PROPN" and t.text[:1].isupper() and _name_shaped(t):
            j = i
            while (
                j + 1 < len(doc)
                and j + 1 not in taken
                and doc[j + 1].pos_ == "PROPN"
                and doc[j + 1].text[:1].isupper()
                and _name_shaped(doc[j + 1])
            ):
                j += 1
            yield i, j + 1
            i = j + 1
        else:
            i += 1


def _is_known_surname(word: str, surnames: set[str]) -> bool:
    import difflib

    return word in surnames or any(
        s[:1] == word[:1] and len(word) >= 5 and difflib.SequenceMatcher(None, s.lower(), word.lower()).ratio() >= 0.85 for s in surnames
    )


NOT_NAME_WORDS = word_list("not_name_words")


def _looks_like_person(doc, start: int, end: int, surnames: set[str]) -> bool:
    if any(doc[k].lower_ in NOT_NAME_WORDS | TITLE_SPLITTERS for k in range(start, end)):
        return False
    if all(role_word(doc[k]) is not None for k in range(start, end)):
        return False  # "Executive Officer": title words, no name
    if end - start == 1:
        return _is_known_surname(doc[start].text, surnames)
    if end - start > 4:
        return False
    before = doc[start - 1] if start > 0 else None
    after = doc[end] if end < len(doc) else None
    if before is not None and before.lower_ in TITLE_SPLITTERS | {"mr", "mr.", "ms", "ms.", "dr", "dr."}:
        return True
    if after is not None and after.text == "," and end + 1 < len(doc) and doc[end + 1].lower_ in TITLE_SPLITTERS | {"the", "a"}:
        return True
    head = doc[end - 1]
    if (
        end - start >= 2
        and before is not None
        and head.dep_ == "appos"
        and head.head.i == before.i
        and before.tag_ == "NN"
        and before.is_lower
    ):
        return True  # "business magnate Warren Buffett", "the activist Maria Petrova"
    if head.dep_ == "conj" and head.head.ent_type_ == "PERSON" or any(c.dep_ == "conj" and c.ent_type_ == "PERSON" for c in head.children):
        return True  # "between Jorge Ruiz and Pablo Ortega"
    return head.dep_ == "nsubj" and head.head.lemma_ in SPEECH_VERBS


def _splits_title(token) -> bool:
    """A title's last word, singular or plural ("Mayor", "Ministers"), before a name."""
    return token.lower_ in TITLE_SPLITTERS or (token.lower_.endswith("s") and token.lower_[:-1] in TITLE_SPLITTERS)


def completed_actors(doc, gazetteer: Gazetteer, taken: set[int], surnames: set[str]) -> list[Actor]:
    """Actors the recognizer missed: "<Place> Mayor <Name>" runs and untagged names of people."""
    found: list[Actor] = []
    for start, end in _propn_runs(doc, taken):
        city = gazetteer.city(doc[start:end].text)
        if city is not None:
            span = doc[start:end]
            found.append(Actor(city, "GPE", span.text, start, end, span.start_char, span.end_char))
            continue
        split = next((k for k in range(end - 1, start - 1, -1) if _splits_title(doc[k])), None)
        if split is not None:
            if end - split - 1 >= 2 and not all(role_word(t) is not None for t in doc[split + 1 : end]):
                person = doc[split + 1 : end]  # not "Executive Officer" after "Chief"
                found.append(Actor(person.text, "PERSON", person.text, person.start, person.end, person.start_char, person.end_char))
            first_title = split
            while first_title > start and doc[first_title - 1].lower_ in TITLE_SPLITTERS | {
                "foreign",
                "defense",
                "defence",
                "prime",
                "deputy",
                "vice",
                "interior",
            }:
                first_title -= 1
            if first_title > start and not any(doc[k].ent_type_ in ("DATE", "TIME") for k in range(start, first_title)):
                # "Dnipro" in "Dnipro Mayor ..." (never "Friday" in "on Friday Prime Minister ...")
                body = doc[start:first_title]
                lead = doc[start - 1] if start > 0 else None
                if (
                    lead is not None
                    and lead.ent_type_ == "GPE"
                    and lead.dep_ == "compound"
                    and start <= lead.head.i < end
                    and gazetteer.lookup(body.text) is None
                    and gazetteer.city(body.text) is None
                ):  # "China Mobile Chief Executive Jane Roe": the country opens the company's name
                    gpe_start = lead.i
                    while gpe_start > 0 and doc[gpe_start - 1].ent_type_ == "GPE" and doc[gpe_start].ent_iob_ == "I":
                        gpe_start -= 1
                    whole = doc[gpe_start:first_title]
                    found.append(Actor(whole.text, "ORG", whole.text, whole.start, whole.end, whole.start_char, whole.end_char))
                    continue
                known = gazetteer.lookup(body.text)
                capital = gazetteer.country_of_capital(body.text)
                if known is not None:
                    found.append(
                        Actor(
                            gazetteer.state_of(known.label) or known.label,
                            known.type,
                            body.text,
                            body.start,
                            body.end,
                            body.start_char,
                            body.end_char,
                        )
                    )
                else:
                    found.append(
                        Actor(
                            body.text,
                            "GPE" if len(body) == 1 else "ORG",
                            body.text,
                            body.start,
                            body.end,
                            body.start_char,
                            body.end_char,
                            capital,
                        )
                    )
            continue
        if split is None and _looks_like_person(doc, start, end, surnames):
            span = doc[start:end]
            found.append(Actor(span.text, "PERSON", span.text, start, end, span.start_char, span.end_char))
        elif split is None and end - start <= 3:
            head = doc[end - 1]
            if (
                head.dep_ == "pobj"
                and head.head.lower_ in ("in", "near", "outside", "around")
                and not any(doc[k].lower_ in NOT_NAME_WORDS for k in range(start, end))
            ):  # "injured in Bilozerka": an untagged name after "in" is a place
                span = doc[start:end]
                found.append(Actor(span.text, "GPE", span.text, start, end, span.start_char, span.end_char))
    used = taken | {i for a in found for i in range(a.start, a.end)}
    for t in doc:  # a known surname the tagger took for a common noun ("Navalnyy later said ...")
        if (
            t.i not in used
            and t.pos_ in ("NOUN", "ADJ", "X")
            and t.is_title
            and t.is_alpha
            and surnames
            and _is_known_surname(t.text, surnames)
        ):
            found.append(Actor(t.text, "PERSON", t.text, t.i, t.i + 1, t.idx, t.idx + len(t)))
    return found


#: Words that end an organization's or a newspaper's name, never a person's ("Kyiv Post").
_NOT_SURNAMES = word_list("press_words") | word_list("org_suffixes") | word_list("organization_words")


def _name_word(token) -> bool:
    """A capitalized word that can open an organization's name ("Campaign", "Institute")."""
    return (
        token.is_title
        and token.is_alpha
        and token.pos_ in ("PROPN", "NOUN")
        and not token.ent_type_
        and getattr(role_word(token), "kind", "modifier") == "modifier"
        and token.lower_ not in HONORIFICS | TITLE_SPLITTERS
    )


def names_joined(doc) -> list[Span]:
    """The recognizer's entities, with people's names it cut at a lower-case particle made
    whole: "Hanneke van der" + "Berg" -> "Hanneke van der Berg"; "van der" + "Berg" ->
    "van der Berg" (a person)."""
    particles = word_list("name_particles")
    suffixes = word_list("org_suffixes")
    out: list[Span] = []
    end_of_last = 0
    for ent in entities(doc):
        if ent.start < end_of_last:
            continue
        start, end, label = ent.start, ent.end, ent.label_
        if end - start > 2 and doc[start].lower_ == "ex" and doc[start + 1].text == "-":
            start += 2  # "ex-Tyco boss": the name after the prefix, an organization before a title
            if end < len(doc) and role_word(doc[end]) is not None:
                label = "ORG"
        if label == "PERSON":
            k = end
            while k < len(doc) and doc[k].lower_ in particles and doc[k].is_lower:
                k += 1
            last_is_particle = doc[end - 1].lower_ in particles and doc[end - 1].is_lower
            if (k > end or last_is_particle) and k < len(doc) and doc[k].is_alpha and doc[k].text[:1].isupper():
                end = k + 1
        if (
            label == "GPE"
            and end - start == 1
            and end < len(doc)
            and doc[start].dep_ == "compound"
            and doc[start].head.i == end
            and doc[end].pos_ == "PROPN"
            and doc[end].lower_ not in _NOT_SURNAMES
            and (
                (doc[end].ent_type_ == "PERSON" and doc[end].ent_iob_ == "B")
                or (not doc[end].ent_type_ and start > 0 and (role_word(doc[start - 1]) is not None or doc[start - 1].tag_ == "POS"))
            )
            and (end + 1 >= len(doc) or doc[end + 1].ent_iob_ != "I")
        ):  # "Jordan Hale", "Interior Minister Jordan Hale": a first name that is also a country's
            end, label = end + 1, "PERSON"
        if label in ("NORP", "GPE"):  # "Irish Freedom Party": a demonym opening an organization's name
            k = end
            while k < len(doc) and doc[k].pos_ == "PROPN" and doc[k].text[:1].isupper() and doc[k].ent_type_ in ("", "ORG"):
                k += 1
            if k > end and doc[k - 1].lower_.strip(".") in suffixes:
                end, label = k, "ORG"
        if label == "ORG" and start > end_of_last:
            t = doc[start - 1]
            if (
                t.pos_ == "PROPN"
                and t.is_upper
                and t.is_alpha
                and len(t) >= 2
                and not t.ent_type_
                and t.dep_ == "compound"
                and start <= t.head.i < end
                and role_word(t) is None
            ):  # "KBC" + "Securities": an acronym the recognizer left off a company's name
                start -= 1
        if label == "PERSON" and end - start >= 2 and start > end_of_last:
            t = doc[start - 1]
            if (
                t.pos_ == "PROPN"
                and t.is_title
                and t.is_alpha
                and not t.ent_type_
                and t.dep_ == "compound"
                and start <= t.head.i < end
                and role_word(t) is None
                and t.lower_ not in TITLE_SPLITTERS | HONORIFICS | NAME_PREFIXES
                and not t.is_sent_start
            ):  # "Attorney General Omar" + "Khalid Haddad": a first name the recognizer left out
                start -= 1
        j = start
        while j > end_of_last and doc[j - 1].lower_ in particles and doc[j - 1].is_lower:
            j -= 1
        if j < start and doc[start].text[:1].isupper() and (j == 0 or not doc[j - 1].text[:1].isupper() or doc[j - 1].is_sent_start):
            start, label = j, "PERSON"  # "met van der Berg"
        if label == "ORG" and start >= 2 and start - 2 >= end_of_last and doc[start - 1].lower_ in ("for", "against"):
            k = start - 2
            while k - 1 >= end_of_last and _name_word(doc[k - 1]) and not doc[k].is_sent_start:
                k -= 1
            if all(_name_word(doc[i]) for i in range(k, start - 1)):
                start = k  # "the Campaign for Better Transport": the name opens before "for"
        if (
            end + 1 < len(doc)
            and end - start == 1
            and label in ("GPE", "ORG", "PERSON")
            and doc[end].text == "-"
            and not doc[end - 1].whitespace_
            and not doc[end].whitespace_
            and doc[end + 1].pos_ == "PROPN"
            and doc[end + 1].is_title
            and not doc[end + 1].ent_type_
            and doc[end + 1].dep_ not in ("compound", "amod")
        ):
            end, label = end + 2, "ORG"  # "Cleveland" + "-Cliffs": one company's name, not a place
        if label == "ORG" and end + 1 < len(doc) and doc[end].lower_ == "of" and doc[end - 1].lower_ in suffixes:
            k = end + 1
            while k < len(doc) and doc[k].pos_ == "PROPN" and doc[k].is_title and doc[k].ent_type_ in ("", "ORG"):
                k += 1
            if k > end + 1:
                end = k  # "British Board" + "of Film Classification": the name goes on after "of"
        cut = next((k for k in range(start + 1, end) if doc[k].text in ("(", "[")), None)
        if cut is not None:
            end = cut  # "Nordstromfabrik (Nordstrom": a bracket ends the name
        if end - start > 3 and doc[end - 1].is_digit and doc[end - 2].text in ("-", "–") and doc[end - 3].is_digit:
            end -= 3  # "beat Acme Rovers 2-1": the score is no part of the name
        out.append(ent if (start, end, label) == (ent.start, ent.end, ent.label_) else Span(doc, start, end, label=label))
        end_of_last = end
    return out


def _amount_start(money) -> int:
    """Where an amount of money the recognizer tagged really starts: after any capitalized
    words that are no currency ("Acme" in "Acme 2.4 billion")."""
    scaled = any(t.lower_ in ("million", "billion", "trillion", "bn", "m") for t in money)
    if money.label_ not in ("MONEY", "PRODUCT", "CARDINAL") or (money.label_ != "MONEY" and not scaled):
        return money.start  # ("Nokia 7610": a model, no amount)
    i = money.start
    while i < money.end and money.doc[i].is_alpha and money.doc[i].is_title and money.doc[i].pos_ == "PROPN":
        i += 1
    return i if i < money.end and (money.doc[i].like_num or not money.doc[i].is_alpha) else money.start


#: Flight numbers, models and other codes the recognizer may tag as names.
_CODE = re.compile(r"[A-Z]{1,4}-?\d{2,6}[A-Z]?")


def actors_in(doc, gazetteer: Gazetteer, surnames: Collection[str] = frozenset()) -> list[Actor]:
    """Every actor mention in a parsed text, in order."""
    found: list[Actor] = []
    taken: set[int] = set()
    for span in names_joined(doc):
        actor = canonical_actor(span, gazetteer)
        if actor is None or (_CODE.fullmatch(actor.text) and gazetteer.lookup(actor.text) is None):
            continue  # "flight KQ507", "an F-16": a code, not an actor
        if any(i in taken for i in range(actor.start, actor.end)):
            inside = [a for a in found if actor.start <= a.start and a.end <= actor.end]
            if not inside or any(i in taken for i in range(actor.start, actor.end) if not any(a.start <= i < a.end for a in inside)):
                continue
            for a in inside:  # a longer name swallows the pieces the recognizer split it into
                found.remove(a)
        # "Ri Son" + "Gwon", "Lockheed" + "Martin": a name the recognizer cut short
        nxt = doc[actor.end] if actor.end < len(doc) else None
        first_name_then_place = (
            actor.type == "PERSON"
            and len(span) == 1
            and nxt is not None
            and nxt.ent_type_ == "GPE"
            and nxt.ent_iob_ == "B"
            and (actor.end + 1 >= len(doc) or doc[actor.end + 1].ent_iob_ != "I")
        )  # "Sarah" + "Paris"
        if (
            first_name_then_place
            or actor.type in ("PERSON", "ORG")
            and actor.label == actor.text
            and nxt is not None
            and nxt.pos_ == "PROPN"
            and nxt.ent_type_ not in ("PERSON", "GPE", "ORG", "DATE")
            and nxt.text[:1].isupper()
            and not (actor.type == "ORG" and (nxt.lower_ in TITLE_SPLITTERS or role_word(nxt) is not None))
        ):  # "General Motors" + "Chief Executive Mary Barra": a title, not the rest of the name
            span2 = doc[actor.start : actor.end + 1]
            actor = Actor(span2.text, actor.type, span2.text, span2.start, span2.end, span2.start_char, span2.end_char)
        if actor.type == "ORG" and doc[actor.end - 1].lower_ == "of" and actor.end < len(doc) and doc[actor.end].ent_iob_ == "B":
            # "the National Bank of" + "Ukraine": a name cut before its place
            rest = next(e for e in entities(doc) if e.start == actor.end)
            whole = doc[actor.start : rest.end]
            actor = Actor(f"{actor.label} {rest.text}", "ORG", whole.text, whole.start, whole.end, whole.start_char, whole.end_char)
        taken.update(range(actor.start, actor.end))
        found.append(actor)
    for span in entities(doc):  # a city the recognizer took for a product, a work or a time
        if span.label_ in ("PRODUCT", "WORK_OF_ART", "EVENT", "LAW", "LANGUAGE", "TIME", "DATE") and not any(
            i in taken for i in range(span.start, span.end)
        ):
            for t in span:
                city = gazetteer.city(t.text) if t.pos_ == "PROPN" else None
                if city:
                    found.append(Actor(city, "GPE", t.text, t.i, t.i + 1, t.idx, t.idx + len(t)))
                    taken.add(t.i)
    for t in doc:  # "Ukraine's allies": the allies of a state, as one actor
        if t.lemma_.lower() in ("ally", "partner") and t.tag_ == "NNS" and t.i not in taken:
            owner = next((c for c in t.children if c.dep_ == "poss"), None)
            if owner is not None and owner.i in taken:
                state = next((a for a in found if a.start <= owner.i < a.end and a.type == "GPE"), None)
                if state is not None:
                    phrase = doc[owner.i : t.i + 1]
                    if any(c.dep_ == "amod" and c.lower_ in BLOCS for c in t.children):
                        label = BLOCS[next(c.lower_ for c in t.children if c.dep_ == "amod" and c.lower_ in BLOCS)]
                    else:
                        label = f"{state.capital_of or state.label}'s allies"
                    found.append(Actor(label, "ORG", phrase.text, t.i, t.i + 1, t.idx, t.idx + len(t)))
                    taken.add(t.i)
    for t in doc:  # "Western allies", "Ukraine's Western partners"
        if t.lower_ in BLOCS and t.i not in taken and t.head.i > t.i and t.head.lemma_.lower() in BLOC_NOUNS:
            phrase = doc[t.i : t.head.i + 1]
            found.append(Actor(BLOCS[t.lower_], "ORG", phrase.text, t.i, t.head.i + 1, phrase.start_char, phrase.end_char))
            taken.update(range(t.i, t.head.i + 1))
    known_surnames = set(surnames)
    taken.update(
        i
        for e in entities(doc)
        if e.label_ in ("DATE", "TIME", "MONEY", "CARDINAL", "ORDINAL", "PERCENT", "QUANTITY")
        for i in range(_amount_start(e), e.end)
        if not (doc[i].pos_ == "PROPN" and known_surnames and _is_known_surname(doc[i].text, known_surnames))
    )  # a known surname a time expression swallowed ("in early May that Merkel was ...") stays a name,
    # and so does a name an amount swallowed ("fined Acme 2.4 billion euros")
    for e in entities(doc):
        cut = _amount_start(e)
        if cut > e.start and not any(i in taken for i in range(e.start, cut)):
            name = doc[e.start : cut]
            known = gazetteer.lookup(name.text)
            kind = "PERSON" if surnames and _is_known_surname(name.text, set(surnames)) else "ORG"
            label, kind = (known.label, known.type) if known is not None else (name.text, kind)
            found.append(Actor(label, kind, name.text, name.start, name.end, name.start_char, name.end_char))
            taken.update(range(name.start, name.end))
    for actor in completed_actors(doc, gazetteer, taken, set(surnames)):
        taken.update(range(actor.start, actor.end))
        found = [a for a in found if not (actor.start <= a.start and a.end <= actor.end)]  # "China" inside "China Mobile"
        found.append(actor)
    for actor in prizes_won(doc, found, gazetteer):
        found = [a for a in found if not (actor.start <= a.start and a.end <= actor.end)]  # "Bafta" inside "Bafta awards"
        found.append(actor)
    for actor in titled_works(doc, found):
        found = [a for a in found if not (a.start < actor.end and actor.start < a.end)]  # "Aviator" read as a company
        found.append(actor)
    found.sort(key=lambda a: a.start)
    return retyped_in_context(doc, found, gazetteer)


WINNING_VERBS = word_list("winning_verbs")


def prizes_won(doc, found: list[Actor], gazetteer: Gazetteer) -> list[Actor]:
    """Named prizes and titles a verb of winning takes ("won the Turner Prize", "earned a
    Goya award", "won five Bafta awards"): actors of type OTHER over the whole phrase, the
    name for label. A person or organization named there ("won an Oscar" read as a name)
    keeps its place unless a prize noun follows it. A bare "award" or "prize" won after one
    prize was named is that prize."""
    out: list[Actor] = []
    for verb in doc:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in WINNING_VERBS:
            continue
        objects = [c for c in verb.children if c.dep_ == "dobj"]
        objects += [c for o in objects for c in o.children if c.dep_ == "conj"]  # "won a Goya award and a Bafta award"
        for head in (c for c in objects if c.pos_ in ("NOUN", "PROPN")):
            k = head.i
            while k - 1 > verb.i and (doc[k - 1].is_title or (doc[k - 1].is_upper and len(doc[k - 1]) > 1)) and doc[k - 1].is_alpha:
                k -= 1  # the capitalized words before the noun: "Golden Globe", "Six Nations"
            if head.lower_ in PRIZE_NOUNS and head.is_lower:
                if k == head.i:
                    earlier = {a.label for a in out}
                    if head.lemma_.lower() in ("award", "prize") and len(earlier) == 1:
                        # "... won five Goya awards. Y won two awards": the one prize named before
                        phrase = doc[head.i : head.i + 1]
                        out.append(Actor(out[0].label, "OTHER", phrase.text, head.i, head.i + 1, phrase.start_char, phrase.end_char))
                    continue
                name = doc[k : head.i]
            elif head.pos_ == "PROPN" and head.text[:1].isupper() and head.lemma_.lower() in PRIZE_NOUNS and k < head.i:
                name = doc[k : head.i + 1]  # "the Turner Prize", "the FA Cup" (never a bare "the Cup")
            else:
                continue
            if len(name) == 1 and (
                name[0].pos_ == "ADJ" or gazetteer.lookup(name.text) is not None or gazetteer.country_of_demonym(name.text)
            ):
                continue  # "won three US awards", "two Olympic titles": where or what kind, not which
            if any(a.type in ("PERSON", "ORG") and a.start <= name.start and name.end <= a.end and a.end > head.i for a in found):
                continue
            phrase = doc[name.start : head.i + 1]
            out.append(Actor(name.text, "OTHER", phrase.text, phrase.start, phrase.end, phrase.start_char, phrase.end_char))
    return out


WORK_NOUNS = word_list("work_nouns")
TITLE_FUNCTION_WORDS = word_list("title_function_words")


def _work_title_word(token) -> bool:
    return (token.text[:1].isupper() and _name_shaped(token)) or token.like_num


def _title_before_apposition(doc, noun, found: list[Actor]):
    """ "The Long Road, a film about ...": the capitalized title before the comma of the
    apposition a work noun heads; a name the recognizer found only inside it gives way, a
    person's whole name does not."""
    head = noun.head
    if noun.dep_ != "appos" or head.i >= noun.i or head.i + 1 >= len(doc) or doc[head.i + 1].text != ",":
        return None
    if not _work_title_word(head):
        return None
    start, opens = head.i, sentence_bounds(head)[0]
    while start - 1 >= opens and (_work_title_word(doc[start - 1]) or doc[start - 1].lower_ in TITLE_FUNCTION_WORDS):
        start -= 1
    while start < head.i and not _work_title_word(doc[start]):
        start += 1
    if start > opens and doc[start - 1].text not in (",", ":", '"', "(") and start != opens:
        return None  # the run must open the sentence or a clause
    title = doc[start : head.i + 1]
    if any(a.type == "PERSON" and a.start <= title.start and a.end >= title.end for a in found):
        return None  # "Jane Roe, a film critic": a person, named whole
    return title


def titled_works(doc, found: list[Actor]) -> list[Actor]:
    """Films, books and records named after the noun of their kind: "the Danish film
    The Hunt Within", "the drama, A Long Road, and ...": actors of type OTHER over the title, which
    runs over capitalized words and the small words between them. Never a person's name the
    recognizer found, nor a title the sentence goes on after ("the film, Jane Roe said")."""
    people = {i for a in found if a.type == "PERSON" for i in range(a.start, a.end)}
    out: list[Actor] = []
    for noun in doc:
        if noun.pos_ != "NOUN" or not noun.is_lower or noun.lemma_.lower() not in WORK_NOUNS:
            continue
        before = _title_before_apposition(doc, noun, found)
        if before is not None:  # "A Long Road, a drama about ...": the title the noun describes
            out.append(Actor(before.text, "OTHER", before.text, before.start, before.end, before.start_char, before.end_char))
            continue
        start = noun.i + 1
        comma = start < len(doc) and doc[start].text == ","
        if comma:
            start += 1
        if start >= len(doc) or not _work_title_word(doc[start]) or start in people:
            continue
        end = start
        k = start
        joining = TITLE_FUNCTION_WORDS - {"and"} if noun.tag_ == "NNS" else TITLE_FUNCTION_WORDS  # "hits A and B": two titles
        while k < len(doc) and k - start < 8 and (_work_title_word(doc[k]) or doc[k].lower_ in joining):
            if _work_title_word(doc[k]):
                end = k + 1
            k += 1
        after = doc[end] if end < len(doc) else None
        if comma and after is not None and after.text not in (",", ".", ";", ")") and after.lower_ not in ("and", "or"):
            continue  # "the film, Jane Roe said": a clause, not an apposition
        if end - start == 1 and doc[start].lower_ in TITLE_FUNCTION_WORDS:
            continue
        title = doc[start:end]
        if any(i in people for i in range(start, end)) or title.text.lower() in ("the", "a", "an"):
            continue
        out.append(Actor(title.text, "OTHER", title.text, title.start, title.end, title.start_char, title.end_char))
    return out


HONORIFICS = word_list("honorifics")
NAMING_HONORIFICS = word_list("naming_honorifics")


def role_word(token) -> RoleWord | None:
    """The title word a token is, by its form or its lemma ("managers" -> manager)."""
    words = role_words()
    found = words.get(token.lower_) or words.get(token.lemma_.lower())
    if found is None and token.i >= 2 and token.nbor(-1).text == "-" and not token.nbor(-1).whitespace_:
        found = words.get(f"{token.nbor(-2).lower_}-{token.lower_}")  # "left-back" split in three tokens
    if found is None and token.text[:1].isupper() and token.lower_.endswith("s") and len(token) > 4:
        found = words.get(token.lower_[:-1])  # "Foreign Ministers X and Y": the tagger kept the plural
        found = found if found is not None and found.kind == "head" else None
    return found


def _is_occupation(token) -> bool:
    """A title word that names what a person does ("striker", "comedian"), not a rank that
    is also a first name ("Dean", "King"): a head of the title table shaped as an agent noun."""
    word = role_word(token)
    return word is not None and word.kind == "head" and token.lower_.endswith(AGENT_NOUN_ENDINGS)


def _in_title(token) -> bool:
    return role_word(token) is not None or (token.is_lower and token.is_alpha and token.pos_ in ("NOUN", "ADJ"))


#: Endings of agent nouns, which name what a person does ("playwright" aside: "novelist",
#: "composer", "investor", "comedian", "consultant", "businessman").
AGENT_NOUN_ENDINGS = ("er", "or", "ist", "ian", "ant", "ent", "man")


def _is_head(token) -> bool:
    """A word that names a role: a head of the title table, or an agent noun ("novelist")."""
    word = role_word(token)
    if word is not None:
        return word.kind == "head"
    if descriptions().get(token.lower_) == "ORG":
        return False  # "crude producer Yukos", "carmaker X": a company's description, no person's title
    return token.is_lower and token.tag_ == "NN" and token.pos_ == "NOUN" and token.lower_.endswith(AGENT_NOUN_ENDINGS) and len(token) > 4


def _title_run_then_person(doc, i: int, by_start: dict[int, Actor]) -> bool:
    """Tokens from ``i`` on are title words with a head word, then a person's name."""
    j, head = i, False
    while j < len(doc) and j not in by_start and _in_title(doc[j]):
        head = head or _is_head(doc[j])
        j += 1
    return head and j > i and j in by_start and by_start[j].type == "PERSON"


def _looks_like_a_name(doc, actor: Actor) -> bool:
    """Two or three capitalized words, none of them an organization's word: a person's name."""
    words = doc[actor.start : actor.end]
    suffixes = word_list("org_suffixes") | word_list("organization_words")
    return 2 <= len(words) <= 3 and all(t.is_alpha and t.is_title and t.lower_ not in suffixes for t in words)


def retyped_in_context(doc, found: list[Actor], gazetteer: Gazetteer) -> list[Actor]:
    """Types the statistical recognizer gets wrong, fixed from the words around a name:
    an honorific makes a person ("Lord Walton"); a name before a title and a person's name is
    a body ("Acme managers Jane Roe"), and so is one after "<person> of" ("Jane Roe of Acme");
    an untagged capitalized name before a title and a person is a body too ("Acme chief
    executive Jane Roe")."""
    by_start = {a.start: a for a in found}
    out: list[Actor] = []
    for actor in found:
        before = doc[actor.start - 1] if actor.start > 0 else None
        known = gazetteer.lookup(actor.text) is not None or gazetteer.country_of_demonym(actor.text) is not None
        if actor.type == "PERSON" and before is not None and before.lower_ in NAMING_HONORIFICS and before.i not in by_start:
            span = doc[before.i : actor.end]  # "Lord Ashcombe": the honorific is part of the name
            actor = Actor(span.text, "PERSON", span.text, span.start, span.end, span.start_char, span.end_char)
        elif actor.type in ("ORG", "GPE", "NORP") and not known and before is not None and before.lower_ in HONORIFICS:
            if before.lower_ in NAMING_HONORIFICS:
                span = doc[before.i : actor.end]
                actor = Actor(span.text, "PERSON", span.text, span.start, span.end, span.start_char, span.end_char)
            else:
                actor = Actor(actor.text, "PERSON", actor.text, actor.start, actor.end, actor.start_char, actor.end_char)
        elif (
            (
                actor.type in ("PERSON", "ORG")
                or (actor.type == "GPE" and not known and descriptions().get(before.lemma_.lower() if before else "") == "ORG")
            )
            and before is not None
            and before.is_lower
            and before.pos_ == "NOUN"
            and not known
            and (
                before.head.i in range(actor.start, actor.end)
                or before.dep_ == "appos"
                or (doc[actor.end - 1].dep_ == "appos" and doc[actor.end - 1].head.i == before.i)  # "carmaker Maruti"
            )
            and (descriptions().get(before.lemma_.lower()) or ("PERSON" if _is_head(before) else None)) not in (None, actor.type)
        ):  # "engineering firm Acme" is an organization, "comedian Jo Lee" a person
            kind = descriptions().get(before.lemma_.lower()) or "PERSON"
            actor = Actor(actor.label, kind, actor.text, actor.start, actor.end, actor.start_char, actor.end_char)
        elif (
            actor.type in ("ORG", "GPE")
            and not known
            and before is not None
            and before.pos_ in ("NOUN", "PROPN")
            and (before.tag_ in ("NNS", "NNPS") or before.lower_.endswith(("man", "men", "woman", "women", "on")))
            and before.i in by_start
            and by_start[before.i].type == "NORP"
            and gazetteer.country_of_demonym(before.text) is not None
            and 2 <= len(actor.text.split()) <= 3
        ):  # "Irishmen JP Roe and ...", "Briton Jo Lee": a demonym noun before a name makes a person
            actor = Actor(actor.label, "PERSON", actor.text, actor.start, actor.end, actor.start_char, actor.end_char)
        elif actor.type == "PERSON" and doc[actor.end - 1].tag_ != "POS" and _title_run_then_person(doc, actor.end, by_start):
            actor = Actor(actor.label, "ORG", actor.text, actor.start, actor.end, actor.start_char, actor.end_char)
        elif (
            actor.type == "PERSON"
            and before is not None
            and before.lower_ in ("of", "at")
            and actor.start >= 2
            and any(a.end == actor.start - 1 and a.type == "PERSON" for a in found)
        ):
            actor = Actor(actor.label, "ORG", actor.text, actor.start, actor.end, actor.start_char, actor.end_char)
        elif (
            actor.type == "ORG"
            and not known
            and _looks_like_a_name(doc, actor)
            and (
                (before is not None and before.is_title and _is_head(before))
                or (doc[actor.end - 1].dep_ == "nsubj" and doc[actor.end - 1].head.lemma_ in SPEECH_VERBS)
            )
        ):  # "President Jan Novak", "Jan Novak said": a person the recognizer took for an organization
            actor = Actor(actor.label, "PERSON", actor.text, actor.start, actor.end, actor.start_char, actor.end_char)
        elif (
            actor.type in ("ORG", "GPE")
            and not known
            and _looks_like_a_name(doc, actor)
            and any(
                c.dep_ == "appos"
                and c.pos_ == "NOUN"
                and _is_head(c)
                and descriptions().get(c.lemma_.lower()) in (None, "PERSON")
                and not any(d.dep_ == "poss" and d.lower_ in ("its", "their") for d in c.children)  # "Acme, its director X"
                for c in doc[actor.end - 1].children
            )
        ):  # "Ivan Petrenko, a Ukrainian designer of drones,": a person, as the apposition says
            actor = Actor(actor.label, "PERSON", actor.text, actor.start, actor.end, actor.start_char, actor.end_char)
        out.append(actor)
    taken = {i for a in out for i in range(a.start, a.end)}
    for person in [a for a in out if a.type == "PERSON"]:
        # walk left over the title to an untagged capitalized run: the body
        j = person.start - 1
        head = False
        while j >= 0 and j not in taken and _in_title(doc[j]):
            head = head or _is_head(doc[j])
            j -= 1
        if not head or j < 0 or j in taken:
            continue
        end = j + 1
        while (
            j >= 0
            and j not in taken
            and doc[j].is_alpha
            and doc[j].text[:1].isupper()
            and role_word(doc[j]) is None
            and doc[j].pos_ in ("PROPN", "NOUN", "ADJ")
            and doc[j].ent_type_ not in ("DATE", "TIME")  # "on Friday Prime Minister ...": a day, no body
        ):
            j -= 1
        start = j + 1
        if start >= end:
            continue
        span = doc[start:end]
        known_body = gazetteer.lookup(span.text)
        country = gazetteer.country_of_demonym(span.text)
        if (
            not (known_body or country)
            and len(span) == 1
            and (span[0].pos_ != "PROPN" or start == sentence_bounds(span[0])[0] and span[0].is_stop)
        ):
            continue  # "Earlier Foreign Secretary ...", "Original band members ...": a capitalized common word
        if country:
            body = Actor(country, "NORP", span.text, start, end, span.start_char, span.end_char)
        elif known_body is not None:
            body = Actor(known_body.label, known_body.type, span.text, start, end, span.start_char, span.end_char)
        else:
            body = Actor(span.text, "ORG", span.text, start, end, span.start_char, span.end_char)
        out.append(body)
        taken.update(range(start, end))
    out.sort(key=lambda a: a.start)
    return [a for a in out if not _only_title_words(doc, a, gazetteer)]


def _only_title_words(doc, actor: Actor, gazetteer: Gazetteer) -> bool:
    """ "Culture", "Housing", "Party" before a title: portfolio words, never an actor."""
    if actor.type == "PERSON" or gazetteer.lookup(actor.text) is not None or gazetteer.country_of_demonym(actor.text):
        return False
    return all(role_word(t) is not None for t in doc[actor.start : actor.end] if not t.is_punct)
