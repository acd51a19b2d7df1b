"""The first date or time a message mentions, as written ("Tuesday", "14:02 UTC", "2024-06-11")."""

from __future__ import annotations

import re

from bot.entities.prepare import Message

MAX_DATE_CHARS = 64

# Patterns run on the lower-cased text. Each starts with a digit or a literal word so that the
# regex engine can skip ahead quickly; word boundaries before a match are checked in Python.
_MONTH = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?"
)
_MONTH_WORD = re.compile(r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec")
_ZONE = r"(?:[+-]\d{4}|utc|gmt|z|[ecmp][sd]t|cet|cest|bst|ist|jst)\b"
_CLOCK = rf"(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?:\s?(?:am|pm)\b)?(?:\s?{_ZONE})?"
_LEADING_NUMBER = re.compile(r"\d+")
_ORDINAL = r"\d{1,2}(?:st|nd|rd|th)?"

# One leading digit, then the rest of each form: the engine skips to digits fast that way.
# Hours and the day and month of "12/9" are checked in `_plausible`.
_NUMERIC = re.compile(
    r"\d(?:"
    + "|".join(
        (
            # RFC 5322 header dates ("15 feb 2006 03:53:57 -0500"); a weekday before is added back.
            rf"\d?\s+{_MONTH}\s+\d{{4}}(?:\s+{_CLOCK})?",
            # ISO 8601: "2024-06-11", "2016-11-23t12:01:03.512z".
            r"\d{3}-[01]\d-[0-3]\d"
            r"(?:[t ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:z|[+-]\d\d:?\d\d|\s?utc)?)?",
            rf"\d?(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+\d{{4}})?\b",
            r"\d?/\d{1,2}(?:/(?:\d{4}|\d\d))?(?![\w/]|\.\d)",
            rf"\d?:[0-5]\d(?::[0-5]\d)?(?:\s?(?:am|pm)\b)?(?:\s?{_ZONE})?(?![\w:]|\.\d)",
            r"\d?\s?(?:am|pm)\b",
        )
    )
    + ")"
)
_MONTH_FIRST = re.compile(rf"{_MONTH}\s+{_ORDINAL}\b(?:,?\s+\d{{4}})?")
_WEEKDAY = re.compile(
    rf"(?:mon|tues|wednes|thurs|fri|satur|sun)day\b(?:,?\s+{_ORDINAL}\b(?!:))?"
    rf"(?:,?\s+(?:at\s+)?{_CLOCK})?"
)
_WEEKDAY_BEFORE = re.compile(r"\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+\Z")
# A sales day, not a date.
_NOT_A_DAY = re.compile(r"\b(?:black|cyber)\s+\Z")
_RELATIVE = re.compile(r"yesterday|this\s+morning|last\s+night|this\s+afternoon")
_DIGIT = re.compile(r"\d")
_SPACES = re.compile(r"\s+")


def _glued(lower: str, position: int) -> bool:
    """A match right after a letter, digit or separator is part of a number or a word."""
    return position > 0 and (lower[position - 1].isalnum() or lower[position - 1] in "_./:-")


def _plausible(found: str) -> bool:
    """Hours up to 23 (12 before am/pm); a day and month for "12/9"; "24/7" is no date."""
    leading = _LEADING_NUMBER.match(found)
    if leading is None:
        return True
    number = int(leading.group(0))
    rest = found[leading.end() :].lstrip()
    if rest.startswith(":"):
        return number <= 23
    if rest.startswith(("am", "pm")):
        return 1 <= number <= 12
    if rest.startswith("/"):
        second = _LEADING_NUMBER.match(rest, 1)
        if second is None or (number, int(second.group(0))) == (24, 7):
            return False
        other = int(second.group(0))
        return 1 <= number <= 31 and 1 <= other <= 31 and min(number, other) <= 12
    return True


def _first(pattern: re.Pattern[str], lower: str, limit: int) -> tuple[int, int] | None:
    for match in pattern.finditer(lower, 0, limit):
        if not _glued(lower, match.start()) and _plausible(match.group(0)):
            return match.start(), match.end()
    return None


def first_date(message: Message) -> str | None:
    text, lower = message.head, message.head_lower
    spans: list[tuple[int, int]] = []
    has_digit = _DIGIT.search(lower) is not None
    if has_digit:
        found = _first(_NUMERIC, lower, len(lower))
        if found is not None:
            weekday = _WEEKDAY_BEFORE.search(lower, max(0, found[0] - 12), found[0])
            spans.append((weekday.start(), found[1]) if weekday else found)
        if _MONTH_WORD.search(lower) is not None:
            found = _first(_MONTH_FIRST, lower, spans[0][0] if spans else len(lower))
            if found is not None:
                spans.append(found)
    if "day" in lower:
        for match in _WEEKDAY.finditer(lower):
            if not _glued(lower, match.start()) and not _NOT_A_DAY.search(
                lower, max(0, match.start() - 8), match.start()
            ):
                spans.append((match.start(), match.end()))
                break
    relative = _RELATIVE.search(lower)
    if relative is not None and not _glued(lower, relative.start()):
        spans.append((relative.start(), relative.end()))
    if not spans:
        return None
    start, end = min(spans)
    return _SPACES.sub(" ", text[start:end].strip())[:MAX_DATE_CHARS]
