"""Roles that tie a person to a place or body: "Graz Mayor Elke Kahr",
"French Foreign Minister Jean-Noel Barrot", "Kremlin spokesman Pavel Orlov",
"Rafael Grossi, head of the International Atomic Energy Agency", "Belarus, an ally of Russia"."""

from __future__ import annotations

from dataclasses import dataclass

from loaders.extraction.entities import AGENT_NOUN_ENDINGS, Actor, role_word
from loaders.extraction.parsed import sentence_bounds
from loaders.extraction.tables import descriptions, role_words, word_list
from loaders.extraction.truth import truth_of

_WORDS = role_words()
#: Words a title is made of (lower case), from ``lang/en/roles.tsv``.
TITLE_WORDS = frozenset(_WORDS) | {"of", "the"}
#: The canonical role a head word names when it ends a title.
ROLE_HEADS = {w.word: w.role for w in _WORDS.values() if w.kind == "head"}


HONORIFICS = word_list("honorifics")


def head_role(word: str) -> str | None:
    """The role a title's head word names: from the title table, or the word itself for an
    agent noun the table lacks ("novelist", "composer", "consultant")."""
    word = word.lower()
    if word in ROLE_HEADS:
        return ROLE_HEADS[word]
    if word in _WORDS or not word.isalpha() or len(word) <= 4 or word in word_list("not_agent_nouns"):
        return None
    if descriptions().get(word) == "ORG":
        return None  # "crude producer X", "carmaker Y": a company described, no person's title
    return word if word.endswith(AGENT_NOUN_ENDINGS) else None


QUALIFYING = frozenset(w.word for w in _WORDS.values() if w.kind == "qualifier")


@dataclass(frozen=True)
class Role:
    person: Actor
    body: Actor
    role: str  # "foreign minister", "former prime minister"
    predicate: str  # "foreign minister of"
    category: str = "AFFILIATION"
    confidence: float = 0.8


def with_prefix(words: list[str], title) -> list[str]:
    """Title words ``words`` before the title noun ``title``, then the noun with the prefix a hyphen
    joins to it: one title word if the role table has it and the prefix is no title word of its own
    ("co-founder"), else the prefix and the title ("vice-president" -> vice president)."""
    doc = title.doc
    if title.i >= 2 and doc[title.i - 1].text == "-" and doc[title.i - 2].is_alpha and doc[title.i - 2].text not in words:
        joined = f"{doc[title.i - 2].text}-{title.text}"
        listed = _WORDS.get(joined.lower())
        whole = listed is not None and listed.kind == "head" and doc[title.i - 2].lower_ not in _WORDS  # not a modifier + title
        return [*words, joined] if whole else [*words, doc[title.i - 2].text, title.text]
    return [*words, title.text]


def role_name(words: list[str]) -> tuple[str, str] | None:
    words = [w.lower() for w in words if w.lower() not in ("the", "a", "an")]
    if not words:
        return None
    # the role head is the last title word that names a role
    head_at = max((i for i, w in enumerate(words) if head_role(w)), default=None)
    if head_at is None:
        return None
    role_words = [head_role(w) or w if i == head_at else w for i, w in enumerate(words[: head_at + 1])]
    base = [w for w in role_words if w not in QUALIFYING]
    while base and base[-1] == "of":
        base.pop()
    if base and base[0] == "of":
        base = base[1:]
    if not base:
        return None
    if words[head_at + 1 : head_at + 3] == ["of", "state"]:
        role_words += ["of", "state"]  # "Secretary of State": the office, not a secretary of a state
    return " ".join(role_words), " ".join(base) + " of"


def _actor_at(actors_by_token: dict[int, Actor], i: int) -> Actor | None:
    return actors_by_token.get(i)


def _title_word(token) -> bool:
    """A word that can stand in a title before a name: a title word, or a lower-case
    noun or adjective modifying the title ("oil minister", "aviation analyst")."""
    if token.lower_ in TITLE_WORDS or role_word(token) is not None:
        return True
    return token.is_alpha and token.is_lower and token.pos_ in ("NOUN", "ADJ") and token.dep_ in ("compound", "amod", "nmod")


