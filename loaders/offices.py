"""Offices well-known people held, and when: "Gordon Brown" was chancellor of the United
Kingdom from 1997 to 2007. The table is ``loaders/data/offices.tsv``; every body in it is a
country or organization the gazetteer knows, by its canonical label.

Extraction uses it to tell who "the chancellor" or "the former Labour leader" is when a
story names that person without the title.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources

from loaders.gazetteer import Gazetteer, _key, load_gazetteer

#: "1997-2007", or "2024-" for an office still held.
_YEARS = re.compile(r"^(\d{4})-(\d{4})?$")


def name_key(name: str) -> str:
    """A name as the table is looked up by: the gazetteer's key, without accents ("Schröder",
    "Édouard Philippe" is "Edouard Philippe")."""
    decomposed = unicodedata.normalize("NFKD", _key(name))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class OfficesError(ValueError):
    """A row of the offices table that can't be used."""


@dataclass(frozen=True)
class Office:
    """One term of one person in one office ("chancellor" of "United Kingdom", 1997-2007)."""

    holder: str
    office: str  # the title words as news use them, lower case ("prime minister")
    body: str  # the country or organization, as the gazetteer labels it
    first: int
    last: int | None  # None: still held

    def held_in(self, year: int) -> bool:
        """Whether the office was held at some time in that year."""
        return self.first <= year and (self.last is None or year <= self.last)

    def left_by(self, year: int) -> bool:
        """Whether the holder had left the office by that year (a "former" holder then)."""
        return self.last is not None and self.last <= year


@dataclass(frozen=True)
class Offices:
    """The offices table by holder."""

    by_holder: dict[str, tuple[Office, ...]]  # name key (see name_key) -> that person's terms

    def of(self, name: str) -> tuple[Office, ...]:
        """The terms a person (by full name) is known to have served."""
        return self.by_holder.get(name_key(name), ())

    def __len__(self) -> int:
        return sum(len(terms) for terms in self.by_holder.values())


def parse_offices(text: str, gazetteer: Gazetteer, source: str = "offices.tsv") -> Offices:
    """The offices of a table's text (holder, office, body, years; ``#`` starts a comment
    line). OfficesError on a row with a body the gazetteer doesn't know by that label,
    malformed years, or a row given twice."""
    by_holder: dict[str, list[Office]] = {}
    seen: set[tuple[str, str, str, str]] = set()
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        where = f"{source}:{number}"
        if len(cells) != 4 or not all(cells):
            raise OfficesError(f"{where}: expected holder, office, body and years, tab-separated")
        holder, office, body, years = cells
        if office != office.lower():
            raise OfficesError(f"{where}: office {office!r} should be lower case")
        known = gazetteer.lookup(body)
        if known is None or known.label != body:
            raise OfficesError(f"{where}: body {body!r} is not a country or organization the gazetteer knows by that name")
        match = _YEARS.match(years)
        if match is None:
            raise OfficesError(f"{where}: years {years!r} should read like 1997-2007, or 2024- for an office still held")
        first, last = int(match.group(1)), int(match.group(2)) if match.group(2) else None
        if last is not None and last < first:
            raise OfficesError(f"{where}: years {years!r} end before they start")
        row = (holder, office, body, years)
        if row in seen:
            raise OfficesError(f"{where}: {holder} as {office} of {body} ({years}) is listed twice")
        seen.add(row)
        by_holder.setdefault(name_key(holder), []).append(Office(holder, office, body, first, last))
    return Offices({k: tuple(v) for k, v in by_holder.items()})


@functools.lru_cache(maxsize=1)
def load_offices() -> Offices:
    """The bundled offices table, checked against the gazetteer (cached)."""
    text = resources.files("loaders.data").joinpath("offices.tsv").read_text(encoding="utf-8")
    return parse_offices(text, load_gazetteer())
