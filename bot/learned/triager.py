"""Triage with rules and model together: the rules' findings are features of the model.

The rules read what rules read best (status codes, provider wording, typo domains) and the
model weighs those findings together with the words, so decisive evidence carries its learned
weight and free phrasing is still understood. One calibrated probability per intent comes out.
"""

from __future__ import annotations

from bot.intents.matcher import Matcher, RuleScores
from bot.intents.result import Candidate, Evidence, TriageResult
from bot.intents.scoring import confidences
from bot.learned.corpus import NULL_LABEL
from bot.learned.features import message_features, reason_label
from bot.learned.model import LearnedModel, ModelFileError, Prediction

# Runner-ups below this are not worth offering, beyond the first few a "which topic?" prompt
# needs; at most MAX_CANDIDATES are kept.
MIN_CANDIDATE = 0.03
ALWAYS_OFFERED = 3
MAX_CANDIDATES = 5
# A message that is visibly about mail ("problem with an email to a customer") is worth a
# "which of these?" when asked directly, even when no topic is likely yet; it stays far
# below what speaking unprompted takes.
MIN_CONFIDENCE_WITH_MAIL = 0.05
# With no sign of mail at all ("what does this mean?"), a topic needs real support.
MIN_CONFIDENCE_WITHOUT_MAIL = 0.3
MODEL_REASONS = 3
# Rule evidence this strong (a status code, a provider's own wording) decides the topic, and
# the rules' confidence in it this high means no close rival: the model does not overrule it.
DECISIVE_WEIGHT = 2.0
DECISIVE_CONFIDENCE = 0.85
# ... unless the model is this sure the message is no delivery problem at all: a version number
# "5.2.2" in release notes, or an SSH block list, fire the same rules as a bounce does.
NULL_VETO = 0.5


def _model_evidence(model: LearnedModel, prediction: Prediction, intent: str) -> list[Evidence]:
    evidence: list[Evidence] = []
    for reason in model.reasons(prediction, intent, MODEL_REASONS):
        label, value = reason_label(reason.feature)
        evidence.append(Evidence(f"model:{label}", value, reason.weight))
    return evidence


def _decided_by_rules(scored: RuleScores) -> tuple[str, float] | None:
    """The rules' intent and confidence when decisive evidence leaves no doubt, else None."""
    ranked = confidences(scored.scores)
    if not ranked:
        return None
    intent, confidence = ranked[0]
    if confidence >= DECISIVE_CONFIDENCE and scored.decisive_weight(intent) >= DECISIVE_WEIGHT:
        return intent, confidence
    return None


class Triager:
    """Scores a message with the rules, then with the model over words and rule findings."""

    def __init__(self, matcher: Matcher, model: LearnedModel) -> None:
        known = set(matcher.catalog.intents)
        trained = set(model.classes) - {NULL_LABEL}
        if known != trained:
            missing = sorted(known - trained) or sorted(trained - known)
            raise ModelFileError(
                f"the triage model was trained for other intents than intents.yaml defines "
                f"({', '.join(missing)}); rebuild it with `mailhelp train`"
            )
        self.matcher = matcher
        self.model = model

    def triage(self, text: str) -> TriageResult:
        return self.combine(self.matcher.score(text))

    def combine(self, scored: RuleScores) -> TriageResult:
        if not scored.text.strip():
            return TriageResult(text=scored.text, candidates=(), entities=scored.entities)
        prediction = self.model.predict(message_features(scored))
        ranked = sorted(
            (
                (probability, intent)
                for intent, probability in prediction.probabilities.items()
                if intent != NULL_LABEL
            ),
            key=lambda pair: (-pair[0], pair[1]),
        )
        decided = _decided_by_rules(scored)
        if decided is not None and prediction.probabilities.get(NULL_LABEL, 0.0) < NULL_VETO:
            probability = prediction.probabilities.get(decided[0], 0.0)
            rest = [pair for pair in ranked if pair[1] != decided[0]]
            ranked = [(max(probability, decided[1]), decided[0]), *rest]
        floor = MIN_CONFIDENCE_WITH_MAIL if scored.has_context else MIN_CONFIDENCE_WITHOUT_MAIL
        if not ranked or ranked[0][0] < floor:
            return TriageResult(text=scored.text, candidates=(), entities=scored.entities)
        candidates: list[Candidate] = []
        for position, (probability, intent) in enumerate(ranked[:MAX_CANDIDATES]):
            if position >= ALWAYS_OFFERED and probability < MIN_CANDIDATE:
                break
            evidence = scored.evidence_for(intent)
            if position == 0:
                evidence = evidence + tuple(_model_evidence(self.model, prediction, intent))
            candidates.append(Candidate(intent, round(probability, 4), evidence))
        return TriageResult(
            text=scored.text, candidates=tuple(candidates), entities=scored.entities
        )