def _person_conjuncts(doc, person: Actor, actors_by_token: dict[int, Actor]) -> list[Actor]:
    """People listed right after a titled person: "managers A, B and C" (the list ends at
    anything but a name, a comma or a conjunction)."""
    out: list[Actor] = []
    i = person.end
    while i < len(doc):
        if doc[i].text in (",", "and", "or", "&"):
            i += 1
            continue
        other = actors_by_token.get(i)
        if other is None or other.type != "PERSON" or other.start != i:
            break
        out.append(other)
        i = other.end
    return out


def _body_after(doc, person: Actor, actors_by_token: dict[int, Actor]) -> Actor | None:
    """ "analyst Jane Roe of Acme Bank": the body named right after the name."""
    i = person.end
    if i + 1 < len(doc) and doc[i].lower_ in ("of", "at", "from") and doc[i].head.i in range(person.start, person.end):
        j = i + 1
        while j < len(doc) and doc[j].lower_ == "the":
            j += 1
        body = actors_by_token.get(j)
        if body is not None and body.type in ("ORG", "GPE", "NORP"):
            return body
    return None


def _title_before(doc, sentence, person: Actor, actors_by_token: dict[int, Actor]) -> tuple[list[str], int]:
    """The title words right before a name ("Prime Minister", "aviation analyst") and the
    index of the token before them."""
    j = person.start - 1
    while j > sentence.start and doc[j].lower_ in HONORIFICS and doc[j].text[:1].isupper():
        j -= 1  # "Conservative MP Sir Peter Roe": the honorific belongs to the name, the title is before it
    title: list[str] = []
    while (
        j >= sentence.start
        and (_title_word(doc[j]) or (doc[j].lower_ in ("and", "&") and title and j > sentence.start and _title_word(doc[j - 1])))
        and doc[j].lower_ != "the"
        and (doc[j].i not in actors_by_token or actors_by_token[doc[j].i].text.lower() in TITLE_WORDS)
    ):  # a title word the recognizer took for a name ("Deputy White House Press Secretary Laura Finch") is still title;
        # "trade and industry minister": a portfolio of two words
        word = role_word(doc[j])
        title.insert(0, word.word if word is not None and doc[j].lower_ not in TITLE_WORDS else doc[j].text)
        j -= 1
        if j - 1 >= sentence.start and doc[j].text == "-" and _title_word(doc[j - 1]):
            joined = f"{doc[j - 1].text}-{title[0]}"
            if title[0].lower().startswith(f"{doc[j - 1].lower_}-"):
                pass  # "fly-half": the role table already read the hyphenated word whole
            elif head_role(joined.lower()):
                title[0] = joined  # "Secretary-General": one title word in three tokens
            else:
                title.insert(0, doc[j - 1].text)  # "President-elect": the title and its qualifier
            j -= 2
    while title and title[0].lower() == "of":
        title.pop(0)
    ranks = word_list("military_ranks")
    while len(title) > 1 and title[-1].lower().strip(".") in ranks and title[-2].lower().strip(".") in ranks:
        title.pop()  # "Lieutenant General": one rank
    if len(title) > 1 and title[-1].lower().strip(".") in ranks and title[-2].lower() in word_list("office_before_rank"):
        title.pop()  # "Army chief General X": the rank is his, the office is "army chief"
    if not any(head_role(w) for w in title):
        return [], j
    return title, j


def _possessive_owner(doc, sentence, person: Actor, actors_by_token: dict[int, Actor]) -> Actor | None:
    """The organization or country right before a name with "'s": "Acme's Jane Roe"."""
    j = person.start - 1
    if j <= sentence.start or doc[j].tag_ != "POS":
        return None
    owner = actors_by_token.get(j - 1)
    return owner if owner is not None and owner.type in ("ORG", "GPE") else None


