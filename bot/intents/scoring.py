"""Turning raw rule scores into confidences in [0, 1]."""

from __future__ import annotations

import math

# A score of 1.0 (one solid phrase) gives about 0.63; a decisive code (3.0) about 0.95.
SCALE = 1.0
# Below this an intent is not worth naming at all.
MIN_CONFIDENCE = 0.2
# A runner-up is still worth showing (and offering when the bot asks) from here.
MIN_ALTERNATIVE = 0.1


def squash(score: float) -> float:
    return 1.0 - math.exp(-score / SCALE)


def confidences(scores: dict[str, float]) -> list[tuple[str, float]]:
    """Rank intents; a close runner-up lowers the leader's confidence, as a person's would."""
    ranked = sorted(((s, i) for i, s in scores.items() if s > 0), key=lambda p: (-p[0], p[1]))
    if not ranked:
        return []
    results: list[tuple[str, float]] = []
    for index, (score, intent) in enumerate(ranked):
        rival = ranked[1][0] if index == 0 and len(ranked) > 1 else ranked[0][0]
        if index != 0:
            rival = max(rival, score)
        share = score / (score + rival) if index == 0 and len(ranked) > 1 else 0.5
        if index == 0:
            # share is 0.5 for a tie and 1.0 with no rival; a tie halves the certainty.
            confidence = (
                squash(score) * min(1.0, 2 * share) ** 0.5 if len(ranked) > 1 else squash(score)
            )
        else:
            confidence = squash(score) * (score / (score + ranked[0][0]))
        if index == 0 and confidence < MIN_CONFIDENCE:
            # Too weak to name; then no runner-up is named either.
            return []
        if confidence >= MIN_ALTERNATIVE:
            results.append((intent, round(confidence, 4)))
    return results
