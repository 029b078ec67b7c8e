"""Dates in news text: publication dates and the dates of events.

Finding *where* a date is mentioned is done with one regular expression for
the shapes news prose uses ("November 4", "Nov. 8, 2024", "30 October 2024",
"3.11.2024", "Saturday", "yesterday"); turning a mention into a date is left to
``dateparser`` with explicit settings (English, day-first numeric dates, dates
from the past preferred, the article date as the relative base).

Rules, in one place:

* Weekday names ("on Saturday", "overnight into Sunday") resolve to the most
  recent such day on or before the reference date ("last Saturday": strictly
  before).
* A month and day without a year ("October 31", "Nov. 8") takes the year that
  puts it closest to the reference date, where a date after the reference
  counts three times as far and may be at most 92 days ahead: "Nov. 8" seen on
  2024-11-04 is 2024-11-08, "Dec. 25" seen on 2025-01-03 is 2024-12-25,
  "Jan. 20" seen on 2024-11-08 is 2025-01-20 (an announced event), "March 3"
  seen on 2024-11-04 is 2024-03-03.
* Numeric dates are day first ("3.11.2024" is 3 November 2024), ISO dates
  ("2024-11-03") are read as such.
* Expressions vaguer than a day ("last month", "in August", "2022") resolve to
  ``None``: a month is not an event date.
* Without a reference date, only expressions that carry their year resolve.

``find_publication_date`` first looks for a dateline (a line near the top that
is nothing but a date, maybe with a time, a zone and "Published"/"Updated");
failing that it infers the date as the latest day-precise date mentioned in the
text, ignoring mentions announced as future ("will", "until", "scheduled"...) and
mentions that are history ("since 11 September 2001", "the 11 September attacks").
Month-day mentions are completed with the help of the caller's ``default``
date (e.g. the date of the digest a story came from) or, without one, of the
latest fully specified date or the latest year seen in the text. With a
``default``, no inferred date is later than it, and the default itself is the
answer when the text mentions no date.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Any, NamedTuple

__all__ = [
    "DateMention",
    "find_dates",
    "find_dateline",
    "find_publication_date",
    "resolve_date",
]

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\b\.?"
)
_WEEKDAY = r"(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\b\.?"
_WEEKDAY_FULL = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|2[01]\d\d)"

_MENTION_RE = re.compile(
    rf"""
    \b(?=\w)                                                # at the start of a word ("dismay 5" holds no date),
    (?:                                                      # which also makes the scan 3x faster
    (?:(?:{_WEEKDAY}),?\s+)?                                 # optional weekday
    (?:
        {_MONTH}\s+{_DAY}\b(?:,?\s+{_YEAR}\b)?               # November 4(, 2024)
      | {_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR}\b)?       # 30 October( 2024)
      | \b{_DAY}\.\s*(?:0?[1-9]|1[0-2])\.\s*{_YEAR}\b        # 3.11.2024
      | \b(?:[12]\d|3[01]|0?[1-9])/(?:0?[1-9]|1[0-2])/{_YEAR}\b
      | \b{_YEAR}-(?:0[1-9]|1[0-2])-(?:[012]\d|3[01])\b      # 2024-11-03
    )
    | (?:\blast\s+)?\b{_WEEKDAY_FULL}
    | \b(?:the\s+day\s+before\s+yesterday|yesterday|today|tonight|last\s+night)\b
    )
    """,
    re.IGNORECASE | re.VERBOSE,
)

_HAS_YEAR_RE = re.compile(rf"\b{_YEAR}\b")
_MONTH_NAME_RE = re.compile(_MONTH, re.IGNORECASE)
_WEEKDAY_ONLY_RE = re.compile(rf"^(?P<last>last\s+|this\s+(?:past\s+)?)?(?P<day>{_WEEKDAY})$", re.IGNORECASE)
_MAX_FUTURE_DAYS = 92
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

#: Words in front of a date that say nothing about which day it is.
_LEAD_RE = re.compile(
    r"^(?:on|in|at|since|from|by|until|till|as\s+of|during|throughout|overnight(?:\s+(?:into|on|to))?"
    r"|(?:early|late)(?:\s+on)?|(?:in\s+)?the\s+(?:early\s+hours|evening|morning|afternoon|night)\s+of"
    r"|(?:the\s+)?night\s+(?:of|into)|(?:the\s+)?weekend\s+of|,)\s+",
    re.IGNORECASE,
)

#: Words shortly before a mention that announce a future event.
_FUTURE_CUE_RE = re.compile(
    r"\b(?:will|would|shall|until|till|scheduled|upcoming|next|expected|due|planned|before|ahead\s+of|by)\b[^.;]{0,40}$",
    re.IGNORECASE,
)

#: Words before a date that make it history ("since 11 September 2001").
_HISTORY_CUE_RE = re.compile(r"\b(?:since|anniversary\s+of|ago|after\s+the|before\s+the)\s*$", re.IGNORECASE)
#: A date naming an event ("the 11 September attacks", "the 7 July bombings"): history, not news.
_NAMED_EVENT_RE = re.compile(r"^\s+(?:\d{4}\s+)?[a-z][a-z-]+(?:\s+(?:attacks?|bombings?|massacre|crash|disaster|riots?|elections?))?\b")


def _historic(body: str, mention: re.Match[str]) -> bool:
    """A mention that names a past event or follows "since": no publication date."""
    before = body[max(0, mention.start() - 30) : mention.start()]
    after = body[mention.end() : mention.end() + 30]
    if _HISTORY_CUE_RE.search(before):
        return True
    named = re.search(r"\bthe\s+$", before, re.IGNORECASE) and _NAMED_EVENT_RE.match(after)
    return bool(named)


#: What may sit on a dateline besides the date itself.
_DATELINE_REST_RE = re.compile(
    r"(?:published|updated|posted|last\s+modified|on|at|"
    r"\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?|(?-i:[A-Z]{2,5})|GMT|UTC|[+-]\d{2}:?\d{2}|[,|•·:\-–—()\s])*",
    re.IGNORECASE,
)


class DateMention(NamedTuple):
    """A day-precise date mentioned in a text, with its character offsets."""

    start: int
    end: int
    date: dt.date


def resolve_date(expression: str, reference: dt.date | None) -> dt.date | None:
    """The day an expression such as "on November 4" or "Saturday" names.

    ``reference`` is the article's date. Returns ``None`` for expressions that
    are not a single day or can't be placed without a reference.
    """
    text = _strip_lead(" ".join(expression.split()))
    if not text:
        return None
    reference = _as_date(reference)

    weekday = _WEEKDAY_ONLY_RE.match(text)
    if weekday:
        if reference is None:
            return None
        target = _WEEKDAYS.index(weekday.group("day")[:3].lower())
        back = (reference.weekday() - target) % 7
        if back == 0 and weekday.group("last") and weekday.group("last").lower().startswith("last"):
            back = 7
        return reference - dt.timedelta(days=back)

    has_year = bool(_HAS_YEAR_RE.search(text))
    if reference is None and not has_year:
        return None
    data = _parser(reference).get_date_data(text)
    if data.date_obj is None or data.period not in ("day", "time"):
        return None
    found = data.date_obj.date()
    if not has_year and reference is not None and _MONTH_NAME_RE.search(text):
        found = _closest_year(found, reference)
    return found


def find_dates(text: str, reference: dt.date | None) -> list[DateMention]:
    """Every day-precise date mentioned in ``text``, in order, resolved against ``reference``."""
    mentions = []
    for match in _MENTION_RE.finditer(text):
        day = resolve_date(match.group(0), reference)
        if day is not None:
            mentions.append(DateMention(match.start(), match.end(), day))
    return mentions


def find_dateline(text: str, *, max_lines: int = 15) -> dt.date | None:
    """The date of a dateline among the first lines of ``text`` (a line that is only a date)."""
    seen = 0
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        seen += 1
        if seen > max_lines:
            break
        if len(line) > 80:
            continue
        for match in _MENTION_RE.finditer(line):
            rest = line[: match.start()] + " " + line[match.end() :]
            if not _HAS_YEAR_RE.search(match.group(0)) or _DATELINE_REST_RE.fullmatch(rest) is None:
                continue
            day = resolve_date(match.group(0), None)
            if day is not None:
                return day
    return None


def find_publication_date(text: str, title: str | None = None, *, default: dt.date | None = None) -> dt.date | None:
    """When the article was published: its dateline, else an inference (see the module doc)."""
    dateline = find_dateline(text)
    if dateline is not None:
        return dateline
    body = f"{title}\n\n{text}" if title else text
    past = [
        m
        for m in _MENTION_RE.finditer(body)
        if not _FUTURE_CUE_RE.search(body[max(0, m.start() - 60) : m.start()]) and not _historic(body, m)
    ]
    full = [d for m in past if _HAS_YEAR_RE.search(m.group(0)) and (d := resolve_date(m.group(0), None))]
    reference: dt.date | None
    if default is not None:
        reference = default
    elif full:
        reference = max(full)
    else:
        years = [int(y) for y in _HAS_YEAR_RE.findall(body)]
        reference = dt.date(max(years), 12, 31) if years else None
    if reference is None:
        return None
    candidates = list(full)
    for match in past:
        if _MONTH_NAME_RE.search(match.group(0)) and not _HAS_YEAR_RE.search(match.group(0)):
            day = resolve_date(match.group(0), reference)
            if day is not None:
                candidates.append(day)
    if default is not None:
        candidates = [d for d in candidates if d <= default]
        return max(candidates, default=default)
    return max(candidates, default=None)


def _strip_lead(text: str) -> str:
    text = text.strip(" ,.;:()").strip()
    while True:
        stripped = _LEAD_RE.sub("", text, count=1)
        if stripped == text:
            return text
        text = stripped


def _closest_year(found: dt.date, reference: dt.date) -> dt.date:
    """The month-day ``found`` in the year closest to ``reference`` (future counts triple, at most a quarter ahead)."""
    best: tuple[int, dt.date] | None = None
    for year in (reference.year - 1, reference.year, reference.year + 1):
        try:
            candidate = found.replace(year=year)
        except ValueError:  # 29 February
            continue
        distance = (reference - candidate).days
        if distance < -_MAX_FUTURE_DAYS:
            continue
        cost = distance if distance >= 0 else -3 * distance
        if best is None or cost < best[0]:
            best = (cost, candidate)
    return best[1] if best else found


def _as_date(value: Any) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    return value


@lru_cache(maxsize=32)
def _parser(reference: dt.date | None):  # -> dateparser.date.DateDataParser
    from dateparser.date import DateDataParser  # imported here: it is slow to import

    base = dt.datetime.combine(reference or dt.date.today(), dt.time())
    settings = {
        "PREFER_DATES_FROM": "past",
        "RELATIVE_BASE": base,
        "DATE_ORDER": "DMY",
        "PREFER_DAY_OF_MONTH": "first",
        "RETURN_AS_TIMEZONE_AWARE": False,
        "STRICT_PARSING": False,
    }
    return DateDataParser(languages=["en"], settings=settings)