def premodifier_roles(sentence, actors_by_token: dict[int, Actor]) -> list[Role]:
    """[Body] [title] [Person]: "Graz Mayor Elke Kahr", "Acme's chief economist Jane Roe",
    "Ruritanian oil minister Jan Novak", "[title] [Person] of [Body]"."""
    doc = sentence.doc
    roles: list[Role] = []
    seen: set[int] = set()
    for i in range(sentence.start, sentence.end):
        person = actors_by_token.get(i)
        if person is None or person.type != "PERSON" or person.start != i or id(person) in seen:
            continue
        seen.add(id(person))
        title, j = _title_before(doc, sentence, person, actors_by_token)
        if not title:
            owner = _possessive_owner(doc, sentence, person, actors_by_token)
            if owner is not None:  # "Acme's Jane Roe", "Ruritania's Jan Novak"
                roles.append(Role(person, owner, "member", "member of", confidence=0.6))
            nation = actors_by_token.get(person.start - 1) if person.start > sentence.start else None
            if (
                nation is not None
                and nation.type == "NORP"
                and doc[person.start - 1].pos_ in ("NOUN", "PROPN")
                and person.end - person.start > 1
            ):
                # "Irishmen Jan Roe and Ana Lima", "Briton Jan Roe": people named by their nationality
                for someone in [person, *_person_conjuncts(doc, person, actors_by_token)]:
                    seen.add(id(someone))
                    roles.append(Role(someone, nation, "national", "national of", confidence=0.6))
            continue
        qualifier_before = []
        body = None
        if j >= sentence.start:
            k = j
            if doc[k].tag_ == "POS":  # "Ukraine's President"
                k -= 1
            body = actors_by_token.get(k)
            while body is None and k > sentence.start and doc[k].lower_ in QUALIFYING:
                k -= 1
            if body is not None and body.type == "PERSON":
                # "Blair's spokesman" (a person's aide), never "Women's Minister"
                body = (
                    body
                    if doc[j].tag_ == "POS" and doc[body.end - 1].pos_ == "PROPN" and title[-1].lower() not in word_list("state_roles")
                    else None
                )
            if body is not None and body.start > sentence.start and doc[body.start - 1].lower_ in QUALIFYING:
                qualifier_before = [doc[body.start - 1].lower_]
        if body is None:
            body = _body_after(doc, person, actors_by_token)
        if body is None:
            continue
        named = role_name(qualifier_before + title)
        if named is None:
            continue
        others = [
            o
            for o in _person_conjuncts(doc, person, actors_by_token)
            if not _title_before(doc, sentence, o, actors_by_token)[0] and not (o.start > 0 and doc[o.start - 1].ent_type_)
        ]
        for someone in [person, *others]:
            seen.add(id(someone))
            roles.append(Role(someone, body, named[0], named[1]))
    return roles


@dataclass(frozen=True)
class StateTitle:
    """A person given an office without naming its body: a state's ("President Jane Roe")
    or a company's ("Chief executive Jane Roe said", kind "company"); which state or
    company is settled once the whole article has been read."""

    person: Actor
    role: str
    predicate: str
    kind: str = "state"
    named_as: str = ""  # a capitalized word before the title the recognizer left untagged ("Next chief executive")


def _company_role(role: str) -> bool:
    return any(role == r or role.endswith(" " + r) for r in word_list("company_roles"))


def company_titles_in_apposition(sentence, actors_by_token: dict[int, Actor]) -> list[StateTitle]:
    """ "Jane Roe, chairman and chief executive, said": a company office in apposition to a
    name, with no body named; "Jane Roe, shadow minister for pensions": an opposition office."""
    found: list[StateTitle] = []
    for token in sentence:
        if token.dep_ != "appos" or token.i in actors_by_token:
            continue
        person = actors_by_token.get(token.head.i)
        if person is None or person.type != "PERSON":
            continue
        if any(c.lower_ == "shadow" and c.dep_ in ("amod", "compound") for c in token.children):
            named = role_name([c.text for c in token.lefts if c.dep_ in ("amod", "compound")] + [token.text])
            if named is not None:  # "Jane Roe, shadow minister for pensions": an opposition office
                found.append(StateTitle(person, named[0], named[1]))
            continue
        if any(c.dep_ in ("prep", "poss", "relcl", "acl") or c.i in actors_by_token for c in token.subtree if c is not token):
            continue  # "chairman of Acme", "Acme's chairman", "the chairman who ...": the body is named
        after = token.right_edge.i + 1
        if after + 1 < len(sentence.doc) and sentence.doc[after].text == "," and sentence.doc[after + 1].lower_ in ("of", "at", "for"):
            continue  # "Jane Roe, managing director, of Acme"
        words = [c.text for c in token.lefts if c.dep_ in ("amod", "compound")] + [token.text]
        named = role_name(words)
        if named is not None and _company_role(named[0]):
            found.append(StateTitle(person, named[0], named[1], "company"))
    return found


