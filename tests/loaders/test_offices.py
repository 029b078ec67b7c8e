"""loaders/offices.py reads the offices table: who held which office of which body, and when;
a row that can't be used is an error at load."""

from __future__ import annotations

import pytest

from loaders.gazetteer import load_gazetteer
from loaders.offices import Office, OfficesError, load_offices, parse_offices

TABLE = """# holder\toffice\tbody\tyears
Jane Roe\tchancellor\tUnited Kingdom\t2019-2023
Jane Roe\tprime minister\tUnited Kingdom\t2023-
Édith Moreau\tforeign minister\tFrance\t2001-2004
Tom Quill\tleader\tConservative Party\t2008-2012
"""


def _table(text: str = TABLE):
    return parse_offices(text, load_gazetteer(), "test.tsv")


def test_terms_by_holder():
    offices = _table()
    assert len(offices) == 4
    assert offices.of("Jane Roe") == (
        Office("Jane Roe", "chancellor", "United Kingdom", 2019, 2023),
        Office("Jane Roe", "prime minister", "United Kingdom", 2023, None),
    )
    assert offices.of("Nobody Known") == ()


def test_names_are_looked_up_without_accents_or_case():
    offices = _table()
    assert offices.of("Edith Moreau") == offices.of("ÉDITH MOREAU") == offices.of("Édith Moreau")
    assert len(offices.of("Edith Moreau")) == 1


def test_held_and_left_by_year():
    chancellor, premier = _table().of("Jane Roe")
    assert chancellor.held_in(2019) and chancellor.held_in(2023) and not chancellor.held_in(2024)
    assert chancellor.left_by(2023) and chancellor.left_by(2030) and not chancellor.left_by(2022)
    assert premier.held_in(2025) and not premier.left_by(2030) and not premier.held_in(2022)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("Jane Roe\tchancellor\tRuritania\t2019-2023", "gazetteer"),
        ("Jane Roe\tchancellor\tUK\t2019-2023", "gazetteer"),  # an alias, not the gazetteer's label
        ("Jane Roe\tchancellor\tUnited Kingdom\t2019", "years"),
        ("Jane Roe\tchancellor\tUnited Kingdom\t19-23", "years"),
        ("Jane Roe\tchancellor\tUnited Kingdom\t2023-2019", "end before"),
        ("Jane Roe\tChancellor\tUnited Kingdom\t2019-2023", "lower case"),
        ("Jane Roe\tchancellor\tUnited Kingdom", "tab-separated"),
        ("Jane Roe\tchancellor\t\t2019-2023", "tab-separated"),
        ("Tom Quill\tleader\tConservative Party\t2008-2012", "twice"),
    ],
)
def test_unusable_rows_are_errors(row, message):
    with pytest.raises(OfficesError, match=message) as caught:
        _table(TABLE + row + "\n")
    assert "test.tsv:6" in str(caught.value)


def test_the_same_office_twice_in_other_years_is_allowed():
    offices = _table(TABLE + "Tom Quill\tleader\tConservative Party\t2015-2016\n")
    assert [o.first for o in offices.of("Tom Quill")] == [2008, 2015]


def test_bundled_table_loads_and_is_cached():
    offices = load_offices()
    assert load_offices() is offices
    assert len(offices) > 500
    gazetteer = load_gazetteer()
    for terms in offices.by_holder.values():
        for office in terms:
            assert gazetteer.lookup(office.body) is not None
            assert office.last is None or office.first <= office.last <= 2025
            assert 1970 <= office.first <= 2025
