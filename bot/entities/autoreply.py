"""An automatic reply's details: when the person is back and whom to write to meanwhile.

Neither is the case itself: the return date is not when the message was sent, and the
alternative contact is not the recipient.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Patterns run on the lower-cased text.
_AUTO_REPLY = re.compile(
    r"out of (?:the )?office|automatic reply|auto-?reply|autoreply|on (?:annual )?leave"
    r"|on (?:vacation|holiday)|away from (?:the|my) (?:office|desk)|abwesenheit|abwesend"
    r"|absence|fuera de la oficina|r[ée]ponse automatique|respuesta autom[áa]tica"
)
_RETURN = re.compile(
    r"(?:\bback (?:in the office |at my desk |at work )?(?:on|from|by)|\breturn(?:ing)? "
    r"(?:to the office |to work )?(?:on|by)|\bback\b|\buntil|\bbis (?:zum|einschlie(?:ß|ss)lich)?"
    r"|\bjusqu'(?:au|à)|\bhasta el|\bzur[üu]ck (?:am|ab))\s+"
    r"((?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?(?:\d{1,2}(?:st|nd|rd|th)?[./ ]"
    r"(?:\d{1,2}[./]?|[a-z]{3,9}\.?)(?:,?\s*\d{2,4})?|[a-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?"
    r"(?:,?\s+\d{4})?|\d{4}-\d\d-\d\d|(?:mon|tues|wednes|thurs|fri|satur|sun)day))"
)
_CONTACT_CUE = re.compile(
    r"(?:contact|reach|write to|e-?mail|send (?:it|your message) to|in my absence|urgent"
    r"|colleague|wenden sie sich an|kontaktieren sie|contacter|contactar|escriba a)[^.\n@]{0,60}\Z"
)
_ADDRESS = re.compile(r"[A-Za-z0-9._%+'-]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,24}")


@dataclass(frozen=True, slots=True)
class AutoReply:
    return_date: str | None = None
    alternative_contact: str | None = None
    spans: tuple[tuple[int, int], ...] = ()


def read_auto_reply(text: str, lower: str) -> AutoReply | None:
    """The return date and alternative contact of an out-of-office, or None for other text."""
    if _AUTO_REPLY.search(lower) is None:
        return None
    spans: list[tuple[int, int]] = []
    return_date = None
    found = _RETURN.search(lower)
    if found is not None:
        return_date = " ".join(text[found.start(1) : found.end(1)].split()).rstrip(".,")
        spans.append((found.start(1), found.end(1)))
    contact = None
    for match in _ADDRESS.finditer(text):
        if _CONTACT_CUE.search(lower, max(0, match.start() - 80), match.start()):
            contact = match.group(0)
            spans.append((match.start(), match.end()))
            break
    if return_date is None and contact is None:
        return None
    return AutoReply(return_date=return_date, alternative_contact=contact, spans=tuple(spans))
