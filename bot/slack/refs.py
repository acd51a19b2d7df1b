"""What buttons and modals carry between clicks: the topic, the thread and the case details."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

# Slack's ceilings for a button's value and for a modal's private_metadata.
BUTTON_VALUE_LIMIT = 2000
METADATA_LIMIT = 3000

_TS = re.compile(r"\d{1,12}\.\d{1,8}")
_ID = re.compile(r"[A-Z0-9]{1,32}")
_INTENT = re.compile(r"[a-z][a-z0-9_]{0,63}")
_NONCE = re.compile(r"[0-9a-f]{8,32}")
# The problem text a private answer's escalation carries; the rest of the value is details.
QUESTION_LIMIT = 1200
# Every detail of a case (bot.render.details.CaseDetails), so the checklist opened from an
# answer knows what the answer knew: the provider and mailbox kind decide its sections.
DETAIL_FIELDS = (
    "sender",
    "recipient",
    "date",
    "subject",
    "message_id",
    "smtp_reply",
    "provider",
    "mailbox",
    "queue_id",
    "return_date",
    "alternative_contact",
    "remote_mta",
)


def _ts(value: Any) -> str | None:
    return value if isinstance(value, str) and _TS.fullmatch(value) else None


def _slack_id(value: Any) -> str | None:
    return value if isinstance(value, str) and _ID.fullmatch(value) else None


def _intent(value: Any) -> str | None:
    return value if isinstance(value, str) and _INTENT.fullmatch(value) else None


def _fitted(data: dict[str, Any], details: dict[str, str], limit: int, question: str = "") -> str:
    """`data` with the details under "d" (and a question under "q"): the longest detail shrunk,
    then the question, until it all fits."""
    details = {k: v for k, v in details.items() if k in DETAIL_FIELDS and v}
    while True:
        extra = {"q": question} if question else {}
        encoded = json.dumps(
            {**data, **extra, "d": details}, ensure_ascii=False, separators=(",", ":")
        )
        if len(encoded) <= limit or not (details or question):
            return encoded
        if not details:
            question = question[: len(question) // 2]
            continue
        longest = max(details, key=lambda name: len(details[name]))
        kept = details[longest][: len(details[longest]) // 2]
        if kept:
            details[longest] = kept
        else:
            del details[longest]


def _details(data: dict[str, Any]) -> dict[str, str]:
    raw = data.get("d")
    if not isinstance(raw, dict):
        return {}
    return {
        name: text
        for name, text in raw.items()
        if name in DETAIL_FIELDS and isinstance(text, str) and text
    }


def _json_object(value: str | None) -> dict[str, Any] | None:
    """The JSON object a button or modal carried; None for anything this app did not write."""
    try:
        data = json.loads(value or "")
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


@dataclass(frozen=True, slots=True)
class AnswerRef:
    """Rides in the value of every button under an answer."""

    intent: str | None
    thread_ts: str | None = None
    asked_ts: str | None = None
    confidence: float = 0.0
    details: dict[str, str] = field(default_factory=dict)
    # A private answer (the slash command's) has no ts of its own: a random id names it, and
    # its escalation button carries the question, which no one else can read back from Slack.
    nonce: str | None = None
    question: str = ""

    @property
    def answer_key(self) -> str:
        """Names the answer: where it sits (or its nonce) and its topic."""
        where = self.thread_ts or self.asked_ts or self.nonce or ""
        return f"{where}:{self.intent or ''}"

    def encode(self) -> str:
        data: dict[str, Any] = {"i": self.intent, "t": self.thread_ts, "a": self.asked_ts}
        data["c"] = round(self.confidence, 3)
        if self.nonce:
            data["n"] = self.nonce
        # A detail shrunk to fit can be fixed up by the person in the checklist form.
        return _fitted(data, self.details, BUTTON_VALUE_LIMIT, self.question[:QUESTION_LIMIT])

    @classmethod
    def decode(cls, value: str | None) -> AnswerRef | None:
        """Parse a button value; None when it is not one this app wrote."""
        data = _json_object(value)
        if data is None:
            return None
        confidence = data.get("c")
        return cls(
            intent=_intent(data.get("i")),
            thread_ts=_ts(data.get("t")),
            asked_ts=_ts(data.get("a")),
            confidence=float(confidence) if isinstance(confidence, int | float) else 0.0,
            details=_details(data),
            nonce=nonce
            if isinstance(nonce := data.get("n"), str) and _NONCE.fullmatch(nonce)
            else None,
            question=question[:QUESTION_LIMIT]
            if isinstance(question := data.get("q"), str)
            else "",
        )


@dataclass(frozen=True, slots=True)
class ModalRef:
    """Rides in the checklist modal's private_metadata: where to post the finished checklist,
    and the case details the form has no field for (provider, queue id ...)."""

    channel_id: str | None
    thread_ts: str | None
    intent: str | None
    details: dict[str, str] = field(default_factory=dict)

    def encode(self) -> str:
        data = {"c": self.channel_id, "t": self.thread_ts, "i": self.intent}
        if not self.details:
            return json.dumps(data, separators=(",", ":"))
        return _fitted(data, self.details, METADATA_LIMIT)

    @classmethod
    def decode(cls, value: str | None) -> ModalRef | None:
        data = _json_object(value)
        if data is None:
            return None
        return cls(
            channel_id=_slack_id(data.get("c")),
            thread_ts=_ts(data.get("t")),
            intent=_intent(data.get("i")),
            details=_details(data),
        )


def is_slack_user_id(value: Any) -> bool:
    """User ids go into `<@...>` mentions, so only the shape Slack issues is accepted."""
    return isinstance(value, str) and re.fullmatch(r"[UW][A-Z0-9]{1,31}", value) is not None
