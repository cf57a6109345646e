"""Reading dates as people type them, shared by the date and timeline types.

Stored dates are ISO strings ("2024-03-05", "2024-03-05T14:30"). Typed ones may be ISO, numeric
in US or European order, or words ("5 Mar 2024"), which python-dateutil reads as a last resort.
"""
from __future__ import annotations

import re
from datetime import date, datetime, time

from dateutil import parser as dateutil_parser

from fields.base import InvalidValue

ORDERS = ("MDY", "DMY")

_STORED = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?")
_TIME = re.compile(
    r"(?:T|\s+|,\s*)(?P<h>\d{1,2}):(?P<m>\d{2})(?::\d{2}(?:\.\d+)?)?"
    r"(?:\s*(?P<ampm>[ap])\.?m\.?)?\s*(?:Z|[+-]\d{2}:?\d{2})?$",
    re.IGNORECASE,
)
_YMD = re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})|(\d{4})(\d{2})(\d{2})")
_NUMERIC = re.compile(r"(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})")


def check_stored(value: str, include_time: bool) -> str:
    """Checks a stored form and that it names a real day (and time)."""
    match = _STORED.fullmatch(value)
    if match is None:
        form = "YYYY-MM-DD or YYYY-MM-DDTHH:MM" if include_time else "YYYY-MM-DD"
        raise InvalidValue(f"not a date in the form {form}: '{value}'")
    if match[4] is not None and not include_time:
        raise InvalidValue("this column holds dates without a time")
    try:
        date(int(match[1]), int(match[2]), int(match[3]))
        if match[4] is not None:
            time(int(match[4]), int(match[5]))
    except ValueError:
        raise InvalidValue(f"not a real date: '{value}'") from None
    return value


def to_stored(day: date, moment: time | None = None) -> str:
    # isoformat, not strftime: strftime does not zero-pad years before 1000 on every platform.
    return day.isoformat() + (f"T{moment.hour:02}:{moment.minute:02}" if moment else "")


def parse_date(text: str, order: str = "MDY", today: date | None = None,
               strict: bool = False) -> tuple[date, time | None]:
    """A typed date and the time of day if one was given. `order` settles 03/04/2024;
    `strict` refuses the words dateutil would guess at (used when splitting ranges)."""
    text = text.strip()
    time_match = _TIME.search(text)
    if time_match:
        head, moment = text[: time_match.start()], _time_of(time_match, text)
    else:
        head, moment = text, None
    day = _numeric_date(head, order, text)
    if day is not None:
        return day, moment
    if strict or head.isdigit():
        raise InvalidValue(f"not a date: '{text}'")
    return _dateutil_date(text, order, today or date.today())


def _time_of(match: re.Match, text: str) -> time:
    hour, minute = int(match["h"]), int(match["m"])
    if match["ampm"]:
        if not 1 <= hour <= 12:
            raise InvalidValue(f"not a real time: '{text}'")
        hour = hour % 12 + (12 if match["ampm"].lower() == "p" else 0)
    try:
        return time(hour, minute)
    except ValueError:
        raise InvalidValue(f"not a real time: '{text}'") from None


def _numeric_date(head: str, order: str, text: str) -> date | None:
    if match := _YMD.fullmatch(head):
        year, month, day = (match[1], match[3], match[4]) if match[1] else (match[5], match[6], match[7])
    elif match := _NUMERIC.fullmatch(head):
        first, second, year = int(match[1]), int(match[3]), match[4]
        # Day.month.year is the only dotted order in use; otherwise a first part over 12 is a day.
        day_first = match[2] == "." or first > 12 or (order == "DMY" and second <= 12)
        day, month = (first, second) if day_first else (second, first)
        if len(year) == 2:
            year = str(2000 + int(year) if int(year) < 70 else 1900 + int(year))
    else:
        return None
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        raise InvalidValue(f"not a real date: '{text}'") from None


def _dateutil_date(text: str, order: str, today: date) -> tuple[date, time | None]:
    try:
        parsed = dateutil_parser.parse(
            text, dayfirst=order == "DMY", default=datetime(today.year, 1, 1), ignoretz=True
        )
    except (ValueError, OverflowError):
        raise InvalidValue(f"not a date: '{text}'") from None
    has_time = re.search(r"\d:\d\d|\d\s*[ap]\.?m\b", text, re.IGNORECASE)
    return parsed.date(), parsed.time() if has_time else None
