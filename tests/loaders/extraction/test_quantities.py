"""Figures read from a parsed sentence (loaders.extraction.quantities)."""

from __future__ import annotations

import pytest

from loaders.extraction.quantities import reports_score


@pytest.mark.parametrize(
    "text, score",
    [
        ("Top seed Marco Bellini beat Jan Holt 6-1 4-6 7-6 in the second round.", True),
        ("Prop Dai Morgan gave Wales an impressive 24-10 victory.", True),
        ("Leeds grabbed a 2-1 win at home.", True),
        ("Leeds beat Bristol 3-0 on Saturday.", True),
        ("Officials expect 2-3 a day.", False),  # a rate
        ("Shelling killed 20-30 people in the town.", False),  # a range of a count
        ("Voters aged 18-24 backed the party.", False),
        ("Talks are set for 11-12 March in Geneva.", False),  # a date
        ("Missiles struck targets 10-15 km from the border.", False),  # a measure
        ("The strikes hit the city on 12 May 2024.", False),
    ],
)
def test_a_score_is_told_from_a_range(nlp, text, score):
    doc = nlp(text)
    assert reports_score(doc[:]) is score
