"""loaders.dates: resolving date expressions, finding mentions, datelines, publication dates."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from loaders.dates import find_dateline, find_dates, find_publication_date, resolve_date
from tests.settings import ROOT

MONDAY = dt.date(2024, 11, 4)  # a Monday
D = dt.date


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("on November 4", D(2024, 11, 4)),
        ("November 4", D(2024, 11, 4)),
        ("Nov. 8", D(2024, 11, 8)),  # a few days ahead: same year
        ("Nov 1", D(2024, 11, 1)),
        ("October 31", D(2024, 10, 31)),
        ("the evening of November 3", D(2024, 11, 3)),
        ("March 3", D(2024, 3, 3)),  # months ahead: not next year's
        ("Dec. 25", D(2024, 12, 25)),
        ("3.11.2024", D(2024, 11, 3)),  # day first
        ("3/11/2024", D(2024, 11, 3)),
        ("2024-11-03", D(2024, 11, 3)),
        ("Feb. 24, 2022", D(2022, 2, 24)),
        ("30 October 2024", D(2024, 10, 30)),
        ("Wednesday 30 October 2024 06:46 EDT", D(2024, 10, 30)),
        ("on Saturday", D(2024, 11, 2)),
        ("overnight into Sunday", D(2024, 11, 3)),
        ("Wednesday", D(2024, 10, 30)),
        ("Monday", D(2024, 11, 4)),  # the reference day itself
        ("last Monday", D(2024, 10, 28)),
        ("yesterday", D(2024, 11, 3)),
        ("today", D(2024, 11, 4)),
        ("3 days ago", D(2024, 11, 1)),
    ],
)
def test_resolve_date_against_a_monday_reference(expression, expected):
    assert resolve_date(expression, MONDAY) == expected


@pytest.mark.parametrize("expression", ["last month", "in August", "2022", "July 1993", "the weekend", "soon", ""])
def test_resolve_date_gives_none_for_expressions_vaguer_than_a_day(expression):
    assert resolve_date(expression, MONDAY) is None


@pytest.mark.parametrize(
    ("expression", "reference", "expected"),
    [
        ("Dec. 25", D(2025, 1, 3), D(2024, 12, 25)),  # across new year, backwards
        ("Jan. 20", D(2024, 11, 8), D(2025, 1, 20)),  # an announced event weeks ahead
        ("Saturday", D(2024, 11, 9), D(2024, 11, 9)),
        ("Sunday", D(2024, 11, 9), D(2024, 11, 3)),
    ],
)
def test_resolve_date_picks_the_year_and_week_nearest_the_reference(expression, reference, expected):
    assert resolve_date(expression, reference) == expected


@pytest.mark.parametrize(
    ("expression", "expected"),
    [("Nov. 8", None), ("Saturday", None), ("Nov. 8, 2024", D(2024, 11, 8)), ("3.11.2024", D(2024, 11, 3))],
)
def test_resolve_date_without_reference_needs_an_explicit_year(expression, expected):
    assert resolve_date(expression, None) == expected


def test_resolve_date_accepts_a_datetime_reference():
    assert resolve_date("yesterday", dt.datetime(2024, 11, 4, 23, 59)) == D(2024, 11, 3)


def test_find_dates_gives_offsets_into_the_sentence():
    sentence = "Russia attacked Kharkiv on the evening of November 3 and again on Saturday, officials said on 4.11.2024."
    found = find_dates(sentence, MONDAY)
    assert [(sentence[m.start : m.end], m.date) for m in found] == [
        ("November 3", D(2024, 11, 3)),
        ("Saturday", D(2024, 11, 2)),
        ("4.11.2024", D(2024, 11, 4)),
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Officials may meet again.",
        "The talks lasted 25 minutes and 8,000 troops were sent.",
        "In August, 73 people died.",
        "Much to their dismay 5 of the riders fell.",  # a month's name inside another word
        "The A31 May Lane junction was shut.",  # a day's number inside a code
    ],
)
def test_find_dates_ignores_words_and_numbers_that_are_not_days(sentence):
    assert find_dates(sentence, MONDAY) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Headline here\n\nJane Doe\nWednesday 30 October 2024 06:46 EDT\n\nBody.", D(2024, 10, 30)),
        ("Title\nPublished: Nov. 8, 2024 at 3:15 p.m. ET\n\nBody text.", D(2024, 11, 8)),
        ("Title\nUpdated 12.03.2023, 09:00\nBody.", D(2023, 3, 12)),
        ("Title\nUkraine attempts to shoot down a drone over Kyiv on 3.11.2024\nBody.", None),
        ("Title\n— Jane Roe (@janeroe) November 8, 2024\nBody.", None),
        ("The summit opened on Nov. 8, 2024, in Paris.", None),
    ],
)
def test_find_dateline_only_accepts_a_line_that_is_just_a_date(text, expected):
    assert find_dateline(text) == expected


def test_publication_date_prefers_the_dateline_over_mentions():
    text = "Strikes continue\nMonday 4 November 2024\n\nOn Nov. 1, 2024, troops advanced. On Nov. 2, 2024, they held."
    assert find_publication_date(text) == D(2024, 11, 4)


def test_publication_date_is_the_latest_day_mentioned_with_years_completed_from_the_text():
    text = "Drones hit the city on 3.11.2024. The mayor said on November 4 that repairs began. Talks were held on October 31."
    assert find_publication_date(text) == D(2024, 11, 4)


def test_publication_date_ignores_dates_announced_as_future():
    text = "The package was approved on Nov. 7, 2024. Trump will be inaugurated on Jan. 20, 2025."
    assert find_publication_date(text) == D(2024, 11, 7)


def test_publication_date_completes_years_from_years_seen_when_no_full_date():
    text = "Flights were suspended in 2024. The government ended the deal on Nov. 8."
    assert find_publication_date(text) == D(2024, 11, 8)


def test_publication_date_is_never_after_the_default_and_falls_back_to_it():
    default = D(2024, 11, 8)
    assert find_publication_date("Ministers met on Nov. 6 and again on Nov. 7.", default=default) == D(2024, 11, 7)
    assert find_publication_date("Leaders spoke on Saturday.", default=default) == default
    assert find_publication_date("Talks opened on Nov. 20, 2024.", default=default) == default


@pytest.mark.parametrize("text", ["Drones attacked Moscow overnight into Sunday.", "No dates at all here.", ""])
def test_publication_date_is_none_without_any_day_and_year_evidence(text):
    assert find_publication_date(text) is None


@pytest.mark.parametrize(
    ("name", "expected"),
    [("000_0c95aa836001924e.txt", D(2024, 11, 4)), ("004_2797c17a782a17bc.txt", D(2024, 10, 30))],
)
def test_publication_date_of_seed_files(seeds_dir, name, expected):
    assert find_publication_date((seeds_dir / name).read_text(encoding="utf-8")) == expected


@pytest.mark.e2e  # starts a process
def test_importing_dates_does_not_import_dateparser():
    code = "import sys, loaders.dates; assert 'dateparser' not in sys.modules"
    root = ROOT
    subprocess.run([sys.executable, "-c", code], check=True, cwd=root)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Since the 11 September 2001 attacks, the airline has cut 13,000 jobs.", None),
        ("The law dates from the 7 July 2005 bombings. On 3 March 2006 the Lords voted.", dt.date(2006, 3, 3)),
        ("Anti-terror powers were brought in after the 11 September attacks.", None),
    ],
)
def test_history_is_no_publication_date(text, expected):
    assert find_publication_date(text) == expected