def state_titles(sentence, actors_by_token: dict[int, Actor]) -> list[StateTitle]:
    """ "Prime Minister Jan Novak", "Foreign Minister Ana Lima", "shadow home secretary Ana
    Lima": an office of state (or its shadow) before a name, with no body before the title or
    after the name."""
    doc = sentence.doc
    found: list[StateTitle] = []
    for person in {id(a): a for a in actors_by_token.values()}.values():
        if person.type != "PERSON" or not (sentence.start <= person.start < sentence.end):
            continue
        title, j = _title_before(doc, sentence, person, actors_by_token)
        if not title or _body_after(doc, person, actors_by_token) is not None:
            continue
        k = j - 1 if j >= sentence.start and doc[j].tag_ == "POS" else j
        before = actors_by_token.get(k) if k >= sentence.start else None
        if before is not None and before.start > sentence.start and doc[before.start - 1].lower_ == "shadow":
            named = role_name(title)  # "Shadow Home Office minister": the opposition's, not the Home Office's
            if named is not None:
                found.append(StateTitle(person, "shadow " + named[0], "shadow " + named[1]))
            continue
        portfolio = (
            doc[j].tag_ == "POS"
            and k >= sentence.start
            and k not in actors_by_token
            and (doc[k].pos_ == "NOUN" or getattr(role_word(doc[k]), "kind", "") == "modifier")
        )  # "Women's Minister", "Carers' Minister"
        if k >= sentence.start and not portfolio and (k in actors_by_token or doc[j].tag_ == "POS" or doc[k].pos_ == "PROPN"):
            continue  # a body (or an unrecognized name) stands before the title ("Women's Minister": a portfolio)
        named = role_name(title)
        if named is not None and _company_role(named[0]) and not named[0].startswith("shadow "):
            unnamed = k >= sentence.start and doc[k].is_title and doc[k].lower_ not in TITLE_WORDS and role_word(doc[k]) is None
            # "Chief executive Jane Roe"; "Acme boss Jo Lee" with the company left untagged: settled only if it is Acme
            found.append(StateTitle(person, named[0], named[1], "company", doc[k].text if unnamed else ""))
            continue
        if named is None or not (
            named[0].startswith("shadow ") or any(named[0] == r or named[0].endswith(" " + r) for r in word_list("state_roles"))
        ):
            continue
        found.append(StateTitle(person, named[0], named[1]))
    return found + company_titles_in_apposition(sentence, actors_by_token)


