"""Write ``loaders/data/people.tsv``: people who held office in one country, with that country.

The source is the country actor dictionary of PETRARCH2 (``Phoenix.Countries.actors.txt``,
Open Event Data Alliance, MIT licence): each person there is a name, its variants
(``+`` lines) and the codes of the offices held (``[GBRGOV 970502-070627]``), whose
first three letters are the country's ISO 3166 alpha-3 code. A person is kept when all
their codes name one country that the gazetteer knows; a name given to people of
different countries is left out.

    .venv/bin/python tools/build_people.py path/to/Phoenix.Countries.actors.txt
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pycountry  # noqa: E402

from loaders.gazetteer import load_gazetteer  # noqa: E402

OUT = ROOT / "loaders" / "data" / "people.tsv"
HEADER = """\
# People who held office in one country (head of state or government, minister, legislator,
# party leader, general, judge...), with that country. Derived by tools/build_people.py from
# Phoenix.Countries.actors.txt of PETRARCH2, Copyright (c) 2014 Open Event Data Alliance,
# MIT licence (https://github.com/openeventdata/petrarch2). Names given to people of several
# countries are left out.
# name\tother names (|)\tcountry\tyears in government office (first-last; open: still in office)
"""

#: Words that make a variant a title phrase rather than a name ("PRESIDENT_PUTIN").
TITLE_WORDS = frozenset(
    """president prime minister premier chancellor king queen prince princess sheikh emir general gen
    foreign defense defence secretary senator governor ambassador mr mrs ms dr lord lady sir vice deputy
    chief leader chairman speaker minister's judge justice colonel admiral marshal""".split()
)
CODE = re.compile(r"\[([A-Z]{3})[A-Z]*")
#: A government office and its dates: "[GBRGOV 970502-070627]", "[GBRGOVHLH >100601]", "[USAGOV <990101]".
OFFICE = re.compile(r"\[[A-Z]{3}GOV[A-Z]*\s+([<>]?)\s*(\d{6,8})?(?:-(\d{6,8}))?\s*\]")


def _year(digits: str) -> int:
    """The year of a dictionary date: YYYYMMDD, or YYMMDD (00-29: 2000s)."""
    if len(digits) >= 8:
        return int(digits[:4])
    yy = int(digits[:2])
    return 2000 + yy if yy < 30 else 1900 + yy


def _office_years(lines: list[str]) -> tuple[int | None, int | None]:
    """The first and last year of a person's government offices (last None: still in office)."""
    starts: list[int] = []
    ends: list[int | None] = []
    for line in lines:
        for sign, first, last in OFFICE.findall(line):
            if sign == "<" and first:  # until then
                ends.append(_year(first))
            elif first:
                starts.append(_year(first))
                ends.append(_year(last) if last else None)
    if not starts:
        return None, None
    return min(starts), (None if None in ends else max(e for e in ends if e is not None))


def _name(raw: str) -> str:
    words = [w for w in raw.split("#", 1)[0].strip().strip("+").split("_") if w]
    return " ".join(w[:1].upper() + w[1:].lower() for w in words)


def _country_names() -> dict[str, str]:
    gazetteer = load_gazetteer()
    found: dict[str, str] = {}
    for country in pycountry.countries:
        for name in (getattr(country, "common_name", None), country.name, getattr(country, "official_name", None)):
            known = gazetteer.lookup(name) if name else None
            if known is not None and known.type == "GPE":
                found[country.alpha_3] = known.label
                break
    return found


def people(source: Path) -> list[tuple[str, list[str], str, str]]:
    """(name, other names, country, years in government office: "1997-2007", "2010-" or "")
    for each person held to one country."""
    countries = _country_names()
    blocks: list[tuple[str, list[str], set[str], list[str]]] = []
    for line in source.read_text(encoding="utf-8", errors="replace").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if line[0].isspace() or line.startswith("["):
            if blocks:
                blocks[-1][2].update(CODE.findall(line))
                blocks[-1][3].append(line)
        elif line.startswith("+"):
            if blocks:
                blocks[-1][1].append(_name(line))
        else:
            head = line.split("[", 1)
            blocks.append((_name(head[0]), [], set(CODE.findall(line)), [line]))
    by_key: dict[str, set[str]] = defaultdict(set)
    kept: list[tuple[str, list[str], str, str]] = []
    for name, variants, codes, lines in blocks:
        named = {countries.get(code) for code in codes}
        if len(named) != 1 or None in named or len(name.split()) < 2:
            continue  # a country's own entry, an unknown code, several countries, or one word
        (country,) = named
        others = sorted(
            {
                v
                for v in variants
                if len(v.split()) >= 2 and v != name and not (set(v.lower().split()) & TITLE_WORDS) and v.replace(" ", "").isalpha()
            }
        )
        first, last = _office_years(lines)
        years = f"{first}-{last or ''}" if first else ""
        kept.append((name, others, country, years))
        for n in [name, *others]:
            by_key[n.casefold()].add(country)
    ambiguous = {k for k, c in by_key.items() if len(c) > 1}
    return sorted(
        (name, [o for o in others if o.casefold() not in ambiguous], country, years)
        for name, others, country, years in kept
        if name.casefold() not in ambiguous
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source", type=Path, help="Phoenix.Countries.actors.txt")
    parser.add_argument("--out", type=Path, default=OUT, help=f"where to write (default: {OUT.relative_to(ROOT)})")
    args = parser.parse_args(argv)
    rows = people(args.source)
    with args.out.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        seen: set[str] = set()
        for name, others, country, years in rows:
            if name in seen:
                continue
            seen.add(name)
            out.write(f"{name}\t{'|'.join(others)}\t{country}\t{years}\n")
    print(f"{len(seen)} people written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
