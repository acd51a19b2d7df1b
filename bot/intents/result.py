"""What a triage returns: ranked candidates, each with the evidence that scored it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.entities.model import Entities


@dataclass(frozen=True, slots=True)
class Evidence:
    """One rule that fired: which rule, the text it matched, and what it added to the score."""

    rule: str
    matched: str
    weight: float

    def as_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "matched": self.matched, "weight": round(self.weight, 3)}


@dataclass(frozen=True, slots=True)
class Candidate:
    """An intent the message may be about, with a confidence in [0, 1]."""

    intent: str
    confidence: float
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class TriageResult:
    """The outcome of triaging one message. `candidates` is ranked best first."""

    text: str
    candidates: tuple[Candidate, ...]
    entities: Entities

    @property
    def intent(self) -> str | None:
        return self.candidates[0].intent if self.candidates else None

    @property
    def confidence(self) -> float:
        return self.candidates[0].confidence if self.candidates else 0.0

    @property
    def alternatives(self) -> tuple[Candidate, ...]:
        return self.candidates[1:]

    @property
    def evidence(self) -> tuple[Evidence, ...]:
        return self.candidates[0].evidence if self.candidates else ()
