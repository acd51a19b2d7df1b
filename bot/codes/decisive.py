"""The SMTP reply code and enhanced status code that decide what happened to a message."""

from __future__ import annotations

import re

from bot.codes.parse import StatusCodes, parse_status_codes
from bot.entities.prepare import HEAD_CHARS

# An API's HTTP status ("422 Unprocessable Entity", "HTTP 429") is not a mail server's reply.
_HTTP_AFTER = re.compile(
    r"\s*(?:unprocessable|bad\s+request|too\s+many\s+requests|unauthorized|"
    r"forbidden|internal\s+server\s+error|bad\s+gateway|gateway\s+time-?out|payload\s+too\s+large|"
    r"method\s+not\s+allowed|unsupported\s+media|conflict\b|created\b)",
    re.I,
)
_HTTP_BEFORE = re.compile(
    r"(?:\bhttps?(?:/\d(?:\.\d)?)?|\bstatus[\s_-]code|\bapi\b[^.\n]{0,20})\s*[:=]?\s*\Z", re.I
)
# A log repeats a code many times; its first mentions settle whether it is HTTP's or mail's.
_MAX_MENTIONS_READ = 20
# "550 5.1.1" and "550-5.1.1" are a mail server speaking, whatever else the line says.
_PAIRED = re.compile(r"[ -]#?[245]\.\d{1,3}\.\d")

# A reply quoted or starting a line ("'550 No Such User Here' from their server") when the
# message speaks of mail at all; the status-code parser wants narrower context words.
_OPENING_REPLY = re.compile(r"([245][0-5]\d)[ -][A-Z]")
_OPENERS = "\n'\"`“‘"
_MAIL_WORDS = re.compile(
    r"server|mail|send|sent|address|user|deliver|smtp|bounce|reject|relay|recipient|host", re.I
)
# Reply codes of RFC 5321 and its extensions; 500 and 502-504 are left out because an HTTP error
# page uses them at the start of a line too.
_SMTP_CODE = re.compile(
    r"2(?:1[14]|2[01]|35|5[0-2])|3(?:34|54)|4(?:21|5[0-5])|5(?:01|21|3[045]|5[0-6])"
)


def _opening_reply_code(text: str) -> str | None:
    for match in _OPENING_REPLY.finditer(text, 0, HEAD_CHARS):
        start = match.start()
        if start > 0 and text[start - 1] not in _OPENERS:
            continue
        if _SMTP_CODE.fullmatch(match.group(1)) and _MAIL_WORDS.search(text):
            return match.group(1)
    return None


def _is_http_status(text: str, code: str) -> bool:
    """Whether every mention of `code` reads as an HTTP status (the first few are judged)."""
    position = text.find(code)
    for _ in range(_MAX_MENTIONS_READ):
        if position == -1:
            return True
        end = position + len(code)
        standalone = (position == 0 or not text[position - 1].isdigit()) and not text[
            end : end + 1
        ].isdigit()
        if standalone:
            if _PAIRED.match(text, end):
                return False
            if not (
                _HTTP_AFTER.match(text, end)
                or _HTTP_BEFORE.search(text, max(0, position - 32), position)
            ):
                return False
        position = text.find(code, end)
    return True


def decisive_codes(text: str, codes: StatusCodes | None = None) -> tuple[str | None, str | None]:
    """(basic, enhanced): a failure code wins over a success code; HTTP statuses are dropped.

    `codes` is `parse_status_codes(text)` when the caller has it already.
    """
    if codes is None:
        codes = parse_status_codes(text)
    ordered = [code for code in codes.basic if code[0] in "45"] + [
        code for code in codes.basic if code[0] not in "45"
    ]
    chosen = next((code for code in ordered if not _is_http_status(text, code)), None)
    if chosen is None and not codes.reply_like:
        chosen = _opening_reply_code(text)
    return chosen, codes.decisive_enhanced
