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


#: Sentences of our own with and without figures: digits, number words, money, none.
FIGURE_SENTENCES = [
    ("Globex cut 1,200 jobs at its plant in Leeds.", True),
    ("The council hired three hundred teachers last year.", True),
    ("Acme paid £4.5m for the site.", True),
    ("Profits rose 12% to $3bn.", True),
    ("The union sent dozens of letters to the board.", False),
    ("Jane Roe thanked the board and left the meeting early.", False),
    ("The ministry said it would review the decision.", False),
]


@pytest.mark.parametrize("text, figured", FIGURE_SENTENCES)
def test_a_sentence_without_a_number_is_known_to_hold_no_figure(nlp, text, figured):
    from loaders.extraction.quantities import may_state_figures, quantity_for

    doc = nlp(text)
    found = [q for t in doc if (q := quantity_for(t)) is not None]
    assert bool(found) is figured
    for sentence in doc.sents:
        if any(quantity_for(t) is not None for t in sentence):
            assert may_state_figures(sentence)  # never skips a figure
    assert may_state_figures(doc[:]) is figured
