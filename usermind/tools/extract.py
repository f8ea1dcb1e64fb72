"""Typed extractors that pull parameter values out of a message, LLM-free.

Each extractor is a pure function of the text; :func:`extract_for_param` picks the ones that fit a
JSON-schema property (its type, enum, format and the words in its name).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

_NUMBER = re.compile(r"(?<![\w.])[-+]?\d+(?:[.,]\d+)?(?![\w])")
_QUOTED = re.compile(r"[\"“'‘]([^\"”'’]{1,120})[\"”'’]")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_PHONE = re.compile(r"(?<!\w)\+?\d[\d\s().-]{6,}\d(?!\w)")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_TIME = re.compile(r"\b(\d{1,2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?(?=\W|$)", re.I)
_MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        start=1,
    )
}
_MONTH_DATE = re.compile(r"\b(" + "|".join(_MONTHS) + r")\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s*(\d{4}))?", re.I)
_WORD_NUMBERS = {
    w: i
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
        ]
    )
}
_WORD_NUMBER = re.compile(r"\b(" + "|".join(_WORD_NUMBERS) + r")\b", re.I)


def name_tokens(name: str) -> list[str]:
    """``deliveryAddress`` / ``delivery_address`` → ``['delivery', 'address']``."""
    spaced = re.sub(r"([a-z])([A-Z])", r"\1 \2", name)
    return [t for t in re.split(r"[^A-Za-z0-9]+", spaced.lower()) if t]


def numbers(text: str) -> list[float | int]:
    """Numbers written with digits or as small number words, in order of appearance."""
    found: list[tuple[int, float | int]] = []
    for m in _NUMBER.finditer(text):
        raw = m.group().replace(",", ".")
        value = float(raw)
        found.append((m.start(), int(value) if value.is_integer() and "." not in raw else value))
    for m in _WORD_NUMBER.finditer(text):
        found.append((m.start(), _WORD_NUMBERS[m.group().lower()]))
    return [v for _, v in sorted(found, key=lambda p: p[0])]


def quoted(text: str) -> list[str]:
    return [m.strip() for m in _QUOTED.findall(text) if m.strip()]


def emails(text: str) -> list[str]:
    return _EMAIL.findall(text)


def phones(text: str) -> list[str]:
    return [m.group().strip() for m in _PHONE.finditer(text) if sum(c.isdigit() for c in m.group()) >= 7]


def dates(text: str, today: dt.date | None = None) -> list[str]:
    """ISO dates for ``2025-03-04``, ``March 4``, ``today``, ``tomorrow``, ``next monday``."""
    today = today or dt.date.today()
    out: list[tuple[int, str]] = []
    for m in _ISO_DATE.finditer(text):
        try:
            out.append((m.start(), dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()))
        except ValueError:
            continue
    for m in _MONTH_DATE.finditer(text):
        year = int(m[3]) if m[3] else today.year
        try:
            out.append((m.start(), dt.date(year, _MONTHS[m[1].lower()], int(m[2])).isoformat()))
        except ValueError:
            continue
    lowered = text.lower()
    for word, delta in (("today", 0), ("tonight", 0), ("day after tomorrow", 2), ("tomorrow", 1)):
        pos = lowered.find(word)
        if pos >= 0 and not any(abs(pos - p) < 4 for p, _ in out):
            out.append((pos, (today + dt.timedelta(days=delta)).isoformat()))
    days = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    for m in re.finditer(r"\b(?:next|on|this)\s+(" + "|".join(days) + r")\b", lowered):
        ahead = (days.index(m[1]) - today.weekday()) % 7 or 7
        out.append((m.start(), (today + dt.timedelta(days=ahead)).isoformat()))
    return [v for _, v in sorted(out)]


def times(text: str) -> list[str]:
    """``HH:MM`` for ``7pm``, ``7:30 am``, ``19:00``; bare numbers are not times."""
    out: list[str] = []
    for m in _TIME.finditer(text):
        hour, minute, half = int(m[1]), int(m[2] or 0), (m[3] or "").lower().replace(".", "")
        if not m[2] and not half:
            continue
        if half == "pm" and hour < 12:
            hour += 12
        if half == "am" and hour == 12:
            hour = 0
        if hour < 24 and minute < 60:
            out.append(f"{hour:02d}:{minute:02d}")
    if "noon" in text.lower():
        out.append("12:00")
    return out


def enum_mentions(text: str, options: list[Any]) -> list[tuple[int, Any]]:
    """(position, option) for each string option named in the text (plurals count), in text order;
    where options overlap at one position the longest wins."""
    lowered = text.lower()
    hits: dict[int, Any] = {}
    for option in options:
        if not isinstance(option, str) or not option:
            continue
        for match in re.finditer(rf"(?<!\w){re.escape(option.lower())}(?:e?s)?(?!\w)", lowered):
            if match.start() not in hits or len(option) > len(hits[match.start()]):
                hits[match.start()] = option
    return sorted(hits.items(), key=lambda item: item[0])


def enum_mention(text: str, options: list[Any]) -> Any | None:
    """The enum option named in the text (longest match wins), else None."""
    hits = [option for _, option in enum_mentions(text, options)]
    return max(hits, key=len) if hits else None


_TARGET_WORDS = {"to", "target", "dest", "destination", "into", "output"}


def enum_for_param(tokens: set[str], text: str, options: list[Any], used: set[str]) -> Any | None:
    """An enum value for one parameter: a "to"-like parameter takes the option after "to/into/in",
    others the first option not already given to another parameter."""
    hits = [(pos, option) for pos, option in enum_mentions(text, options) if str(option) not in used]
    if not hits:
        return None
    if tokens & _TARGET_WORDS:
        lowered = text.lower()
        cued = [o for pos, o in hits if re.search(r"\b(to|into|in)\s+$", lowered[max(0, pos - 6) : pos])]
        return cued[0] if cued else hits[-1][1]
    return hits[0][1]


_PLACE = re.compile(r"\b(to|in|at|for|from|near)\s+((?:[A-Z][\w'-]*)(?:\s+[A-Z][\w'-]*)*)")
_PLACE_WORDS = {
    "destination",
    "city",
    "location",
    "place",
    "country",
    "origin",
    "departure",
    "arrival",
    "town",
}
_FROM_WORDS = {"origin", "departure", "from", "source", "start"}


def places(text: str, origin: bool = False) -> list[str]:
    """Capitalised place names after 'to/in/at' (or after 'from' when ``origin``)."""
    return [m[2] for m in _PLACE.finditer(text) if (m[1] == "from") == origin]


_DATE_WORDS = {"date", "day", "checkin", "checkout", "departure", "arrival", "birthday", "deadline"}
_TIME_WORDS = {"time", "hour", "clock"}


def extract_for_param(name: str, prop: dict[str, Any], text: str, used: set[str] | None = None) -> Any | None:
    """A value for the JSON-schema property ``name`` found in ``text``, or None when the text has none.

    ``used`` holds string forms of values already given to other parameters, so one number is not
    reused for two parameters.
    """
    used = used if used is not None else set()
    tokens = set(name_tokens(name))
    kind = prop.get("type")
    if "enum" in prop:
        return enum_for_param(tokens, text, prop["enum"], used)
    if kind == "boolean":
        return None
    candidates: list[Any]
    if tokens & {"email", "mail"}:
        candidates = emails(text)
    elif tokens & {"phone", "mobile", "tel", "telephone", "contact"}:
        candidates = phones(text)
    elif tokens & _PLACE_WORDS and kind in (None, "string"):
        candidates = places(text, origin=bool(tokens & _FROM_WORDS))
    elif tokens & _TIME_WORDS and not tokens & _DATE_WORDS:
        candidates = times(text)
    elif tokens & _DATE_WORDS or prop.get("format") == "date":
        candidates = dates(text)
    elif kind in ("integer", "number"):
        candidates = [n for n in numbers(text) if kind == "number" or isinstance(n, int)]
    elif kind == "array":
        return None
    else:
        candidates = quoted(text)
    for value in candidates:
        if str(value) not in used:
            used.add(str(value))
            return value
    return None
