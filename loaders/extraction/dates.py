"""The date of the event a sentence reports, resolved against the article date."""

from __future__ import annotations

import datetime as dt
import re

from loaders.dates import resolve_date
from loaders.extraction.parsed import entities_within

#: Date phrases that name a span or a vague time, not a day.
_VAGUE = re.compile(
    r"\b(days?|weeks?|months?|years?|hours?|decades?|recent|past|since|ago|season|winter|summer|spring|autumn|fall|century|era|time)\b",
    re.I,
)
_DAYISH = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b|\b\d{1,2}\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b"
    r"|\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|tonight)\b|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}\.\d{1,2}\.\d{4}\b",
    re.I,
)


def resolve_expression(expression: str, reference: dt.date | None) -> dt.date | None:
    """A day-level date expression resolved against the reference date, or None."""
    expression = re.sub(r"^(on|the|last|this|early|late)\s+", "", expression.strip(), flags=re.I)
    expression = re.sub(r"^(evening|morning|night|afternoon)\s+of\s+", "", expression, flags=re.I)
    if not _DAYISH.search(expression) or (_VAGUE.search(expression) and not re.search(r"\d", expression)):
        return None
    # The year of a month-day without one is loaders.dates' call (the nearest year).
    return resolve_date(expression, reference)


def date_phrases(sentence) -> list[tuple[int, str]]:
    """(token index, text) of the DATE entities in a sentence span."""
    return [(e.start, e.text) for e in entities_within(sentence) if e.label_ in ("DATE", "TIME")]


def event_date(sentence, verb_index: int | None, reference: dt.date | None) -> dt.date | None:
    """The day a sentence's event happened: the date nearest the verb, resolved."""
    phrases = date_phrases(sentence)
    if verb_index is not None:
        phrases.sort(key=lambda p: abs(p[0] - verb_index))
    for _, text in phrases:
        resolved = resolve_expression(text, reference)
        if resolved is not None:
            return resolved
    return None
