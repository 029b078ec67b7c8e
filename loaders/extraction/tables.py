"""Language data for extraction, loaded from ``lang/<code>/*.tsv`` once and validated.

Every table is a tab-separated file with a header line; ``#`` starts a comment
line. A row with the wrong number of cells, an empty key, a duplicate key or a
category outside :data:`graph.model.CATEGORIES` is an error at load time
(:class:`graph.errors.RulesError`), naming the file and the line.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

from graph.errors import RulesError
from graph.model import CATEGORIES

LANGUAGE = "en"


@dataclass(frozen=True)
class Sense:
    """What a predicate means: a normalized edge label and one category."""

    predicate: str
    category: str
    targets: tuple[str, ...] = ()  # prepositions whose object is the target
    recipients: tuple[str, ...] = ()  # prepositions whose object is the recipient


@dataclass(frozen=True)
class RoleWord:
    """A word of a title: a head names the role ("minister"), a modifier narrows it
    ("foreign"), a qualifier marks its time ("former")."""

    word: str
    kind: str  # head | modifier | qualifier
    role: str  # canonical role name for a head ("spokesman" -> "spokesperson"), else the word


def rows(name: str, columns: tuple[str, ...], language: str = LANGUAGE) -> list[dict[str, str]]:
    """The rows of ``lang/<language>/<name>`` as dicts, checked against the expected header."""
    path = resources.files("loaders.extraction").joinpath("lang", language, name)
    try:
        text = path.read_text(encoding="utf-8")
    except (FileNotFoundError, UnicodeDecodeError) as exc:
        raise RulesError(f"{name}: can't read the {language} table: {exc}") from exc
    lines = [(n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip() and not line.startswith("#")]
    if not lines:
        raise RulesError(f"{name}: empty table")
    header = tuple(lines[0][1].split("\t"))
    if header != columns:
        raise RulesError(f"{name}:{lines[0][0]}: header {header} is not {columns}")
    out = []
    for number, line in lines[1:]:
        cells = line.split("\t")
        if len(cells) > len(columns):
            raise RulesError(f"{name}:{number}: {len(cells)} cells, expected {len(columns)}")
        cells += [""] * (len(columns) - len(cells))
        row = {c: v.strip() for c, v in zip(columns, cells, strict=False)}
        row["_line"] = str(number)
        out.append(row)
    return out


def _category(name: str, row: dict[str, str], column: str = "category") -> str:
    value = row[column]
    if value not in CATEGORIES:
        raise RulesError(f"{name}:{row['_line']}: category {value!r} is not one of {', '.join(CATEGORIES)}")
    return value


def _unique(name: str, table: dict, key, row: dict[str, str]) -> None:
    if not all(key if isinstance(key, tuple) else (key,)) and not (isinstance(key, tuple) and key[0]):
        raise RulesError(f"{name}:{row['_line']}: empty key")
    if key in table:
        raise RulesError(f"{name}:{row['_line']}: duplicate key {key!r}")


def _preps(value: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in value.split(",") if p.strip())


VERB_COLUMNS = ("lemma", "particle", "noun", "category", "predicate", "targets", "recipients")


@cache
def verb_senses(language: str = LANGUAGE) -> dict[tuple[str, str, str], Sense]:
    """(verb lemma, particle, object noun) -> sense, from ``verbs.tsv``."""
    table: dict[tuple[str, str, str], Sense] = {}
    for row in rows("verbs.tsv", VERB_COLUMNS, language):
        key = (row["lemma"].lower(), row["particle"].lower(), row["noun"].lower())
        if not key[0] or not row["predicate"]:
            raise RulesError(f"verbs.tsv:{row['_line']}: empty lemma or predicate")
        _unique("verbs.tsv", table, key, row)
        table[key] = Sense(row["predicate"], _category("verbs.tsv", row), _preps(row["targets"]), _preps(row["recipients"]))
    return table


@cache
def event_nouns(language: str = LANGUAGE) -> dict[str, Sense]:
    """Nouns that name an event between actors ("strikes on", "takeover of"), from ``event_nouns.tsv``."""
    table: dict[str, Sense] = {}
    for row in rows("event_nouns.tsv", ("noun", "category", "predicate", "targets"), language):
        key = row["noun"].lower()
        if not key or not row["predicate"]:
            raise RulesError(f"event_nouns.tsv:{row['_line']}: empty noun or predicate")
        _unique("event_nouns.tsv", table, key, row)
        table[key] = Sense(row["predicate"], _category("event_nouns.tsv", row), _preps(row["targets"]))
    return table


@cache
def role_words(language: str = LANGUAGE) -> dict[str, RoleWord]:
    """Words titles are made of, from ``roles.tsv``."""
    table: dict[str, RoleWord] = {}
    for row in rows("roles.tsv", ("word", "kind", "role"), language):
        key = row["word"].lower()
        if not key:
            raise RulesError(f"roles.tsv:{row['_line']}: empty word")
        if row["kind"] not in ("head", "modifier", "qualifier"):
            raise RulesError(f"roles.tsv:{row['_line']}: kind {row['kind']!r} is not head, modifier or qualifier")
        _unique("roles.tsv", table, key, row)
        table[key] = RoleWord(key, row["kind"], row["role"] or key)
    return table


@cache
def word_lists(language: str = LANGUAGE) -> dict[str, frozenset[str]]:
    """Every one-column word list (``word_lists.json``): concept -> words. One list per
    concept (speech verbs, force nouns, honorifics, …); a word twice in a list is an error."""
    path = resources.files("loaders.extraction").joinpath("lang", language, "word_lists.json")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise RulesError(f"word_lists.json: can't read the {language} word lists: {exc}") from exc
    if not isinstance(data, dict):
        raise RulesError("word_lists.json: expected an object of concept -> {doc, words}")
    out: dict[str, frozenset[str]] = {}
    for concept, entry in data.items():
        words = entry.get("words") if isinstance(entry, dict) else None
        if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
            raise RulesError(f"word_lists.json: {concept!r} needs a list of non-empty words")
        lowered = [w.strip().lower() for w in words]
        dupes = sorted({w for w in lowered if lowered.count(w) > 1})
        if dupes:
            raise RulesError(f"word_lists.json: {concept!r} lists {', '.join(dupes)} more than once")
        out[concept] = frozenset(lowered)
    return out


def word_list(name: str, language: str = LANGUAGE) -> frozenset[str]:
    """One concept's words from ``word_lists.json`` (RulesError if there is no such list)."""
    lists = word_lists(language)
    if name not in lists:
        raise RulesError(f"word_lists.json: no list named {name!r}")
    return lists[name]