def apposition_roles(sentence, actors_by_token: dict[int, Actor]) -> list[Role]:
    """[Person], [title] of [Body]: "Rafael Grossi, head of the IAEA" and
    "[Body]'s [title], [Person]"."""
    roles: list[Role] = []
    for token in sentence:
        if token.dep_ == "relcl" and token.lemma_ in ("serve", "be", "work"):
            # "Jane Hartley, who served as the U.S. envoy to France"
            title = next((t for p in token.children if p.dep_ == "prep" and p.lower_ == "as" for t in p.children if t.dep_ == "pobj"), None)
            title = title or next((t for t in token.children if t.dep_ == "attr"), None)
            if title is None:
                continue
            anchor, title_head = token.head, title
        elif token.dep_ == "attr" and token.head.lemma_ == "be" and token.lower_ in ROLE_HEADS:
            # "Mark Rutte is the secretary general of NATO"
            subj = next((c for c in token.head.children if c.dep_ == "nsubj"), None)
            truth = truth_of(token.head)
            if subj is None or truth.polarity == "negative" or truth.modality == "hypothetical":
                continue  # "X is not ...", "if he became king, X would be ...": no office held
            anchor, title_head = subj, token
        elif token.dep_ != "appos":
            continue
        else:
            anchor, title_head = token.head, token
        person = actors_by_token.get(anchor.i)
        if person is None or person.type != "PERSON":
            person = actors_by_token.get(token.i)
            title_head = anchor
            if person is None or person.type != "PERSON":
                continue
        elif (
            title_head.i in actors_by_token
            and actors_by_token[title_head.i].type == "PERSON"
            and actors_by_token[title_head.i] is not person
        ):
            continue  # "X and their host, President Y": a second person's own title, not X's
        while title_head.lower_ not in ROLE_HEADS and title_head.dep_ == "pobj" and title_head.head.lower_ == "of":
            title_head = title_head.head.head  # "Chief of Defense Staff"
        phrase_head = title_head  # "fellow and program director at X": the "at" hangs on the phrase head
        if title_head.lower_ not in ROLE_HEADS:
            title_head = next((c for c in title_head.children if c.dep_ in ("nmod", "compound") and c.lower_ in ROLE_HEADS), title_head)
        if title_head.lower_ not in ROLE_HEADS:  # "X, Y's old foe and chair of Z": the title coordinated in
            title_head = next((c for c in title_head.children if c.dep_ == "conj" and c.lower_ in ROLE_HEADS), title_head)
        if title_head.lower_ not in ROLE_HEADS:
            nationality = _nationality_role(title_head, person, actors_by_token)
            if nationality is not None:
                roles.append(nationality)
            else:
                roles.extend(_occupation_at(title_head, person, actors_by_token))
            continue
        # title words: modifiers before the head, plus "of state"
        words = with_prefix([t.text for t in title_head.lefts if t.dep_ in ("amod", "compound") and t.lower_ in TITLE_WORDS], title_head)
        body = None
        for child in list(title_head.children) + (
            [c for c in phrase_head.children if c.dep_ == "prep"] if phrase_head is not title_head else []
        ):
            # "chief economist at Acme" before "the U.S. ... representative": a named body after the title wins
            if child.dep_ == "prep" and child.lower_ in ("of", "at", "with", "from"):
                body = next((actors_by_token[p.i] for p in child.children if p.dep_ == "pobj" and p.i in actors_by_token), None)
                if body is not None and body is not person and body.type in ("ORG", "GPE", "NORP"):
                    break
                body = None
        if body is None:
            for t in title_head.subtree:  # "the U.S. special representative", "Ukraine's foreign minister"
                if t.i < title_head.i and t.i in actors_by_token and actors_by_token[t.i] is not person:
                    body = actors_by_token[t.i]
        if body is None:
            body = _premodifier_body(title_head)  # "Anna Berg, Interior Ministry spokesperson"
        if body is None:
            for child in list(title_head.children) + (
                [c for c in phrase_head.children if c.dep_ == "prep"] if phrase_head is not title_head else []
            ):
                if (
                    child.dep_ == "prep"
                    and child.lower_ in ("of", "at", "with", "from")
                    or (
                        child.dep_ == "prep" and child.lower_ == "for" and title_head.lower_ in ("spokesman", "spokeswoman", "spokesperson")
                    )
                    or (child.dep_ == "prep" and child.lower_ == "for" and _works_for(title_head, child, actors_by_token))
                ):  # not "envoy for", "ambassador to"
                    body = _named_body(child, actors_by_token)
                    if body is not None:
                        break
                    in_phrase: list[Actor] = []
                    for obj in child.subtree:
                        if obj.i in actors_by_token and actors_by_token[obj.i] is not person:
                            if actors_by_token[obj.i].type == "PERSON" and obj.dep_ == "poss":
                                break  # "leader of Roe's own party": the party, not Roe
                            in_phrase.append(actors_by_token[obj.i])
                    # "chief executive of bankrupt US phone company Acme": the company, not where it is
                    body = next((a for a in in_phrase if a.type == "ORG"), in_phrase[0] if in_phrase else None)
                if body is not None:
                    break
        if body is None or body is person or title_head.lower_ in body.text.lower().split():
            continue  # "the venue's Promotions Coordinator": the title is no body
        named = role_name(words)
        if named is not None:
            roles.append(Role(person, body, named[0], named[1]))
    return roles


