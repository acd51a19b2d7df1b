"""Deciding what to do with a triage: answer, ask which topic, or stay quiet."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.intents.result import TriageResult

# How many topics to offer when the bot is unsure which one the person means.
CLARIFY_CHOICES = 3


class Action(StrEnum):
    ANSWER = "answer"
    CLARIFY = "clarify"
    UNRECOGNISED = "unrecognised"
    SILENT = "silent"


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Confidence needed to answer when asked directly, and to speak unprompted in a channel."""

    direct: float
    unprompted: float


def should_speak_unprompted(result: TriageResult, thresholds: Thresholds) -> bool:
    return result.intent is not None and result.confidence >= thresholds.unprompted


def decide_direct(result: TriageResult, thresholds: Thresholds) -> Action:
    """For a mention, DM or slash command: the person asked, so the bot always says something."""
    if result.intent is None:
        return Action.UNRECOGNISED
    if result.confidence >= thresholds.direct:
        return Action.ANSWER
    return Action.CLARIFY


def decide_unprompted(result: TriageResult, thresholds: Thresholds) -> Action:
    """For a watched channel: answer only when sure, otherwise keep out of the conversation."""
    return Action.ANSWER if should_speak_unprompted(result, thresholds) else Action.SILENT


def clarify_choices(result: TriageResult) -> list[str]:
    return [candidate.intent for candidate in result.candidates[:CLARIFY_CHOICES]]
