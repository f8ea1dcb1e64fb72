"""Time: parse dialogue dates, find the window a query names, resolve relative expressions in turns."""

from __future__ import annotations

import calendar
import re
from datetime import UTC, datetime, timedelta

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
_MONTH = r"(january|february|march|april|may|june|july|august|september|october|november|december)"
_UNITS = {"day": 1, "week": 7, "month": 30, "year": 365}
_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "few": 3,
    "couple": 2,
}
_DATE_FORMATS = (
    "%I:%M %p on %d %B, %Y",
    "%I:%M %p on %d %b, %Y",
    "%d %B, %Y",
    "%d %B %Y",
    "%Y-%m-%d",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d (%a) %H:%M",
    "%B %d, %Y",
)


def parse_date(text: str) -> float | None:
    """Seconds since the epoch (UTC) of a date string such as ``1:56 pm on 8 May, 2023``."""
    cleaned = " ".join(str(text).replace("am", "AM").replace("pm", "PM").split())
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(cleaned, fmt).replace(tzinfo=UTC).timestamp()
        except ValueError:
            continue
    return None


def _utc(ts: float) -> datetime:
    return datetime.fromtimestamp(ts, tz=UTC)


def _span(start: datetime, end: datetime) -> tuple[float, float]:
    return start.timestamp(), end.timestamp()


def _month_span(year: int, month: int) -> tuple[float, float]:
    last = calendar.monthrange(year, month)[1]
    return _span(datetime(year, month, 1, tzinfo=UTC), datetime(year, month, last, 23, 59, tzinfo=UTC))


def query_window(query: str, now: float) -> tuple[float, float] | None:
    """The time window (start, end) a query names, resolved against ``now``; ``None`` if it names none."""
    q = query.lower()
    today = _utc(now).replace(hour=0, minute=0, second=0, microsecond=0)
    if m := re.search(_MONTH + r"\s*,?\s*(\d{4})", q):
        return _month_span(int(m.group(2)), MONTHS[m.group(1)])
    if m := re.search(r"\b(?:in|during|of)\s+(\d{4})\b", q):
        year = int(m.group(1))
        return _span(datetime(year, 1, 1, tzinfo=UTC), datetime(year, 12, 31, 23, 59, tzinfo=UTC))
    if m := re.search(r"\b(?:in|during|last)\s+" + _MONTH + r"\b", q):
        month = MONTHS[m.group(1)]
        year = today.year if month <= today.month else today.year - 1
        return _month_span(year, month)
    if "yesterday" in q:
        return _span(today - timedelta(days=1), today)
    if "today" in q or "this morning" in q or "tonight" in q:
        return _span(today, today + timedelta(days=1))
    if m := re.search(r"\b(last|this|past)\s+(day|week|weekend|month|year)\b", q):
        days = 3 if m.group(2) == "weekend" else _UNITS[m.group(2)]
        back = days if m.group(1) == "this" else 2 * days
        return _span(today - timedelta(days=back), today + timedelta(days=1))
    if m := re.search(
        r"\b(\d+|a|an|one|two|three|four|five|six|few|couple)\s+(?:of\s+)?(day|week|month|year)s?\s+ago", q
    ):
        count = int(m.group(1)) if m.group(1).isdigit() else _NUMBERS[m.group(1)]
        centre = today - timedelta(days=count * _UNITS[m.group(2)])
        slack = timedelta(days=max(1, _UNITS[m.group(2)] // 2 * max(count, 1)))
        return _span(centre - slack, centre + slack)
    return None


def _fmt(day: datetime) -> str:
    return f"{day.day} {calendar.month_name[day.month]} {day.year}"


def resolve_expressions(text: str, ts: float) -> list[str]:
    """Relative time expressions in ``text`` resolved against the turn's date, e.g.
    ``yesterday = 7 May 2023`` or ``last week = the week before 9 June 2023``."""
    day = _utc(ts)
    lower = text.lower()
    notes: list[str] = []
    if "yesterday" in lower:
        notes.append(f"yesterday = {_fmt(day - timedelta(days=1))}")
    if re.search(r"\btoday\b|\btonight\b|\bthis morning\b", lower):
        notes.append(f"today = {_fmt(day)}")
    if "tomorrow" in lower:
        notes.append(f"tomorrow = {_fmt(day + timedelta(days=1))}")
    for m in re.finditer(
        r"\b(last|next|this)\s+(week|weekend|month|year|monday|tuesday|wednesday|thursday|"
        r"friday|saturday|sunday)\b",
        lower,
    ):
        when, unit = m.groups()
        relation = {"last": "the {} before", "next": "the {} after", "this": "the {} of"}[when]
        notes.append(f"{when} {unit} = {relation.format(unit)} {_fmt(day)}")
    for m in re.finditer(
        r"\b(\d+|a|an|one|two|three|four|five|six|few|couple)\s+(?:of\s+)?(day|week|month|year)s?\s+ago",
        lower,
    ):
        count = int(m.group(1)) if m.group(1).isdigit() else _NUMBERS[m.group(1)]
        back = day - timedelta(days=count * _UNITS[m.group(2)])
        unit = m.group(2)
        notes.append(
            f"{m.group(0)} = about {_fmt(back) if unit in ('day', 'week') else back.strftime('%B %Y')}"
        )
    return notes


def date_label(ts: float | None) -> str:
    return _fmt(_utc(ts)) if ts else ""