@cache
def descriptions(language: str = LANGUAGE) -> dict[str, str]:
    """Common nouns that with "the" refer back to a named actor, and that actor's type."""
    table: dict[str, str] = {}
    for row in rows("descriptions.tsv", ("word", "type"), language):
        key = row["word"].lower()
        if row["type"] not in ("PERSON", "ORG", "GPE"):
            raise RulesError(f"descriptions.tsv:{row['_line']}: type {row['type']!r} is not PERSON, ORG or GPE")
        _unique("descriptions.tsv", table, key, row)
        table[key] = row["type"]
    return table


@cache
def nominalizations(language: str = LANGUAGE) -> dict[str, frozenset[str]]:
    """Event nouns and the verbs whose event they name ("takeover" <- buy, acquire, take over)."""
    table: dict[str, frozenset[str]] = {}
    for row in rows("nominalizations.tsv", ("noun", "verbs"), language):
        key = row["noun"].lower()
        verbs = frozenset(v.strip().lower() for v in row["verbs"].split(",") if v.strip())
        if not key or not verbs:
            raise RulesError(f"nominalizations.tsv:{row['_line']}: a noun and at least one verb are needed")
        _unique("nominalizations.tsv", table, key, row)
        table[key] = verbs
    return table


@cache
def in_phrases(language: str = LANGUAGE) -> dict[str, tuple[Sense, str]]:
    """Nouns of "in"-phrases ("in talks with", "in charge of") and the preposition naming the object."""
    table: dict[str, tuple[Sense, str]] = {}
    for row in rows("in_phrases.tsv", ("noun", "category", "predicate", "prep"), language):
        key = row["noun"].lower()
        if not key or not row["predicate"] or not row["prep"]:
            raise RulesError(f"in_phrases.tsv:{row['_line']}: noun, predicate and prep are needed")
        _unique("in_phrases.tsv", table, key, row)
        table[key] = (Sense(row["predicate"], _category("in_phrases.tsv", row)), row["prep"])
    return table


@cache
def national_titles(language: str = LANGUAGE) -> dict[str, str]:
    """Titles of offices of state that name one country's office ("home secretary" -> United Kingdom)."""
    table: dict[str, str] = {}
    for row in rows("national_titles.tsv", ("title", "country"), language):
        key = row["title"].lower()
        if not key or not row["country"]:
            raise RulesError(f"national_titles.tsv:{row['_line']}: a title and a country are needed")
        _unique("national_titles.tsv", table, key, row)
        table[key] = row["country"]
    return table
