"""What the person says was already done, so answers do not send them to do it again."""

from __future__ import annotations

import re

# Patterns run on the lower-cased text. Names are what templates test for.
_TRIED: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "looked_in_spam",
        re.compile(
            r"(?:check(?:ed)?|look(?:ed)? in|search(?:ed)?|went through)[^.\n]{0,30}"
            r"\b(?:spam|junk|clutter|promotions)|not (?:in|even in) (?:the )?(?:spam|junk)"
            r"|nothing in (?:the )?(?:spam|junk)|(?:spam|junk)(?: folder)? (?:is )?(?:empty|clean)"
            r"|isn't in (?:spam|junk)|not in (?:their |her |his )?(?:spam|junk)"
        ),
    ),
    (
        "marked_not_spam",
        re.compile(r"marked (?:it |them |us )?(?:as )?not (?:junk|spam)|report(?:ed)? not spam"),
    ),
    (
        "checked_address",
        re.compile(
            r"address (?:is |was )?(?:correct|right|valid|fine)|(?:confirmed|verified|double[- ]?"
            r"checked) (?:the |their |her |his )?(?:e-?mail )?address"
        ),
    ),
    (
        "no_bounce",
        re.compile(
            r"no bounce|no error|didn't get any error|did not get any error|no ndr"
            r"|without (?:a |any )?bounce"
        ),
    ),
    (
        "allow_listed",
        re.compile(
            r"(?:added|put) (?:us|it|the sender|our (?:domain|address))[^.\n]{0,20}"
            r"(?:safe senders|allow ?list|white ?list|contacts)|(?:allow|white)[- ]?listed"
        ),
    ),
)


def already_tried(lower: str) -> tuple[str, ...]:
    return tuple(name for name, pattern in _TRIED if pattern.search(lower))
