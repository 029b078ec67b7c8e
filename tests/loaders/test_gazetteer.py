"""loaders/gazetteer.py reads the office-holder tables together: people.tsv, then office_holders.tsv."""

from __future__ import annotations

import re

from loaders.gazetteer import PEOPLE_TABLES, _key, _rows, load_gazetteer, office_holders

YEARS = re.compile(r"(\d{4})-(\d{4})?")


def test_office_holders_table_is_well_formed():
    """Every country is one the gazetteer knows, no name is given twice, the years read "first-last" or "first-"."""
    countries = {known.label for known in load_gazetteer().names.values() if known.type == "GPE"}
    seen: dict[str, str] = {}
    rows = list(_rows("office_holders.tsv", 4))
    assert len(rows) >= 800
    for person, others, country, years in rows:
        assert country in countries, (person, country)
        for name in [person, *filter(None, others.split("|"))]:
            assert name == name.strip() and name, person
            assert _key(name) not in seen, (name, seen.get(_key(name)))
            seen[_key(name)] = person
        found = YEARS.fullmatch(years)
        assert found is not None, (person, years)
        first, last = int(found[1]), int(found[2]) if found[2] else None
        assert 1940 <= first <= 2025 and (last is None or first <= last <= 2025), (person, years)
        assert last is None or last >= 2010, (person, years)  # in office at some time from 2010


def test_a_person_only_in_the_later_table_gets_its_country_and_years():
    earlier = [["Jane Roe", "J. Roe", "Ruritania", "1990-1995"]]
    later = [["Maria Example", "Maria Exemplo", "Freedonia", "2012-"], ["Arturo Sample", "", "Ruritania", "2011-2019"]]
    people = office_holders([earlier, later])
    assert people[_key("Maria Example")] == ("Freedonia", 2012, None)
    assert people[_key("maria exemplo")] == ("Freedonia", 2012, None)  # other names too, any case
    assert people[_key("Arturo Sample")] == ("Ruritania", 2011, 2019)
    assert people[_key("J Roe")] == ("Ruritania", 1990, 1995)


def test_later_years_stand_for_the_same_person_and_country():
    earlier = [["Jane Roe", "", "Ruritania", "2009-"]]  # the older record: "still in office"
    later = [["Jane Roe", "", "Ruritania", "2009-2016"]]
    assert office_holders([earlier, later])[_key("Jane Roe")] == ("Ruritania", 2009, 2016)


def test_a_name_given_to_two_countries_is_left_out():
    earlier = [["Jane Roe", "", "Ruritania", "1990-1995"], ["John Doe", "", "Ruritania", "2001-2004"]]
    later = [["Jane Roe", "", "Freedonia", "2015-2020"], ["Richard Roe", "John Doe", "Freedonia", "2018-"]]
    people = office_holders([earlier, later])
    assert _key("Jane Roe") not in people
    assert _key("John Doe") not in people  # an other name counts as much as a name
    assert people[_key("Richard Roe")] == ("Freedonia", 2018, None)
    assert _key("Zed Roe") not in office_holders([[["Zed Roe", "", "Ruritania", ""], ["Zed Roe", "", "Freedonia", ""]]])


def test_the_gazetteer_reads_both_tables():
    assert PEOPLE_TABLES == ("people.tsv", "office_holders.tsv")
    g = load_gazetteer()
    assert g.country_of_person("Jacinda Ardern") == "New Zealand"  # only in office_holders.tsv
    assert g.office_years("Jacinda Ardern") == (2017, 2023)
    assert g.country_of_person("Andres Manuel Lopez Obrador") == "Mexico"  # a spelling without diacritics
    assert g.country_of_person("Jean Chretien") == "Canada"  # people.tsv as before
    assert g.office_years("John Major") == (1990, 1997)


def test_person_keys_ignore_accents_hyphens_and_transliteration():
    from loaders.gazetteer import person_key

    assert person_key("Mohammed Salim al-Amin") == person_key("Muhammad Salim Al Amin")
    assert person_key("Viktor Orbán") == person_key("viktor orban")
    assert person_key("Ahmet Davutoglu") == person_key("Ahmed Davutoglu")
    assert person_key("Jane Roe") != person_key("Jane Rowe")