ORG_WORDS = word_list("organization_words")
PRESENT_AT_NOUNS = word_list("present_at_nouns")


def _occupation_at(noun, person: Actor, actors_by_token: dict[int, Actor]) -> list[Role]:
    """ "Jane Roe, chief market strategist at Acme": a title the role table lacks, at a named
    organization, is still a post there (not "a guest at Acme")."""
    if noun.pos_ != "NOUN" or noun.tag_ != "NN" or not noun.is_lower or noun.lower_ in PRESENT_AT_NOUNS:
        return []
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ == "at":
            body = next((actors_by_token[p.i] for p in prep.children if p.dep_ == "pobj" and p.i in actors_by_token), None)
            if body is not None and body.type == "ORG" and body is not person:
                words = [t.lower_ for t in noun.lefts if t.dep_ in ("amod", "compound") and t.is_lower] + [noun.lower_]
                role = " ".join(words)
                return [Role(person, body, role, f"{role} at", confidence=0.6)]
    return []


def _works_for(title_head, prep, actors_by_token: dict[int, Actor]) -> bool:
    """ "an analyst for Acme", "director of business development for digital company Acme": a
    company's own officer (a named organization, not "envoy for peace")."""
    if title_head.lower_ in ("envoy", "ambassador", "commissioner", "candidate", "advocate", "campaigner"):
        return False
    return any(t.i in actors_by_token and actors_by_token[t.i].type == "ORG" for t in prep.subtree)


def _named_body(prep, actors_by_token: dict[int, Actor]) -> Actor | None:
    """ "the Algarve Regional Civil Protection Command": a capitalized organization name the
    recognizer split or missed, taken whole."""
    pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return None
    tokens = [t for t in pobj.subtree if t.i <= pobj.i and t.dep_ != "det"]
    if not tokens:
        return None
    doc = pobj.doc
    # the longest run of capitalized words (and connectors) from the phrase start, past a
    # misattached "for"/"of" ("the Center for a New European Order")
    last = sentence_bounds(pobj)[1] - 1
    stop = tokens[0].i
    for i in range(tokens[0].i, last + 1):
        t = doc[i]
        if t.text[:1].isupper():
            stop = i
        elif (
            t.lower_ not in ("of", "for", "the", "and", "on", "a", "an", "'s") or t.lower_ == "on" and t.i > max(x.i for x in pobj.subtree)
        ):
            break
    span = doc[tokens[0].i : stop + 1]
    if len(span) < 2 or not any(t.lower_ in ORG_WORDS for t in span) or not span[0].text[:1].isupper():
        return None
    return Actor(span.text, "ORG", span.text, span.start, span.end, span.start_char, span.end_char)


def _premodifier_body(title_head) -> Actor | None:
    """ "Interior Ministry spokesperson": a capitalized body name right before the title."""
    words = [t for t in title_head.subtree if t.i < title_head.i and t.dep_ in ("compound", "amod", "nmod")]
    while words and not words[0].text[:1].isupper():
        words = words[1:]
    if len(words) < 2 or not all(t.text[:1].isupper() for t in words) or words[-1].lower_ not in ORG_WORDS:
        return None
    doc = title_head.doc
    span = doc[words[0].i : words[-1].i + 1]
    if span.end != title_head.i:
        return None
    return Actor(span.text, "ORG", span.text, span.start, span.end, span.start_char, span.end_char)


#: Endings of nouns that name what a person does ("developer", "investor", "analyst", "historian").
PERSON_NOUN_ENDINGS = ("er", "or", "ist", "ian", "ant", "ent")


