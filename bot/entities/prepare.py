"""Undo Slack's message markup, cap what is scanned, and lower-case it once for every extractor."""

from __future__ import annotations

import re
import string
from dataclasses import dataclass

# Bounces put the recipient, the codes and the provider's host names first; scanning past this
# only costs time on a pasted 100 KB log.
MAX_SCAN_CHARS = 20_000
# Dates, subjects, Message-IDs and domains written in prose sit in the first screenful.
HEAD_CHARS = 4_000

# Slack sends links as <target|label> or <target> and escapes a literal <, > and & as entities
# (api.slack.com, "Formatting text for app surfaces"); mentions (<@U123>) stay as they are.
_SLACK_LINK = re.compile(r"<((?:mailto:|https?://)[^<>|\s]{1,2000})(?:\|([^<>]{0,2000}))?>", re.I)
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


@dataclass(frozen=True, slots=True)
class Message:
    """The scanned text and its lower-cased twin; offsets in one are offsets in the other."""

    text: str
    lower: str

    @property
    def head(self) -> str:
        return self.text[:HEAD_CHARS]

    @property
    def head_lower(self) -> str:
        return self.lower[:HEAD_CHARS]


def _link_text(match: re.Match[str]) -> str:
    target, label = match.group(1), match.group(2)
    if label:
        return label
    if target[:7].lower() == "mailto:":
        return target[7:]
    return target


def _lower_same_length(text: str) -> str:
    lowered = text.lower()
    # A few letters grow when lower-cased ("İ" becomes two code points); offsets must not move.
    return lowered if len(lowered) == len(text) else text.translate(_ASCII_LOWER)


def prepare(text: str) -> Message:
    """The part of a message that is scanned, with Slack links replaced by what a reader sees."""
    scanned = text[:MAX_SCAN_CHARS]
    if "<" in scanned:
        scanned = _SLACK_LINK.sub(_link_text, scanned)
    if "&" in scanned:
        scanned = scanned.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return Message(text=scanned, lower=_lower_same_length(scanned))
