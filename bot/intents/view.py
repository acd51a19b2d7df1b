"""The public JSON shape of a triage, as `mailhelp triage --jsonl` writes it. Keep it stable."""

from __future__ import annotations

from typing import Any

from bot.intents.decision import Thresholds, should_speak_unprompted
from bot.intents.result import TriageResult

MAX_ALTERNATIVES = 4


def triage_view(result: TriageResult, thresholds: Thresholds) -> dict[str, Any]:
    return {
        "intent": result.intent,
        "confidence": round(result.confidence, 4),
        "speak": should_speak_unprompted(result, thresholds),
        "alternatives": [
            {"intent": candidate.intent, "confidence": round(candidate.confidence, 4)}
            for candidate in result.alternatives[:MAX_ALTERNATIVES]
        ],
        "entities": result.entities.as_dict(),
        "evidence": [evidence.as_dict() for evidence in result.evidence],
    }
