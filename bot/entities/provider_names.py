"""Providers named in words or by their mail servers: "a yahoo address", "gsmtp", "o365 tenant"."""

from __future__ import annotations

import re

MICROSOFT = "microsoft"
GOOGLE = "google"
YAHOO = "yahoo"
APPLE = "apple"

_MS_SUFFIX = r"\.(?:com|co\.[a-z]{2}|com\.[a-z]{2}|[a-z]{2})\b"
# (provider, trigger word, what must follow from the word on, what must end right before it).
# Everything is matched against lower-cased text.
_MARKERS: tuple[tuple[str, str, str | None, str | None], ...] = (
    (MICROSOFT, "hotmail", r"hotmail\b", None),
    (MICROSOFT, "outlook", r"outlook" + _MS_SUFFIX, None),
    (
        MICROSOFT,
        "outlook",
        r"outlook(?:\.com)?(?:\s+|/)(?:address|user|recipient|customer|account|mailbox|inbox"
        r"|domain|contact|tenant)",
        None,
    ),
    # "on outlook", "customers using outlook"; the mail client alone ("outlook keeps crashing")
    # says nothing about where the mailbox lives.
    (MICROSOFT, "outlook", r"outlook\b(?![-.]\w)", r"\b(?:on|at|to|for|with|uses?|using)\s+\Z"),
    (MICROSOFT, "live.", r"live" + _MS_SUFFIX, None),
    (MICROSOFT, "msn.com", r"msn\.com\b", None),
    (MICROSOFT, "windowslive", r"windowslive\b", None),
    (MICROSOFT, "o365", r"o365\b", None),
    (MICROSOFT, "365", r"365\b", r"\b(?:office|microsoft|ms|m)\s?\Z"),
    (MICROSOFT, "exchange", r"exchange[\s-]online\b", None),
    (
        MICROSOFT,
        "microsoft",
        r"microsoft(?!\s+(?:teams|word|excel|azure|edge|store|authenticator|defender|intune))",
        None,
    ),
    (MICROSOFT, "sender.office.com", None, None),
    # Outlook.com tags its block-list refusals with codes such as S3140 and S3150.
    (MICROSOFT, "s3", r"s3(?:140|150)\b", None),
    # Exchange Online's delivery and address-lookup components name themselves in its replies.
    (MICROSOFT, "storedrv", None, None),
    (MICROSOFT, "resolver.", r"resolver\.[a-z]{2,}", None),
    (GOOGLE, "gmail", r"gmail\b", None),
    (GOOGLE, "googlemail", r"googlemail\b", None),
    (GOOGLE, "google", r"google[\s-]?workspace\b", None),
    (GOOGLE, "google", r"google\.com/mail\b", None),
    (GOOGLE, "gsuite", r"gsuite\b", None),
    (GOOGLE, "suite", r"suite\b", r"\bg[\s-]?\Z"),
    (GOOGLE, "gsmtp", r"gsmtp\b", None),
    (GOOGLE, "aspmx", r"aspmx\d?\.l\.google\.com\b", None),
    (YAHOO, "yahoo", r"yahoo(?:inc|dns)?\b", None),
    (YAHOO, "ymail", r"ymail\b", None),
    (YAHOO, "rocketmail", r"rocketmail\b", None),
    (YAHOO, "aol", r"aol\b", None),
    (YAHOO, "aim.com", r"aim\.com\b", None),
    (APPLE, "icloud", r"icloud\b", None),
    (APPLE, "me.com", r"me\.com\b", None),
    (APPLE, "mac.com", r"mac\.com\b", None),
    (APPLE, "support.apple.com", None, None),
    ("comcast", "comcast", r"comcast\b", None),
    ("comcast", "xfinity", r"xfinity\b", None),
)

_Check = tuple[str, re.Pattern[str] | None, re.Pattern[str] | None]
_BY_TRIGGER: dict[str, list[_Check]] = {}
for _provider, _word, _after, _before in _MARKERS:
    _BY_TRIGGER.setdefault(_word, []).append(
        (
            _provider,
            re.compile(_after) if _after else None,
            re.compile(_before) if _before else None,
        )
    )
# Longest first, so that "o365" is tried before "365" and "googlemail" before "google".
_TRIGGERS = re.compile("|".join(re.escape(word) for word in sorted(_BY_TRIGGER, key=len)[::-1]))
# A paste that repeats trigger words without naming a provider is given up on after this many.
_MAX_HITS = 200


def _starts_word(lower: str, position: int) -> bool:
    """A word glued to letters before it is part of another word ("kaolin", "acme.com")."""
    return position == 0 or not (lower[position - 1].isalnum() or lower[position - 1] == "_")


def _confirms(lower: str, position: int, check: _Check) -> bool:
    _, after, before = check
    if after is not None and after.match(lower, position) is None:
        return False
    # A required word before ("office 365", "g suite") also settles where the word starts.
    if before is not None:
        return before.search(lower, max(0, position - 16), position) is not None
    return _starts_word(lower, position)


def named_provider(lower: str) -> str | None:
    """The provider named first in lower-cased text, or None."""
    position = 0
    for _ in range(_MAX_HITS):
        match = _TRIGGERS.search(lower, position)
        if match is None:
            break
        for check in _BY_TRIGGER[match.group(0)]:
            if _confirms(lower, match.start(), check):
                return check[0]
        # Resume right after the start: trigger words overlap ("ms365" holds "s3" and "365").
        position = match.start() + 1
    return None