def _nationality_role(noun, person: Actor, actors_by_token: dict[int, Actor]) -> Role | None:
    """ "Maria Lopez, a Spanish developer of software": a person described by nationality and occupation."""
    if noun.pos_ != "NOUN" or not noun.lower_.endswith(PERSON_NOUN_ENDINGS) or noun.tag_ != "NN":
        return None
    for child in noun.children:
        actor = actors_by_token.get(child.i)
        if child.dep_ == "amod" and actor is not None and actor.type == "NORP":
            return Role(person, actor, noun.lower_, noun.lower_ + " of")
    return None


ALLY_NOUNS = word_list("ally_nouns")


def _ally_of(noun, actors_by_token: dict[int, Actor]) -> Actor | None:
    """Whose ally a noun names: "Russia's ally", "an ally of Russia", "one of Russia's allies"."""
    if noun.lower_ in ("one", "some", "among") or noun.pos_ == "NUM":
        inner = [t for p in noun.children if p.dep_ == "prep" and p.lower_ == "of" for t in p.children if t.dep_ == "pobj"]
        return _ally_of(inner[0], actors_by_token) if inner else None
    if noun.lower_ not in ALLY_NOUNS:
        return None
    for c in noun.children:
        if c.dep_ == "poss" and c.i in actors_by_token:
            return actors_by_token[c.i]
        if c.dep_ == "prep" and c.lower_ == "of":
            for t in c.children:
                if t.dep_ == "pobj" and t.i in actors_by_token:
                    return actors_by_token[t.i]
    return None


def alliance_roles(sentence, actors_by_token: dict[int, Actor]) -> list[Role]:
    """States and groups allied to another: "Iran, an ally of Russia", "Belarus is Russia's closest ally"."""
    roles: list[Role] = []
    for token in sentence:
        member = None
        if token.dep_ == "appos" and token.head.i in actors_by_token:
            member, noun = actors_by_token[token.head.i], token
        elif token.dep_ == "attr" and token.head.lemma_ == "be":
            subj = next((c for c in token.head.children if c.dep_ == "nsubj"), None)
            if subj is not None and subj.i in actors_by_token:
                member, noun = actors_by_token[subj.i], token
        elif token.lower_ in ALLY_NOUNS:
            # "Belarus, an ally of Russia since ...", "Belarus — Russia's ally" when the parse misses the apposition
            j, gap = token.left_edge.i - 1, 0
            while j >= sentence.start and token.doc[j].text in (",", "—", "–", "-"):
                j, gap = j - 1, gap + 1
            if gap and j in actors_by_token and actors_by_token[j].end == j + 1:
                member, noun = actors_by_token[j], token
        if member is None or any(c.dep_ == "neg" for c in token.head.children):
            continue
        body = _ally_of(noun, actors_by_token)
        if body is not None and (member.type == "PERSON") != (body.type == "PERSON"):
            continue  # a person allied to a person ("a key ally of Jane Roe"), a state to a state
        if body is not None and body.label != member.label and body.type != "NORP":
            roles.append(Role(member, body, "ally", "ally of", "COOPERATE"))
    return roles


def commander_roles(sentence, actors_by_token: dict[int, Actor]) -> list[Role]:
    """ "Rwandan soldiers, led by General James Kabarebe": the leader commands the state's force."""
    roles: list[Role] = []
    for token in sentence:
        if token.dep_ != "acl" or token.lemma_ not in ("lead", "command", "head"):
            continue
        force = actors_by_token.get(token.head.i)
        if force is None or force.type not in ("GPE", "ORG"):
            continue
        for agent in token.children:
            if agent.dep_ != "agent":
                continue
            for pobj in agent.children:
                person = actors_by_token.get(pobj.i)
                if person is not None and person.type == "PERSON":
                    roles.append(Role(person, force, "commander", "commander of"))
    return roles


