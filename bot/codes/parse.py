"""SMTP reply codes in free text: basic codes (RFC 5321) and enhanced status codes (RFC 3463)."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A basic reply code stands at a line start, after "said:", "smtp;", "#", a quote or a bracket,
# or right before an enhanced code ("550 5.1.1", "550-5.1.1"). Mid-sentence numbers such as
# "550 people registered" only count when words around them speak of mail (see `reply_like`).
# The patterns run on lower-cased text without re.I, which keeps them several times faster.
# ":" may precede a code ("RCPT TO:552 5.2.2"); a time like "10:30" has only two digits.
_BASIC = re.compile(r"(?<![\w./#-])([245]\d\d)(?:[ -]|$)(?!\s*(?:ms|kb|mb|gb|%|px)\b)")
_ENHANCED = re.compile(r"(?<![\w.])#?([245])\.(\d{1,3})\.(\d{1,3})(?![\w.]|\.\d)")
_PAIRED = re.compile(r"\b[245]\d\d[ -]#?[245]\.\d{1,3}\.\d{1,3}\b")
_REPLY_CONTEXT = re.compile(
    r"said:|smtp;|diagnostic-code|status:|remote server|reply|response|replied|returned|"
    r"bounce|rejected|error|mta|rcpt|mail from|end of data|ndr|dsn|deliver|smtp|"
    r"queued|mailbox|recipient|relay|server|sent|send|user|address|\bmx\b|mail|\bok\b"
)
_DIGITS = re.compile(r"[245]")
# Web services answer 500, 502, 503 and 504 far more often than mail servers do, and a code
# next to these words is an HTTP status ("webhook delivery failed with a 503"), unless an
# enhanced status code beside it shows a mail server speaking.
_HTTP_ONLY = frozenset({"500", "502", "503", "504"})
_HTTP_CONTEXT = re.compile(
    r"webhook|\bapi\b|endpoint|gateway|nginx|\bcurl\b|status code|jenkins|\bci\b"
)


@dataclass(frozen=True, slots=True)
class StatusCodes:
    """The codes found, in order of appearance, and whether they read like a mail server's reply."""

    basic: tuple[str, ...] = ()
    enhanced: tuple[str, ...] = ()
    reply_like: bool = False

    @property
    def decisive_enhanced(self) -> str | None:
        """The enhanced code that best tells the cause: failures (4/5) win over successes."""
        failures = [code for code in self.enhanced if code[0] in "45"]
        chosen = failures or self.enhanced
        return chosen[0] if chosen else None


def _unique(values: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))


def parse_status_codes(text: str) -> StatusCodes:
    """The status codes of a pasted reply or bounce; version numbers and counts are left out."""
    if _DIGITS.search(text) is None:
        return StatusCodes()
    text = text.lower()
    enhanced: list[str] = []
    for match in _ENHANCED.finditer(text):
        klass, subject, detail = match.groups()
        # RFC 3463 subjects run 0-7; anything else is a version number, not a status.
        if int(subject) <= 7:
            enhanced.append(f"{klass}.{subject}.{detail}")
    basic = [match.group(1) for match in _BASIC.finditer(text)]
    paired = _PAIRED.search(text) is not None
    if not paired and basic:
        http = _HTTP_CONTEXT.search(text) is not None
        basic = [code for code in basic if not (http or code in _HTTP_ONLY)]
    reply_like = paired or bool((basic or enhanced) and _REPLY_CONTEXT.search(text))
    if not reply_like:
        # A lone number or dotted triple with no mail words is a count or a version, not a reply.
        return StatusCodes()
    return StatusCodes(basic=_unique(basic), enhanced=_unique(enhanced), reply_like=True)


def code_matches(pattern: str, code: str) -> bool:
    """`5.7.*` matches any 5.7.x; `55*` any 55x; otherwise the codes must be equal."""
    if pattern.endswith("*"):
        return code.startswith(pattern[:-1])
    return code == pattern