def membership_roles(sentence, actors_by_token: dict[int, Actor]) -> list[Role]:
    """ "Jane Roe, of the Acme Trust", "Jane Roe from Acme said": a person placed in a body by "of"/"from"."""
    roles: list[Role] = []
    doc = sentence.doc
    for token in sentence:
        if token.dep_ != "prep" or token.lower_ not in ("of", "from"):
            continue
        person = actors_by_token.get(token.head.i)
        hung_on_verb = False
        if person is None and token.head.pos_ == "VERB" and token.i - 2 >= sentence.start and doc[token.i - 1].text == ",":
            person = actors_by_token.get(token.i - 2)  # "Jane Roe, from the group Acme, said": "from" hung on the verb
            hung_on_verb = person is not None and person.end == token.i - 1
        if person is None or person.type != "PERSON" or (not hung_on_verb and token.head.i != person.end - 1):
            continue
        if token.i != person.end and not (doc[person.end].text == "," and token.i == person.end + 1):
            continue
        if token.i == person.end and token.lower_ == "of" and doc[person.start].lower_ in word_list("naming_honorifics"):
            continue  # "Lord Smith of Finsbury": a peer's territorial title, not a membership
        pobj = next((c for c in token.children if c.dep_ == "pobj"), None)
        if pobj is None:
            continue
        body = actors_by_token.get(pobj.i)
        if body is None:  # "from the pressure group Acme Action": a named body in apposition to the noun
            body = next((actors_by_token[t.i] for t in pobj.subtree if t.i in actors_by_token and t.i > token.i), None)
        if body is not None and body.type in (("ORG",) if hung_on_verb else ("ORG", "GPE", "NORP")) and body is not person:
            roles.append(Role(person, body, "member", "member of"))
    return roles


SQUAD_NOUNS = word_list("squad_nouns")
SQUAD_PREPOSITIONS = ("from", "in", "into", "for", "of", "to", "out")


def squad_roles(sentence, actors_by_token: dict[int, Actor]) -> list[Role]:
    """ "Roe withdrew from Acme's team", "Roe was named in England's squad": a person the
    sentence puts in, or takes out of, a side a club or country owns plays for it."""
    roles: list[Role] = []
    for noun in sentence:
        if noun.lemma_.lower() not in SQUAD_NOUNS or noun.dep_ != "pobj" or noun.head.lower_ not in SQUAD_PREPOSITIONS:
            continue
        owner = next((actors_by_token[c.i] for c in noun.children if c.dep_ == "poss" and c.i in actors_by_token), None)
        if owner is None or owner.type not in ("ORG", "GPE"):
            continue
        verb = noun.head.head
        while verb.dep_ == "prep" and verb.head.i != verb.i:  # "out of": the preposition on a preposition
            verb = verb.head
        if verb.pos_ not in ("VERB", "AUX"):
            continue
        for subject in (c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")):
            person = actors_by_token.get(subject.i)
            if person is not None and person.type == "PERSON":
                roles.append(Role(person, owner, "player", "player of", confidence=0.6))
    return roles


def own_party_roles(sentence, actors_by_token: dict[int, Actor]) -> list[Role]:
    """ "Jane Roe's own Freedom Party", "Roe's Freedom Party": a person's party, named with "'s"."""
    roles: list[Role] = []
    doc = sentence.doc
    for party in {id(a): a for a in actors_by_token.values()}.values():
        if party.type != "ORG" or not (sentence.start < party.start < sentence.end) or doc[party.end - 1].lower_ != "party":
            continue
        j = party.start - 1
        if doc[j].lower_ == "own":
            j -= 1
        if j <= sentence.start or doc[j].tag_ != "POS":
            continue
        person = actors_by_token.get(j - 1)
        if person is not None and person.type == "PERSON":
            roles.append(Role(person, party, "member", "member of"))
    return roles


def roles_in(sentence, actors_by_token: dict[int, Actor]) -> list[Role]:
    """Every person–role–body tie stated in a sentence."""
    found = premodifier_roles(sentence, actors_by_token) + apposition_roles(sentence, actors_by_token)
    found += membership_roles(sentence, actors_by_token) + own_party_roles(sentence, actors_by_token)
    found += alliance_roles(sentence, actors_by_token) + commander_roles(sentence, actors_by_token)
    found += squad_roles(sentence, actors_by_token)
    unique: dict[tuple[str, str], Role] = {}
    for role in found:
        unique.setdefault((role.person.label, role.body.label), role)
    return list(unique.values())
